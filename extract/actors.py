"""Actors: from entity mentions to canonical actors.

States are named by their ISO 3166-1 alpha-3 code through names, adjectives,
capitals, cities and metonyms (Moscow, the Kremlin, Russian -> ``RUS``), taken
from the MIT CAMEO tables in ``extract/data/cameo/`` plus a small table of our
own (``extract/data/actor_aliases.tsv``: metonyms and leaders). International
organisations keep their CAMEO code as id (NATO -> ``IGOWSTNAT``).

Matching is done by a spaCy ``EntityRuler`` (placed before ``ner``) whose
patterns carry the actor id: long and multi-word aliases match case-insensitively
through the PhraseMatcher, short all-caps aliases ("US", "UN") match exact case
only, so the pronoun "us" is no actor.

A mention resolves to the actor it counts for: "Turkish President Erdogan",
"Russian authorities", "a Russian missile" -> the state (``kind`` ``state``);
"Israeli companies" -> the Israeli business sector (id ``ISRBUS``, ``kind`` ``org``,
``country`` ``ISR``). Analysts, news outlets cited as sources and regions resolve
to nothing.

A leader or official stays the state it acts for, and the mention also carries the
:class:`Person`: the canonical name, role and Wikidata id from
``extract/data/heads_of_state.tsv`` when listed there, else the full name and title
as the text introduces them ("US Deputy Secretary of Energy Jeffrey Kupfer").
Later mentions by surname carry the same person. People with no state, in the
text or the table, are no actor.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.pipeline import EntityRuler
from spacy.tokens import Span, Token

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
    "resolve_token",
    "coordinated_modifiers",
    "sector_actor",
    "RULER_NAME",
]

DATA = Path(__file__).parent / "data"
CAMEO = DATA / "cameo"
RULER_NAME = "alliance_actor_ruler"

#: CAMEO country codes that are not ISO 3166-1 alpha-3 (or not countries).
_CODE_FIX = {"TMP": "TLS", "KSV": "XKX", "KNT": None}
#: CAMEO canonical names kept out of a code (Transnistria is not Moldova).
_SKIP_CANONICAL = {"TRANSNISTRIA"}

#: Proper short names where the CAMEO canonical name is formal, historic or odd.
_LABELS = {
    "RUS": "Russia", "USA": "United States", "GBR": "United Kingdom", "IRN": "Iran",
    "SYR": "Syria", "KOR": "South Korea", "PRK": "North Korea", "TZA": "Tanzania",
    "ZAF": "South Africa", "BRN": "Brunei", "MDG": "Madagascar", "VEN": "Venezuela",
    "LAO": "Laos", "CZE": "Czechia", "COD": "DR Congo", "COG": "Congo", "ARM": "Armenia",
    "AZE": "Azerbaijan", "UKR": "Ukraine", "KAZ": "Kazakhstan", "GEO": "Georgia",
    "BLR": "Belarus", "MDA": "Moldova", "UZB": "Uzbekistan", "TKM": "Turkmenistan",
    "TJK": "Tajikistan", "KGZ": "Kyrgyzstan", "EST": "Estonia", "LVA": "Latvia",
    "LTU": "Lithuania", "PSE": "Palestine", "TWN": "Taiwan", "VNM": "Vietnam",
    "CIV": "Côte d'Ivoire", "BIH": "Bosnia and Herzegovina", "MKD": "North Macedonia",
    "SRB": "Serbia", "MNE": "Montenegro", "HRV": "Croatia", "SVN": "Slovenia",
    "SVK": "Slovakia", "XKX": "Kosovo", "TLS": "Timor-Leste", "SSD": "South Sudan",
    "ERI": "Eritrea", "SUN": "Soviet Union", "DDR": "East Germany", "CSK": "Czechoslovakia",
    "SCG": "Serbia and Montenegro", "SWZ": "Eswatini", "FSM": "Micronesia",
    "KNA": "Saint Kitts and Nevis", "BOL": "Bolivia", "DEU": "Germany", "YEM": "Yemen",
}

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
_SECTOR_LABELS = {"BUS": "business", "OPP": "opposition", "REB": "rebels",
                  "CVL": "civilians", "MED": "media"}

#: Heads that are never actors even with a country modifier: commentators,
#: cited sources and places.
NON_ACTOR_NOUNS = frozenset(
    "analyst expert observer commentator scholar researcher correspondent reporter "
    "columnist source portal website report study region area territory city town "
    "village province language culture history people's crash accident incident disaster "
    "explosion collision".split()
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
class Actor:
    """A canonical actor.

    >>> Actor("RUS", "Russia", "state", "RUS").kind
    'state'
    """

    id: str
    label: str
    kind: str
    country: str | None
    wikidata: str | None = None


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

    def record(self) -> dict:
        """The ``ActorMention`` dict of :mod:`extract.record`."""
        a = self.actor
        out = {"id": a.id, "label": a.label, "text": self.text, "kind": a.kind,
               "country": a.country, "start": self.start, "end": self.end, "wikidata": a.wikidata}
        if self.person is not None:
            out["person"] = self.person.record()
        return out


def _title(name: str, *, acronyms: bool = False) -> str:
    """Title-case a CAMEO upper-case name, keeping short acronyms if asked.

    >>> _title("NORTH ATLANTIC TREATY ORGANIZATION"), _title("NATO", acronyms=True), _title("TURKEY")
    ('North Atlantic Treaty Organization', 'NATO', 'Turkey')
    >>> _title("COTE D'IVOIRE")
    "Cote d'Ivoire"
    """
    if acronyms and " " not in name and len(name) <= 5:
        return name
    words = []
    for w in name.lower().split():
        if w in {"of", "and", "the", "for", "de", "on", "in"} and words:
            words.append(w)
        elif "'" in w:
            head, _, tail = w.partition("'")
            words.append(head.capitalize() + "'" + tail.capitalize() if len(head) > 1 else head + "'" + tail.capitalize())
        else:
            words.append(w.capitalize())
    return " ".join(words)


def _read_tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8") as fh:
        return [row for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
                if row and not row[0].startswith("#")]


@lru_cache(maxsize=1)
def _excluded() -> frozenset[str]:
    return frozenset(r[0].strip().upper() for r in _read_tsv(DATA / "alias_exclude.tsv"))


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, Actor], tuple[tuple[str, str, str], ...]]:
    actors: dict[str, Actor] = {}
    aliases: dict[str, tuple[str, str, str]] = {}
    excluded = _excluded()

    canon: dict[str, Counter] = {}
    country_rows = []
    for row in _read_tsv(CAMEO / "cameo_countries.txt"):
        alias, code, canonical = row[0].strip(), row[1].strip(), row[2].strip()
        code = _CODE_FIX.get(code, code)
        if not code or canonical in _SKIP_CANONICAL:
            continue
        canon.setdefault(code, Counter())[canonical] += 1
        country_rows.append((alias, code))
    for code, counts in canon.items():
        label = _LABELS.get(code) or _title(counts.most_common(1)[0][0])
        actors[code] = Actor(code, label, "state", code)
    for alias, code in country_rows:
        aliases.setdefault(alias.upper(), (alias, code, "GPE"))

    labels: dict[str, str] = {}
    for row in _read_tsv(CAMEO / "cameo_international_actors.txt"):
        alias, code, canonical = row[0].strip(), row[1].strip(), row[2].strip()
        history = row[3] if len(row) > 3 else ""
        # IGOs and NGOs only; time-bound rows are office holders of the past.
        if code[:3] not in {"IGO", "NGO"} or any(c in history for c in "|<>"):
            continue
        if code not in labels or alias == canonical and len(canonical) < len(labels[code]):
            labels.setdefault(code, canonical)
        aliases.setdefault(alias.upper(), (alias, code, "ORG"))
    for code, canonical in labels.items():
        actors[code] = Actor(code, _title(canonical, acronyms=True), "igo" if code.startswith("IGO") else "org", None)

    wikidata = {row[0]: row[1] for row in _read_tsv(DATA / "state_wikidata.tsv")}
    for code, actor in list(actors.items()):
        if actor.kind == "state" and code in wikidata:
            actors[code] = Actor(code, actor.label, "state", code, wikidata[code])

    for row in _read_tsv(DATA / "actor_aliases.tsv"):
        alias, code = row[0].strip(), row[1].strip()
        aliases[alias.upper()] = (alias, code, "GPE")

    # our own tables override CAMEO: IGOs with their members, armed groups and outlets, leaders
    for code, label, names, _members in _igo_rows():
        actors[code] = Actor(code, label, "igo", None)
        for alias in names:
            aliases[alias.upper()] = (alias, code, "ORG")
    for row in _read_tsv(DATA / "non_state_actors.tsv"):
        code, label, kind, country = (c.strip() for c in row[:4])
        actors[code] = Actor(code, label, kind, country or None)
        for alias in row[4].split("|"):
            aliases[alias.strip().upper()] = (alias.strip(), code, "ORG")
    for row in _read_tsv(DATA / "heads_of_state.tsv"):
        name, code = row[0].strip(), row[1].strip()
        for alias in [name, *(row[3].split("|") if len(row) > 3 else [])]:
            if alias.strip():
                aliases[alias.strip().upper()] = (alias.strip(), code, "PERSON")

    kept = tuple(v for k, v in aliases.items()
                 if k not in excluded and "," not in k and v[1] in actors)
    return actors, kept


@dataclass(frozen=True)
class _Leader:
    name: str
    state: str
    role: str
    wikidata: str | None


@lru_cache(maxsize=1)
def leader_table() -> dict[str, _Leader]:
    """Upper-cased name or alias -> the listed leader (``extract/data/heads_of_state.tsv``).

    >>> t = leader_table()
    >>> t["ERDOGAN"].name, t["ERDOGAN"].state, t["ERDOGAN"].role, t["ERDOGAN"].wikidata
    ('Recep Tayyip Erdoğan', 'TUR', 'president', 'Q39259')
    >>> t["LAVROV"].wikidata is None
    True
    """
    out: dict[str, _Leader] = {}
    for row in _read_tsv(DATA / "heads_of_state.tsv"):
        row = [c.strip() for c in row] + [""] * (5 - len(row))
        leader = _Leader(row[0], row[1], row[2], row[4] or None)
        for alias in [row[0], *row[3].split("|")]:
            if alias.strip():
                out.setdefault(alias.strip().upper(), leader)
    return out


@lru_cache(maxsize=1)
def _igo_rows() -> tuple[tuple[str, str, tuple[str, ...], tuple[str, ...]], ...]:
    rows = []
    for row in _read_tsv(DATA / "igo_members.tsv"):
        code, label, names, members = (c.strip() for c in row[:4])
        rows.append((code, label, tuple(n.strip() for n in names.split("|") if n.strip()),
                     tuple(members.split())))
    return tuple(rows)


@lru_cache(maxsize=1)
def _un_members() -> tuple[str, ...]:
    return tuple(r[0] for r in _read_tsv(DATA / "state_wikidata.tsv") if len(r) > 2 and r[2] == "member")


def igo_members(igo_id: str) -> list[str]:
    """The member states (ISO3) of an international organisation, mid-2025; ``[]`` if unknown.

    >>> igo_members("IGOCASCSTO")
    ['ARM', 'BLR', 'KAZ', 'KGZ', 'RUS', 'TJK']
    >>> len(igo_members("IGOWSTNAT")), len(igo_members("IGOUNO")), igo_members("RUS")
    (32, 193, [])
    """
    for code, _label, _names, members in _igo_rows():
        if code == igo_id:
            return list(_un_members()) if members == ("UN",) else list(members)
    return []


def actor_registry() -> dict[str, Actor]:
    """All known actors by id (states by ISO3, IGOs/NGOs and armed groups by CAMEO-style code).

    >>> reg = actor_registry()
    >>> reg["RUS"].label, reg["AZE"].label, reg["IGOWSTNAT"].kind, reg["RUS"].wikidata
    ('Russia', 'Azerbaijan', 'igo', 'Q159')
    >>> reg["NGAREBBKH"].kind, reg["NGAREBBKH"].country, reg["IGOEUREEC"].label
    ('group', 'NGA', 'European Union')
    """
    return _tables()[0]


def alias_table() -> tuple[tuple[str, str, str], ...]:
    """``(alias, actor id, entity label)`` for every alias the ruler matches."""
    return _tables()[1]


def country_label(code: str) -> str:
    """The proper name of a country code.

    >>> country_label("RUS"), country_label("TUR")
    ('Russia', 'Turkey')
    """
    actor = actor_registry().get(code)
    return actor.label if actor else code


def _is_exact_alias(alias: str) -> bool:
    """Short all-caps aliases ("US", "UN", "UAE", "IRAN") match case-sensitively."""
    return " " not in alias and len(alias) <= 4 and alias.upper() == alias


def ruler_patterns() -> list[dict]:
    """EntityRuler patterns with the actor id as pattern ``id``.

    Aliases of up to three letters match in upper case only; four-letter
    single words also in title case ("Iran", "Baku"); the rest
    case-insensitively (the ruler's ``phrase_matcher_attr`` is ``LOWER``).

    >>> pats = ruler_patterns()
    >>> [p for p in pats if p["pattern"] == [{"ORTH": "US"}]][0]["id"]
    'USA'
    >>> any(p["pattern"] == [{"ORTH": "Us"}] for p in pats)
    False
    >>> [p["id"] for p in pats if p["pattern"] == "KREMLIN"]
    ['RUS']
    """
    patterns = []
    for alias, code, label in alias_table():
        if _is_exact_alias(alias):
            forms = {alias}
            if len(alias) == 4 and alias.isalpha():
                forms.add(alias.title())
            for form in sorted(forms):
                patterns.append({"label": label, "pattern": [{"ORTH": form}], "id": code})
        else:
            patterns.append({"label": label, "pattern": alias.upper(), "id": code})
    return patterns


def _single_orth(pattern) -> str | None:
    if isinstance(pattern, list) and len(pattern) == 1 and set(pattern[0]) == {"ORTH"}:
        return pattern[0]["ORTH"]
    return None


class ActorRuler(EntityRuler):
    """An ``EntityRuler`` whose one-token exact-case patterns go to a ``PhraseMatcher`` on ``ORTH``.

    spaCy's token ``Matcher`` tries every pattern at every token, so a few
    hundred ``[{"ORTH": "US"}]`` patterns cost as much as the parser's tagger;
    a phrase matcher looks them up by hash. Everything else (overlap rules,
    ``overwrite_ents``, pattern ids, :attr:`patterns`) is the ``EntityRuler``'s.
    """

    def __init__(self, nlp: Language, name: str = "actor_ruler", **kwargs) -> None:
        self.exact_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        super().__init__(nlp, name, **kwargs)

    def clear(self) -> None:
        super().clear()
        self.exact_matcher = PhraseMatcher(self.nlp.vocab, attr="ORTH")

    def add_patterns(self, patterns) -> None:
        exact = [p for p in patterns if _single_orth(p["pattern"]) is not None]
        super().add_patterns([p for p in patterns if _single_orth(p["pattern"]) is None])
        for entry in exact:
            label = entry["label"]
            if "id" in entry:
                label = self._create_label(entry["label"], entry["id"])
                self._ent_ids[self.matcher._normalize_key(label)] = (entry["label"], entry["id"])
            self.token_patterns[label].append(entry["pattern"])
            self.exact_matcher.add(label, [self.nlp.make_doc(_single_orth(entry["pattern"]))])

    def match(self, doc):
        self._require_patterns()
        matches = set(self.phrase_matcher(doc)) | set(self.exact_matcher(doc))
        if len(self.matcher):
            matches.update(self.matcher(doc))
        return sorted(((m, s, e) for m, s, e in matches if s != e),
                      key=lambda m: (m[2] - m[1], -m[1]), reverse=True)


@Language.factory("actor_ruler", default_config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True})
def make_actor_ruler(nlp: Language, name: str, phrase_matcher_attr: str | None, overwrite_ents: bool) -> ActorRuler:
    """Factory of :class:`ActorRuler` (empty: :func:`add_actor_ruler` adds the patterns)."""
    return ActorRuler(nlp, name, phrase_matcher_attr=phrase_matcher_attr, overwrite_ents=overwrite_ents)


def add_actor_ruler(nlp: Language) -> None:
    """Add the actor EntityRuler before ``ner`` (or last if there is none); idempotent."""
    if RULER_NAME in nlp.pipe_names:
        return
    where = {"before": "ner"} if "ner" in nlp.pipe_names else {}
    ruler = nlp.add_pipe("actor_ruler", name=RULER_NAME, **where)
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(ruler_patterns())


# --- resolving tokens to actors ---------------------------------------------------------

def span_actor(span: Span) -> Actor | None:
    """The actor an entity span carries (set by the actor ruler), if any.

    A single lower-case word ("turkey", "chad") is taken for the common noun.
    """
    ent_id = span.ent_id_
    if not ent_id:
        return None
    actor = actor_registry().get(ent_id)
    if actor is None:
        return None
    if len(span) == 1 and span[0].is_lower and span[0].pos_ != "ADJ":
        return None  # "turkey", "chad": the common noun (a lower-case "tunisian" still counts)
    return actor


def sector_actor(country: str, sector: str, kind: str) -> Actor:
    """The actor for a sector of a country.

    >>> sector_actor("ISR", "BUS", "org")
    Actor(id='ISRBUS', label='Israel (business)', kind='org', country='ISR', wikidata=None)
    """
    return Actor(country + sector, f"{country_label(country)} ({_SECTOR_LABELS[sector]})", kind, country)


def _ent_actor(tok: Token) -> Actor | None:
    if tok.ent_iob_ == "O" or not tok.ent_id_:
        return None
    doc = tok.doc
    start = tok.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = tok.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return span_actor(doc[start:end])


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


def _mention(actor: Actor, tok: Token, first: int, person: Person | None = None) -> Mention:
    doc = tok.doc
    start, end = entity_bounds(tok)
    start = min(start, first)
    span = doc[start:end]
    return Mention(actor, span.text, span.start_char, span.end_char, tok.i, person)


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


def _people(doc) -> dict[int, tuple[Actor, Person]]:
    """Start token of each PERSON entity that is a person acting for a state -> (state, person).

    Listed leaders take their canonical name, Wikidata id and (unless the text gives a title)
    role from the table; others are introduced with their state ("Georgian Prime Minister
    Irakli Garibashvili") and later mentions by surname resolve to them.
    """
    people = doc.user_data.get("alliance_people")
    if people is not None:
        return people
    registry = actor_registry()
    leaders = leader_table()
    found: dict[str, list] = {}  # person key -> [actor, name, text role, table role, wikidata]
    surnames: dict[str, str] = {}
    where: dict[int, str] = {}
    for ent in doc.ents:
        if ent.label_ != "PERSON":
            continue
        leader = leaders.get(ent.text.upper()) if ent.ent_id_ else None
        if leader is not None and leader.state in registry:
            key = "table:" + leader.name
            found.setdefault(key, [registry[leader.state], leader.name, None, leader.role, leader.wikidata])
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
    persons = {key: (actor, Person(name, role or (_title_case(table_role.split()) if table_role else None), qid))
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
    lemma = tok.lemma_.lower()
    for child in tok.children:
        if child.dep_ in _MODIFIER_DEPS and child.ent_id_:
            for conj in child.conjuncts:
                actor = _ent_actor(conj)
                if actor is None or actor.kind != "state":
                    continue
                if lemma in SECTOR_NOUNS:
                    actor = sector_actor(actor.country, *SECTOR_NOUNS[lemma])
                out.append(_mention(actor, conj, conj.i))
    return out


def resolve_token(tok: Token, *, _depth: int = 0) -> Mention | None:
    """The actor a token (an argument head) stands for, or ``None``.

    Entity tokens carry their actor; a noun takes the country of a modifier
    (a state for officials, forces and things, a sector for companies,
    activists, rebels and civilians); "employees of X" takes X's actor.
    Analysts, outlets cited as sources and regions are not actors.
    """
    actor = _ent_actor(tok)
    if actor is not None:
        return _mention(actor, tok, tok.i, _person_at(tok, actor))
    if tok.pos_ in {"PRON", "DET", "ADP", "VERB", "AUX", "PUNCT"}:
        return None
    if tok.ent_type_ == "PERSON" and _depth == 0:
        found = _people(tok.doc).get(entity_bounds(tok)[0])
        if found is not None:  # "Garibashvili" after "Georgian Prime Minister Irakli Garibashvili"
            return _mention(found[0], tok, tok.i, found[1])
    lemma = tok.lemma_.lower()
    if lemma in NON_ACTOR_NOUNS:
        return None
    found = _modifier_actor(tok)
    if found is not None:
        actor, first = found
        if actor.kind == "state" and lemma in SECTOR_NOUNS:
            code, kind = SECTOR_NOUNS[lemma]
            actor = sector_actor(actor.country, code, kind)
        person = None
        if lemma in TITLE_NOUNS:  # "Russia's foreign minister Sergei Lavrov": the minister is the named person
            person = next((p for c in tok.children if c.dep_ == "appos"
                           for p in [_person_at(c, actor)] if p is not None), None)
        return _mention(actor, tok, first, person)
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
