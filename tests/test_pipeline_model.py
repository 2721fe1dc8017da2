"""The real model: loading, the streaming pipeline, and the seed-article quality bar."""

import json
from collections import defaultdict
from pathlib import Path

import pytest

from extract.loaders import Article
from extract.model import ModelNotFound, load_model
from extract.pipeline import extract_articles

ROOT = Path(__file__).resolve().parents[1]
GOLD = json.loads((ROOT / "extract" / "data" / "gold" / "seed_articles_gold.json").read_text(encoding="utf-8"))
FIELDS = {"article", "sentence", "sentence_index", "char_start", "char_end", "source", "target", "type",
          "quad_class", "polarity", "intensity", "negated", "symmetric", "confidence", "trigger", "date"}


@pytest.fixture(scope="module")
def seed_records(nlp):
    arts = [Article(id=name, text=(ROOT / "data" / "demo" / name).read_text(encoding="utf-8"), date=g["date"])
            for name, g in GOLD["articles"].items()]
    return {a.id: (a, recs) for a, recs in extract_articles(arts, nlp)}


def _side(m):
    return m["country"] or m["id"]


def _matches(r, e):
    s, t = _side(r["source"]), _side(r["target"])
    if r["polarity"] != e["polarity"]:
        return False
    if e["directed"] and not r["symmetric"]:
        return (s, t) == (e["source"], e["target"])
    return {s, t} == {e["source"], e["target"]}


def test_unknown_model_raises_one_line():
    with pytest.raises(ModelNotFound) as info:
        load_model("no_such_pipeline_abc")
    assert "\n" not in str(info.value)


@pytest.mark.model
def test_pipeline_order(nlp):
    names = nlp.pipe_names
    assert names.index("alliance_actor_ruler") < names.index("ner") < names.index("alliance_relations")


@pytest.mark.model
def test_seed_required_relations_found_with_few_false_positives(seed_records):
    missing, false_pos = [], []
    for name, g in GOLD["articles"].items():
        _, recs = seed_records[name]
        listed = g["required"] + g["acceptable"]
        missing += [e["evidence"] for e in g["required"] if not any(_matches(r, e) for r in recs)]
        false_pos += [r["sentence"] for r in recs if not any(_matches(r, e) for e in listed)]
    assert missing == []
    assert len(false_pos) <= 3, false_pos


@pytest.mark.model
def test_seed_net_alignment(seed_records):
    net = defaultdict(int)
    for _, recs in seed_records.values():
        for r in recs:
            net[frozenset((_side(r["source"]), _side(r["target"])))] += r["polarity"]
    assert net[frozenset({"AZE", "RUS"})] < 0
    assert net[frozenset({"AZE", "TUR"})] > 0
    assert net[frozenset({"AZE", "ISR"})] > 0


@pytest.mark.model
def test_records_follow_the_contract(seed_records):
    for name, (article, recs) in seed_records.items():
        assert recs
        for r in recs:
            assert set(r) == FIELDS
            assert r["article"] == name and r["date"] == article.date
            assert article.text[r["char_start"]:r["char_end"]] == r["sentence"]
            for side in ("source", "target"):
                m = r[side]
                assert article.text[m["start"]:m["end"]] == m["text"]
                assert m["kind"] in {"state", "igo", "person", "org", "group"}
            assert -10 <= r["intensity"] <= 10 and r["quad_class"] in {0, 1, 2, 3, 4}


@pytest.mark.model
def test_not_actors(seed_records):
    texts = {r[side]["text"] for _, recs in seed_records.values() for r in recs for side in ("source", "target")}
    for bad in ("Caucasus", "Maxim Trudolyubov", "Vojennij Obozrevatel", "Hugging Face", "Discord", "GhostAI"):
        assert not any(bad in t for t in texts)


@pytest.mark.model
def test_streaming_keeps_order_and_long_texts_are_split(nlp):
    sentence = "Russia attacked Georgia. Turkey helped Azerbaijan. "
    long_text = "Intro line.\n" + sentence * 300
    old = nlp.max_length
    nlp.max_length = 2000  # force chunking of the long article
    try:
        arts = [Article(id="a", text=sentence, date="2025-01-01"), Article(id="b", text=long_text, date=None)]
        out = list(extract_articles(iter(arts), nlp, batch_size=2))
    finally:
        nlp.max_length = old
    assert [a.id for a, _ in out] == ["a", "b"]
    recs_b = out[1][1]
    assert len(recs_b) >= 590  # the statistical parser may miss one or two
    for r in recs_b:
        assert long_text[r["source"]["start"]:r["source"]["end"]] == r["source"]["text"]
        assert long_text[r["char_start"]:r["char_end"]] == r["sentence"]
    assert len({r["sentence_index"] for r in recs_b}) == len(recs_b)  # indices run across chunks


@pytest.mark.model
def test_surnames_and_subject_pronouns_resolve(nlp):
    def rels(text):
        return {(r["source"]["id"], r["target"]["id"], r["type"]) for r in nlp(text)._.relations}

    assert ("GEO", "TUR", "SUPPORT") in rels(
        "Georgian Prime Minister Irakli Garibashvili visited Ankara. Garibashvili praised Turkey.")
    assert ("RUS", "MDA", "THREATEN") in rels("Russia attacked Ukraine. It also threatened Moldova.")
    assert {("TUR", "ARM", "ACCUSE"), ("AZE", "ARM", "ACCUSE")} <= rels(
        "Turkey and Azerbaijan signed a pact. They condemned Armenia.")


def test_a_headline_is_read_and_its_offsets_are_in_the_title(nlp):
    from extract.loaders import Article
    from extract.pipeline import TITLE_INDEX

    article = Article("h", "Officials met on Monday. Nothing else was said.", "Norway accuses Sweden of spying",
                      "2024-05-01")
    (_, records), = extract_articles([article], nlp)
    title = [r for r in records if r["sentence_index"] == TITLE_INDEX]
    assert [(r["source"]["id"], r["target"]["id"], r["type"]) for r in title] == [("NOR", "SWE", "ACCUSE")]
    r = title[0]
    assert r["sentence"] == article.title and article.title[r["target"]["start"]:r["target"]["end"]] == "Sweden"


def test_a_title_the_text_opens_with_is_read_once(nlp):
    from extract.loaders import Article

    text = "Norway accuses Sweden of spying\n\nOfficials met on Monday."
    (_, records), = extract_articles([Article("h", text, "Norway accuses Sweden of spying", None)], nlp)
    assert len(records) == 1 and records[0]["sentence_index"] == 0
