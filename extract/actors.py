"""Actors: from entity mentions to canonical actors.

States are named by their ISO 3166-1 alpha-3 code through names, adjectives,
capitals, cities and metonyms (Moscow, the Kremlin, Russian -> ``RUS``); international
organisations keep their CAMEO code as id (NATO -> ``IGOWSTNAT``). The tables are in
:mod:`extract.actor_tables`, the EntityRuler that finds them in a text in
:mod:`extract.actor_ruler`; this module resolves what the ruler found, and the nouns
around it, to the actor a mention counts for.

A mention resolves to the actor it counts for: "Turkish President Erdogan",
"Russian authorities", "a Russian missile" -> the state (``kind`` ``state``);
"Israeli companies" -> the Israeli business sector (id ``ISRBUS``, ``kind`` ``org``,
``country`` ``ISR``). Analysts, news outlets cited as sources, regions and a state's
allies or rivals ("a key U.S. ally") resolve to nothing.

The mention's ``sector`` is the CAMEO role code of what acts: from the agents dictionary
for the noun ("Iraqi police" -> ``COP``, "Russian state media" -> ``GOVMED``, "Syrian
rebels" -> ``REB``), from the entry of an institution ("the PLA" -> ``MIL``), ``CVL`` for
a people named by its plural ("Iraqis"), ``GOV`` for a person acting for a state. A
state's own organs (government, military, police, judiciary, legislature, intelligence)
stay the state; other sectors are actors of their own (``SYRREB``). ``Mention.is_place``
says the alias names a city, province or landmark of the state ("Kabul"): CAMEO codes
it as the state, but whether it acts or is only where something happens is for the
syntax to say.

A leader or official stays the state it acts for, and the mention also carries the
:class:`Person`: the canonical name, role and Wikidata id from
``extract/data/heads_of_state.tsv`` when listed there, the Phoenix person with the role
they held on the article's date (``Doc._.article_date``; "Tony Blair" is the British
government in 2003, a former official, ``GBRELI``, in 2015; with no date, the most recent
role), else the full name and title as the text introduces them ("US Deputy Secretary of
Energy Jeffrey Kupfer"). Later mentions by surname carry the same person. People with no
state, in the text or the tables, are no actor.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from extract.actor_ruler import RULER_NAME, ActorRuler, add_actor_ruler, ruler_patterns
from extract.actor_tables import (
    STATE_SECTORS, Actor, _title, actor_registry, agent_table, alias_table, country_label, exact_aliases,
    igo_members, leader_table, parse_entry, role_actor, role_on, sector_actor,
)

__all__ = [
    "Actor",
    "Mention",
    "Person",
    "entity_bounds",
    "leader_table",
    "actor_registry",
    "alias_table",
    "country_label",
    "ruler_patterns",
    "add_actor_ruler",
    "ActorRuler",
    "igo_members",
    "span_actor",
    "span_is_place",
    "agent_mention",
    "resolve_token",
    "coordinated_modifiers",
    "sector_actor",
    "RULER_NAME",
    "ARTICLE_DATE",
]

#: The ``Doc`` extension that carries the article's ISO date (set by the pipeline).
ARTICLE_DATE = "article_date"
if not Doc.has_extension(ARTICLE_DATE):
    Doc.set_extension(ARTICLE_DATE, default=None)

#: Nouns whose referent acts for the state named by their modifier
#: ("Russian authorities", "Turkish President Erdogan").
STATE_NOUNS = frozenset(
    "authority government president minister premier official leader chancellor king "
    "emir prince sultan ambassador envoy diplomat embassy ministry administration "
    "cabinet parliament lawmaker legislator legislature senate congress court judge "
    "prosecutor regime army military force troop soldier navy airforce police "
    "commander general officer spokesman spokeswoman spokesperson secretary delegation "
    "state country nation side capital missile jet drone warplane aircraft plane ship "
    "warship tank artillery intelligence service agency counterpart presidency "
    "head foreign defense defence security guard border coast".split()
)

#: Nouns naming a non-state sector of a country: lemma -> (CAMEO sector code, kind).
SECTOR_NOUNS = {
    **dict.fromkeys("company firm business investor bank corporation enterprise "
                    "industry exporter importer operator contractor".split(), ("BUS", "org")),
    **dict.fromkeys("activist protester protestor demonstrator dissident opposition "
                    "opponent rioter".split(), ("OPP", "group")),
    **dict.fromkeys("rebel militant insurgent separatist guerrilla fighter militia "
                    "jihadist extremist terrorist".split(), ("REB", "group")),
    **dict.fromkeys("national citizen civilian resident man woman child student tourist "
                    "worker employee passenger pilot crew people refugee migrant "
                    "prisoner journalist".split(), ("CVL", "group")),
    **dict.fromkeys("media outlet newspaper broadcaster channel".split(), ("MED", "org")),
}

#: Nouns whose referent is another actor than the one their modifier names: "a key U.S. ally"
#: is not the United States, nor is "an ally of Russia" Russia.
RELATIONAL_NOUNS = frozenset(
    "ally partner neighbour neighbor rival adversary enemy foe friend proxy client patron backer sponsor".split()
)

#: Heads that are never actors even with a country modifier: commentators,
#: cited sources and places.
NON_ACTOR_NOUNS = frozenset(
    "analyst expert observer commentator scholar researcher correspondent reporter "
    "columnist source portal website report study region area territory city town "
    "village province language culture history people's crash accident incident disaster "
    "explosion collision market".split()
)

#: Nouns that make a title before or beside a person's name ("Deputy Secretary of Energy Jeffrey Kupfer").
TITLE_NOUNS = frozenset(
    "president minister premier chancellor king queen emir prince sultan monarch ambassador envoy "
    "diplomat spokesman spokeswoman spokesperson secretary commander general admiral marshal officer "
    "official leader head chief governor mayor senator lawmaker legislator speaker adviser advisor "
    "chairman chairwoman chair director negotiator representative deputy ayatollah counterpart".split()
)
_TITLE_SMALL = frozenset("of and the for on in to".split())

#: Modifier relations through which a head noun takes its country
#: ("Russian missile", "Azerbaijan's sector", "Turkish President Erdogan").
_MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "poss", "npadvmod"})


@dataclass(frozen=True)
class Person:
    """A person acting for a state: canonical or introduced name, role, Wikidata id when listed.

    >>> Person("Sergei Lavrov", "Foreign Minister").record()
    {'name': 'Sergei Lavrov', 'role': 'Foreign Minister'}
    """

    name: str
    role: str | None = None
    wikidata: str | None = None

    def record(self) -> dict:
        """The ``person`` dict of an ``ActorMention`` (keys without a value left out)."""
        out = {"name": self.name}
        if self.role:
            out["role"] = self.role
        if self.wikidata:
            out["wikidata"] = self.wikidata
        return out


@dataclass(frozen=True)
class Mention:
    """An actor as mentioned in a text: the actor and the mention's char offsets."""

    actor: Actor
    text: str
    start: int
    end: int
    token_i: int  # head token index in the doc
    person: Person | None = None  # the person the state acts through, when the mention is one
    sector: str | None = None  # the CAMEO role code of what acts ("COP", "GOVMED", "REB")
    is_place: bool = False  # the alias names a city, province or landmark of the state ("Kabul")

    def record(self) -> dict:
        """The ``ActorMention`` dict of :mod:`extract.record` (``is_place`` stays in the extractor)."""
        a = self.actor
        out = {"id": a.id, "label": a.label, "text": self.text, "kind": a.kind,
               "country": a.country, "start": self.start, "end": self.end, "wikidata": a.wikidata}
        if self.sector:
            out["sector"] = self.sector
        if self.person is not None:
            out["person"] = self.person.record()
        return out


