"""Anaphors within an article: "the country", "the group", "the alliance", "its forces" (extract.coreference)."""

import pytest


@pytest.mark.model
@pytest.mark.parametrize("text, expected", [
    ("Hezbollah fighters fired rockets overnight. Cyprus condemned the group on Monday.",
     ("CYP", "LBNREBHEZ", "ACCUSE")),
    ("Leaders of the African Union gathered on Friday. Morocco praised the union for its mediation.",
     ("MAR", "IGOAFRAFU", "SUPPORT")),
    ("Chile recalled its ambassador. Peru criticised the country for the decision.",
     ("PER", "CHL", "ACCUSE")),
    ("Kenya said its troops had attacked al-Shabaab positions near the border.",
     ("KEN", "SOMREBSHB", "ASSAULT")),
])
def test_an_anaphor_takes_the_actor_named_before(nlp, text, expected):
    found = {(r["source"]["id"], r["target"]["id"], r["type"]) for r in nlp(text)._.relations}
    assert expected in found, found


@pytest.mark.model
def test_no_antecedent_no_actor(nlp):
    doc = nlp("The country condemned the decision. The group accused the ministry of lying.")
    assert doc._.relations == []


@pytest.mark.model
def test_a_modified_noun_is_no_anaphor(nlp):
    doc = nlp("Chile recalled its ambassador. Peru criticised a neighbouring country for the decision.")
    assert not any(r["target"]["id"] == "CHL" for r in doc._.relations)


@pytest.mark.model
def test_an_agent_without_a_nationality_acts_for_the_state_named_before(nlp):
    doc = nlp("Crowds gathered in Tbilisi on Sunday. Police fired tear gas at the demonstrators.")
    found = {(r["source"]["id"], r["source"].get("sector"), r["target"]["id"]) for r in doc._.relations}
    assert ("GEO", "COP", "GEOOPP") in found, found


@pytest.mark.model
def test_an_indefinite_or_foreign_agent_is_no_anaphor(nlp):
    doc = nlp("Chile held elections on Sunday. A government in exile condemned the vote in Peru.")
    assert not any(r["source"]["id"] == "CHL" for r in doc._.relations)


@pytest.mark.model
def test_a_personal_pronoun_takes_the_person_named_before(nlp):
    doc = nlp("Emmanuel Macron spoke in Paris on Monday. He accused Algeria of stoking tensions.")
    found = {(r["source"]["id"], r["target"]["id"], r["type"]) for r in doc._.relations}
    assert ("FRA", "DZA", "ACCUSE") in found, found
