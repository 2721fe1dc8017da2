"""The Phoenix dictionaries in the actor tables: compiling them, variants, sectors, places, people by date.

Rule logic is tested on hand-made parses; the real model on sentences written for these tests
(none comes from a gold set).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from spacy.tokens import Doc, Span

from extract.actor_ruler import add_actor_ruler, cache_dir
from extract.actor_tables import alias_entries, role_on
from extract.actors import ARTICLE_DATE, resolve_token
from extract.compile_phoenix import compile_dictionaries
from extract.loaders import Article
from extract.pipeline import extract_articles

ROOT = Path(__file__).resolve().parents[1]


def _doc(words, heads, deps, pos, ents=(), lemmas=None, date=None):
    nlp = spacy.blank("en")
    doc = Doc(nlp.vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas or [w.lower() for w in words])
    doc.ents = [Span(doc, i, j, label=label, span_id=code) for i, j, code, label in ents]
    doc._.set(ARTICLE_DATE, date)
    return doc


# -- compiling (a small dictionary written here, in the documented formats) ------------------------

COUNTRIES = """\
# a comment
FREEDONIA_  [FRD]
+FREEDONIAN_
+REPUBLIC_OF_FREEDONIA
+F.R.D.
+MARXVILLE_
+SYLVANIA_RIVER
+GROUCHO_CITY

FREEDONIAN_NATIONAL_GUARD
+FNG
\t[FRDMIL]

