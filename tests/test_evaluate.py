"""extract.evaluate: gold loading and scoring on small inputs whose answers are known by hand."""

from __future__ import annotations

import pytest

from extract.evaluate import (
    GOLD_DIR, GoldSentence, PredictedDyad, Scores, baseline_records, cameo_actor, format_table,
    load_alliance_gold, load_petrarch_gold, load_seed_gold, predicted_dyads, score_dyads, score_seed_articles,
    seed_articles,
)
from extract.loaders import Article


def gold(sid, *dyads_with_polarity):
    return GoldSentence(sid, "text", tuple(d for d, _ in dyads_with_polarity), dict(dyads_with_polarity))


def rec(article, src, tgt, polarity, symmetric=False, sentence="", kind_src=None):
    return {"article": article, "source": {"id": src, "country": src}, "target": {"id": tgt, "country": tgt},
            "polarity": polarity, "symmetric": symmetric, "type": "X", "sentence": sentence}


# -- gold loading --------------------------------------------------------------

def test_gold_files_ship_inside_the_package():
    for name in ("petrarch2_gsr_validation.jsonl", "seed_articles_gold.json", "README.md",
                 "LICENSE.UniversalPetrarch", "seed_articles/004_e9f209920a997efe.txt"):
        assert (GOLD_DIR / name).is_file(), name
    assert "tests" not in GOLD_DIR.parts


def test_load_petrarch_gold():
    sentences = load_petrarch_gold()
    assert len(sentences) == 78
    by_id = {s.id: s for s in sentences}
    assert sum(1 for s in sentences if not s.dyads) == 12
    # BRA -> USA and USA -> BRA, both verbal cooperation
    assert by_id["AFP0808020675_1"].dyads == (("BRA", "USA"), ("USA", "BRA"))
    assert by_id["AFP0808020675_1"].polarity == {("BRA", "USA"): 1, ("USA", "BRA"): 1}
    # GUYJUD -> BRAPPL, material conflict
    assert by_id["AFP0808020705_1"].polarity == {("GUY", "BRA"): -1}
    # non-country actors keep their code; quad class 0 is neutral
    assert by_id["GOLD_3"].dyads == (("UKR", "IGOEUREEC"),)
    assert by_id["TEST_6"].polarity == {("SOM", "KEN"): 0}
    assert sum(s.real_news for s in sentences) == 35


@pytest.mark.parametrize("code, actor", [("RUSGOV", "RUS"), ("PSEGZACVL", "PSE"), ("USA", "USA"),
                                         ("IGOUNOMIL", "IGOUNO"), ("IGOXYZMIL", "IGOXYZMIL"),
                                         ("---REB", "---REB")])
def test_cameo_actor(code, actor):
    assert cameo_actor(code) == actor


def test_load_seed_gold():
    g = load_seed_gold()
    assert len(g["000_d556f14b6f535caa.txt"]["required"]) == 6
    assert len(g["004_e9f209920a997efe.txt"]["required"]) == 5
    assert g["004_e9f209920a997efe.txt"]["date"] == "2025-07-04"
    assert [a.id for a in seed_articles()] == sorted(g)


def test_load_alliance_gold():
    sentences = load_alliance_gold()
    assert len(sentences) == 60
    assert len({s.id for s in sentences}) == 60
    assert not {s.id for s in sentences} & {s.id for s in load_petrarch_gold()}
    assert sum(1 for s in sentences if not s.dyads) == 13
    assert sum(len(s.dyads) for s in sentences) == 90
    by_id = {s.id: s for s in sentences}
    # symmetric meeting: both directions; leaders count as their state
    assert by_id["ALLY_01"].polarity == {("TUR", "HUN"): 1, ("HUN", "TUR"): 1}
    # a non-state actor is scored as its country (Hamas -> PSE); an IGO keeps its code
    assert by_id["ALLY_04"].dyads == (("PSE", "ISR"),)
    assert by_id["ALLY_12"].polarity == {("IGOAFRAFU", "NER"): -1}
    # appeals are neutral (CAMEO 02)
    assert set(by_id["ALLY_11"].polarity.values()) == {0}
    assert (GOLD_DIR / "alliance_sentences.jsonl").is_file()


# -- score_dyads ---------------------------------------------------------------

def test_exact_directed_match_and_misses():
    g = [gold("s1", (("RUS", "AZE"), -1), (("AZE", "TUR"), 1)), gold("s2", (("USA", "CHN"), 1))]
    p = {"s1": [PredictedDyad("RUS", "AZE", -1), PredictedDyad("AZE", "RUS", -1)],
         "s2": [PredictedDyad("USA", "CHN", -1)]}
    s = score_dyads(p, g)
    # tp: RUS>AZE, USA>CHN; fp: AZE>RUS; fn: AZE>TUR
    assert (s.tp, s.fp, s.fn) == (2, 1, 1)
    assert (s.precision, s.recall) == (pytest.approx(2 / 3, abs=1e-4), pytest.approx(2 / 3, abs=1e-4))
    assert s.f1 == pytest.approx(2 / 3, abs=1e-4)
    assert s.polarity_accuracy == 0.5  # USA>CHN predicted conflictual, gold cooperative


def test_direction_matters_for_directed_predictions():
    s = score_dyads({"s1": [PredictedDyad("AZE", "RUS", -1)]}, [gold("s1", (("RUS", "AZE"), -1))])
    assert (s.tp, s.fp, s.fn, s.f1, s.polarity_accuracy) == (0, 1, 1, 0.0, None)


