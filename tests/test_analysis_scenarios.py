"""The alignment analysis on hand-built scenarios whose answers are known (pure functions, no store)."""

from __future__ import annotations

import itertools
import math
import random

import pytest

from graph.alignment import dyad_scores, report_weights
from graph.analysis import analyze
from graph.blocs import balance_index, frustrated_edges, signed_blocs, signed_graph

QUARTER_DATES = ["2024-02-15", "2024-05-15", "2024-08-15", "2024-11-15"]


def rel(s, t, pol, date, article=None, type_=None, intensity=None, symmetric=False, sentence=None):
    type_ = type_ or ("COOPERATE" if pol > 0 else "ACCUSE" if pol < 0 else "CONSULT")
    return {"source": s, "target": t, "polarity": pol, "intensity": intensity, "date": date, "type": type_,
            "symmetric": symmetric, "negated": False, "article": article or f"{s}-{t}-{date}-{type_}",
            "sentence": sentence or f"{s} {'cooperates with' if pol > 0 else 'confronts'} {t} on {date}."}


A, B = ["A1", "A2", "A3"], ["B1", "B2", "B3"]


def camp_relations(date, a_side, b_side):
    rows = [rel(x, y, 1, date) for side in (a_side, b_side) for x, y in itertools.combinations(side, 2)]
    rows += [rel(x, y, -1, date) for x in a_side for y in b_side]
    return rows


def blocs_of(result, window):
    rep = next(r for r in result["blocs"] if r["window"] == window)
    return [b["members"] for b in rep["blocs"]], rep


def test_two_blocs_that_stay_put():
    rows = [r for d in QUARTER_DATES for r in camp_relations(d, A, B)]
    result = analyze(rows, window="quarter")
    assert [w["id"] for w in result["windows"]] == ["2024Q1", "2024Q2", "2024Q3", "2024Q4"]
    ids = set()
    for w in ["all"] + [w["id"] for w in result["windows"]]:
        members, rep = blocs_of(result, w)
        assert members == [A, B]
        assert rep["balance_index"] == 1.0 and rep["frustration"] == 0.0 and rep["frustrated_edges"] == []
        if w != "all":
            ids.add(tuple(b["id"] for b in rep["blocs"]))
    assert ids == {("B1", "B2")}  # the same stable ids in every window
    assert result["shifts"] == []


def test_one_actor_defects_halfway():
    rows = []
    for i, d in enumerate(QUARTER_DATES):
        rows += camp_relations(d, A, B)
        friends, foes = (A, B) if i < 2 else (B, A)
        rows += [rel("X", f, 1, d, sentence=f"X sides with {f} ({d}).") for f in friends]
        rows += [rel("X", f, -1, d, sentence=f"X attacks {f} ({d}).") for f in foes]
    result = analyze(rows, window="quarter")
    assert blocs_of(result, "2024Q2")[0] == [A + ["X"], B]
    assert blocs_of(result, "2024Q3")[0] == [B + ["X"], A]

    changes = [s for s in result["shifts"] if s["basis"] == "bloc"]
    assert [(c["actor"], c["from_window"], c["to_window"], c["joined"], c["left"]) for c in changes] == [
        ("X", "2024Q2", "2024Q3", B, A)]
    assert changes[0]["evidence"] and all(e["window"] == "2024Q3" for e in changes[0]["evidence"])

    moves = {(s["actor"], s["direction"], s["partner"]): s for s in result["shifts"] if s["basis"] == "series"}
    assert {k for k in moves if k[0] == "X"} == {("X", "toward", b) for b in B} | {("X", "away_from", a) for a in A}
    s = moves[("X", "toward", "B1")]
    assert (s["from_window"], s["to_window"], s["from_score"], s["to_score"], s["magnitude"]) == (
        "2024Q2", "2024Q3", -1.0, 1.0, 2.0)
    sentences = [e["sentence"] for e in s["evidence"]]
    assert "X attacks B1 (2024-05-15)." in sentences and "X sides with B1 (2024-08-15)." in sentences
    # nobody else moved
    assert {k[0] for k in moves} == {"X"} | set(A) | set(B)
    assert all("X" in (k[0], k[2]) for k in moves)


def test_balanced_and_unbalanced_triangles():
    balanced = {("A", "B"): {"score": 1}, ("B", "C"): {"score": -1}, ("A", "C"): {"score": -1}}
    unbalanced = {("A", "B"): {"score": 1}, ("B", "C"): {"score": 1}, ("A", "C"): {"score": -1}}
    all_enemies = {k: {"score": -1} for k in balanced}
    G = signed_graph(balanced)
    assert balance_index(G) == {"triangles": 1, "balanced": 1, "index": 1.0}
    assert signed_blocs(G) == [["A", "B"], ["C"]] and frustrated_edges(G, signed_blocs(G)) == []
    G = signed_graph(unbalanced)
    assert balance_index(G)["index"] == 0.0
    assert len(frustrated_edges(G, signed_blocs(G))) == 1  # no partition of a +,+,- triangle frustrates nothing
    assert balance_index(signed_graph(all_enemies))["index"] == 0.0
    # through analyze: the frustrated edge is listed
    rows = [rel("A", "B", 1, "2025-01-01"), rel("B", "C", 1, "2025-01-01"), rel("A", "C", -1, "2025-01-01")]
    _, rep = blocs_of(analyze(rows, window="year"), "2025")
    assert rep["balance_index"] == 0.0 and len(rep["frustrated_edges"]) == 1 and rep["frustration"] == 1.0


