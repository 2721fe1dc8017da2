"""The network page HTML is self-contained, escapes article text and styles edges by polarity."""

from __future__ import annotations

import doctest
import json
import re

import networkx as nx
import pytest

import explorer.network_html as network_module
from explorer.network_html import PHYSICS_MAX_NODES, POLARITY_COLORS, external_references, network_html

XSS = "<script>alert(1)</script>"


def _data(page: str, name: str) -> list[dict]:
    match = re.search(rf"{name} = new vis\.DataSet\((\[.*?\])\);", page, re.S)
    assert match, f"no {name} DataSet in the page"
    return json.loads(match.group(1))


@pytest.fixture
def triangle() -> nx.DiGraph:
    G = nx.DiGraph()
    G.add_node("RUS", label="Russia", kind="state", country="RUS")
    G.add_node("AZE", label="Azerbaijan", kind="state", country="AZE")
    G.add_node("TUR", label="Turkey", kind="state", country="TUR")
    G.add_edge("RUS", "AZE", weight=4, count=4, sign=-1, score=-1.0)
    G.add_edge("AZE", "TUR", weight=1, count=1, sign=1, score=1.0)
    G.add_edge("TUR", "RUS", weight=2, count=2, sign=0, score=0.0)
    return G


def test_doctests():
    assert doctest.testmod(network_module).failed == 0


def test_no_external_source_and_vis_inline(triangle):
    page = network_html(triangle, {n: {"pagerank": 1 / 3} for n in triangle})
    refs = re.findall(r"\b(?:src|href)\s*=\s*[\"']?([^\"'\s>]+)", page, re.I)
    assert not [r for r in refs if r.startswith(("http://", "https://", "//"))], refs
    assert external_references(page) == []
    assert "cdn.jsdelivr" not in page and "cdnjs.cloudflare" not in page
    # vis-network itself is in an inline <script>, and so is its CSS
    inline = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert any("vis-network" in body and "Network" in body for body in inline)
    assert ".vis-network" in page or ".vis-tooltip" in page
    assert "new vis.Network(" in page


def test_article_text_escaped():
    G = nx.DiGraph()
    G.add_node("X", label=XSS, kind="group", country=None)
    G.add_node("Y", label='Y "quoted" & co', kind="state", country="<b>")
    G.add_edge("X", "Y", weight=1, sign=-1)
    page = network_html(G)
    assert XSS not in page
    nodes = {n["id"]: n for n in _data(page, "nodes")}
    assert nodes["X"]["label"] == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert "&lt;script&gt;" in nodes["X"]["title"]
    assert nodes["Y"]["label"] == "Y &quot;quoted&quot; &amp; co"
    assert "country: &lt;b&gt;" in nodes["Y"]["title"]
    (edge,) = _data(page, "edges")
    assert XSS not in edge["title"]


def test_edge_colours_widths_and_node_sizes(triangle):
    centrality = {"RUS": {"pagerank": 0.5}, "AZE": {"pagerank": 0.3}, "TUR": {"pagerank": 0.2}}
    page = network_html(triangle, centrality)
    edges = {(e["from"], e["to"]): e for e in _data(page, "edges")}
    assert edges[("RUS", "AZE")]["color"] == POLARITY_COLORS["conflictual"]
    assert edges[("AZE", "TUR")]["color"] == POLARITY_COLORS["cooperative"]
    assert edges[("TUR", "RUS")]["color"] == POLARITY_COLORS["neutral"]
    assert edges[("RUS", "AZE")]["width"] > edges[("TUR", "RUS")]["width"] > edges[("AZE", "TUR")]["width"]
    nodes = {n["id"]: n for n in _data(page, "nodes")}
    assert nodes["RUS"]["size"] > nodes["AZE"]["size"] > nodes["TUR"]["size"]
    assert "kind: state" in nodes["RUS"]["title"] and "country: RUS" in nodes["RUS"]["title"]


def test_positions_are_seeded_and_physics_off_for_large_graphs(triangle):
    assert network_html(triangle, seed=3) == network_html(triangle, seed=3)
    big = nx.gnm_random_graph(PHYSICS_MAX_NODES + 10, 300, seed=1, directed=True)
    nx.set_node_attributes(big, "state", "kind")
    page = network_html(big)
    assert '"enabled": false' in page.split("var options = ", 1)[1][:400]
    assert all("x" in n and "y" in n for n in _data(page, "nodes"))
    small = network_html(triangle)
    assert '"enabled": true' in small.split("var options = ", 1)[1][:400]


def test_empty_graph_renders():
    page = network_html(nx.DiGraph())
    assert _data(page, "nodes") == [] and external_references(page) == []


def test_evidence_panel_is_script_safe_and_bloc_coloured(triangle):
    from explorer.network_html import BLOC_COLORS

    evidence = {("RUS", "AZE"): [{"sentence": "</script><script>alert(1)</script>", "type": "ASSAULT",
                                  "polarity": -1, "date": "2025-07-04", "title": "<b>T</b>",
                                  "url": "javascript:alert(1)", "source": "Russia", "target": "Azerbaijan"}]}
    page = network_html(triangle, blocs={"RUS": "B2", "AZE": "B1", "TUR": "B1"}, evidence=evidence)
    assert "</script><script>alert(1)" not in page  # '<' is \u003c inside the panel data
    assert "\\u003c/script>\\u003cscript>alert(1)" in page
    assert "textContent" in page and "innerHTML" not in page.split('id="ag-panel"', 1)[1]
    assert external_references(page) == []
    nodes = {n["id"]: n for n in _data(page, "nodes")}
    assert nodes["AZE"]["color"] == nodes["TUR"]["color"] == BLOC_COLORS[0]
    assert nodes["RUS"]["color"] == BLOC_COLORS[1]
    assert "bloc: B2" in nodes["RUS"]["title"]
    edges = _data(page, "edges")
    assert all(e["id"].startswith("e") for e in edges)