# --- resolving tokens to actors ---------------------------------------------------------

def _entry_reading(ent_id: str, doc) -> tuple[Actor, str | None, bool] | None:
    """What an entity's ``ent_id`` stands for in this document: (actor, sector, is_place)."""
    entry = parse_entry(ent_id)
    if entry.person:
        found = role_actor(role_on(entry.person, doc._.get(ARTICLE_DATE)))
        return (found[0], found[1], False) if found else None
    actor = actor_registry().get(entry.actor)
    if actor is None:
        return None
    if entry.sector and actor.kind == "state" and entry.sector[:3] not in STATE_SECTORS:
        return sector_actor(actor.id, entry.sector), entry.sector, entry.place
    return actor, entry.sector, entry.place


#: Words that count people: "thousands of Iraqis", "many Iraqis", "two Iraqis" are people, not the state.
_COUNTING = frozenset("thousands hundreds dozens millions tens scores many several some few most all "
                      "numerous countless other more".split())


def _counted(span: Span) -> bool:
    """A plural demonym counted as people ("thousands of Iraqis", "many Iraqis", "two Iraqis")."""
    root = span.root
    if any(c.dep_ in ("nummod", "amod", "det") and (c.like_num or c.lower_ in _COUNTING) for c in root.children):
        return True
    head = root.head
    return (root.dep_ == "pobj" and head.lower_ == "of" and head.head.i != head.i
            and (head.head.like_num or head.head.lower_ in _COUNTING))


