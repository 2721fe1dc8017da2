"""Plain functions behind the pages: filtering, ordering and formatting, no Streamlit.

Everything here takes and returns plain data so it is tested without a running app.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import networkx as nx

# escape_markdown and safe_url are re-exported for the pages that imported them from here.
from explorer.safe_markdown import escape_markdown, markdown_code, markdown_link, safe_url

__all__ = [
    "find_choices",
    "POLARITIES",
    "actor_choices",
    "article_table",
    "error_pointer",
    "escape_markdown",
    "evidence_markdown",
    "example_queries",
    "filter_graph",
    "polarity_of",
    "result_table",
    "safe_url",
]

POLARITIES = ("cooperative", "conflictual", "neutral")

def polarity_of(sign: float | int | None) -> str:
    """``cooperative`` / ``conflictual`` / ``neutral`` from a polarity sign.

    >>> polarity_of(1), polarity_of(-2), polarity_of(0), polarity_of(None)
    ('cooperative', 'conflictual', 'neutral', 'neutral')
    """
    if sign and sign > 0:
        return "cooperative"
    if sign and sign < 0:
        return "conflictual"
    return "neutral"


def actor_choices(G: nx.DiGraph, centrality: Mapping[str, Mapping[str, float]], by: str = "pagerank") -> list[str]:
    """Actor ids, most central first (ties by label), for the selectboxes.

    >>> G = nx.DiGraph([("A", "B"), ("C", "B")])
    >>> actor_choices(G, {"A": {"pagerank": .2}, "B": {"pagerank": .6}, "C": {"pagerank": .2}})
    ['B', 'A', 'C']
    """
    return sorted(
        G.nodes,
        key=lambda n: (-float(centrality.get(n, {}).get(by, 0.0) or 0.0), str(G.nodes[n].get("label") or n), n),
    )


def find_choices(options: Sequence[str], labels: Mapping[str, str], query: str | None) -> list[str]:
    """The actor ids among ``options`` that a name or alias finds, in the options' order.

    One search for the CLI and the explorer (:func:`extract.actor_search.find_actors`: "Daesh",
    "Ankara", "Erdogan"), plus the store's own labels and ids; no query keeps every option.

    >>> find_choices(["RUS", "TUR", "AZE"], {"RUS": "Russia", "TUR": "Turkey", "AZE": "Azerbaijan"}, "Ankara")
    ['TUR']
    >>> find_choices(["RUS", "AZE"], {"RUS": "Russia", "AZE": "Azerbaijan"}, "aze"), find_choices(["RUS"], {}, " ")
    (['AZE'], ['RUS'])
    """
    from extract.actor_search import find_actors

    text = (query or "").strip()
    if not text:
        return list(options)
    found = {row["id"] for row in find_actors(text, limit=50)}
    low = text.lower()
    return [n for n in options
            if n in found or low in str(labels.get(n) or "").lower() or n.lower().startswith(low)]


def filter_graph(
    G: nx.DiGraph,
    *,
    nodes: Iterable[str] | None = None,
    min_weight: int = 1,
    polarities: Sequence[str] = POLARITIES,
) -> nx.DiGraph:
    """The subgraph on ``nodes`` keeping edges of at least ``min_weight`` relations and the given polarities.

    Nodes left without an edge are dropped (a single asked-for node is kept, so it still shows).

    >>> G = nx.DiGraph()
    >>> G.add_edge("RUS", "AZE", weight=3, sign=-1)
    >>> G.add_edge("AZE", "TUR", weight=1, sign=1)
    >>> sorted(filter_graph(G, polarities=["conflictual"]).edges)
    [('RUS', 'AZE')]
    >>> sorted(filter_graph(G, min_weight=2).nodes)
    ['AZE', 'RUS']
    """
    keep = set(G.nodes) if nodes is None else set(nodes) & set(G.nodes)
    wanted = set(polarities)
    H = nx.DiGraph()
    H.graph.update(G.graph)
    for source, target, attrs in G.edges(data=True):
        if source not in keep or target not in keep:
            continue
        weight = attrs.get("weight", attrs.get("count", 1)) or 0
        if weight >= min_weight and polarity_of(attrs.get("sign")) in wanted:
            H.add_edge(source, target, **attrs)
    if nodes is not None and len(keep) <= 1:
        H.add_nodes_from(keep)
    for node in H.nodes:
        H.nodes[node].update(G.nodes[node])
    return H


def _label(row: Mapping, side: str) -> str:
    return str(row.get(f"{side}_label") or row.get(side) or "?")


def evidence_markdown(row: Mapping) -> str:
    """One relation as a Markdown block: who did what to whom (and where), the sentence, the article.

    Every value comes from an article or a user's file, so each goes through ``explorer.safe_markdown``.

    >>> print(evidence_markdown({"source_label": "Russia", "target_label": "Azerbaijan", "type": "ASSAULT",
    ...     "polarity": -1, "sentence": "A missile hit.", "article_title": "Crash", "date": "2025-07-04",
    ...     "url": "https://example.org/a", "location": "Grozny"}))
    **Russia → Azerbaijan** · `ASSAULT` · conflictual (\\-1) · in Grozny
    > A missile hit\\.
    <BLANKLINE>
    [Crash](https://example.org/a) · 2025\\-07\\-04
    """
    arrow = "↔" if row.get("symmetric") else "→"
    head = (
        f"**{escape_markdown(_label(row, 'source'))} {arrow} {escape_markdown(_label(row, 'target'))}**"
        f" · {markdown_code(row.get('type') or '?')}"
        f" · {polarity_of(row.get('polarity'))} ({escape_markdown(row.get('polarity', 0))})"
    )
    source = markdown_link(row.get("article_title") or row.get("article") or "untitled article", row.get("url"))
    if row.get("date"):
        source += f" · {escape_markdown(row['date'])}"
    if row.get("location"):
        head += f" · in {escape_markdown(row['location'])}"
    if row.get("negated"):
        head += " · *negated*"
    return f"{head}\n> {escape_markdown(row.get('sentence') or '').strip()}\n\n{source}"


def error_pointer(query: str, line: int | None, column: int | None) -> str | None:
    """The query line a parse error points at, with a caret under the column (1-based).

    >>> print(error_pointer("SELECT ?s WHERE {\\n  ?s ?p\\n}", 2, 6))
    2 |   ?s ?p
             ^
    >>> error_pointer("SELECT 1", None, None) is None
    True
    """
    lines = query.splitlines()
    if not line or not 1 <= line <= len(lines):
        return None
    prefix = f"{line} | "
    caret = " " * (len(prefix) + max((column or 1) - 1, 0)) + "^" if column else ""
    return f"{prefix}{lines[line - 1]}" + (f"\n{caret}" if caret else "")


def article_table(rows: Iterable[Mapping]) -> list[dict]:
    """Rows for the Articles table, newest first, with a clickable link only for web URLs.

    >>> article_table([{"id": "a", "title": None, "date": "2025-01-02", "url": "javascript:x", "relations": 2},
    ...                {"id": "b", "title": "B", "date": "2025-03-04", "url": None, "relations": 0}])[0]["title"]
    'B'
    """
    table = [
        {
            "title": row.get("title") or row.get("id"),
            "date": row.get("date"),
            "relations": int(row.get("relations") or 0),
            "link": safe_url(row.get("url")),
            "id": row.get("id"),
        }
        for row in rows
    ]
    return sorted(table, key=lambda r: (r["date"] or "", str(r["title"])), reverse=True)


def result_table(columns: Sequence[str], rows: Sequence[Sequence]) -> dict[str, list]:
    """Column-major dict for ``st.dataframe``; RDF terms and other objects become strings.

    >>> result_table(["a", "n"], [["x", 1], [None, 2.5]])
    {'a': ['x', None], 'n': [1, 2.5]}
    """
    def cell(value):
        return value if value is None or isinstance(value, (str, int, float, bool)) else str(value)

    return {name: [cell(row[i]) if i < len(row) else None for row in rows] for i, name in enumerate(columns)}


def example_queries(examples: object) -> dict[str, str]:
    """``graph.sparql.EXAMPLE_QUERIES`` as ``{name: query}`` whatever its shape (dict, pairs or strings).

    >>> example_queries({"Actors": "SELECT 1"}), example_queries(["SELECT 2"]), example_queries(None)
    ({'Actors': 'SELECT 1'}, {'Example 1': 'SELECT 2'}, {})
    """
    if not examples:
        return {}
    if isinstance(examples, Mapping):
        return {str(k): str(v) for k, v in examples.items()}
    out: dict[str, str] = {}
    for i, item in enumerate(examples, 1):
        if isinstance(item, str):
            out[f"Example {i}"] = item
        elif isinstance(item, Sequence) and len(item) == 2:
            out[str(item[0])] = str(item[1])
        elif isinstance(item, Mapping) and "query" in item:
            out[str(item.get("name") or item.get("title") or f"Example {i}")] = str(item["query"])
    return out
