"""graph.centrality and graph.model on small named graphs whose answers are known by hand."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.centrality import actor_centrality, cooperation_pagerank, rank_actors, strength
from graph.model import (ACTOR, RecordError, actor_id, actor_iri, article_iri, article_quads, graph_iri,
                         validate_record)

# A cooperative star: three actors cooperate with C; C is dangling in the positive graph.
# PageRank by hand (alpha = 0.85, n = 4): c = 0.15/4 + 0.85 c/4 + 0.85 * 3 l and l = (1 - c) / 3
# give c = 0.8875 / 1.6375.
STAR_C = 0.8875 / 1.6375


def star() -> nx.DiGraph:
    G = nx.DiGraph()
    for leaf in ("L1", "L2", "L3"):
        G.add_edge(leaf, "C", count=1, positive=1, negative=0, sign=1)
    return G


def test_star_by_hand():
    c = actor_centrality(star())
    assert c["C"]["degree"] == 1.0 and c["L1"]["degree"] == pytest.approx(1 / 3)
    assert c["C"]["betweenness"] == 1.0 and c["L1"]["betweenness"] == 0.0
    assert c["C"]["strength_pos"] == 3.0 and c["C"]["strength_neg"] == 0.0
    assert c["C"]["pagerank"] == pytest.approx(STAR_C, abs=1e-6)
    assert c["L2"]["pagerank"] == pytest.approx((1 - STAR_C) / 3, abs=1e-6)


def test_networkx_pagerank_matches_the_hand_answer():
    # cooperation_pagerank is nx.pagerank (scipy) on the positive graph
    assert cooperation_pagerank(star())["C"] == pytest.approx(STAR_C, abs=1e-6)


def test_conflict_does_not_feed_pagerank():
    G = star()
    G.add_edge("C", "X", count=5, positive=0, negative=5, sign=-1)
    pr = cooperation_pagerank(G)
    # X receives no cooperation: only the teleport and dangling shares, the same as the leaves
    assert pr["X"] == pytest.approx(pr["L1"])
    assert max(pr, key=pr.get) == "C"
    assert strength(G, "negative") == {"L1": 0.0, "C": 5.0, "L2": 0.0, "L3": 0.0, "X": 5.0}


def test_edges_without_positive_negative_fall_back_to_sign_and_count():
    G = nx.DiGraph()
    G.add_edge("A", "B", count=3, sign=-1)
    G.add_edge("B", "C", weight=2, sign=1)
    assert strength(G, "negative") == {"A": 3.0, "B": 3.0, "C": 0.0}
    assert strength(G, "positive") == {"A": 0.0, "B": 2.0, "C": 2.0}
    with pytest.raises(ValueError):
        strength(G, "neutral")


def test_rank_actors():
    G = star()
    G.nodes["C"].update(label="Centre", kind="state")
    top = rank_actors(G, by="pagerank", top=2)
    assert [r["id"] for r in top] == ["C", "L1"]  # ties broken by id
    assert top[0]["label"] == "Centre" and top[0]["kind"] == "state" and top[1]["label"] == "L1"
    assert set(top[0]) == {"id", "label", "kind", "degree", "strength_pos", "strength_neg", "betweenness", "pagerank"}
    assert rank_actors(G, top=0) == []
    assert rank_actors(nx.DiGraph()) == []
    with pytest.raises(ValueError, match="by must be one of"):
        rank_actors(G, by="fame")


# -- model ------------------------------------------------------------------------------------------

def test_iris():
    assert actor_iri("RUS") == ACTOR["RUS"]
    assert actor_iri("EU/NATO x") == ACTOR["EU%2FNATO%20x"] and actor_id(actor_iri("EU/NATO x")) == "EU/NATO x"
    assert str(article_iri("000_d556f14b6f535caa.txt")).endswith("/article/000_d556f14b6f535caa.txt")
    assert "/article/h-" in str(article_iri("my article.txt"))
    assert graph_iri("abc") != graph_iri("abd")


def test_relation_iris_are_stable_and_distinct():
    rec = {"source": {"id": "RUS"}, "target": {"id": "AZE"}, "type": "ASSAULT", "polarity": -1,
           "sentence": "Russia attacked Azerbaijan.", "sentence_index": 0}
    art = {"id": "a", "text": "t"}
    rel = lambda quads: {s for s, p, o, g in quads if "/relation/" in s}  # noqa: E731
    g1, q1 = article_quads(art, [rec])
    g2, q2 = article_quads(art, [rec])
    assert g1 == g2 and q1 == q2
    assert rel(q1) != rel(article_quads(art, [dict(rec, sentence_index=1)])[1])


@pytest.mark.parametrize("rec, message", [
    ("not a dict", "must be an object"),
    ({"source": {"id": ""}, "target": {"id": "A"}, "type": "X", "polarity": 0, "sentence": ""}, "source.id"),
    ({"source": {"id": "A"}, "target": {"id": "B"}, "type": "two words", "polarity": 0, "sentence": ""}, "'type'"),
    ({"source": {"id": "A"}, "target": {"id": "B"}, "type": "X", "polarity": True, "sentence": ""}, "'polarity'"),
    ({"source": {"id": "A"}, "target": {"id": "B"}, "type": "X", "polarity": 0, "sentence": "",
      "intensity": float("nan")}, "'intensity'"),
    ({"source": {"id": "A"}, "target": {"id": "B"}, "type": "X", "polarity": 0, "sentence": "",
      "negated": "no"}, "'negated'"),
    ({"source": {"id": "A"}, "target": {"id": "B"}, "type": "X", "polarity": 0, "sentence": "",
      "date": "2025-02-30"}, "not a real date"),
])
def test_validate_record(rec, message):
    with pytest.raises(RecordError, match=message):
        validate_record(rec)


def test_docstring_examples_run():
    # pytest's --doctest-modules only collects under testpaths (tests/), so run graph/'s examples here
    import doctest

    import graph.centrality
    import graph.model

    for module in (graph.centrality, graph.model):
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert result.failed == 0, module.__name__
    assert doctest.testmod(graph.centrality).attempted >= 10
