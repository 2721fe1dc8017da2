"""The explorer's pages. Each ``*_page()`` renders one page.

Reads go through ``explorer.resources`` (one locked read-only store handle, cached results);
the shaping of what is shown lives in ``explorer.views`` and ``explorer.data``.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
import tempfile
from pathlib import Path

import streamlit as st

from explorer import resources
from explorer.data import (
    DATASET_FORMATS,
    QUAD_CLASSES,
    actor_labels,
    centrality_series,
    date_span,
    evidence_rows,
    neighbourhood,
    pair_series,
    profile_table,
    shift_table,
    top_pairs,
    window_names,
)
from explorer.safe_markdown import escape_markdown, markdown_code
from explorer.views import (
    POLARITIES,
    actor_choices,
    article_table,
    error_pointer,
    evidence_markdown,
    example_queries,
    filter_graph,
    find_choices,
    result_table,
)

__all__ = ["actor_page", "alignments_page", "articles_page", "export_page", "ingest_page", "network_page",
           "overview_page", "sparql_page"]

EVIDENCE_SHOWN = 50
SPARQL_ROW_LIMIT = 1_000
SPARQL_TIME_LIMIT = 10.0  # seconds
NETWORK_HEIGHT = 620
TOP_ACTORS = 40  # shown by default; the rest one slider away (physics stays fast)
# Degree by default: the cooperation PageRank of graph.centrality shrinks actors that mostly fight.
DEFAULT_CENTRALITY = "degree"
CENTRALITY_NAMES = {
    "degree": "degree (partners)",
    "strength_pos": "cooperative relations",
    "strength_neg": "conflictual relations",
    "betweenness": "betweenness",
    "pagerank": "PageRank (cooperation)",
}
WINDOWS = {"quarter": "quarter", "month": "month", "year": "year",
           "article": "article by article (undated first)"}
BASIS_NAMES = {"reported": "reported in the text (ALIGN / DISTANCE)", "series": "score change between windows",
               "bloc": "bloc change"}


def _store():
    """The shared store, or ``None`` after telling the user how to build one."""
    try:
        store = resources.current_store()
    except resources.StoreUnavailable as exc:
        st.info(escape_markdown(exc))
        return None
    return store


def _show_evidence(rows: list[dict], empty: str) -> None:
    if not rows:
        st.caption(escape_markdown(empty))
        return
    for row in rows[:EVIDENCE_SHOWN]:
        with st.container(border=True):
            st.markdown(evidence_markdown(row))
    if len(rows) > EVIDENCE_SHOWN:
        st.caption(f"Showing {EVIDENCE_SHOWN} of {len(rows)} relations; use the SPARQL page for all of them.")


def _key(store) -> tuple[str, str]:
    return store.path, store.version


def _labels(store) -> dict[str, str]:
    """Actor id -> label for every actor in a relation."""
    return {a: info["label"] for a, info in actor_labels(resources.relation_table(store, *_key(store))).items()}


def _window_default(store) -> str:
    """Quarters when the dated relations span two of them, else months, else article by article."""
    for window in ("quarter", "month"):
        result = resources.analysis(store, *_key(store), window)
        if len(result["windows"]) >= 2:
            return window
    return "article"


def _names(store, result: dict) -> dict[str, str]:
    return window_names(result, resources.article_index(store, *_key(store)))


def _renamed(rows: list[dict], names: dict[str, str]) -> list[dict]:
    return [{**r, "window": names.get(r["window"], r["window"])} for r in rows]


def _shift_evidence(store, shift: dict, labels: dict[str, str]) -> None:
    rows = evidence_rows(shift["evidence"], resources.article_index(store, *_key(store)), labels)
    for row in rows:
        with st.container(border=True):
            st.markdown(evidence_markdown(row))
    if not rows:
        st.caption("No sentence recorded for this shift.")


def _show_shifts(store, shifts: list[dict], labels: dict[str, str], limit: int, open_first: int = 3) -> None:
    """Ranked shifts, each an expander with its evidence sentences."""
    if not shifts:
        st.caption("No shift in alignment found with these settings.")
        return
    for i, s in enumerate(shifts[:limit]):
        head = (f"{escape_markdown(s['who'])} {escape_markdown(s['direction'])} {escape_markdown(s['partner'])} · "
                f"{escape_markdown(s['when'])} · {escape_markdown(s['basis'])} · strength {s['strength']:.2f}")
        with st.expander(head, expanded=i < open_first):
            _shift_evidence(store, s, labels)
    if len(shifts) > limit:
        st.caption(f"{limit:,} of {len(shifts)} shifts shown.")


# -- Overview ------------------------------------------------------------------------------------

def overview_page() -> None:
    st.title("Overview")
    store = _store()
    if store is None:
        return
    key = _key(store)
    counts = resources.counts(store, *key)
    rows = resources.relation_table(store, *key)
    first, last = date_span(rows)
    cols = st.columns(4)
    for col, name in zip(cols, ("articles", "actors", "relations")):
        col.metric(name.capitalize(), f"{int(counts.get(name, 0)):,}")
    cols[3].metric("Dates", f"{first} – {last}" if first and first != last else (first or "undated"))
    undated = sum(1 for r in rows if not r.get("date"))
    if undated:
        st.caption(f"{undated} of {len(rows)} relations come from undated articles.")
    _date_notes(rows)
    if not rows:
        st.info("The store holds no relations between actors yet. Ingest some articles on the Ingest page "
                "or with `alliancegraph ingest PATH...`.")
        return

    left, right = st.columns([2, 3])
    with left:
        st.subheader("Most central actors")
        G, centrality, _kept = resources.filtered_network(store, *key, None, None, True, None, None)
        ranked = actor_choices(G, centrality, by=DEFAULT_CENTRALITY)[:10]
        st.dataframe(
            {
                "actor": [G.nodes[n].get("label") or n for n in ranked],
                "id": ranked,
                "partners": [G.to_undirected(as_view=True).degree(n) for n in ranked],
                "cooperative": [int(centrality[n].get("strength_pos", 0)) for n in ranked],
                "conflictual": [int(centrality[n].get("strength_neg", 0)) for n in ranked],
                "pagerank": [round(centrality[n].get("pagerank", 0.0), 3) for n in ranked],
            },
            hide_index=True, width="stretch",
        )
    with right:
        st.subheader("Latest shifts in alignment")
        result = resources.analysis(store, *key, "quarter")
        labels = _labels(store)
        order = {w["id"]: i for i, w in enumerate(result["windows"])}
        latest = sorted(result["shifts"],
                        key=lambda s: (-order.get(s.get("to_window"), -1) if s.get("to_window") else 1,
                                       -float(s.get("magnitude") or 0)))
        table = shift_table(latest, labels)
        table.sort(key=lambda r: (r["when"] == "undated", [-ord(c) for c in r["when"]], -r["strength"]))
        _show_shifts(store, table, labels, limit=8, open_first=1)


# -- Network -------------------------------------------------------------------------------------

def _date_notes(rows: list[dict]) -> None:
    """Say which stored dates the explorer cannot place: no calendar date (counted as undated), or outside
    the dates new input may have (shown, but beyond the date slider)."""
    from extract.dates import DATE_MAX, DATE_MIN

    unreadable = sorted({r["unreadable_date"] for r in rows if r.get("unreadable_date")})
    if unreadable:
        n = sum(1 for r in rows if r.get("unreadable_date"))
        st.caption(f"{n} relations have a stored date that is no calendar date "
                   f"({escape_markdown(', '.join(repr(v) for v in unreadable[:3]))}); they count as undated.")
    outside = [r["date"] for r in rows if r.get("date") and not DATE_MIN <= r["date"] <= DATE_MAX]
    if outside:
        st.caption(f"{len(outside)} relations are dated outside {DATE_MIN} – {DATE_MAX} "
                   f"({escape_markdown(min(outside))} … {escape_markdown(max(outside))}): the date filter shows "
                   "them only while it spans every date.")


def _date_filter(rows: list[dict]) -> tuple[str | None, str | None, bool]:
    """The date slider, over the dated relations within the dates new input may have (a slider spanning
    0001 to 9999 exceeds what the browser's numbers hold); relations beyond it pass only the full span."""
    from extract.dates import DATE_MAX, DATE_MIN

    first, last = date_span(rows)
    if first is None:
        return None, None, True
    inside = [r["date"] for r in rows if r.get("date") and DATE_MIN <= r["date"] <= DATE_MAX]
    since = until = None
    if inside:
        lo, hi = _dt.date.fromisoformat(min(inside)), _dt.date.fromisoformat(max(inside))
        if lo < hi:
            chosen = st.slider("Dates", lo, hi, (lo, hi), key="dates", format="YYYY-MM-DD")
            if chosen != (lo, hi):
                since, until = chosen[0].isoformat(), chosen[1].isoformat()
        else:
            st.caption(f"All dated relations are from {escape_markdown(lo.isoformat())}.")
    _date_notes(rows)
    undated = st.checkbox("Include undated relations", True, key="undated",
                          disabled=all(r.get("date") for r in rows))
    return since, until, undated


def network_page() -> None:
    st.title("Actor network")
    store = _store()
    if store is None:
        return
    key = _key(store)
    rows = resources.relation_table(store, *key)
    G_all, centrality_all, _k = resources.filtered_network(store, *key, None, None, True, None, None)
    if G_all.number_of_nodes() == 0:
        st.info("The store holds no relations between actors yet. Run `alliancegraph ingest` on some articles.")
        return
    label = {n: f"{G_all.nodes[n].get('label') or n} ({n})" for n in G_all.nodes}
    all_types = sorted({r["type"] for r in rows if r.get("type")})
    all_quads = sorted({int(r.get("quad_class") or 0) for r in rows})

    with st.sidebar:
        st.subheader("Filters")
        since, until, undated = _date_filter(rows)
        polarities = st.multiselect("Relations", POLARITIES, default=list(POLARITIES), key="polarities")
        with st.expander("Relation categories and quad classes"):
            types = st.multiselect("Relation categories", all_types, default=all_types, key="types")
            quads = st.multiselect("Quad classes", all_quads, default=all_quads, key="quads",
                                   format_func=lambda q: f"{q} {QUAD_CLASSES.get(q, '')}".strip())
    filters = (since, until, undated,
               None if set(types) == set(all_types) else tuple(sorted(types)),
               None if set(quads) == set(all_quads) else tuple(sorted(quads)))
    G, centrality, _kept = resources.filtered_network(store, *key, *filters)
    measures = sorted({m for scores in centrality.values() for m in scores}) or [DEFAULT_CENTRALITY]

    with st.sidebar:
        by = st.selectbox("Rank and size actors by", measures, key="size_by",
                          index=measures.index(DEFAULT_CENTRALITY) if DEFAULT_CENTRALITY in measures else 0,
                          format_func=lambda m: CENTRALITY_NAMES.get(m, m))
        max_weight = max((d.get("weight", 1) or 1 for _, _, d in G.edges(data=True)), default=1)
        min_weight = st.slider("Minimum relations per edge", 1, max(int(max_weight), 2), 1, key="min_weight")
        st.subheader("Focus")
        focus = st.selectbox("Actor focus", _found(sorted(G_all.nodes, key=lambda n: label[n]), label, "focus"),
                             index=None, format_func=label.get, placeholder="Whole network", key="focus")
        depth = st.slider("Neighbourhood depth", 1, 3, 1, key="depth", disabled=focus is None)
        colour_by_bloc = st.toggle("Colour by bloc", value=True, key="bloc_colour")

    ranked = actor_choices(G, centrality, by=by) if len(G) else []
    if focus is not None:
        near = neighbourhood(G, focus, depth)
        ranked = [n for n in ranked if n in near]
    top = len(ranked)
    if len(ranked) > 2:  # a slider needs min < max
        with st.sidebar:
            top = st.slider("Most central actors shown", 2, len(ranked), min(len(ranked), TOP_ACTORS), key="top")
    shown = tuple(sorted(ranked[:top]))
    sub = filter_graph(G, nodes=shown, min_weight=min_weight, polarities=polarities)
    colours = ("colour: bloc (structural balance over all relations)" if colour_by_bloc else
               "colour: blue state, purple IGO, orange person, teal organisation, brown group")
    st.caption(
        f"{sub.number_of_nodes():,} of {G_all.number_of_nodes():,} actors, {sub.number_of_edges():,} of "
        f"{G_all.number_of_edges():,} edges · green: cooperative, red: conflictual, grey: neutral · "
        f"width: number of relations · size: {escape_markdown(CENTRALITY_NAMES.get(by, by))} · {colours} · "
        "click an actor or an edge to read its evidence"
    )
    if top < len(ranked):
        st.caption(f"Showing the {top:,} most central of {len(ranked)} actors; raise *Most central actors shown* "
                   "in the sidebar to see more.")
    if not sub.number_of_nodes():
        st.info("No relation passes these filters: widen the dates, categories or quad classes.")
    else:
        page = resources.filtered_network_html(
            store, *key, filters, shown, min_weight, tuple(sorted(polarities)), by, colour_by_bloc, NETWORK_HEIGHT
        )
        st.iframe(page, height=NETWORK_HEIGHT + 10)  # st.components.v1.html's successor: a srcdoc iframe
    _relations_section(store, actor_choices(G_all, centrality_all, by=DEFAULT_CENTRALITY), label)


def _found(options: list[str], labels: dict[str, str], key: str) -> list[str]:
    """A "find by any name" box above an actor picker: the options it finds ("Daesh", "Ankara"), else all."""
    query = st.text_input("Find an actor by any name", key=f"{key}_find", placeholder="e.g. Daesh, Ankara, Erdogan",
                          help="Searches every name and alias the extractor knows, not only the labels shown.")
    found = find_choices(options, labels, query)
    if query.strip() and not found:
        st.caption(f"No actor in this store is known by a name like {escape_markdown(query.strip())!s}.")
        return options
    return found


@st.fragment
def _relations_section(store, ranked: list[str], label: dict[str, str]) -> None:
    """Evidence for one actor or pair; a fragment, so choosing an actor leaves the network iframe alone."""
    key = _key(store)
    st.subheader("Relations of an actor")
    col_actor, col_other = st.columns(2)
    with col_actor:
        choices = _found(ranked, label, "actor")
    actor = col_actor.selectbox("Actor", choices, format_func=label.get, index=None,
                                placeholder="Choose an actor", key="actor")
    others = [n for n in ranked if n != actor]
    other = col_other.selectbox("…with (optional)", others, format_func=label.get, index=None,
                                placeholder="Any actor", key="other", disabled=actor is None)
    if actor is None:
        st.caption("Pick an actor to read the sentences behind its edges.")
        return
    if other is None:
        rows = resources.relations(store, *key, actor)
        st.markdown(f"**{len(rows)}** relation(s) involving {escape_markdown(label[actor])}")
        _show_evidence(rows, "No relations recorded for this actor.")
    else:
        rows = resources.pair_relations(store, *key, actor, other)
        st.markdown(
            f"**{len(rows)}** relation(s) between {escape_markdown(label[actor])} and {escape_markdown(label[other])}"
        )
        _show_evidence(rows, "These two actors have no recorded relation.")


# -- Alignments ----------------------------------------------------------------------------------

_SERIES_COLOURS = ("#1f77b4", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f")


def _line_chart(rows: list[dict], x: str, y: str, colour: str, y_title: str, domain=None) -> None:
    import altair as alt

    order = list(dict.fromkeys(r[x] for r in rows))
    scale = alt.Scale(domain=domain) if domain else alt.Scale()
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_line(point=alt.OverlayMarkDef(size=80))
        .encode(
            x=alt.X(f"{x}:N", sort=order, title="window", axis=alt.Axis(labelAngle=0, labelLimit=260)),
            y=alt.Y(f"{y}:Q", title=y_title, scale=scale),
            # No red or green: those mean conflict and cooperation everywhere else in the explorer.
            color=alt.Color(f"{colour}:N", title=None, legend=alt.Legend(orient="bottom", labelLimit=300),
                            scale=alt.Scale(range=list(_SERIES_COLOURS))),
            tooltip=[f"{x}:N", f"{colour}:N", alt.Tooltip(f"{y}:Q", format=".2f")]
            + ([alt.Tooltip("relations:Q")] if "relations" in rows[0] else []),
        )
        .properties(height=320)
    )
    st.altair_chart(chart, width="stretch")


def alignments_page() -> None:
    st.title("Alignments")
    store = _store()
    if store is None:
        return
    key = _key(store)
    labels = _labels(store)
    windows = list(WINDOWS)
    default = _window_default(store)
    window = st.selectbox("Time windows", windows, index=windows.index(default), key="align_window",
                          format_func=WINDOWS.get)
    result = resources.analysis(store, *key, window)
    if not result["dyads"]:
        st.info("No relations between actors to score yet.")
        return

    st.subheader("Alignment of chosen pairs over time")
    pair_options = sorted({(d["a"], d["b"]) for d in result["dyads"] if d["window"] == "all"},
                          key=lambda p: (labels.get(p[0], p[0]), labels.get(p[1], p[1])))
    name = {p: f"{labels.get(p[0], p[0])} – {labels.get(p[1], p[1])}" for p in pair_options}
    pairs = st.multiselect("Pairs", pair_options, default=top_pairs(result, 3), format_func=name.get,
                           key="align_pairs")
    names = _names(store, result)
    series = _renamed(pair_series(result, pairs, labels), names)
    if series:
        _line_chart(series, "window", "score", "pair", "alignment (−1 … +1)", [-1, 1])
        with st.expander("Scores as a table"):
            st.dataframe(series, hide_index=True, width="stretch")
    elif pairs:
        st.caption("These pairs have no dated relations to plot.")
    undated = result["undated"]
    if undated["relations"] and not undated["in_series"]:
        st.caption(f"{undated['relations']:,} relations from {undated['articles']:,} undated article(s) count in the "
                   "overall scores, not in the series; the *article by article* windows place them first.")
    unreadable = result.get("unreadable_dates") or {}
    if unreadable.get("relations"):
        st.caption(f"{unreadable['relations']:,} relations have a stored date that is no calendar date "
                   f"({escape_markdown(', '.join(repr(v) for v in unreadable['values'][:3]))}): they count as undated.")

    st.subheader("Shifts in alignment, strongest first")
    c1, c2 = st.columns(2)
    who = c1.selectbox("Involving", sorted(labels, key=labels.get), index=None, format_func=labels.get,
                       placeholder="Any actor", key="shift_actor")
    bases = sorted({s["basis"] for s in result["shifts"]})
    basis = c2.multiselect("Kind", bases, default=bases, format_func=lambda b: BASIS_NAMES.get(b, b),
                           key="shift_basis")
    shifts = shift_table([s for s in result["shifts"] if s["basis"] in basis], labels, actor=who, windows=names)
    _show_shifts(store, shifts, labels, limit=20)


# -- Actor ---------------------------------------------------------------------------------------

def actor_page() -> None:
    st.title("Actor")
    store = _store()
    if store is None:
        return
    key = _key(store)
    G, centrality, _kept = resources.filtered_network(store, *key, None, None, True, None, None)
    if not len(G):
        st.info("The store holds no relations between actors yet.")
        return
    labels = _labels(store)
    ranked = _found(actor_choices(G, centrality, by=DEFAULT_CENTRALITY), labels, "actor_page")
    actor = st.selectbox("Actor", ranked, format_func=lambda n: f"{labels.get(n, n)} ({n})", key="actor_page")
    rows = resources.relations(store, *key, actor)
    partners = sorted({r["target"] if r["source"] == actor else r["source"] for r in rows} - {actor},
                      key=lambda n: labels.get(n, n))
    cols = st.columns(4)
    cols[0].metric("Relations", len(rows))
    cols[1].metric("Partners", len(partners))
    cols[2].metric("Cooperative", sum(1 for r in rows if (r.get("polarity") or 0) > 0 and not r.get("negated")))
    cols[3].metric("Conflictual", sum(1 for r in rows if (r.get("polarity") or 0) < 0 and not r.get("negated")))

    window = _window_default(store)
    result = resources.analysis(store, *key, window)
    names = _names(store, result)
    st.subheader("Allies and adversaries over time")
    st.caption(f"Alignment score per {WINDOWS[window]} window; *all* counts every relation, undated included. "
               "In brackets: score (−1 … +1) and number of relations.")
    profile = resources.actor_profile(store, *key, window, actor)
    st.dataframe(_renamed(profile_table(profile, labels), names), hide_index=True, width="stretch",
                 column_config={"allies": st.column_config.TextColumn("Allies", width="large"),
                                "adversaries": st.column_config.TextColumn("Adversaries", width="large")})
    series = _renamed(pair_series(result, [(actor, p) for p in partners], labels), names)
    if series:
        _line_chart(series, "window", "score", "pair", "alignment with each partner", [-1, 1])
    st.subheader("Shifts reported or measured")
    shifts = shift_table([s for s in result["shifts"] if s["actor"] == actor], labels, windows=names)
    _show_shifts(store, shifts, labels, limit=10)
    st.subheader("Centrality over time")
    cent = _renamed(centrality_series(result, actor, ("degree", "betweenness", "pagerank")), names)
    if cent:
        _line_chart(cent, "window", "value", "measure", "centrality")
    else:
        st.caption("No dated relations: no centrality series.")

    st.subheader("Its relations")
    partner = st.selectbox("With", partners, index=None, format_func=lambda n: f"{labels.get(n, n)} ({n})",
                           placeholder="Any partner", key="actor_partner")
    shown = rows if partner is None else [r for r in rows if partner in (r["source"], r["target"])]
    st.markdown(f"**{len(shown)}** relation(s)")
    _show_evidence(shown, "No relations recorded.")


# -- SPARQL --------------------------------------------------------------------------------------

_DEFAULT_QUERY = """\
SELECT ?source ?target (COUNT(?r) AS ?relations) WHERE {
  ?r a ag:Relation ; ag:source/rdfs:label ?source ; ag:target/rdfs:label ?target .
}
GROUP BY ?source ?target
ORDER BY DESC(?relations)
LIMIT 50"""

#: The researcher's questions the graph package's examples do not already ask.
EXTRA_QUERIES = {
    "Pairs turning conflictual since a date": """\
# Pairs with conflictual relations on or after the date, and how they stood before it.
SELECT ?source ?target (SUM(IF(?date >= ?since, 1, 0)) AS ?conflictual_since)
       (SUM(IF(?date < ?since, 1, 0)) AS ?conflictual_before) WHERE {
  VALUES ?since { "2025-01-01"^^xsd:date }
  ?r a ag:Relation ; ag:polarity -1 ; ag:source ?s ; ag:target ?t ; ag:date ?date .
  ?s rdfs:label ?source . ?t rdfs:label ?target .
}
GROUP BY ?source ?target
HAVING (SUM(IF(?date >= ?since, 1, 0)) > 0)
ORDER BY DESC(?conflictual_since)""",
    "Evidence for a pair (Azerbaijan and Turkey)": """\
SELECT ?source ?type ?target ?sentence ?title ?date WHERE {
  VALUES (?s ?t) { (actor:AZE actor:TUR) (actor:TUR actor:AZE) }
  ?r a ag:Relation ; ag:source ?s ; ag:target ?t ; ag:relationType ?rt ;
     ag:evidence ?sentence ; prov:wasDerivedFrom ?a .
  ?s rdfs:label ?source . ?t rdfs:label ?target .
  OPTIONAL { ?a schema:headline ?title }
  OPTIONAL { ?r ag:date ?date }
  BIND(STRAFTER(STR(?rt), STR(ag:)) AS ?type)
}
ORDER BY ?date""",
    "Relations by category (quad class)": """\
SELECT ?quad_class ?type (COUNT(?r) AS ?relations) WHERE {
  ?r a ag:Relation ; ag:relationType ?rt .
  OPTIONAL { ?r ag:quadClass ?quad_class }
  BIND(STRAFTER(STR(?rt), STR(ag:)) AS ?type)
}
GROUP BY ?quad_class ?type
ORDER BY ?quad_class DESC(?relations)""",
}


def _examples() -> dict[str, str]:
    try:
        from graph.sparql import EXAMPLE_QUERIES
    except ImportError:
        EXAMPLE_QUERIES = None
    examples = example_queries(EXAMPLE_QUERIES) or {"Relations per actor pair": _DEFAULT_QUERY}
    return {**examples, **{k: v for k, v in EXTRA_QUERIES.items() if k not in examples}}


def _load_example() -> None:
    st.session_state["sparql_query"] = st.session_state["sparql_examples"][st.session_state["sparql_example"]]


def sparql_page() -> None:
    from graph.sparql import PREFIXES, QueryError, result_to_csv, result_to_json

    st.title("SPARQL")
    store = _store()
    if store is None:
        return
    examples = _examples()
    st.session_state["sparql_examples"] = examples
    if "sparql_query" not in st.session_state:
        st.session_state["sparql_query"] = next(iter(examples.values()))
    st.selectbox("Example queries", list(examples), key="sparql_example", on_change=_load_example)
    st.caption(f"Read-only: updates, SERVICE and LOAD are refused. At most {SPARQL_ROW_LIMIT:,} rows and "
               f"{SPARQL_TIME_LIMIT:g} s per query, in a process of its own with a memory limit. "
               "The prefixes below are predefined.")
    with st.expander("Predefined prefixes"):
        st.code(PREFIXES, language="sparql")
    with st.form("sparql"):
        text = st.text_area("Query", key="sparql_query", height=240)
        submitted = st.form_submit_button("Run query", type="primary")
    with st.expander("Query, highlighted", expanded=False):
        st.code(text, language="sparql", line_numbers=True)
    if not submitted and "sparql_ran" not in st.session_state:
        return
    st.session_state["sparql_ran"] = True
    try:
        result = resources.query(store, store.path, store.version, text, SPARQL_ROW_LIMIT, SPARQL_TIME_LIMIT)
    except QueryError as exc:
        if getattr(exc, "reason", None) in ("time", "memory"):
            st.warning(f"Limit hit: {escape_markdown(exc)}. Narrow the query (a LIMIT, a VALUES block, "
                       "fewer OPTIONALs) and run it again.")
            return
        st.error(escape_markdown(exc))
        pointer = error_pointer(text, getattr(exc, "line", None), getattr(exc, "column", None))
        if pointer:
            st.code(pointer, language=None)
        return
    n = len(result.rows)
    st.markdown(f"**{n} row{'s' if n != 1 else ''}**")
    if result.truncated:
        st.warning(f"Row limit hit: results truncated at {SPARQL_ROW_LIMIT:,} rows; add a LIMIT or narrow the query.")
    st.dataframe(result_table(result.columns, result.rows), width="stretch", hide_index=True)
    c1, c2, _ = st.columns([1, 1, 4])
    c1.download_button("Download CSV", result_to_csv(result), file_name="alliancegraph-query.csv",
                       mime="text/csv", disabled=not result.columns)
    c2.download_button("Download JSON", result_to_json(result), file_name="alliancegraph-query.json",
                       mime="application/json", disabled=not result.columns)


# -- Ingest --------------------------------------------------------------------------------------

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _pasted_article(text: str, title: str, date: str, url: str) -> dict:
    import hashlib

    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return {"id": f"pasted_{digest}", "text": text, "title": title or None, "date": date or None,
            "url": url or None}


def ingest_page() -> None:
    from extract.dates import DATE_MAX, DATE_MIN, checked_date
    from extract.loaders import Article, Notice, Skipped, iter_articles
    from graph.store import StoreError, default_store_path

    st.title("Ingest")
    path = Path(default_store_path()).expanduser()
    st.caption(f"Articles go into the store at {markdown_code(path)}. Text, Markdown, HTML and JSON Lines "
               "(`{\"id\", \"text\", \"title\", \"date\", \"url\"}` per line) are read; an article "
               "already stored is left as it is.")
    uploads = st.file_uploader("Upload articles", type=["txt", "md", "html", "htm", "jsonl"],
                               accept_multiple_files=True, key="ingest_files")
    with st.expander("…or paste one article", expanded=not uploads):
        pasted = st.text_area("Article text", key="ingest_text", height=160)
        c1, c2, c3 = st.columns(3)
        title = c1.text_input("Title", key="ingest_title")
        date = c2.text_input("Date (yyyy-mm-dd)", key="ingest_date")
        url = c3.text_input("Link", key="ingest_url")
    if not st.button("Ingest", type="primary", key="ingest_go", disabled=not (uploads or pasted.strip())):
        return
    if date.strip():
        problem = checked_date(date.strip())[1] if _ISO_DATE.fullmatch(date.strip()) else "not yyyy-mm-dd"
        if problem:
            st.error(f"The date must be yyyy-mm-dd from {DATE_MIN} to {DATE_MAX}, e.g. 2025-07-04 "
                     f"({escape_markdown(problem)}).")
            return

    progress = st.progress(0.0, text="Reading the articles…")
    with tempfile.TemporaryDirectory(prefix="alliancegraph-ingest-") as tmp:
        folder = Path(tmp)
        for upload in uploads or ():
            (folder / Path(upload.name).name).write_bytes(upload.getvalue())
        if pasted.strip():
            record = _pasted_article(pasted.strip(), title.strip(), date.strip(), url.strip())
            (folder / f"{record['id']}.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n",
                                                           encoding="utf-8")
        items = list(iter_articles([folder]))
    articles = [a for a in items if isinstance(a, Article)]
    for skipped in (s for s in items if isinstance(s, Skipped)):
        st.warning(f"Skipped {escape_markdown(Path(skipped.path).name)}: {escape_markdown(skipped.reason)}")
    for notice in (n for n in items if isinstance(n, Notice)):
        st.warning(f"{escape_markdown(Path(notice.path).name)}: {escape_markdown(notice.message)}")
    if not articles:
        progress.empty()
        st.error("No article could be read from the input.")
        return
    progress.progress(0.02, text="Loading the language model…")

    def step(done: int, total: int, name: str) -> None:
        progress.progress(done / total, text=f"{done:,} of {total:,} articles: {escape_markdown(name[:80])}")

    try:
        tally = resources.write_articles(str(path), articles, step)
    except StoreError as exc:
        progress.empty()
        st.error(f"Could not write to the store: {escape_markdown(exc)}")
        return
    except Exception as exc:  # noqa: BLE001 - e.g. the spaCy model is missing: say so, keep the app up
        progress.empty()
        st.error(f"Ingest failed: {escape_markdown(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)}")
        return
    progress.progress(1.0, text="Done")
    st.success(f"{tally['added']:,} added, {tally['replaced']:,} replaced, {tally['unchanged']:,} unchanged; "
               f"{tally['relations']:,} new relations. Every page shows them now.")


# -- Export --------------------------------------------------------------------------------------

def export_page() -> None:
    st.title("Export")
    store = _store()
    if store is None:
        return
    key = _key(store)
    st.subheader("The knowledge graph (RDF)")
    st.caption("TriG, N-Quads and JSON-LD keep one named graph per article; Turtle holds their union.")
    fmt = st.radio("Format", list(DATASET_FORMATS), horizontal=True, key="export_rdf")
    _name, ext, mime = DATASET_FORMATS[fmt]
    data = resources.dataset_file(store, *key, fmt)
    st.download_button(f"Download {fmt} ({len(data) / 1024:,.0f} KB)", data, file_name=f"alliancegraph.{ext}",
                       mime=mime, key="export_rdf_download")
    st.subheader("The actor graph (for Gephi)")
    st.caption("Actors with label, kind, country, centralities and bloc; edges with relation counts, "
               "polarity sum, sign and mean polarity.")
    gfmt = st.radio("Format", ["GraphML", "GEXF"], horizontal=True, key="export_graph")
    gdata = resources.graph_file(store, *key, gfmt)
    st.download_button(f"Download {gfmt} ({len(gdata) / 1024:,.0f} KB)", gdata,
                       file_name=f"alliancegraph-actors.{'graphml' if gfmt == 'GraphML' else 'gexf'}",
                       mime="application/xml", key="export_graph_download")


# -- Articles ------------------------------------------------------------------------------------

def articles_page() -> None:
    st.title("Articles")
    store = _store()
    if store is None:
        return
    key = (store.path, store.version)
    counts = resources.counts(store, *key)
    cols = st.columns(4)
    for col, name in zip(cols, ("articles", "actors", "relations", "triples")):
        col.metric(name.capitalize(), f"{int(counts.get(name, 0)):,}")
    rows = article_table(resources.articles(store, *key))
    if not rows:
        st.info("No article ingested yet. Run `alliancegraph ingest PATH...`.")
        return
    st.dataframe(
        rows,
        width="stretch",
        hide_index=True,
        column_config={
            "title": st.column_config.TextColumn("Title", width="large"),
            "date": st.column_config.TextColumn("Date"),
            "relations": st.column_config.NumberColumn("Relations"),
            "link": st.column_config.LinkColumn("Link", display_text="open"),
            "id": st.column_config.TextColumn("Article id"),
        },
    )