#: Nouns after a state's name that make the name an institution's ("US Embassy", "Bangladesh Army"),
#: not a person's given name ("Jordan Bardella").
_INSTITUTION_WORDS = STATE_NOUNS | TITLE_NOUNS | frozenset(SECTOR_NOUNS) | frozenset(
    "department agency office bureau service services forces command council commission corps "
    "guards ministry mission embassy consulate treasury armed".split())


def _in_another_name(tok: Token) -> bool:
    """A state's one-word name that names something else here: a given name before a surname the
    tables do not know ("Jordan Bardella", "Chad Smith"), the first word of a title ("China Daily"),
    or a US state after one of its cities ("Atlanta, Georgia", "Athens, Georgia")."""
    doc, head = tok.doc, tok.head
    if (tok.dep_ == "compound" and head.i == tok.i + 1 and head.pos_ == "PROPN" and head.is_title
            and not head.ent_id_ and head.lower_ not in _INSTITUTION_WORDS and head.lemma_.lower() not in _INSTITUTION_WORDS
            and (head.i + 1 == len(doc) or not doc[head.i + 1].is_title)):
        return True
    if tok.dep_ == "appos" and head.i == tok.i - 2 and doc[tok.i - 1].text == "," and head.ent_id_:
        city = parse_entry(head.ent_id_)
        return city.place and city.actor != parse_entry(tok.ent_id_).actor
    return False


def _span_reading(span: Span) -> tuple[Actor, str | None, bool] | None:
    if not span.ent_id_:
        return None
    if len(span) == 1 and span[0].is_lower and span[0].pos_ != "ADJ":
        return None  # "turkey", "chad": the common noun (a lower-case "tunisian" still counts)
    spellings = exact_aliases().get(span.text.upper())
    if spellings is not None and span.text not in spellings:
        return None  # "a blue house", "number 10": the phrase, not the office it names when capitalised
    entry = parse_entry(span.ent_id_)
    if (len(span) == 1 and not (entry.sector or entry.place or entry.person)
            and getattr(actor_registry().get(entry.actor), "kind", None) == "state" and _in_another_name(span[0])):
        return None
    if entry.sector == "CVL" and entry.actor and not _counted(span):
        # "the Iraqis rejected the proposal": a people named as a side is its state (as CAMEO codes it);
        # "thousands of Iraqis protested" are people
        actor = actor_registry().get(entry.actor)
        if actor is not None and actor.kind == "state":
            return actor, None, False
    return _entry_reading(span.ent_id_, span.doc)


def span_actor(span: Span) -> Actor | None:
    """The actor an entity span carries (set by the actor ruler), if any.

    A single lower-case word ("turkey", "chad") is taken for the common noun.
    """
    found = _span_reading(span)
    return found[0] if found else None


def span_is_place(span: Span) -> bool:
    """Whether an entity span names a place of a state (a city, province or landmark: "Kabul", "Natanz")
    rather than the state itself or one of its bodies."""
    found = _span_reading(span)
    return bool(found and found[2])


def _ent_reading(tok: Token) -> tuple[Actor, str | None, bool] | None:
    if tok.ent_iob_ == "O" or not tok.ent_id_:
        return None
    start, end = entity_bounds(tok)
    return _span_reading(tok.doc[start:end])


