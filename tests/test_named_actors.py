"""Named organisations and groups the tables do not list are actors of their own (extract.named_actors)."""

import pytest
import spacy
from spacy.tokens import Doc, Span

from extract.relations import extract_relations

NLP = spacy.blank("en")


def _doc(words, heads, deps, pos, lemmas, ents):
    doc = Doc(NLP.vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas,
              sent_starts=[True] + [False] * (len(words) - 1))
    doc.ents = [Span(doc, start, end, label=label, span_id=code) for (start, end), (label, code) in ents.items()]
    return doc


def test_an_unlisted_organisation_acts_under_its_own_id():
    # Oxfam International accused Peru
    doc = _doc(["Oxfam", "International", "accused", "Peru"], [1, 2, 2, 2], ["compound", "nsubj", "ROOT", "dobj"],
               ["PROPN", "PROPN", "VERB", "PROPN"], ["Oxfam", "International", "accuse", "Peru"],
               {(0, 2): ("ORG", ""), (3, 4): ("GPE", "PER")})
    (rel,) = extract_relations(doc)
    assert rel["source"]["id"] == "org:oxfam-international" and rel["source"]["kind"] == "org"
    assert rel["source"]["label"] == "Oxfam International" and rel["target"]["id"] == "PER"


def test_a_named_group_is_a_group_and_a_listed_name_keeps_its_table_id():
    # Mennonites criticised the ruling party / Peru criticised Mennonites
    doc = _doc(["Mennonites", "criticised", "Peru"], [1, 1, 1], ["nsubj", "ROOT", "dobj"],
               ["PROPN", "VERB", "PROPN"], ["Mennonites", "criticise", "Peru"],
               {(0, 1): ("NORP", ""), (2, 3): ("GPE", "PER")})
    (rel,) = extract_relations(doc)
    assert (rel["source"]["id"], rel["source"]["kind"], rel["target"]["id"]) == ("group:mennonites", "group", "PER")


@pytest.mark.model
def test_unlisted_organisations_on_real_parses(nlp):
    doc = nlp("The Baltic Fishermen Association accused Ethiopia of blocking aid convoys.")
    pairs = {(r["source"]["id"], r["target"]["id"], r["type"]) for r in doc._.relations}
    assert ("org:baltic-fishermen-association", "ETH", "ACCUSE") in pairs