def test_symmetric_prediction_matches_either_direction():
    g = [gold("s1", (("TUR", "ARM"), 1)), gold("s2", (("BRA", "USA"), 1), (("USA", "BRA"), 1))]
    p = {"s1": [PredictedDyad("ARM", "TUR", 1, symmetric=True)],
         "s2": [PredictedDyad("USA", "BRA", 1, symmetric=True)]}
    s = score_dyads(p, g)
    # one symmetric prediction finds both directions of s2
    assert (s.tp, s.fp, s.fn) == (3, 0, 0)
    assert s == Scores(1.0, 1.0, 1.0, 1.0, 3, 0, 0)


def test_repeated_predictions_merge_and_polarity_is_the_sign_of_the_sum():
    g = [gold("s1", (("RUS", "UKR"), -1))]
    p = {"s1": [PredictedDyad("RUS", "UKR", -1), PredictedDyad("RUS", "UKR", -1),
                PredictedDyad("RUS", "UKR", 1), PredictedDyad("RUS", "UKR", 0, symmetric=True)]}
    assert score_dyads(p, g) == Scores(1.0, 1.0, 1.0, 1.0, 1, 0, 0)


def test_sentence_without_events_counts_every_prediction_as_false():
    g = [gold("s1")]
    s = score_dyads({"s1": [PredictedDyad("FRA", "RWA", 1)], "other": [PredictedDyad("A", "B")]}, g)
    assert (s.tp, s.fp, s.fn, s.precision, s.recall, s.f1) == (0, 1, 0, 0.0, 0.0, 0.0)


def test_score_dyads_takes_records():
    records = [{"article": "s1", "source": {"id": "Erdogan", "country": "TUR"},
                "target": {"id": "IGOEUREEC", "country": None}, "polarity": 1, "symmetric": False}]
    assert predicted_dyads(records) == {"s1": [PredictedDyad("TUR", "IGOEUREEC", 1, False)]}
    assert score_dyads(records, [gold("s1", (("TUR", "IGOEUREEC"), 1))]).f1 == 1.0


# -- score_seed_articles --------------------------------------------------------

SEED = {
    "a": {"required": [
        {"source": "RUS", "target": "AZE", "polarity": -1, "directed": True, "evidence": "missile shot down plane"},
        {"source": "RUS", "target": "AZE", "polarity": -1, "directed": True, "evidence": "authorities arrested nationals"},
        {"source": "TUR", "target": "ARM", "polarity": 1, "directed": False, "evidence": "historic meeting"},
    ], "acceptable": [
        {"source": "RUS", "target": "UKR", "polarity": -1, "directed": True, "evidence": "war"},
    ]},
}


def test_seed_each_record_finds_one_required_relation():
    records = [rec("a", "RUS", "AZE", -1, sentence="A Russian missile shot down a plane."),
               rec("a", "ARM", "TUR", 1, sentence="A historic meeting.")]
    r = score_seed_articles(records, SEED)
    assert (r["required_found"], r["required_total"]) == (2, 3)
    assert [m["evidence"] for m in r["missing"]] == ["authorities arrested nationals"]
    assert r["false_positives"] == []


def test_seed_direction_polarity_and_false_positives():
    records = [
        rec("a", "AZE", "RUS", -1, sentence="wrong direction"),          # fp: gold is directed RUS>AZE
        rec("a", "AZE", "RUS", -1, symmetric=True, sentence="tension"),   # symmetric: matches RUS>AZE
        rec("a", "RUS", "AZE", 1, sentence="wrong polarity"),             # fp
        rec("a", "RUS", "UKR", -1, sentence="war"),                       # acceptable
        rec("a", "RUS", "RUS", -1, sentence="internal"),                  # same country: not counted
        rec("b", "RUS", "AZE", -1, sentence="other article"),             # not a gold article
    ]
    r = score_seed_articles(records, SEED)
    assert r["required_found"] == 1
    assert sorted(fp["sentence"] for fp in r["false_positives"]) == ["wrong direction", "wrong polarity"]


# -- baseline and table ----------------------------------------------------------

def test_baseline_pairs_every_ordered_pair_of_distinct_countries():
    recs = baseline_records([Article("x", "Russia shot down an Azerbaijani plane over Russia. Baku protested to Moscow and Ankara.")])
    pairs = [(r["sentence_index"], r["source"]["country"], r["target"]["country"], r["polarity"]) for r in recs]
    assert pairs == [
        (0, "RUS", "AZE", -1), (0, "AZE", "RUS", -1),
        (1, "AZE", "RUS", -1), (1, "AZE", "TUR", -1), (1, "RUS", "AZE", -1), (1, "RUS", "TUR", -1),
        (1, "TUR", "AZE", -1), (1, "TUR", "RUS", -1),
    ]


def test_baseline_ignores_lowercase_us_and_reaches_its_scores():
    assert baseline_records([Article("x", "Tell us about France and Germany.")])[0]["source"]["country"] == "FRA"
    assert len(baseline_records([Article("x", "Tell us about France.")])) == 0
    g = load_petrarch_gold()
    s = score_dyads(baseline_records([Article(x.id, x.text) for x in g]), g)
    assert s.f1 >= 0.35 and s.recall >= 0.45


def test_format_table_lists_each_system():
    s = Scores(0.5, 0.25, 0.3333, None, 1, 1, 3)
    seed = {"required_found": 0, "required_total": 11, "missing": [], "false_positives": []}
    table = format_table({"petrarch": {"extractor": s, "baseline": s}, "seed": {"baseline": seed}})
    lines = table.splitlines()
    assert lines[0].split()[:2] == ["gold", "set"]
    assert "PETRARCH" in lines[2] and "extractor" in lines[2] and " - " in lines[2]
    assert "baseline" in lines[3]
    assert lines[4].startswith("seed articles") and "0/11" in lines[4]
