"""Actor tables, the actor EntityRuler and mention resolution (no model needed)."""

import spacy
from spacy.tokens import Doc, Span

from extract.actors import (
    actor_registry, add_actor_ruler, alias_table, country_label, resolve_token, ruler_patterns,
)


def _doc(words, heads, deps, pos, ents=(), lemmas=None):
    nlp = spacy.blank("en")
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas or [w.lower() for w in words])
    doc.ents = [Span(doc, i, j, label="GPE", span_id=code) for i, j, code in ents]
    return doc


def test_country_labels_are_proper_names():
    assert country_label("RUS") == "Russia"
    assert country_label("AZE") == "Azerbaijan"
    assert country_label("USA") == "United States"
    assert actor_registry()["IGOWSTNAT"].kind == "igo"


def test_alias_table_has_capitals_metonyms_and_no_junk():
    table = {alias.upper(): code for alias, code, _ in alias_table()}
    assert table["BAKU"] == "AZE" and table["ANKARA"] == "TUR" and table["MOSCOW"] == "RUS"
    assert table["KREMLIN"] == "RUS" and table["WHITE HOUSE"] == "USA"
    assert table["YEKATERINBURG"] == "RUS"
    assert "CAUCASUS" not in table and "HUGGING FACE" not in table and "WASHINGTON POST" not in table
    assert all(code != "KNT" for code in table.values())  # CAMEO's fictional Kinakuta


def test_ruler_matches_case_safely():
    nlp = spacy.blank("en")
    add_actor_ruler(nlp)
    doc = nlp("Let us see whether the US, the Kremlin and Baku agree with NATO on turkey prices.")
    ids = [(e.text, e.ent_id_) for e in doc.ents]
    assert ("US", "USA") in ids or ("the US", "USA") in ids
    assert all(e.text != "us" for e in doc.ents)
    assert ("the Kremlin", "RUS") in ids and ("NATO", "IGOWSTNAT") in ids
    assert ("Baku", "AZE@") in ids  # a place of the state: the entry says so
    assert not any(p["pattern"] == [{"ORTH": "Us"}] for p in ruler_patterns())


def test_ruler_is_added_before_ner_once():
    nlp = spacy.blank("en")
    nlp.add_pipe("ner")
    add_actor_ruler(nlp)
    add_actor_ruler(nlp)
    assert nlp.pipe_names == ["alliance_actor_ruler", "ner"]


def test_official_resolves_to_state():
    # Russian authorities arrested Azerbaijani nationals
    doc = _doc(["Russian", "authorities", "arrested", "Azerbaijani", "nationals"],
               [1, 2, 2, 4, 2], ["amod", "nsubj", "ROOT", "amod", "dobj"],
               ["ADJ", "NOUN", "VERB", "ADJ", "NOUN"], ents=[(0, 1, "RUS"), (3, 4, "AZE")],
               lemmas=["russian", "authority", "arrest", "azerbaijani", "national"])
    subj = resolve_token(doc[1])
    assert (subj.actor.id, subj.actor.kind, subj.text) == ("RUS", "state", "Russian authorities")
    assert (subj.start, subj.end) == (0, len("Russian authorities"))
    obj = resolve_token(doc[4])
    assert (obj.actor.id, obj.actor.country, obj.actor.kind) == ("AZECVL", "AZE", "group")


def test_companies_are_a_sector_and_analysts_no_actor():
    doc = _doc(["Israeli", "companies", "and", "Russian", "analyst"],
               [1, 1, 1, 4, 1], ["amod", "ROOT", "cc", "amod", "conj"],
               ["ADJ", "NOUN", "CCONJ", "ADJ", "NOUN"], ents=[(0, 1, "ISR"), (3, 4, "RUS")],
               lemmas=["israeli", "company", "and", "russian", "analyst"])
    m = resolve_token(doc[1])
    assert (m.actor.id, m.actor.kind, m.actor.country) == ("ISRBUS", "org", "ISR")
    assert resolve_token(doc[4]) is None


def test_employees_of_an_outlet_take_its_country():
    doc = _doc(["employees", "of", "the", "Russian", "outlet"],
               [0, 0, 4, 4, 1], ["ROOT", "prep", "det", "amod", "pobj"],
               ["NOUN", "ADP", "DET", "ADJ", "NOUN"], ents=[(3, 4, "RUS")],
               lemmas=["employee", "of", "the", "russian", "outlet"])
    assert resolve_token(doc[0]).actor.country == "RUS"


def test_states_have_wikidata_ids_and_igos_their_members():
    from extract.actors import igo_members

    reg = actor_registry()
    states = [a for a in reg.values() if a.kind == "state"]
    assert all(a.wikidata and a.wikidata.startswith("Q") for a in states)
    assert reg["AZE"].wikidata == "Q227" and reg["USA"].wikidata == "Q30"
    assert "TUR" in igo_members("IGOWSTNAT") and "RUS" not in igo_members("IGOWSTNAT")
    assert igo_members("IGOCASCSTO") == ["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"]
    assert len(igo_members("IGOUNO")) == 193
    for alias, code in [("CSTO", "IGOCASCSTO"), ("OSCE", "IGOEUROSCE"), ("African Union", "IGOAFRAFU"),
                        ("GCC", "IGOMEAGCC"), ("BRICS", "IGOBRICS"), ("EU", "IGOEUREEC")]:
        assert {a.upper(): c for a, c, _ in alias_table()}[alias.upper()] == code
        assert reg[code].kind == "igo"


def test_armed_groups_have_a_kind_and_country():
    reg = actor_registry()
    table = {alias.upper(): code for alias, code, _ in alias_table()}
    assert reg[table["BOKO HARAM"]].country == "NGA" and reg[table["HEZBOLLAH"]].country == "LBN"
    assert reg[table["ISIL"]].kind == "group" and reg[table["ISIL"]].country is None
    assert table["ERDOGAN"] == "TUR" and table["PASHINYAN"] == "ARM"
