"""Sentence starts at line breaks (the ``line_breaks`` component) and trimmed sentence records."""

import pytest
import spacy

from extract.sentences import mark_line_breaks, trimmed


def _starts(text):
    doc = mark_line_breaks(spacy.blank("en")(text))
    return [t.text for t in doc if t.is_sent_start and t.i > 0]


def test_blank_line_always_starts_a_sentence():
    assert _starts("Relations nose-dive between Russia and Azerbaijan\n\nPublished on July 4, 2025") == ["Published"]


def test_heading_line_starts_a_sentence():
    assert _starts("Diplomatic War and Arrests\nFollowing the incident, notes were exchanged.") == ["Following"]
    assert _starts("Russia attacked.\nthen it stopped") == ["then"]


def test_wrapped_line_is_left_to_the_parser():
    assert _starts("the talks between\nRussia and Azerbaijan went on") == []
    assert _starts("Russia and its ally,\nAzerbaijan") == []


def test_trimmed_drops_edge_whitespace():
    doc = spacy.blank("en")("\n Heading text\n\n")
    assert trimmed(doc[:]).text == "Heading text"


@pytest.mark.model
def test_headline_is_its_own_sentence_and_records_are_trimmed():
    from extract.loaders import Article
    from extract.pipeline import build_pipeline, extract_articles

    text = ("Relations nose-dive between Russia and former close ally Azerbaijan\n\n"
            "Published on July 4, 2025\n\nThe talks went on.")
    (_, recs), = extract_articles([Article(id="a", text=text)], build_pipeline())
    rec = next(r for r in recs if {r["source"]["id"], r["target"]["id"]} == {"RUS", "AZE"})
    assert rec["sentence"] == "Relations nose-dive between Russia and former close ally Azerbaijan"
    assert text[rec["char_start"]:rec["char_end"]] == rec["sentence"]
    assert rec["polarity"] == -1 and rec["symmetric"]
