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
