"""One alignment analysis run: relation rows in, a plain dict out (what ``alliancegraph analyze`` prints).

:func:`analyze` is pure; :func:`analyze_store` reads the rows without their sentences
(:func:`graph.queries.relation_rows`: each article's packed rows, one scan) and the actor labels, then
calls it; the sentences of the evidence it keeps are read afterwards.

The result has these keys:

- ``parameters``: the run's settings; ``windows``: the series windows (``id, start, end, dated, relations``);
- ``totals``: relations and articles analysed (undated ones included), negated relations left out;
- ``undated``: ``{"relations", "articles", "in_series"}``: undated relations count in the ``all``
  window (the totals) and stay out of the series, except in ``article`` mode (see :mod:`graph.windows`);
- ``unreadable_dates``: ``{"relations", "values"}``: relations whose stored date is no calendar date
  (``10000-01-01``, year 0: a SPARQL update can write them), counted as undated, and up to five such values;
- ``actors``: per actor ``id, label, kind``, its centralities over all relations (``centrality``) and
  per series window (``windows``): degree, strength_pos, strength_neg, betweenness, pagerank
  (:mod:`graph.centrality`, on a directed graph of the window's relations);
- ``dyads``: ``a, b, window, score, count, events, weight, positive, negative``, for ``all`` and each
  series window (:mod:`graph.alignment`);
- ``blocs``: per window (``all`` first) the signed blocs with stable ids, ``balance_index``,
  ``triangles``, ``frustration``, ``frustrated_edges`` and the ``louvain`` comparison (:mod:`graph.blocs`);
- ``shifts``: series shifts, bloc changes and reported shifts, each with ``basis`` and ``evidence``
  (:mod:`graph.shifts`), at most ``max_shifts`` of each basis; ``shift_counts``: how many of each were found;
- ``profile`` (when ``actor`` is given): that actor's allies and adversaries per window.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import networkx as nx

from .alignment import alignment_series, dyad_scores, report_weights
from .blocs import balance_index, frustrated_edges, frustration, louvain_blocs, signed_blocs, signed_graph
from .centrality import actor_centrality
from .shifts import actor_profile, add_evidence, bloc_changes, reported_shifts, series_shifts, track_blocs
from .windows import calendar_date, parse_window, series_windows

__all__ = ["analyze", "analyze_store", "window_graph"]

ALL = "all"


def window_graph(rows: Sequence[Mapping]) -> nx.DiGraph:
    """Directed actor graph of some relation rows, edges with ``count``, ``positive``, ``negative``, ``sign``.

    Negated relations and self-relations are left out.

    Examples
    --------
    >>> G = window_graph([{"source": "RUS", "target": "AZE", "polarity": -1},
    ...                   {"source": "RUS", "target": "AZE", "polarity": 1}])
    >>> G["RUS"]["AZE"]
    {'count': 2, 'positive': 1, 'negative': 1, 'polarity': 0, 'sign': 0}
    """
    acc: dict[tuple[str, str], list] = {}
    for r in rows:
        s, t = r["source"], r["target"]
        if r.get("negated") or s == t:
            continue
        e = acc.get((s, t))
        if e is None:
            e = acc[(s, t)] = [0, 0, 0, 0]
        p = r["polarity"]
        e[0] += 1
        e[1] += p > 0
        e[2] += p < 0
        e[3] += p
    G = nx.DiGraph()
    G.add_edges_from((s, t, {"count": n, "positive": pos, "negative": neg, "polarity": pol,
                             "sign": (pol > 0) - (pol < 0)}) for (s, t), (n, pos, neg, pol) in acc.items())
    return G


def _bloc_report(wid: str, dyads: Mapping, seed: int, ids: Mapping[str, str] | None = None) -> tuple[dict, list]:
    G = signed_graph(dyads)
    louvain = louvain_blocs(G, seed=seed)
    blocs = signed_blocs(G, seed=seed, louvain=louvain)
    balance = balance_index(G)
    frustrated = frustrated_edges(G, blocs)
    report = {
        "window": wid,
        "blocs": [{"id": (ids or {}).get(b[0], f"B{i + 1}"), "members": b} for i, b in enumerate(blocs)],
        "balance_index": balance["index"], "triangles": balance["triangles"], "balanced_triangles": balance["balanced"],
        "frustration": float(sum(e["weight"] for e in frustrated)), "frustrated_edges": frustrated,
        "louvain": {"blocs": louvain, "frustration": frustration(G, louvain)},
    }
    return report, blocs


def _readable_dates(rows: Sequence[Mapping]) -> tuple[list[Mapping], dict]:
    """The rows with each date that is no calendar date (:func:`graph.windows.calendar_date`) set to ``None``,
    and ``{"relations": how many, "values": up to five of those dates}``."""
    readable: dict = {}
    bad: dict[str, int] = {}
    out = []
    for r in rows:
        d = r.get("date")
        if d:
            if d not in readable:
                readable[d] = calendar_date(d)
            if readable[d] != d:
                if readable[d] is None:
                    bad[d] = bad.get(d, 0) + 1
                r = {**r, "date": readable[d]}
        out.append(r)
    return out, {"relations": sum(bad.values()), "values": sorted(bad)[:5]}


def _in_range(date, since, until) -> bool:
    return not date or ((since is None or date >= since) and (until is None or date <= until))


def analyze(rows: Sequence[Mapping], actors: Mapping[str, Mapping] | None = None, *, window: str = "quarter",
            since: str | None = None, until: str | None = None, half_life: float | None = None,
            min_change: float = 0.25, seed: int = 0, evidence: int = 3, actor: str | None = None,
            max_shifts: int | None = None, load_sentences: Callable[[list], None] | None = None) -> dict:
    """Alignment, blocs, centrality and shifts of relation rows, per window (see the module docstring).

    Parameters
    ----------
    rows : sequence of mapping
        Relation rows (:data:`graph.queries.ROW_COLUMNS`).
    actors : mapping, optional
        Actor id -> ``{"label", "kind"}``.
    window : str
        ``month``, ``quarter``, ``year``, ``<N>d``, ``all`` or ``article`` (:mod:`graph.windows`).
    since, until : str, optional
        Inclusive ISO dates; dated relations outside are dropped, undated ones kept.
    half_life : float, optional
        Time decay of relation weights in days (:mod:`graph.alignment`).
    min_change : float
        Smallest score change reported as a series shift.
    seed : int
        Seed of the bloc search and Louvain.
    evidence : int
        Evidence sentences per shift and window.
    actor : str, optional
        Add this actor's ``profile``.
    max_shifts : int, optional
        Shifts kept per basis: the strongest series and reported shifts, the latest bloc changes;
        ``None`` keeps all. ``shift_counts`` has the totals either way; only kept shifts get evidence.
    load_sentences : callable, optional
        Sets ``sentence`` on the rows evidence is chosen from, when ``rows`` were read without
        sentences (:func:`analyze_store`).

    Returns
    -------
    dict
        See the module docstring.

    Examples
    --------
    >>> rows = [{"source": "A", "target": "B", "polarity": 1, "date": "2025-01-05", "article": "x", "sentence": "A helps B."},
    ...         {"source": "A", "target": "B", "polarity": -1, "date": "2025-04-05", "article": "y", "sentence": "A hits B."},
    ...         {"source": "A", "target": "C", "polarity": 1, "date": None, "article": "z", "sentence": "A meets C."}]
    >>> r = analyze(rows, window="quarter")
    >>> [w["id"] for w in r["windows"]], r["undated"]
    (['2025Q1', '2025Q2'], {'relations': 1, 'articles': 1, 'in_series': False})
    >>> s = r["shifts"][0]
    >>> s["actor"], s["direction"], s["partner"], s["from_window"], s["to_window"], s["evidence"][1]["sentence"]
    ('A', 'away_from', 'B', '2025Q1', '2025Q2', 'A hits B.')
    """
    parse_window(window)
    actors = actors or {}
    rows, unreadable = _readable_dates(rows)
    rows = [r for r in rows if _in_range(r.get("date"), since, until)]
    kept = [r for r in rows if not r.get("negated")]
    windows, assignment = series_windows(kept, window, since=since)
    undated_rows = [r for r in kept if not r.get("date")]
    undated = {"relations": len(undated_rows), "articles": len({r["article"] for r in undated_rows}),
               "in_series": window == "article"}

    weights = report_weights(kept)
    series = alignment_series(kept, assignment, windows, half_life=half_life, weights=weights)
    total = dyad_scores(kept, weights, half_life=half_life)
    counts: dict[str, int] = {}
    for wid in assignment.values():
        counts[wid] = counts.get(wid, 0) + 1
    for w in windows:
        w["relations"] = counts.get(w["id"], 0)

    # centrality over all relations and per window
    by_window: dict[str, list] = {w["id"]: [] for w in windows}
    for i, wid in assignment.items():
        by_window[wid].append(kept[i])
    overall = actor_centrality(window_graph(kept))
    per_window = {wid: (overall if window == ALL and len(rs) == len(kept) else actor_centrality(window_graph(rs)))
                  for wid, rs in by_window.items()}
    actor_ids = sorted(overall, key=lambda a: (-overall[a]["pagerank"], a))
    actor_list = [{"id": a, "label": actors.get(a, {}).get("label") or a, "kind": actors.get(a, {}).get("kind"),
                   "centrality": overall[a],
                   "windows": {wid: c[a] for wid, c in per_window.items() if a in c}} for a in actor_ids]

    dyads = [{"a": a, "b": b, "window": ALL, **d} for (a, b), d in total.items()]
    for wid, ds in series.items():
        dyads += [{"a": a, "b": b, "window": wid, **d} for (a, b), d in ds.items()]

    all_report, _ = _bloc_report(ALL, total, seed)
    partitions, reports = [], []
    for wid, ds in series.items():
        rep, blocs = _bloc_report(wid, ds, seed)
        partitions.append(blocs)
        reports.append(rep)
    for rep, ids in zip(reports, track_blocs(partitions)):
        for b in rep["blocs"]:
            b["id"] = ids[b["members"][0]]

    wids = [w["id"] for w in windows]
    # undated rows are absent from ``assignment`` (except as article steps): reported shifts group them apart
    found = {"series": series_shifts(series, min_change=min_change, evidence=None),
             "bloc": bloc_changes(wids, partitions, evidence=None),
             "reported": reported_shifts(kept, assignment, evidence=None, weights=weights)}
    shifts = []
    for basis, listed in found.items():
        if max_shifts is not None and len(listed) > max_shifts:
            listed = listed[-max_shifts:] if basis == "bloc" else listed[:max_shifts]
        shifts += listed
    add_evidence(shifts, kept, assignment, evidence=evidence, load=load_sentences)

    result = {
        "parameters": {"window": window, "since": since, "until": until, "half_life": half_life,
                       "min_change": min_change, "seed": seed},
        "windows": windows,
        "totals": {"relations": len(kept), "articles": len({r["article"] for r in kept}),
                   "negated_left_out": len(rows) - len(kept)},
        "undated": undated,
        "unreadable_dates": unreadable,
        "actors": actor_list,
        "dyads": dyads,
        "blocs": [all_report] + reports,
        "shifts": shifts,
        "shift_counts": {basis: len(listed) for basis, listed in found.items()},
    }
    if actor is not None:
        result["profile"] = {"actor": actor, "windows": actor_profile({ALL: total, **series}, actor)}
    return result


def analyze_store(ds, **options) -> dict:
    """:func:`analyze` over every relation in the store (``since``/``until`` applied while reading too).

    The rows are read without their sentences; the sentences of the evidence candidates of the shifts
    kept are read afterwards, in one more query.
    """
    from .queries import actor_info, load_sentences, relation_rows

    rows = relation_rows(ds, since=options.get("since"), until=options.get("until"), sentences=False)
    result = analyze(rows, actor_info(ds), load_sentences=lambda some: load_sentences(ds, some), **options)
    return result