def test_a_pair_turns_from_cooperation_to_conflict():
    rows = [rel("RUS", "AZE", 1, "2024-03-01", sentence="Moscow and Baku sign a pact."),
            rel("RUS", "AZE", 1, "2024-03-20"),
            rel("RUS", "AZE", -1, "2024-12-25", type_="ASSAULT", intensity=-10.0,
                sentence="A Russian missile shot down an Azerbaijani plane.")]
    result = analyze(rows, window="quarter")
    scores = {(d["window"]): d["score"] for d in result["dyads"]}
    assert scores["2024Q1"] == 1.0 and scores["2024Q4"] == -1.0 and scores["all"] == pytest.approx(1 / 3)
    shifts = [s for s in result["shifts"] if s["basis"] == "series"]
    assert [(s["actor"], s["direction"], s["partner"], s["from_window"], s["to_window"], s["magnitude"])
            for s in shifts] == [("AZE", "away_from", "RUS", "2024Q1", "2024Q4", 2.0),
                                 ("RUS", "away_from", "AZE", "2024Q1", "2024Q4", 2.0)]
    assert "A Russian missile shot down an Azerbaijani plane." in [e["sentence"] for e in shifts[0]["evidence"]]


def test_undated_records_count_in_totals_not_in_series():
    rows = [rel("A", "B", 1, "2025-01-10", article="a1"), rel("A", "B", 1, "2025-04-10", article="a2"),
            rel("A", "C", -1, None, article="u1"), rel("B", "C", -1, None, article="u1"),
            rel("A", "C", -1, None, article="u2")]
    result = analyze(rows, window="quarter")
    assert result["undated"] == {"relations": 3, "articles": 2, "in_series": False}
    assert result["totals"]["relations"] == 5
    assert [w["relations"] for w in result["windows"]] == [1, 1]
    assert {(d["a"], d["b"]) for d in result["dyads"] if d["window"] == "all"} == {("A", "B"), ("A", "C"), ("B", "C")}
    assert all(d["b"] != "C" for d in result["dyads"] if d["window"] != "all")
    assert blocs_of(result, "all")[0] == [["A", "B"], ["C"]]
    # article mode: every article a step, undated first (flagged), then by date
    art = analyze(rows, window="article")
    assert [(w["id"], w["dated"]) for w in art["windows"]] == [("u1", False), ("u2", False), ("a1", True), ("a2", True)]
    assert art["undated"]["in_series"] is True


def test_since_until_keep_undated():
    rows = [rel("A", "B", 1, "2024-01-10"), rel("A", "B", -1, "2025-04-10"), rel("A", "C", -1, None)]
    result = analyze(rows, window="year", since="2025-01-01")
    assert [w["id"] for w in result["windows"]] == ["2025"] and result["undated"]["relations"] == 1


def test_repeated_reports_weigh_less_than_independent_events():
    one_event = [rel("A", "B", 1, "2025-01-01", article=f"paper{i}", type_="AGREE") for i in range(5)]
    three_events = [rel("A", "B", -1, f"2025-01-0{d}", type_="ACCUSE") for d in (2, 3, 4)]
    d = dyad_scores(one_event + three_events)[("A", "B")]
    assert d["events"] == 4 and d["count"] == 8
    assert d["score"] < 0  # five reprints of one agreement weigh 1 + ln 5 = 2.6 < 3 independent accusations


def test_time_decay_favours_recent_relations():
    rows = [rel("A", "B", 1, "2025-01-01"), rel("A", "B", -1, "2025-03-31")]
    assert dyad_scores(rows)[("A", "B")]["score"] == 0.0
    decayed = dyad_scores(rows, half_life=30)[("A", "B")]["score"]
    assert -1 < decayed < -0.4
    result = analyze(rows, window="quarter", half_life=30)
    assert result["dyads"][0]["score"] == pytest.approx(decayed)


def test_local_search_recovers_planted_blocs_deterministically():
    rng = random.Random(7)
    left, right = [f"L{i:02d}" for i in range(12)], [f"R{i:02d}" for i in range(12)]
    dyads = {}
    for a, b in itertools.combinations(left + right, 2):
        if rng.random() < 0.6:
            same = (a[0] == b[0])
            sign = 1 if same else -1
            if rng.random() < 0.1:
                sign = -sign  # noise
            dyads[(a, b)] = {"score": sign * rng.uniform(0.3, 1.0)}
    G = signed_graph(dyads)
    first = signed_blocs(G, seed=3)
    assert first == signed_blocs(G, seed=3)
    assert sorted(first[:2]) == [left, right]


def test_profile_lists_allies_and_adversaries_over_time():
    rows = [rel("AZE", "RUS", 1, "2024-02-01"), rel("AZE", "TUR", 1, "2025-02-01"), rel("RUS", "AZE", -1, "2025-02-02")]
    prof = analyze(rows, window="year", actor="AZE")["profile"]
    assert [(p["window"], [a["id"] for a in p["allies"]], [a["id"] for a in p["adversaries"]])
            for p in prof["windows"]] == [("all", ["TUR"], []), ("2024", ["RUS"], []), ("2025", ["TUR"], ["RUS"])]


def test_bad_window_spec():
    with pytest.raises(ValueError, match="window must be"):
        analyze([], window="weekly")


def test_an_article_restating_an_event_reports_it_once():
    """Its title and two paragraphs state one agreement: one report, as much as one sentence would weigh."""
    restated = [rel("A", "B", 1, "2025-01-01", article="x", type_="AGREE") for _ in range(3)]
    assert sum(report_weights(restated)) == pytest.approx(1.0)
    assert sum(report_weights(restated + [rel("A", "B", 1, "2025-01-01", article="y", type_="AGREE")])) \
        == pytest.approx(1 + math.log(2))