RUFUS_T._FIREFLY_  # CountryInfo.txt
+FIREFLY_
\t[FRDELI 310101-330101]
\t[FRDGOV 330101-331231]
\t[FRDELI]
"""
INTERNATIONAL = "LEAGUE_OF_DUCKS_ [IGODCK]\n+LOD_\n"
MILNONSTATE = "SYLVANIAN_LIBERATION_FRONT_ [FRDREB] #  kkl\n+KOREA_(NORTH)_\n"
AGENTS = "!PERSON! = MAN, MEN\nPOLICE {} [~COP]\nTROOP [~MIL]\nCONGRESS!PERSON! [~LEG]\nHUMAN_RIGHTS_GROUP [NGO~]\n"


def test_compile_writes_names_places_people_and_agents(tmp_path):
    src = tmp_path / "dict"
    src.mkdir()
    for name, text in [("Phoenix.Countries.actors.txt", COUNTRIES), ("Phoenix.International.actors.txt", INTERNATIONAL),
                       ("Phoenix.MilNonState.actors.txt", MILNONSTATE), ("Phoenix.agents.txt", AGENTS)]:
        (src / name).write_text(text, encoding="utf-8")
    counts = compile_dictionaries(src, tmp_path / "out")
    rows = [line.split("\t") for line in (tmp_path / "out" / "actors.tsv").read_text().splitlines()[1:]]
    kinds = {alias: (code, kind) for alias, code, _canonical, kind in rows}
    assert kinds["FREEDONIAN"] == ("FRD", "name") and kinds["F.R.D."] == ("FRD", "name")
    assert kinds["REPUBLIC OF FREEDONIA"] == ("FRD", "name")
    assert kinds["MARXVILLE"] == ("FRD", "place") and kinds["SYLVANIA RIVER"] == ("FRD", "place")
    assert kinds["FNG"] == ("FRDMIL", "body") and kinds["LOD"] == ("IGODCK", "body")
    assert "KOREA" not in kinds  # "KOREA_(NORTH)" loses its meaning without the parenthesis: dropped
    people = (tmp_path / "out" / "people.tsv").read_text().splitlines()[1:]
    assert people == ["RUFUS T. FIREFLY\tFIREFLY\tFRDELI@1931-01-01..1933-01-01 FRDGOV@1933-01-01..1933-12-31 FRDELI"]
    agents = dict(line.split("\t") for line in (tmp_path / "out" / "agents.tsv").read_text().splitlines()[1:])
    assert agents == {"police": "~COP", "troop": "~MIL", "troops": "~MIL", "congressman": "~LEG",
                      "congressmen": "~LEG", "human rights group": "NGO~", "human rights groups": "NGO~"}
    assert counts == {"actors": len(rows), "people": 1, "agents": 7}


def test_compile_says_what_is_missing(tmp_path):
    out = subprocess.run([sys.executable, "-m", "extract.compile_phoenix", str(tmp_path)], capture_output=True,
                         text=True, cwd=ROOT)
    assert out.returncode == 2 and "lacks Phoenix.Countries.actors.txt" in out.stderr
    assert "Traceback" not in out.stderr


# -- the tables and their generated variants ------------------------------------------------------

def test_variants_are_generated_not_listed():
    table = {alias.upper(): ent for alias, ent, _ in alias_entries()}
    assert table["IRAQIS"] == "IRQ~CVL" and table["LIBERIANS"] == "LBR~CVL" and table["RUSSIANS"] == "RUS~CVL"
    assert table["DEMOCRATIC PEOPLE'S REPUBLIC OF KOREA"] == "PRK"
    assert table["DEMOCRATIC PEOPLE\u2019S REPUBLIC OF KOREA"] == "PRK"
    assert table["REPUBLIC OF CHINA"] == "TWN" and table["PEOPLE'S REPUBLIC OF CHINA"] == "CHN"
    for short, state in [("UK", "GBR"), ("DRC", "COD"), ("UAE", "ARE"), ("DPRK", "PRK"), ("KSA", "SAU"),
                         ("ROK", "KOR"), ("PRC", "CHN"), ("US", "USA"), ("U.S.", "USA")]:
        assert table[short] == state, short
    assert table["ETHNIC ALBANIAN"] == "ALB~ETH"
    assert "IRA" not in table  # no initialism of "Islamic Republic of Afghanistan"


def test_people_roles_follow_the_date():
    assert role_on("TONY BLAIR", "2003-03-20") == "GBRGOV"
    assert role_on("TONY BLAIR", "2015-01-01") == "GBRELI"
    assert role_on("TONY BLAIR", None) == "GBRELI"  # no date: the most recent role


# -- the ruler (no model) -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def blank():
    nlp = spacy.blank("en")
    add_actor_ruler(nlp)
    return nlp


def _ents(nlp, text):
    return [(e.text, e.ent_id_) for e in nlp(text).ents]


def test_longest_match_wins_and_short_caps_keep_their_case(blank):
    ents = _ents(blank, "The Democratic People's Republic of Korea and the Republic of China met us and the US.")
    assert ("Democratic People's Republic of Korea", "PRK") in ents and ("Republic of China", "TWN") in ents
    assert not any(text == "us" for text, _ in ents) and ("the US", "USA") in ents


def test_curly_apostrophes_plurals_and_abbreviations(blank):
    ents = _ents(blank, "The People\u2019s Republic of China, Iraqis, the Russians\u2019 friends, the UK and the DRC.")
    assert ("People\u2019s Republic of China", "CHN") in ents
    assert ("Iraqis", "IRQ~CVL") in ents and ("Russians", "RUS~CVL") in ents
    assert ("the UK", "GBR") in ents and ("the DRC", "COD") in ents and len(ents) == 5
    assert ("UK", "GBR") in _ents(blank, "UK ministers") and ("DRC", "COD") in _ents(blank, "DRC troops")


def test_pattern_tokens_are_cached_in_the_user_cache_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    before = sorted(p.name for p in (ROOT / "extract").rglob("*"))
    first = spacy.blank("en")
    add_actor_ruler(first)
    cached = list((tmp_path / "alliancegraph").glob("actor-patterns-*.json"))
    assert cache_dir() == tmp_path / "alliancegraph" and len(cached) == 1
    second = spacy.blank("en")
    add_actor_ruler(second)  # read from the cache: the same entities
    text = "Iraqi police and the PLA met in Kabul."
    assert _ents(first, text) == _ents(second, text) == [("Iraqi", "IRQ"), ("PLA", "CHN~MIL"), ("Kabul", "AFG@")]
    cached[0].write_text("not json", encoding="utf-8")  # a broken cache is made again
    third = spacy.blank("en")
    add_actor_ruler(third)
    assert _ents(third, text) == _ents(first, text)
    assert sorted(p.name for p in (ROOT / "extract").rglob("*")) == before  # the package folder is never written


# -- resolution on hand-made parses ---------------------------------------------------------------

def test_agents_give_the_sector_and_state_organs_stay_the_state():
    # Iraqi police arrested Syrian rebels
    doc = _doc(["Iraqi", "police", "arrested", "Syrian", "rebels"], [1, 2, 2, 4, 2],
               ["amod", "nsubj", "ROOT", "amod", "dobj"], ["ADJ", "NOUN", "VERB", "ADJ", "NOUN"],
               ents=[(0, 1, "IRQ", "NORP"), (3, 4, "SYR", "NORP")],
               lemmas=["iraqi", "police", "arrest", "syrian", "rebel"])
    police, rebels = resolve_token(doc[1]), resolve_token(doc[4])
    assert (police.actor.id, police.actor.kind, police.sector) == ("IRQ", "state", "COP")
    assert police.record()["sector"] == "COP"
    assert (rebels.actor.id, rebels.actor.kind, rebels.actor.country, rebels.sector) == ("SYRREB", "group", "SYR", "REB")


def test_state_media_is_the_state_with_its_role():
    doc = _doc(["Russian", "state", "media", "reported"], [2, 2, 3, 3], ["amod", "compound", "nsubj", "ROOT"],
               ["ADJ", "NOUN", "NOUN", "VERB"], ents=[(0, 1, "RUS", "NORP")],
               lemmas=["russian", "state", "medium", "report"])
    m = resolve_token(doc[2])
    assert (m.actor.id, m.actor.kind, m.sector) == ("RUS", "state", "GOVMED")


def test_an_ally_is_not_the_state_that_has_it():
    # Pakistan, a key U.S. ally
    doc = _doc(["Pakistan", ",", "a", "key", "U.S.", "ally"], [0, 0, 5, 5, 5, 0],
               ["ROOT", "punct", "det", "amod", "compound", "appos"], ["PROPN", "PUNCT", "DET", "ADJ", "PROPN", "NOUN"],
               ents=[(0, 1, "PAK", "GPE"), (4, 5, "USA", "GPE")])
    assert resolve_token(doc[5]) is None
    assert resolve_token(doc[0]).actor.id == "PAK"


def test_a_city_is_the_state_and_says_it_is_a_place():
    doc = _doc(["Kabul", "said"], [1, 1], ["nsubj", "ROOT"], ["PROPN", "VERB"], ents=[(0, 1, "AFG@", "GPE")])
    m = resolve_token(doc[0])
    assert (m.actor.id, m.is_place, m.sector) == ("AFG", True, None) and "is_place" not in m.record()


@pytest.mark.parametrize("date, actor, sector", [("2003-03-20", "GBR", "GOV"), ("2015-06-01", "GBRELI", "ELI")])
def test_a_phoenix_person_acts_for_what_they_were_on_the_date(date, actor, sector):
    doc = _doc(["Tony", "Blair", "spoke"], [1, 2, 2], ["compound", "nsubj", "ROOT"], ["PROPN", "PROPN", "VERB"],
               ents=[(0, 2, "P:TONY BLAIR", "PERSON")], date=date)
    m = resolve_token(doc[1])
    assert (m.actor.id, m.sector, m.person.name) == (actor, sector, "Tony Blair")


# -- the real model, on sentences written for these tests -----------------------------------------

def _sides(nlp, text, date=None):
    (_article, records), = extract_articles([Article(id="t", text=text, date=date)], nlp)
    return [r[side] for r in records for side in ("source", "target")]


def _found(mentions):
    return {(m["id"], m.get("sector")) for m in mentions}


@pytest.mark.model
def test_model_plural_demonyms_counted_are_people_and_named_as_a_side_the_state(nlp):
    found = _found(_sides(nlp, "Thousands of Iraqis protested against the Americans in Baghdad."))
    assert ("IRQCVL", "CVL") in found and ("USA", None) in found
    found = _found(_sides(nlp, "The Peruvians accused the Chileans of spying on their navy."))
    assert {("PER", None), ("CHL", None)} <= found


@pytest.mark.model
def test_model_agencies_parties_and_units(nlp):
    assert {("USA", "SPY"), ("RUS", "COP")} <= _found(_sides(nlp, "The CIA accused the FSB of a cyberattack."))
    assert ("INDPTYBJP", "PTY") in _found(_sides(nlp, "The BJP criticised Pakistan over the attack."))
    assert ("MEXPTYPRI", "PTY") in _found(_sides(nlp, "The PRI condemned the United States."))
    assert ("CHN", "MIL") in _found(_sides(nlp, "The PLA threatened Taiwan with new drills."))
    assert ("IRN", "MIL") in _found(_sides(nlp, "The Quds Force attacked Israeli positions."))


@pytest.mark.model
def test_model_korea_and_china_by_their_full_names(nlp):
    ids = {m["id"] for m in _sides(nlp, "The Democratic People's Republic of Korea threatened the Republic of Korea.")}
    assert ids == {"PRK", "KOR"}
    ids = {m["id"] for m in _sides(nlp, "The People's Republic of China warned the Republic of China on Monday.")}
    assert ids == {"CHN", "TWN"}


@pytest.mark.model
def test_model_curly_apostrophes_and_short_names(nlp):
    ids = {m["id"] for m in _sides(nlp, "The Democratic People\u2019s Republic of Korea condemned Japan\u2019s sanctions.")}
    assert "PRK" in ids and "KOR" not in ids
    ids = {m["id"] for m in _sides(nlp, "The UK imposed sanctions on the DRC.")}
    assert ids == {"GBR", "COD"}


@pytest.mark.model
def test_model_people_by_the_article_date(nlp):
    text = "Tony Blair criticised Iran over its nuclear programme."
    then = [m for m in _sides(nlp, text, "2003-05-01") if m.get("person")]
    later = [m for m in _sides(nlp, text, "2015-05-01") if m.get("person")]
    assert (then[0]["id"], then[0]["kind"], then[0]["sector"]) == ("GBR", "state", "GOV")
    assert (later[0]["id"], later[0]["country"], later[0]["sector"]) == ("GBRELI", "GBR", "ELI")
    assert then[0]["person"]["name"] == later[0]["person"]["name"] == "Tony Blair"


@pytest.mark.model
def test_model_agents_with_sectors(nlp):
    found = _found(_sides(nlp, "Iraqi police arrested Syrian rebels near the border."))
    assert {("IRQ", "COP"), ("SYRREB", "REB")} <= found
    found = _found(_sides(nlp, "Turkish troops attacked Kurdish fighters in northern Syria."))
    assert ("TUR", "MIL") in found and any(a == "ETHKUR" for a, _s in found)
    assert ("RUS", "GOVMED") in _found(_sides(nlp, "Russian state media accused Ukraine of sabotage."))


@pytest.mark.model
def test_model_sector_survives_the_store(nlp, tmp_path):
    from graph.queries import records_of_article
    from graph.store import add_article, close_store, open_store

    text = "Iraqi police arrested Syrian rebels near the border."
    (article, records), = extract_articles([Article(id="s", text=text, date="2024-02-01")], nlp)
    assert any(r["source"].get("sector") for r in records)
    ds = open_store(tmp_path / "store")
    try:
        add_article(ds, article.to_dict(), records)
        back = records_of_article(ds, "s")
    finally:
        close_store(ds)
    assert [(r["source"].get("sector"), r["target"].get("sector")) for r in back] == \
           [(r["source"].get("sector"), r["target"].get("sector")) for r in records]


@pytest.mark.model
def test_cli_finds_actors_by_any_name(tmp_path):
    env = {**os.environ, "XDG_CACHE_HOME": os.environ.get("XDG_CACHE_HOME", str(Path.home() / ".cache"))}
    exe = [sys.executable, "-m", "alliancegraph"]

    def find(name):
        out = subprocess.run([*exe, "actors", "--find", name, "--format", "json"], capture_output=True, text=True,
                             env=env, cwd=tmp_path, timeout=300)
        assert out.returncode == 0, out.stderr
        return json.loads(out.stdout)

    daesh = find("Daesh")[0]
    assert (daesh["id"], daesh["label"], daesh["alias"], daesh["match"]) == ("IMGMUSISI", "Islamic State", "Daesh", "exact")
    assert find("ISIS")[0]["id"] == "IMGMUSISI"
    erdogan = find("Erdogan")[0]
    assert (erdogan["id"], erdogan["person"]) == ("TUR", "Recep Tayyip Erdoğan")
    assert find("Ankara")[0]["id"] == "TUR" and find("Kurds")[0]["id"] == "ETHKUR"
    assert find("Erdgoan")[0]["match"] == "fuzzy"
    table = subprocess.run([*exe, "actors", "--find", "Daesh"], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert table.returncode == 0 and "IMGMUSISI" in table.stdout and "Islamic" in table.stdout
    none = subprocess.run([*exe, "actors", "--find", "Qwzxv Lorem"], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert none.returncode == 1 and "no actor is known" in none.stderr and "Traceback" not in none.stderr