def _ent_actor(tok: Token) -> Actor | None:
    found = _ent_reading(tok)
    return found[0] if found else None


def entity_bounds(tok: Token) -> tuple[int, int]:
    """``(start, end)`` token indices of the entity ``tok`` is part of; ``tok`` alone outside entities."""
    doc = tok.doc
    start, end = tok.i, tok.i + 1
    if tok.ent_iob_ != "O":
        while start > 0 and doc[start].ent_iob_ == "I":
            start -= 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
    return start, end


def _mention(actor: Actor, tok: Token, first: int, person: Person | None = None, sector: str | None = None,
             place: bool = False) -> Mention:
    doc = tok.doc
    start, end = entity_bounds(tok)
    start = min(start, first)
    span = doc[start:end]
    if person is not None and sector is None and actor.kind == "state":
        sector = "GOV"  # a person acting for a state is its government
    return Mention(actor, span.text, span.start_char, span.end_char, tok.i, person, sector, place)


def _agent_code(tok: Token) -> str | None:
    """The CAMEO role code of the agent a noun phrase ends in ("riot police" -> COP), longest first."""
    agents = agent_table()
    doc = tok.doc
    for start in range(max(tok.left_edge.i, tok.i - 4), tok.i + 1):
        words = [t.lower_ for t in doc[start:tok.i]]
        for head in dict.fromkeys((tok.lower_, tok.lemma_.lower())):
            code = agents.get(" ".join([*words, head]))
            if code:
                return "CVL" if code == "PPL" else code  # CAMEO's civilians: the project's one word for a people
    return None


def _head_sector(actor: Actor, tok: Token) -> tuple[Actor, str | None]:
    """The actor and sector a head noun makes of its modifier's actor ("Syrian rebels" -> SYRREB, REB)."""
    code = _agent_code(tok)
    lemma = tok.lemma_.lower()
    if actor.kind != "state":
        return actor, code or SECTOR_NOUNS.get(lemma, (None,))[0]
    if code:
        return (actor, code) if code[:3] in STATE_SECTORS else (sector_actor(actor.country, code), code)
    if lemma in SECTOR_NOUNS:
        sector, kind = SECTOR_NOUNS[lemma]
        return sector_actor(actor.country, sector, kind), sector
    return actor, None


def agent_mention(state: Actor, tok: Token) -> Mention | None:
    """``tok``, an agent noun with no nationality of its own ("the police", "protesters"), acting for
    ``state``: the state with the noun's sector, or the state's sector actor; ``None`` for other nouns."""
    if state.kind != "state" or not (tok.lemma_.lower() in SECTOR_NOUNS or _agent_code(tok)
                                     or tok.lemma_.lower() in STATE_NOUNS):
        return None
    actor, sector = _head_sector(state, tok)
    return _mention(actor, tok, tok.i, None, sector)


def _modifier_actor(tok: Token, depth: int = 2) -> tuple[Actor, int] | None:
    """A country named by a modifier of ``tok`` ("Russian" in "Russian authorities")."""
    frontier = [tok]
    for _ in range(depth):
        nxt = []
        for t in frontier:
            for child in t.children:
                if child.dep_ in _MODIFIER_DEPS:
                    actor = _ent_actor(child)
                    if actor is not None:
                        return actor, entity_bounds(child)[0]
                    # "Israeli-occupied sector", "Iranian-backed militias", "a UK-based group" are
                    # not that state; "US-led coalition" is
                    if child.tag_ != "VBN" or child.lemma_.lower() == "lead":
                        nxt.append(child)
        frontier = nxt
    return None


def _title_case(words: list[str]) -> str:
    """'foreign minister' -> 'Foreign Minister'; 'deputy secretary of energy' -> 'Deputy Secretary of Energy'."""
    return " ".join(w if w.lower() in _TITLE_SMALL and i else w[:1].upper() + w[1:]
                    for i, w in enumerate(words))


def _is_title_word(tok: Token) -> bool:
    return (tok.pos_ in {"PROPN", "NOUN", "ADJ", "ADP"} and not tok.ent_id_
            and tok.tag_ != "POS" and tok.ent_type_ not in {"PERSON", "DATE", "TIME"})


