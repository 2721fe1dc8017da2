"""People: leaders and officials carried on the mentions of the state they act for, and stored as persons."""

from __future__ import annotations

import pytest

from extract.actors import leader_table
from extract.loaders import Article
from extract.pipeline import extract_articles
from graph.model import AG, RecordError, actor_iri, article_quads, person_iri
from graph.queries import people
from graph.sparql import run_query
from graph.store import add_article, close_store, open_store

ERDOGAN = {"name": "Recep Tayyip Erdoğan", "role": "President", "wikidata": "Q39259"}


def _mentions(nlp, text: str) -> list[dict]:
    return [r[side] for r in nlp(text)._.relations for side in ("source", "target")]


# -- extraction (real model) ----------------------------------------------------------------------

@pytest.mark.model
def test_leader_keeps_the_state_and_carries_the_same_person_by_surname(nlp):
    rels = nlp("Turkish President Erdogan met Armenian Prime Minister Pashinyan. Erdogan later criticised Russia.")._.relations
    assert [(r["source"]["id"], r["target"]["id"]) for r in rels] == [("TUR", "ARM"), ("TUR", "RUS")]
    first, later = rels[0]["source"], rels[1]["source"]
    assert (first["id"], first["kind"], first["country"], first["text"]) == ("TUR", "state", "TUR", "Erdogan")
    assert first["person"] == later["person"] == ERDOGAN
    assert later["text"] == "Erdogan" and later["start"] > first["start"]
    assert rels[0]["target"]["person"]["name"] == "Nikol Pashinyan"
    assert rels[0]["target"]["person"]["role"] == "Prime Minister"
    assert "person" not in rels[1]["target"]  # Russia is no person


@pytest.mark.model
def test_official_named_with_possessive_state(nlp):
    src = _mentions(nlp, "Russia's foreign minister Sergei Lavrov accused Ukraine of sabotage.")[0]
    assert src["id"] == "RUS" and src["kind"] == "state"
    assert src["person"] == {"name": "Sergei Lavrov", "role": "Foreign Minister"}  # no Wikidata id in the table: none


@pytest.mark.model
def test_official_not_in_the_table_takes_name_and_title_from_the_text(nlp):
    ms = _mentions(nlp, "US Deputy Secretary of Energy Jeffrey Kupfer met Azerbaijani officials in Baku. "
                        "Kupfer praised Azerbaijan.")
    people_ = [m for m in ms if m["id"] == "USA"]
    assert [m["text"] for m in people_] == ["Jeffrey Kupfer", "Kupfer"]
    assert all(m["person"] == {"name": "Jeffrey Kupfer", "role": "Deputy Secretary of Energy"} for m in people_)


@pytest.mark.model
def test_title_in_apposition_and_table_role_as_fallback(nlp):
    src = _mentions(nlp, "Sergei Lavrov, the Russian foreign minister, criticised NATO.")[0]
    assert src["person"]["role"] == "Foreign Minister"
    src = _mentions(nlp, "Putin threatened Ukraine.")[0]
    assert src["id"] == "RUS" and src["person"] == {"name": "Vladimir Putin", "role": "President", "wikidata": "Q7747"}


@pytest.mark.model
def test_people_without_a_state_are_left_alone(nlp):
    assert _mentions(nlp, "John Smith criticised Russia.") == []
    ms = _mentions(nlp, "Russia attacked Ukraine.")
    assert ms and all("person" not in m for m in ms)


def test_leader_table_wikidata_ids_are_well_formed_and_never_required():
    table = leader_table()
    assert table["ERDOĞAN"] is table["RECEP TAYYIP ERDOGAN"]
    ids = [lead.wikidata for lead in set(table.values()) if lead.wikidata]
    assert ids and all(q.startswith("Q") and q[1:].isdigit() for q in ids)
    assert any(lead.wikidata is None for lead in table.values())


# -- the store ------------------------------------------------------------------------------------

TEXT = "Turkish President Erdogan met Armenian Prime Minister Pashinyan. Erdogan later criticised Russia."


def _state(aid: str, label: str, text: str, start: int, qid: str | None, person: dict | None = None) -> dict:
    m = {"id": aid, "label": label, "text": text, "kind": "state", "country": aid, "start": start,
         "end": start + len(text), "wikidata": qid}
    if person is not None:
        m["person"] = person
    return m


def _records() -> list[dict]:
    erdogan = lambda start: _state("TUR", "Turkey", "Erdogan", start, "Q43", dict(ERDOGAN))  # noqa: E731
    base = {"article": "people.txt", "char_start": 0, "negated": False, "confidence": 0.8, "date": "2025-07-04"}
    return [
        {**base, "sentence": TEXT[:64], "sentence_index": 0, "char_end": 64, "source": erdogan(18),
         "target": _state("ARM", "Armenia", "Pashinyan", 54, "Q399", {"name": "Nikol Pashinyan", "role": "Prime Minister"}),
         "type": "CONSULT", "quad_class": 1, "polarity": 1, "intensity": 1.0, "symmetric": True, "trigger": "met"},
        {**base, "sentence": TEXT[65:], "sentence_index": 1, "char_start": 65, "char_end": len(TEXT),
         "source": erdogan(65), "target": _state("RUS", "Russia", "Russia", 90, "Q159"),
         "type": "ACCUSE", "quad_class": 3, "polarity": -1, "intensity": -2.0, "symmetric": False,
         "trigger": "criticised"},
    ]


