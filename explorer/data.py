"""Page-side data shaping over the graph package: relation table, filtered actor graph, analysis views, exports.

No Streamlit here: plain data in, plain data out, so every function is tested without an app.

The relation table itself is read by :func:`graph.queries.relation_table`; it is re-exported here
because the pages and their tests reach it through this module.
"""

from __future__ import annotations

import io
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

import networkx as nx

from explorer.safe_markdown import safe_url
from graph.queries import relation_table

__all__ = [
    "DATASET_FORMATS",
    "QUAD_CLASSES",
    "actor_graph_of",
    "actor_labels",
    "bloc_of",
    "centrality_series",
    "dataset_export",
    "date_span",
    "edge_evidence",
    "evidence_rows",
    "filter_relations",
    "graph_export",
    "neighbourhood",
    "pair_series",
    "profile_table",
    "relation_table",
    "shift_table",
    "top_pairs",
    "window_names",
]

#: CAMEO quad classes (extract/categories.py); 0 for relations without one.
QUAD_CLASSES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
    0: "unclassified",
}

def actor_labels(rows: Iterable[Mapping]) -> dict[str, dict]:
    """Actor id -> ``{"label", "kind", "country"}`` from relation rows.

    >>> actor_labels([{"source": "A", "source_label": "Aland", "source_kind": "state", "source_country": "A",
    ...                "target": "B", "target_label": None, "target_kind": None, "target_country": None}])["B"]
    {'label': 'B', 'kind': None, 'country': None}
    """
    out: dict[str, dict] = {}
    for row in rows:
        for side in ("source", "target"):
            actor = row[side]
            if actor not in out:
                out[actor] = {"label": row.get(f"{side}_label") or actor, "kind": row.get(f"{side}_kind"),
                              "country": row.get(f"{side}_country")}
    return out


def date_span(rows: Iterable[Mapping]) -> tuple[str | None, str | None]:
    """First and last relation date (ISO), ``(None, None)`` when nothing is dated.

    >>> date_span([{"date": "2025-07-04"}, {"date": None}, {"date": "2024-12-25"}])
    ('2024-12-25', '2025-07-04')
    """
    dates = sorted(str(r["date"]) for r in rows if r.get("date"))
    return (dates[0], dates[-1]) if dates else (None, None)


def filter_relations(
    rows: Sequence[Mapping],
    *,
    since: str | None = None,
    until: str | None = None,
    undated: bool = True,
    types: Iterable[str] | None = None,
    quad_classes: Iterable[int] | None = None,
) -> list[Mapping]:
    """The relations in the date range (inclusive), of the given types and quad classes.

    ``undated`` keeps relations without a date whatever the range.

    >>> rows = [{"date": "2025-01-01", "type": "AID", "quad_class": 2}, {"date": None, "type": "ASSAULT", "quad_class": 4},
    ...         {"date": "2025-06-01", "type": "ASSAULT", "quad_class": 4}]
    >>> len(filter_relations(rows, since="2025-02-01")), len(filter_relations(rows, since="2025-02-01", undated=False))
    (2, 1)
    >>> [r["type"] for r in filter_relations(rows, quad_classes=[2])]
    ['AID']
    """
    wanted_types = None if types is None else set(types)
    wanted_quads = None if quad_classes is None else set(quad_classes)
    out = []
    for row in rows:
        date = row.get("date")
        if date:
            if (since and str(date) < since) or (until and str(date) > until):
                continue
        elif not undated:
            continue
        if wanted_types is not None and row.get("type") not in wanted_types:
            continue
        if wanted_quads is not None and int(row.get("quad_class") or 0) not in wanted_quads:
            continue
        out.append(row)
    return out


def actor_graph_of(rows: Iterable[Mapping], actors: Mapping[str, Mapping] | None = None) -> nx.DiGraph:
    """Directed actor graph of relation rows, shaped like ``graph.projection.actor_graph``.

    Edges: ``count`` (= ``weight``), ``positive``, ``negative``, ``polarity`` (sum), ``sign``, ``score``
    (mean polarity). Negated relations and self-relations are left out.

    >>> G = actor_graph_of([{"source": "RUS", "target": "AZE", "polarity": -1},
    ...                     {"source": "RUS", "target": "AZE", "polarity": -1},
    ...                     {"source": "AZE", "target": "TUR", "polarity": 1, "negated": True}])
    >>> dict(G["RUS"]["AZE"]), list(G.nodes)
    ({'count': 2, 'positive': 0, 'negative': 2, 'polarity': -2, 'weight': 2, 'sign': -1, 'score': -1.0}, ['RUS', 'AZE'])
    """
    actors = actors or {}
    G = nx.DiGraph()
    for row in rows:
        s, t = row["source"], row["target"]
        if row.get("negated") or s == t:
            continue
        if not G.has_edge(s, t):
            G.add_edge(s, t, count=0, positive=0, negative=0, polarity=0)
        e = G[s][t]
        p = int(row.get("polarity") or 0)
        e["count"] += 1
        e["positive"] += p > 0
        e["negative"] += p < 0
        e["polarity"] += p
    for _s, _t, e in G.edges(data=True):
        e["weight"] = e["count"]
        e["sign"] = (e["polarity"] > 0) - (e["polarity"] < 0)
        e["score"] = e["polarity"] / e["count"]
    for node in G.nodes:
        info = actors.get(node, {})
        G.nodes[node].update(label=info.get("label") or node, kind=info.get("kind"), country=info.get("country"))
    return G