def _office(tokens: list[Token]) -> str | None:
    """A title from the tokens of a title phrase, if it names an office."""
    while tokens and tokens[0].pos_ == "ADP":
        tokens = tokens[1:]
    while tokens and tokens[-1].pos_ == "ADP":
        tokens = tokens[:-1]
    if not any(t.lemma_.lower() in TITLE_NOUNS or t.lower_ in TITLE_NOUNS for t in tokens):
        return None
    return _title_case([t.text for t in tokens])


def _title_before(start: int, left: int, doc) -> list[Token]:
    """The title words just before token ``start``, back to ``left`` (the phrase's left edge)."""
    tokens = []
    i = start - 1
    while i >= left and _is_title_word(doc[i]):
        tokens.insert(0, doc[i])
        i -= 1
    return tokens


def _title_of_noun(noun: Token) -> str | None:
    """'the Russian foreign minister' -> 'Foreign Minister'; 'the secretary of energy' -> 'Secretary of Energy'."""
    if noun.lemma_.lower() not in TITLE_NOUNS and noun.lower_ not in TITLE_NOUNS:
        return None
    tokens = [*_title_before(noun.i, noun.left_edge.i, noun.doc), noun]
    for prep in noun.children:  # "secretary of energy" (not "of Russia")
        if prep.dep_ == "prep" and prep.lower_ == "of" and prep.i == noun.i + 1:
            span = noun.doc[prep.i:prep.right_edge.i + 1]
            if all(_is_title_word(t) for t in span):
                tokens.extend(span)
    return _office(tokens)


def _person_title(ent: Span) -> str | None:
    """The title the text gives a named person: before the name, in an apposition, or as the noun it explains."""
    left = min(t.left_edge.i for t in ent)
    title = _office(_title_before(ent.start, left, ent.doc))
    if title:
        return title
    for child in ent.root.children:  # "Sergei Lavrov, the Russian foreign minister"
        if child.dep_ == "appos" and not child.ent_type_:
            title = _title_of_noun(child)
            if title:
                return title
    if ent.root.dep_ == "appos":  # "Russia's foreign minister Sergei Lavrov"
        return _title_of_noun(ent.root.head)
    return None


def _person_state(ent: Span) -> Actor | None:
    """The state a person not in the table acts for, as the text gives it around the name."""
    found = _modifier_actor(ent.root) or _modifier_actor(ent[0])
    if found is None:
        for child in ent.root.children:
            if child.dep_ == "appos" and child.lemma_.lower() in TITLE_NOUNS:
                found = _modifier_actor(child)
                break
    if found is None and ent.root.dep_ == "appos" and ent.root.head.lemma_.lower() in TITLE_NOUNS:
        found = _modifier_actor(ent.root.head)
    return found[0] if found is not None and found[0].kind == "state" else None


def _people(doc) -> dict[int, tuple[Actor, Person, str | None]]:
    """Start token of each PERSON entity that is a person acting for a state -> (actor, person, sector).

    Listed leaders take their canonical name, Wikidata id and (unless the text gives a title)
    role from the table; Phoenix people the actor of their role on the article's date;
    others are introduced with their state ("Georgian Prime Minister Irakli Garibashvili").
    Later mentions by surname resolve to them all.
    """
    people = doc.user_data.get("alliance_people")
    if people is not None:
        return people
    registry = actor_registry()
    leaders = leader_table()
    found: dict[str, list] = {}  # person key -> [actor, name, text role, table role, wikidata]
    sectors: dict[str, str | None] = {}  # person key -> the sector of a Phoenix person's role
    surnames: dict[str, str] = {}
    where: dict[int, str] = {}
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        leader = leaders.get(ent.text.upper()) if ent.ent_id_ else None
        if leader is not None and leader.state in registry:
            key = "table:" + leader.name
            found.setdefault(key, [registry[leader.state], leader.name, None, leader.role, leader.wikidata])
            surnames.setdefault(ent[-1].lower_, key)
        elif ent.ent_id_.startswith("P:"):
            reading = _entry_reading(ent.ent_id_, doc)
            if reading is None:
                continue
            key = "phoenix:" + ent.ent_id_
            found.setdefault(key, [reading[0], _title(ent.ent_id_[2:]), None, None, None])
            sectors[key] = reading[1]
            surnames.setdefault(ent[-1].lower_, key)
        elif not ent.ent_id_:
            key = surnames.get(ent[-1].lower_)
            if key is None:
                state = _person_state(ent)
                if state is None:
                    continue
                key = surnames[ent[-1].lower_] = "text:" + ent.text
                found[key] = [state, ent.text, None, None, None]
        else:
            continue
        if found[key][2] is None:
            found[key][2] = _person_title(ent)
        where[ent.start] = key
    persons = {key: (actor, Person(name, role or (_title_case(table_role.split()) if table_role else None), qid),
                     sectors.get(key))
               for key, (actor, name, role, table_role, qid) in found.items()}
    people = doc.user_data["alliance_people"] = {start: persons[key] for start, key in where.items()}
    return people


