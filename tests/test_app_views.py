"""The explorer's plain functions: filtering, ordering, formatting, the store fingerprint."""

from __future__ import annotations

import doctest

import networkx as nx

import explorer.views as views
import threading
import time

from explorer.resources import SharedStore, store_fingerprint
from explorer.views import evidence_markdown, filter_graph


def test_doctests():
    assert doctest.testmod(views).failed == 0


def _graph() -> nx.DiGraph:
    G = nx.DiGraph()
    for n, label in {"RUS": "Russia", "AZE": "Azerbaijan", "TUR": "Turkey", "ISR": "Israel"}.items():
        G.add_node(n, label=label, kind="state", country=n)
    G.add_edge("RUS", "AZE", weight=2, sign=-1)
    G.add_edge("AZE", "TUR", weight=1, sign=1)
    G.add_edge("ISR", "AZE", weight=1, sign=1)
    return G


def test_filter_keeps_node_attributes_and_drops_isolates():
    sub = filter_graph(_graph(), nodes=["RUS", "AZE", "TUR"], polarities=["cooperative"])
    assert sorted(sub.edges) == [("AZE", "TUR")]
    assert sub.nodes["AZE"]["label"] == "Azerbaijan"
    assert "RUS" not in sub


def test_filter_single_actor_still_shown():
    assert list(filter_graph(_graph(), nodes=["ISR"]).nodes) == ["ISR"]


def test_evidence_is_markdown_inert():
    text = evidence_markdown({"source_label": "*Bold*", "target_label": "[x](javascript:alert(1))", "type": "AID",
                              "polarity": 1, "sentence": "Costs rose to $5 bn :fire:", "article_title": "T",
                              "url": "javascript:alert(1)", "date": None})
    assert "\\*Bold\\*" in text and "\\$5" in text and "\\:fire\\:" in text
    assert "](javascript" not in text


def test_fingerprint_ignores_info_log(tmp_path):
    (tmp_path / "CURRENT").write_text("MANIFEST-1\n")
    before = store_fingerprint(tmp_path)
    (tmp_path / "LOG").write_text("reader opened")
    assert store_fingerprint(tmp_path) == before
    (tmp_path / "000001.sst").write_bytes(b"x")
    assert store_fingerprint(tmp_path) != before


def test_shared_store_serialises_reads():
    store = SharedStore(path="p", version="v", ds=object())
    inside, peak = [0], [0]

    def read(ds, pause):
        inside[0] += 1
        peak[0] = max(peak[0], inside[0])
        time.sleep(pause)
        inside[0] -= 1
        return ds

    threads = [threading.Thread(target=store.read, args=(read, 0.01)) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert peak[0] == 1
    assert store.read(read, 0) is store.ds


def test_data_doctests():
    import explorer.data as data

    assert doctest.testmod(data).failed == 0


def test_relation_table_and_exports_on_a_real_store(demo_store):
    import json

    from explorer.data import DATASET_FORMATS, actor_graph_of, actor_labels, dataset_export, graph_export, relation_table
    from graph.store import close_store, open_store

    ds = open_store(demo_store, read_only=True)
    try:
        rows = relation_table(ds)
        assert len(rows) == 5
        plane = next(r for r in rows if r["type"] == "ASSAULT")
        assert (plane["source_label"], plane["target_label"], plane["quad_class"], plane["source_kind"]) == (
            "Russia", "Azerbaijan", 4, "state")
        assert plane["article_title"] == "Azerbaijan blames Russia for airliner crash"
        exports = {fmt: dataset_export(ds, fmt) for fmt in DATASET_FORMATS}
    finally:
        close_store(ds)
    assert b"ag:Relation" in exports["Turtle"] or b"alliancegraph/ns#Relation" in exports["Turtle"]
    assert b"GRAPH" in exports["TriG"].upper() or b"{" in exports["TriG"]
    assert exports["N-Quads"].count(b"\n") > 50
    assert any("@graph" in g for g in json.loads(exports["JSON-LD"]))
    G = actor_graph_of(rows, actor_labels(rows))
    assert G["RUS"]["AZE"]["count"] == 2 and G["RUS"]["AZE"]["sign"] == -1
    graphml = graph_export(G, "GraphML", blocs={"RUS": "B2"})
    assert b"Azerbaijan" in graphml and b"B2" in graphml
    import networkx as nx
    import io

    back = nx.read_gexf(io.BytesIO(graph_export(G, "GEXF")))
    assert back.number_of_edges() == G.number_of_edges()


def test_actor_profile_from_the_cached_analysis_equals_analyze_with_the_actor(app_env):
    """The Actor page builds a profile from the window's cached analysis instead of analysing again."""
    from explorer import resources
    from graph.analysis import analyze_store
    from graph.store import close_store, open_store

    store = resources.current_store()
    ds = open_store(app_env, read_only=True)
    try:
        for window in ("quarter", "month", "article", "all"):
            for actor in ("AZE", "RUS", "TUR", "ISR", "NOBODY"):
                expected = analyze_store(ds, window=window, actor=actor)["profile"]["windows"]
                assert resources.actor_profile(store, store.path, store.version, window, actor) == expected
                assert expected[0]["window"] == "all"
                assert actor == "NOBODY" or any(p["allies"] or p["adversaries"] for p in expected)
    finally:
        close_store(ds)
