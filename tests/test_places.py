"""A place is where a relation happened, never who it happened to (extract.places).

Hand-built parses test the rules exactly; the model tests read sentences written for these tests.
"""

import pytest
import spacy
from spacy.tokens import Doc, Span

from extract.places import dateline, place_slug
from extract.relations import extract_relations

NLP = spacy.blank("en")


def _doc(words, heads, deps, pos, lemmas, ents):
    doc = Doc(NLP.vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas,
              sent_starts=[True] + [False] * (len(words) - 1))
    doc.ents = [Span(doc, i, i + 1, label=label, span_id=code) for i, (label, code) in ents.items()]
    return doc


def _found(doc):
    return [(r["source"]["id"], r["target"]["id"], r["type"], (r.get("location") or {}).get("id"))
            for r in extract_relations(doc)]


def test_a_meeting_in_a_third_state_is_no_relation_with_it():
    # Chile and Peru met in Ecuador
    doc = _doc(["Chile", "and", "Peru", "met", "in", "Ecuador"], [3, 0, 0, 3, 3, 4],
               ["nsubj", "cc", "conj", "ROOT", "prep", "pobj"], ["PROPN", "CCONJ", "PROPN", "VERB", "ADP", "PROPN"],
               ["Chile", "and", "Peru", "meet", "in", "Ecuador"],
               {0: ("GPE", "CHL"), 2: ("GPE", "PER"), 5: ("GPE", "ECU")})
    assert _found(doc) == [("CHL", "PER", "CONSULT", "ECU")]


def test_an_attack_in_a_country_is_located_there_not_aimed_at_it():
    # Norway bombed depots in Sweden
    doc = _doc(["Norway", "bombed", "depots", "in", "Sweden"], [1, 1, 1, 2, 3],
               ["nsubj", "ROOT", "dobj", "prep", "pobj"], ["PROPN", "VERB", "NOUN", "ADP", "PROPN"],
               ["Norway", "bomb", "depot", "in", "Sweden"], {0: ("GPE", "NOR"), 4: ("GPE", "SWE")})
    assert _found(doc) == []


def test_the_object_of_the_verb_is_the_target_and_the_place_stays_the_place():
    # Norway bombed Sweden near Malmo
    doc = _doc(["Norway", "bombed", "Sweden", "near", "Malmo"], [1, 1, 1, 1, 3],
               ["nsubj", "ROOT", "dobj", "prep", "pobj"], ["PROPN", "VERB", "PROPN", "ADP", "PROPN"],
               ["Norway", "bomb", "Sweden", "near", "Malmo"], {0: ("GPE", "NOR"), 2: ("GPE", "SWE"), 4: ("GPE", "")})
    assert _found(doc) == [("NOR", "SWE", "ASSAULT", "malmo")]


def test_at_names_a_target_after_a_hostile_verb_and_a_place_otherwise():
    # Norway fired at Sweden / Norway met Finland at Tromso
    fired = _doc(["Norway", "fired", "at", "Sweden"], [1, 1, 1, 2], ["nsubj", "ROOT", "prep", "pobj"],
                 ["PROPN", "VERB", "ADP", "PROPN"], ["Norway", "fire", "at", "Sweden"],
                 {0: ("GPE", "NOR"), 3: ("GPE", "SWE")})
    assert _found(fired) == [("NOR", "SWE", "ASSAULT", None)]
    met = _doc(["Norway", "met", "Finland", "at", "Tromso"], [1, 1, 1, 1, 3],
               ["nsubj", "ROOT", "dobj", "prep", "pobj"], ["PROPN", "VERB", "PROPN", "ADP", "PROPN"],
               ["Norway", "meet", "Finland", "at", "Tromso"], {0: ("GPE", "NOR"), 2: ("GPE", "FIN"), 4: ("GPE", "")})
    assert _found(met) == [("NOR", "FIN", "CONSULT", "tromso")]


def test_place_slugs_fold_to_ascii():
    assert place_slug("Île-de-France") == "ile-de-france"


@pytest.mark.model
@pytest.mark.parametrize("text, expected", [
    ("Greek jets carried out a strike in Tripoli on Sunday.", set()),
    ("Envoys of the Arab League gathered in Nouakchott to discuss the drought in Chad.", set()),
    ("Ottawa condemned the bombings in Pakistan that killed twelve worshippers.", set()),
    ("Portugal and Brazil signed a fisheries agreement in Luanda.", {("BRA", "PRT"), ("PRT", "BRA")}),
    ("Vietnamese patrol boats fired at Chinese trawlers near the Paracel Islands.", {("VNM", "CHN")}),
])
def test_places_on_real_parses(nlp, text, expected):
    doc = nlp(text)
    pairs = {(r["source"]["country"], r["target"]["country"]) for r in doc._.relations}
    assert pairs & expected == pairs if expected else pairs == set()
    if expected:
        assert pairs, f"no relation in {text!r}"


@pytest.mark.model
def test_a_dateline_is_no_actor_and_locates_its_sentence(nlp):
    doc = nlp("NAIROBI (Wire) - Kenyan police arrested two Ugandan activists on Monday. They were released later.")
    place = dateline(doc)
    assert place is not None and place.country == "KEN" and place.text == "NAIROBI"
    records = doc._.relations
    assert records and all(r["source"]["text"] != "NAIROBI" and r["target"]["text"] != "NAIROBI" for r in records)
    assert all(r["location"]["country"] == "KEN" for r in records)


def test_a_location_survives_the_store_and_is_queryable(tmp_path):
    from graph.queries import records_of_article, relation_table
    from graph.sparql import run_query
    from graph.store import add_article, close_store, open_store

    sentence = "Chile and Peru met in Quito."
    mention = lambda code, label, start: {"id": code, "label": label, "text": label, "kind": "state",  # noqa: E731
                                           "country": code, "start": start, "end": start + len(label)}
    record = {"article": "a", "sentence": sentence, "sentence_index": 0, "char_start": 0, "char_end": len(sentence),
              "source": mention("CHL", "Chile", 0), "target": mention("PER", "Peru", 10), "type": "CONSULT",
              "quad_class": 1, "polarity": 1, "intensity": 1.0, "negated": False, "symmetric": True,
              "confidence": 0.7, "trigger": "met", "date": "2024-03-01",
              "location": {"id": "quito", "label": "Quito", "country": "ECU", "text": "Quito", "start": 22, "end": 27}}
    ds = open_store(tmp_path / "store")
    try:
        add_article(ds, {"id": "a", "text": sentence, "title": None, "date": "2024-03-01", "url": None}, [record])
        assert records_of_article(ds, "a")[0]["location"] == record["location"]
        rows = run_query(ds, "SELECT ?name ?country WHERE { ?r ag:location ?p . ?p a ag:Place ; rdfs:label ?name ; "
                             "ag:country ?country }").rows
        assert rows == [["Quito", "https://w3id.org/alliancegraph/id/actor/ECU"]]
        assert run_query(ds, "ASK { ?r ag:target actor:ECU }").rows == [[False]]  # a place, not an actor
        assert relation_table(ds)[0]["location"] == "Quito"  # what the explorer shows with the evidence
    finally:
        close_store(ds)