def _person_at(tok: Token, actor: Actor) -> Person | None:
    """The person a PERSON entity token names, when it acts for ``actor``."""
    if tok.ent_type_ != "PERSON":
        return None
    found = _people(tok.doc).get(entity_bounds(tok)[0])
    return found[1] if found is not None and found[0].id == actor.id else None


def coordinated_modifiers(tok: Token, first: Mention) -> list[Mention]:
    """The other countries of a coordinated modifier: "US and British activists" -> the British ones too."""
    if tok.ent_iob_ != "O" or first.token_i != tok.i:
        return []
    out = []
    for child in tok.children:
        if child.dep_ in _MODIFIER_DEPS and child.ent_id_:
            for conj in child.conjuncts:
                actor = _ent_actor(conj)
                if actor is None or actor.kind != "state":
                    continue
                actor, sector = _head_sector(actor, tok)
                out.append(_mention(actor, conj, conj.i, sector=sector))
    return out


def resolve_token(tok: Token, *, _depth: int = 0) -> Mention | None:
    """The actor a token (an argument head) stands for, or ``None``.

    Entity tokens carry their actor; a noun takes the country of a modifier
    (a state for officials, forces and things, a sector for companies,
    activists, rebels and civilians); "employees of X" takes X's actor.
    Analysts, outlets cited as sources, regions and a state's allies or rivals are not actors.
    """
    reading = _ent_reading(tok)
    if reading is not None:
        actor, sector, place = reading
        return _mention(actor, tok, tok.i, _person_at(tok, actor), sector, place)
    if tok.pos_ in {"PRON", "DET", "ADP", "VERB", "AUX", "PUNCT"}:
        return None
    if tok.ent_type_ == "PERSON" and _depth == 0:
        found = _people(tok.doc).get(entity_bounds(tok)[0])
        if found is not None:  # "Garibashvili" after "Georgian Prime Minister Irakli Garibashvili"
            return _mention(found[0], tok, tok.i, found[1], found[2])
    lemma = tok.lemma_.lower()
    if lemma in NON_ACTOR_NOUNS:
        return None
    if lemma in RELATIONAL_NOUNS:  # "a key U.S. ally": someone else, unless named beside it
        for child in tok.children:
            if child.dep_ == "appos" and _depth < 2:
                return resolve_token(child, _depth=_depth + 1)
        return None
    found = _modifier_actor(tok)
    if found is not None:
        actor, first = found
        actor, sector = _head_sector(actor, tok)
        person = None
        if lemma in TITLE_NOUNS:  # "Russia's foreign minister Sergei Lavrov": the minister is the named person
            person = next((p for c in tok.children if c.dep_ == "appos"
                           for p in [_person_at(c, actor)] if p is not None), None)
        return _mention(actor, tok, first, person, sector)
    if _depth < 2:
        for child in tok.children:
            if child.dep_ == "prep" and (child.lower_ in ("of", "from")
                                         or child.lower_ == "in" and lemma in STATE_NOUNS):
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        inner = resolve_token(pobj, _depth=_depth + 1)
                        if inner is not None:
                            return inner
        for child in tok.children:
            if child.dep_ == "appos":
                inner = resolve_token(child, _depth=1)
                if inner is not None:
                    return inner
    return None