ARTICLE = {"id": "people.txt", "text": TEXT, "title": "Erdogan and Pashinyan", "date": "2025-07-04", "url": None}


@pytest.fixture
def ds(tmp_path):
    ds = open_store(tmp_path / "store")
    yield ds
    close_store(ds)


def test_store_holds_the_person_acting_for_its_state(ds):
    assert add_article(ds, ARTICLE, _records()) == "added"
    p = person_iri("Recep Tayyip Erdoğan")
    assert str(p) == "https://w3id.org/alliancegraph/id/person/recep-tayyip-erdogan"
    rows = run_query(ds, f"""SELECT ?state ?name ?role ?wd WHERE {{
        {p.n3()} a ag:Person ; ag:actsFor ?state ; schema:name ?name ; rdfs:label ?name ; ag:role ?role ;
        ag:wikidata ?wd }}""").rows
    assert rows == [[str(actor_iri("TUR")), "Recep Tayyip Erdoğan", "President", "http://www.wikidata.org/entity/Q39259"]]
    # the state keeps its Wikidata id too
    assert run_query(ds, "SELECT ?wd WHERE { actor:TUR ag:wikidata ?wd }").rows == [
        ["http://www.wikidata.org/entity/Q43"]]
    # a person without a Wikidata id gets none
    assert run_query(ds, f"ASK {{ {person_iri('Nikol Pashinyan').n3()} ag:wikidata ?wd }}").rows == [[False]]


def test_sparql_finds_relations_by_person(ds):
    add_article(ds, ARTICLE, _records())
    res = run_query(ds, """SELECT ?type ?target WHERE {
        ?p a ag:Person ; schema:name "Recep Tayyip Erdoğan" .
        ?r ag:sourcePerson ?p ; ag:relationType ?type ; ag:target ?target }
        ORDER BY ?type""")
    assert [[str(t).rsplit("#", 1)[1], str(a).rsplit("/", 1)[1]] for t, a in res.rows] == [
        ["ACCUSE", "RUS"], ["CONSULT", "ARM"]]
    res = run_query(ds, "SELECT ?r WHERE { ?r ag:targetPerson ?p . ?p schema:name \"Nikol Pashinyan\" }")
    assert len(res.rows) == 1


def test_people_reader_and_idempotent_ingest(ds):
    assert add_article(ds, ARTICLE, _records()) == "added"
    assert add_article(ds, ARTICLE, _records()) == "unchanged"
    assert people(ds) == [
        {"name": "Recep Tayyip Erdoğan", "role": "President", "acts_for": "TUR", "relations": 2, "wikidata": "Q39259"},
        {"name": "Nikol Pashinyan", "role": "Prime Minister", "acts_for": "ARM", "relations": 1, "wikidata": None},
    ]


def test_records_without_people_store_as_before():
    recs = _records()
    for r in recs:
        for side in ("source", "target"):
            r[side].pop("person", None)
            r[side].pop("wikidata", None)
    _g, quads = article_quads(ARTICLE, recs)
    assert not any(p in (AG.sourcePerson, AG.targetPerson, AG.actsFor, AG.wikidata) for _s, p, _o, _c in quads)


@pytest.mark.parametrize("bad, message", [
    ({"person": {"role": "President"}}, "person.name"),
    ({"person": "Erdogan"}, "person must be an object"),
    ({"person": {"name": "X", "wikidata": "39259"}}, "person.wikidata"),
    ({"wikidata": "wd:Q43"}, "source.wikidata"),
])
def test_malformed_person_or_wikidata_is_refused(bad, message):
    recs = _records()
    recs[0]["source"].update(bad)
    with pytest.raises(RecordError, match=message):
        article_quads(ARTICLE, recs)


@pytest.mark.model
def test_extracted_people_reach_the_store(nlp, ds):
    art = Article(id="live.txt", text=TEXT + " Russia's foreign minister Sergei Lavrov accused Ukraine of sabotage.",
                  title=None, date="2025-07-04", url=None, path=None)
    [(a, recs)] = list(extract_articles([art], nlp))
    add_article(ds, {"id": a.id, "text": a.text, "title": None, "date": a.date, "url": None}, recs)
    found = {p["name"]: p for p in people(ds)}
    assert found["Recep Tayyip Erdoğan"]["acts_for"] == "TUR" and found["Recep Tayyip Erdoğan"]["relations"] == 2
    assert found["Sergei Lavrov"]["acts_for"] == "RUS" and found["Sergei Lavrov"]["role"] == "Foreign Minister"