def neighbourhood(G: nx.DiGraph, focus: str, depth: int = 1) -> set[str]:
    """``focus`` and every actor within ``depth`` hops of it, edges taken either way.

    >>> G = nx.DiGraph([("A", "B"), ("C", "B"), ("C", "D")])
    >>> sorted(neighbourhood(G, "A", 1)), sorted(neighbourhood(G, "A", 2)), neighbourhood(G, "Z", 1)
    (['A', 'B'], ['A', 'B', 'C'], set())
    """
    if focus not in G:
        return set()
    return set(nx.single_source_shortest_path_length(G.to_undirected(as_view=True), focus, cutoff=depth))


# -- analysis views -------------------------------------------------------------------------------

def top_pairs(analysis: Mapping, limit: int = 3, actor: str | None = None) -> list[tuple[str, str]]:
    """The pairs with most relations over all windows (``actor``'s pairs only when given).

    >>> top_pairs({"dyads": [{"a": "A", "b": "B", "window": "all", "count": 2},
    ...                      {"a": "A", "b": "C", "window": "all", "count": 5},
    ...                      {"a": "A", "b": "C", "window": "2025Q1", "count": 5}]})
    [('A', 'C'), ('A', 'B')]
    """
    dyads = [d for d in analysis.get("dyads", ()) if d["window"] == "all" and (actor is None or actor in (d["a"], d["b"]))]
    dyads.sort(key=lambda d: (-d.get("count", 0), d["a"], d["b"]))
    return [(d["a"], d["b"]) for d in dyads[:limit]]


def pair_series(analysis: Mapping, pairs: Iterable[tuple[str, str]], labels: Mapping[str, str] | None = None) -> list[dict]:
    """Long-form rows ``window, pair, score, relations`` of the chosen pairs' alignment, in window order.

    >>> a = {"windows": [{"id": "2025Q1"}, {"id": "2025Q2"}],
    ...      "dyads": [{"a": "A", "b": "B", "window": "2025Q1", "score": 0.5, "count": 1},
    ...                {"a": "A", "b": "B", "window": "2025Q2", "score": -1.0, "count": 2},
    ...                {"a": "A", "b": "B", "window": "all", "score": 0.1, "count": 3}]}
    >>> [(r["window"], r["score"]) for r in pair_series(a, [("B", "A")])]
    [('2025Q1', 0.5), ('2025Q2', -1.0)]
    """
    labels = labels or {}
    order = {w["id"]: i for i, w in enumerate(analysis.get("windows", ()))}
    wanted = {tuple(sorted(p)): p for p in pairs}
    out = []
    for d in analysis.get("dyads", ()):
        key = (d["a"], d["b"])
        if d["window"] == "all" or key not in wanted:
            continue
        name = f"{labels.get(d['a'], d['a'])} – {labels.get(d['b'], d['b'])}"
        out.append({"window": d["window"], "pair": name, "score": round(float(d["score"]), 4),
                    "relations": int(d.get("count", 0)), "_order": order.get(d["window"], 0)})
    out.sort(key=lambda r: (r["_order"], r["pair"]))
    for r in out:
        del r["_order"]
    return out


def centrality_series(analysis: Mapping, actor: str, measures: Sequence[str] = ("degree", "pagerank")) -> list[dict]:
    """Rows ``window, measure, value``: the actor's centrality in each series window.

    >>> a = {"windows": [{"id": "w1"}, {"id": "w2"}],
    ...      "actors": [{"id": "A", "windows": {"w2": {"degree": 1.0, "pagerank": 0.5}}}]}
    >>> centrality_series(a, "A", ["degree"])
    [{'window': 'w1', 'measure': 'degree', 'value': 0.0}, {'window': 'w2', 'measure': 'degree', 'value': 1.0}]
    """
    entry = next((x for x in analysis.get("actors", ()) if x["id"] == actor), None)
    if entry is None:
        return []
    out = []
    for w in analysis.get("windows", ()):
        values = entry.get("windows", {}).get(w["id"], {})
        for m in measures:
            out.append({"window": w["id"], "measure": m, "value": float(values.get(m, 0.0) or 0.0)})
    return out


