"""The explorer's pages: Network, SPARQL and Articles. Each ``*_page()`` renders one page.

Reads go through ``explorer.resources`` (one locked read-only store handle, cached results);
the shaping of what is shown lives in ``explorer.views``.
"""

from __future__ import annotations

import streamlit as st

from explorer import resources
from explorer.views import (
    POLARITIES,
    actor_choices,
    article_table,
    error_pointer,
    escape_markdown,
    evidence_markdown,
    example_queries,
    filter_graph,
    result_table,
)

__all__ = ["articles_page", "network_page", "sparql_page"]

EVIDENCE_SHOWN = 50
SPARQL_ROW_LIMIT = 1_000
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


def _store():
    """The shared store, or ``None`` after telling the user how to build one."""
    try:
        store = resources.current_store()
    except resources.StoreUnavailable as exc:
        st.info(str(exc))
        return None
    return store


def _show_evidence(rows: list[dict], empty: str) -> None:
    if not rows:
        st.caption(empty)
        return
    for row in rows[:EVIDENCE_SHOWN]:
        with st.container(border=True):
            st.markdown(evidence_markdown(row))
    if len(rows) > EVIDENCE_SHOWN:
        st.caption(f"Showing {EVIDENCE_SHOWN} of {len(rows)} relations; use the SPARQL page for all of them.")


# -- Network -------------------------------------------------------------------------------------

def network_page() -> None:
    st.title("Actor network")
    store = _store()
    if store is None:
        return
    key = (store.path, store.version)
    G, centrality, _positions = resources.actor_network(store, *key)
    if G.number_of_nodes() == 0:
        st.info("The store holds no relations between actors yet. Run `alliancegraph ingest` on some articles.")
        return

    label = {n: f"{G.nodes[n].get('label') or n} ({n})" for n in G.nodes}
    max_weight = max((d.get("weight", 1) or 1 for _, _, d in G.edges(data=True)), default=1)
    measures = sorted({m for scores in centrality.values() for m in scores}) or ["degree"]

    with st.sidebar:
        st.subheader("Filters")
        by = st.selectbox("Rank and size actors by", measures, key="size_by",
                          index=measures.index(DEFAULT_CENTRALITY) if DEFAULT_CENTRALITY in measures else 0,
                          format_func=lambda m: CENTRALITY_NAMES.get(m, m))
        ranked = actor_choices(G, centrality, by=by)
        top = len(ranked)
        if len(ranked) > 2:  # a slider needs min < max
            top = st.slider("Most central actors shown", 2, len(ranked), min(len(ranked), TOP_ACTORS), key="top")
        min_weight = st.slider("Minimum relations per edge", 1, max(int(max_weight), 2), 1, key="min_weight")
        polarities = st.multiselect("Relations", POLARITIES, default=list(POLARITIES), key="polarities")

    shown = tuple(sorted(ranked[:top]))
    sub = filter_graph(G, nodes=shown, min_weight=min_weight, polarities=polarities)
    st.caption(
        f"{sub.number_of_nodes()} of {G.number_of_nodes()} actors, {sub.number_of_edges()} of "
        f"{G.number_of_edges()} edges · green: cooperative, red: conflictual, grey: neutral · "
        f"width: number of relations · size: {CENTRALITY_NAMES.get(by, by)} · "
        "colour: blue state, purple IGO, orange person, teal organisation, brown group"
    )
    page = resources.network_page_html(
        store, *key, shown, min_weight, tuple(sorted(polarities)), by, NETWORK_HEIGHT
    )
    st.iframe(page, height=NETWORK_HEIGHT + 10)  # st.components.v1.html's successor: a srcdoc iframe

    _relations_section(store, ranked, label)


@st.fragment
def _relations_section(store, ranked: list[str], label: dict[str, str]) -> None:
    """Evidence for one actor or pair; a fragment, so choosing an actor leaves the network iframe alone."""
    key = (store.path, store.version)
    st.subheader("Relations of an actor")
    col_actor, col_other = st.columns(2)
    actor = col_actor.selectbox("Actor", ranked, format_func=label.get, index=None,
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


# -- SPARQL --------------------------------------------------------------------------------------

_DEFAULT_QUERY = """\
SELECT ?source ?target (COUNT(?r) AS ?relations) WHERE {
  ?r a ag:Relation ; ag:source/rdfs:label ?source ; ag:target/rdfs:label ?target .
}
GROUP BY ?source ?target
ORDER BY DESC(?relations)
LIMIT 50"""


def _examples() -> dict[str, str]:
    try:
        from graph.sparql import EXAMPLE_QUERIES
    except ImportError:
        return {"Relations per actor pair": _DEFAULT_QUERY}
    return example_queries(EXAMPLE_QUERIES) or {"Relations per actor pair": _DEFAULT_QUERY}


def _load_example() -> None:
    st.session_state["sparql_query"] = st.session_state["sparql_examples"][st.session_state["sparql_example"]]


def sparql_page() -> None:
    from graph.sparql import QueryError, result_to_csv

    st.title("SPARQL")
    store = _store()
    if store is None:
        return
    examples = _examples()
    st.session_state["sparql_examples"] = examples
    if "sparql_query" not in st.session_state:
        st.session_state["sparql_query"] = next(iter(examples.values()))
    st.selectbox("Example queries", list(examples), key="sparql_example", on_change=_load_example)
    st.caption("Read-only: updates and SERVICE calls are refused. Prefixes `ag:`, `actor:`, `schema:`, "
               "`rdfs:`, `xsd:` … are predefined.")
    with st.form("sparql"):
        text = st.text_area("Query", key="sparql_query", height=220)
        submitted = st.form_submit_button("Run query", type="primary")
    if not submitted and "sparql_ran" not in st.session_state:
        return
    st.session_state["sparql_ran"] = True
    try:
        result = resources.query(store, store.path, store.version, text, SPARQL_ROW_LIMIT)
    except QueryError as exc:
        st.error(escape_markdown(exc))
        pointer = error_pointer(text, getattr(exc, "line", None), getattr(exc, "column", None))
        if pointer:
            st.code(pointer, language=None)
        return
    n = len(result.rows)
    st.markdown(f"**{n} row{'s' if n != 1 else ''}**")
    if result.truncated:
        st.warning(f"Results truncated at {SPARQL_ROW_LIMIT} rows; add a LIMIT or narrow the query.")
    st.dataframe(result_table(result.columns, result.rows), width="stretch", hide_index=True)
    st.download_button("Download CSV", result_to_csv(result), file_name="alliancegraph-query.csv",
                       mime="text/csv", disabled=not result.columns)


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