def profile_table(profile: Sequence[Mapping], labels: Mapping[str, str] | None = None) -> list[dict]:
    """Per window, the allies and adversaries as readable text (strongest first).

    >>> profile_table([{"window": "all", "allies": [{"id": "TUR", "score": 0.9, "count": 3}], "adversaries": []}],
    ...               {"TUR": "Turkey"})
    [{'window': 'all', 'allies': 'Turkey (+0.90, 3)', 'adversaries': ''}]
    """
    labels = labels or {}

    def fmt(entries):
        return ", ".join(f"{labels.get(e['id'], e['id'])} ({e['score']:+.2f}, {e.get('count', 0)})" for e in entries)

    return [{"window": p["window"], "allies": fmt(p["allies"]), "adversaries": fmt(p["adversaries"])} for p in profile]


def shift_table(shifts: Sequence[Mapping], labels: Mapping[str, str] | None = None, actor: str | None = None,
                windows: Mapping[str, str] | None = None) -> list[dict]:
    """Shifts as readable rows, strongest first: ``who, direction, partner, when, basis, strength, evidence``.

    ``evidence`` keeps the shift's evidence dicts for the page to render; ``windows`` renames window ids.

    >>> rows = shift_table([{"actor": "AZE", "partner": "TUR", "direction": "toward", "from_window": None,
    ...                      "to_window": None, "magnitude": 0.68, "basis": "reported", "evidence": []}], {"AZE": "Azerbaijan"})
    >>> rows[0]["who"], rows[0]["direction"], rows[0]["when"]
    ('Azerbaijan', 'toward', 'undated')
    """
    labels = labels or {}
    windows = windows or {}
    out = []
    for s in shifts:
        if actor is not None and actor not in (s.get("actor"), s.get("partner")):
            continue
        if s.get("basis") == "bloc":
            partner = ", ".join(labels.get(x, x) for x in s.get("joined", ())) or "(alone)"
            direction = f"joined bloc {s.get('to_bloc')} with"
        else:
            partner = labels.get(s.get("partner"), s.get("partner"))
            direction = "toward" if s.get("direction") == "toward" else "away from"
        fw, tw = (windows.get(s.get(k), s.get(k)) for k in ("from_window", "to_window"))
        when = "undated" if tw is None else (str(tw) if fw in (None, tw) else f"{fw} → {tw}")
        out.append({"who": labels.get(s["actor"], s["actor"]), "direction": direction, "partner": partner,
                    "when": when, "basis": s.get("basis"), "strength": round(float(s.get("magnitude") or 0.0), 2),
                    "evidence": list(s.get("evidence") or ()), "actor": s["actor"], "partner_id": s.get("partner")})
    out.sort(key=lambda r: (-r["strength"], r["who"], str(r["partner"])))
    return out


# -- exports --------------------------------------------------------------------------------------

DATASET_FORMATS = {
    "Turtle": ("TURTLE", "ttl", "text/turtle"),
    "TriG": ("TRIG", "trig", "application/trig"),
    "N-Quads": ("N_QUADS", "nq", "application/n-quads"),
    "JSON-LD": ("JSON_LD", "jsonld", "application/ld+json"),
}


def dataset_export(ds, fmt: str) -> bytes:
    """The whole store in ``fmt`` (a key of :data:`DATASET_FORMATS`).

    TriG, N-Quads and JSON-LD keep the named graphs (one per article); Turtle has no graphs, so it
    holds the union of them (each triple once).
    """
    import pyoxigraph as ox

    from graph.model import NAMESPACES

    inner = getattr(ds.store, "_store", None)
    if inner is None:
        raise ValueError("export needs the Oxigraph store")
    name = DATASET_FORMATS[fmt][0]
    prefixes = {p: str(ns) for p, ns in NAMESPACES.items()}
    if name == "TURTLE":
        triples = {ox.Triple(q.subject, q.predicate, q.object) for q in inner.quads_for_pattern(None, None, None)}
        return ox.serialize(sorted(triples, key=str), format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    format_ = getattr(ox.RdfFormat, name)
    return inner.dump(format=format_, prefixes=prefixes) if name == "TRIG" else inner.dump(format=format_)


def _plain(value: object) -> object:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float, str)):
        return value
    return str(value)


def graph_export(G: nx.DiGraph, fmt: str, centrality: Mapping[str, Mapping[str, float]] | None = None,
                 blocs: Mapping[str, str] | None = None) -> bytes:
    """The actor graph as GraphML or GEXF (for Gephi), with centralities and bloc as node attributes.

    >>> G = nx.DiGraph(); G.add_edge("A", "B", count=2, weight=2, sign=-1, score=-1.0)
    >>> G.nodes["A"].update(label="Aland", kind=None)
    >>> b"Aland" in graph_export(G, "GraphML") and b"<gexf" in graph_export(G, "GEXF")
    True
    """
    H = nx.DiGraph()
    for node, attrs in G.nodes(data=True):
        data = {k: _plain(v) for k, v in attrs.items()}
        data["label"] = str(attrs.get("label") or node)
        for measure, value in (centrality or {}).get(node, {}).items():
            data[measure] = float(value)
        if blocs is not None:
            data["bloc"] = blocs.get(node, "")
        H.add_node(node, **data)
    for s, t, attrs in G.edges(data=True):
        H.add_edge(s, t, **{k: _plain(v) for k, v in attrs.items()})
    buf = io.BytesIO()
    if fmt == "GraphML":
        nx.write_graphml(H, buf)
    elif fmt == "GEXF":
        nx.write_gexf(H, buf)
    else:
        raise ValueError(f"unknown graph format {fmt!r}")
    return buf.getvalue()


def window_names(analysis: Mapping, articles: Mapping[str, Mapping]) -> dict[str, str]:
    """Readable names of an analysis' windows: article windows by date and title, others as they are.

    >>> window_names({"parameters": {"window": "article"}, "windows": [{"id": "a1", "start": None}]},
    ...              {"a1": {"title": "Shock in Moscow", "date": None}})
    {'a1': 'undated: Shock in Moscow'}
    """
    if analysis.get("parameters", {}).get("window") != "article":
        return {}
    out = {}
    for w in analysis.get("windows", ()):
        art = articles.get(w["id"], {})
        title = str(art.get("title") or w["id"])
        title = title if len(title) <= 32 else title[:31] + "…"
        out[w["id"]] = f"{w.get('start') or 'undated'}: {title}"
    return out


def bloc_of(analysis: Mapping | None, window: str = "all") -> dict[str, str]:
    """Actor -> bloc id in a window of an analysis result (empty when there is none).

    >>> bloc_of({"blocs": [{"window": "all", "blocs": [{"id": "B1", "members": ["A", "B"]}, {"id": "B2", "members": ["C"]}]}]})
    {'A': 'B1', 'B': 'B1', 'C': 'B2'}
    """
    out: dict[str, str] = {}
    for report in (analysis or {}).get("blocs", ()):
        if report.get("window") == window:
            for bloc in report.get("blocs", ()):
                for member in bloc.get("members", ()):
                    out[member] = bloc["id"]
    return out


def evidence_rows(evidence: Sequence[Mapping], articles: Mapping[str, Mapping],
                  labels: Mapping[str, str] | None = None) -> list[dict]:
    """A shift's evidence dicts as relation rows for ``views.evidence_markdown`` (article title, URL added).

    >>> evidence_rows([{"sentence": "S.", "article": "a1", "date": None, "source": "A", "target": "B",
    ...                 "type": "ALIGN", "polarity": 1}], {"a1": {"title": "T", "url": None}}, {"A": "Aland"})[0]["article_title"]
    'T'
    """
    labels = labels or {}
    out = []
    for ev in evidence:
        art = articles.get(ev.get("article"), {})
        out.append({**ev, "source_label": labels.get(ev["source"], ev["source"]),
                    "target_label": labels.get(ev["target"], ev["target"]),
                    "article_title": art.get("title") or ev.get("article"), "url": art.get("url"),
                    "date": ev.get("date") or art.get("date")})
    return out


def edge_evidence(rows: Iterable[Mapping], limit: int = 25) -> dict[str, list[dict]]:
    """``"source|target"`` -> up to ``limit`` relations (sentence, type, polarity, date, article title, url).

    >>> edge_evidence([{"source": "A", "target": "B", "sentence": "S.", "type": "AID", "polarity": 1,
    ...                 "date": None, "article_title": "T", "article": "a", "url": None}])["A|B"][0]["title"]
    'T'
    """
    out: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        key = f"{r['source']}|{r['target']}"
        if len(out[key]) >= limit:
            continue
        out[key].append({"sentence": r.get("sentence") or "", "type": r.get("type") or "",
                         "polarity": int(r.get("polarity") or 0), "date": r.get("date") or "",
                         "title": r.get("article_title") or r.get("article") or "", "url": safe_url(r.get("url")) or "",
                         "source": r.get("source_label") or r["source"], "target": r.get("target_label") or r["target"],
                         "negated": bool(r.get("negated"))})
    return dict(out)
