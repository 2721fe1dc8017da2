"""The actor tables: every known actor, every alias the ruler matches, people's dated roles, agents.

Two sources, combined here:

- the PETRARCH2 / Phoenix dictionaries compiled into ``extract/data/phoenix/`` (MIT; see its
  README): names, cities and institutions of every state, international organisations,
  companies, armed groups, some 18,000 people with date-restricted roles, and the agents
  (police, rebels, state media...) with their CAMEO role codes;
- the project's own tables in ``extract/data/`` (``actor_aliases.tsv`` metonyms and
  short names, ``igo_members.tsv`` organisations with their members,
  ``non_state_actors.tsv`` armed groups, parties, outlets and ethnic or religious groups,
  ``heads_of_state.tsv`` leaders in office in mid-2025 with their Wikidata ids,
  ``state_wikidata.tsv``, ``alias_exclude.tsv``).

Where both name the same alias, the project's tables win: they are current (mid-2025) where
the dictionaries stop around 2015, they carry Wikidata ids and members, and they keep
armed groups apart (Phoenix codes many as a country's rebels, ``TURREB``). Their leaders
act for their state on every date. Phoenix's people resolve by the article's date
(:func:`role_on`). Aliases in ``alias_exclude.tsv`` are dropped from both.

Each alias maps to an *entry id*, the ``ent_id`` the ruler puts on a span
(:func:`parse_entry`): ``RUS`` (the actor), ``CHN~MIL`` (a state with the sector its
institution belongs to: the People's Liberation Army), ``AFG@`` (a place of the state:
Kabul), ``IRQ~CVL`` (the people of a state: "Iraqis"), ``P:TONY BLAIR`` (a Phoenix person).
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from extract.alias_variants import (
    abbreviation_variants, apostrophe_variants, demonym_plural, initialism, possessive_variants, the_variant,
)

__all__ = [
    "Actor", "Entry", "DATA", "PHOENIX", "actor_registry", "alias_entries", "alias_table", "country_label",
    "leader_table", "igo_members", "parse_entry", "entry_id", "sector_actor", "people_roles", "role_on",
    "agent_table", "role_actor", "STATE_SECTORS", "SECTOR_LABELS", "table_files", "exact_aliases",
]

DATA = Path(__file__).parent / "data"
PHOENIX = DATA / "phoenix"

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
    "VAT": "Holy See",
}

#: CAMEO role codes of a state's own organs: their mentions stay the state (with the sector).
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY"})
#: Words for the CAMEO role codes (the first three letters of a sector).
SECTOR_LABELS = {
    "GOV": "government", "MIL": "military", "COP": "police", "JUD": "judiciary", "LEG": "legislature",
    "SPY": "intelligence", "REB": "rebels", "OPP": "opposition", "BUS": "business", "MED": "media",
    "CVL": "civilians", "PPL": "people", "EDU": "education", "LAB": "labour", "REL": "religious groups",
    "HLH": "health", "CRM": "criminals", "AGR": "agriculture", "UAF": "armed groups", "HRI": "human rights groups",
    "NGO": "NGOs", "NGM": "NGOs", "ENV": "environmentalists", "REF": "refugees", "ELI": "elites",
    "PTY": "parties", "DEV": "development", "MUS": "Muslims", "CHR": "Christians", "JEW": "Jews",
    "HIN": "Hindus", "BUD": "Buddhists", "RAD": "radicals", "ETH": "ethnic group", "MNC": "companies",
    "IGO": "international organisations", "SET": "settlers", "IMG": "armed groups",
}
#: Sectors whose actors are organisations rather than groups of people.
_ORG_SECTORS = frozenset({"BUS", "MED", "NGO", "NGM", "HLH", "MNC"})


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
class Entry:
    """What an alias stands for: an actor, with the sector of its institution, or a Phoenix person.

    >>> parse_entry("CHN~MIL"), parse_entry("AFG@").place, parse_entry("P:TONY BLAIR").person
    (Entry(actor='CHN', sector='MIL', place=False, person=None), True, 'TONY BLAIR')
    """

    actor: str | None
    sector: str | None = None
    place: bool = False
    person: str | None = None


def entry_id(entry: Entry) -> str:
    """The ``ent_id`` string of an entry (inverse of :func:`parse_entry`).

    >>> entry_id(Entry("CHN", "MIL")), entry_id(Entry("AFG", place=True)), entry_id(Entry(None, person="TONY BLAIR"))
    ('CHN~MIL', 'AFG@', 'P:TONY BLAIR')
    """
    if entry.person:
        return "P:" + entry.person
    return entry.actor + (f"~{entry.sector}" if entry.sector else "") + ("@" if entry.place else "")


@lru_cache(maxsize=4096)
def parse_entry(ent_id: str) -> Entry:
    """The entry an ``ent_id`` names; a plain actor id is an entry of its own."""
    if ent_id.startswith("P:"):
        return Entry(None, person=ent_id[2:])
    place = ent_id.endswith("@")
    actor, _, sector = ent_id.rstrip("@").partition("~")
    return Entry(actor, sector or None, place)


def _title(name: str, *, acronyms: bool = False) -> str:
    """Title-case a CAMEO upper-case name, keeping short acronyms if asked.

    >>> _title("NORTH ATLANTIC TREATY ORGANIZATION"), _title("NATO", acronyms=True), _title("TURKEY")
    ('North Atlantic Treaty Organization', 'NATO', 'Turkey')
    >>> _title("COTE D'IVOIRE"), _title("TONY BLAIR")
    ("Cote d'Ivoire", 'Tony Blair')
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


def table_files() -> list[Path]:
    """Every data file the tables are built from (the ruler's cache key hashes them)."""
    return sorted([*DATA.glob("*.tsv"), *PHOENIX.glob("*.tsv")])


@lru_cache(maxsize=1)
def _excluded() -> frozenset[str]:
    return frozenset(r[0].strip().upper() for r in _read_tsv(DATA / "alias_exclude.tsv"))


def _fix(code: str) -> str | None:
    return _CODE_FIX.get(code[:3], code[:3]) and (_CODE_FIX.get(code[:3], code[:3]) + code[3:])


def _sector_kind(sector: str) -> str:
    return "org" if sector[:3] in _ORG_SECTORS else "group"


def _body_actor(code: str, canonical: str, states: set[str]) -> tuple[Actor | None, Entry]:
    """The actor and entry of an institution, organisation or group by its CAMEO code."""
    prefix, rest = code[:3], code[3:]
    if prefix in states:
        if rest[:3] in STATE_SECTORS:
            return None, Entry(prefix, rest)
        if len(rest) <= 3:  # a country's generic rebels, media...: the sector actor
            return None, Entry(prefix, rest) if rest else Entry(prefix)
        return Actor(code, _title(canonical, acronyms=True), _sector_kind(rest), prefix), Entry(code, rest[:3])
    if prefix == "IGO":
        return Actor(code, _title(canonical, acronyms=True), "igo", None), Entry(code)
    kind = "org" if prefix in {"NGO", "NGM"} else "group"
    return Actor(code, _title(canonical, acronyms=True), kind, None), Entry(code)


def _variants(alias: str, kind: str, canonical: str = "") -> list[tuple[str, str]]:
    """Generated ``(alias, how)`` variants: ``how`` is ``plural`` for a demonym's plural,
    ``ethnic`` for "ethnic ..." forms, else ``same``."""
    out = [(v, "same") for v in (*apostrophe_variants(alias), *possessive_variants(alias),
                                 *abbreviation_variants(alias))]
    if kind == "name":
        out += [(v, "same") for v in (the_variant(alias),) if v]
        plural = demonym_plural(alias, canonical)
        if plural:
            out.append((plural, "plural"))
        if " " not in alias:  # "ethnic Albanians" are no state, wherever they live
            out += [("ETHNIC " + alias, "ethnic")] + ([("ETHNIC " + plural, "ethnic")] if plural else [])
    for variant, how in list(out):  # "PEOPLE’S": curly forms of the generated ones too
        out += [(v, how) for v in apostrophe_variants(variant) if (v, how) not in out]
    return out


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, Actor], dict[str, tuple[str, str, str]]]:
    actors: dict[str, Actor] = {}
    found: dict[str, tuple[str, str, str]] = {}  # upper alias -> (alias, entry id, label)
    excluded = _excluded()
    rows = _read_tsv(PHOENIX / "actors.tsv")

    canon: dict[str, Counter] = {}
    for alias, code, canonical, kind in rows:  # a state's label: the commonest primary name of its names
        if kind in ("name", "place") and canonical not in _SKIP_CANONICAL and _fix(code):
            canon.setdefault(_fix(code), Counter())[canonical] += kind == "name"
    wikidata = {row[0]: row[1] for row in _read_tsv(DATA / "state_wikidata.tsv")}
    for code, counts in canon.items():
        actors[code] = Actor(code, _LABELS.get(code) or _title(counts.most_common(1)[0][0]), "state", code,
                             wikidata.get(code))
    for code in wikidata.keys() - actors.keys():  # a state the dictionaries never name (the Holy See)
        actors[code] = Actor(code, _LABELS.get(code, code), "state", code, wikidata[code])
    states = set(actors)

    initials: dict[str, set[str]] = {}  # initialism of a formal state name -> the states

    def add(alias: str, entry: Entry, label: str, *, override: bool = False, kind: str = "",
            canonical: str = "") -> None:
        key = alias.upper()
        if kind == "name" and initialism(key):
            initials.setdefault(initialism(key), set()).add(entry.actor)
        if override or key not in found:
            found[key] = (alias, entry_id(entry), label)
        for variant, how in _variants(key, kind, canonical or key):
            if variant not in found or override:
                sector = ({"plural": "CVL", "ethnic": "ETH"}.get(how) if entry.actor in states else None) or entry.sector
                found[variant] = (variant, entry_id(Entry(entry.actor, sector, entry.place, entry.person)), label)

    # Phoenix: names of states first, then institutions and groups, then places (a name wins)
    order = {"name": 0, "body": 1, "place": 2}
    shared = Counter(code for code, _n in {(r[1], r[2]) for r in rows if r[3] == "body"})
    plurals = {demonym_plural(a, n) for a, _c, n, k in rows if k == "name"} - {None}
    for alias, code, canonical, kind in sorted(rows, key=lambda r: order[r[3]]):
        code = _fix(code)
        if not code or canonical in _SKIP_CANONICAL:
            continue
        if kind == "body":
            if code[:3] in SECTOR_LABELS and code[:3] not in {"IGO", "NGO", "NGM", "IMG"}:
                continue  # companies (MNCUSA), outlets (MED) and the like share a code: no actor of their own
            actor, entry = _body_actor(code, canonical, states)
            if actor is not None and shared[code] > 1 and actor.kind != "igo":  # a code for many groups
                actor = Actor(actor.id, f"{_title(code[:3], acronyms=True)} ({SECTOR_LABELS.get(code[3:6], code[3:])})",
                              actor.kind, actor.country)
            if actor is not None:
                actors.setdefault(actor.id, actor)
            if entry.actor in states or entry.actor in actors:
                add(alias, entry, "ORG")
        elif code in states:
            sector = "CVL" if kind == "name" and alias in plurals else None  # a listed plural: "ISRAELIS"
            add(alias, Entry(code, sector, kind == "place"), "GPE", kind=kind, canonical=canonical)
    for name, aliases, _roles in _read_tsv(PHOENIX / "people.tsv"):
        for alias in [name, *aliases.split("|")]:
            if " " in alias or len(alias) > 4:  # no "FDR", "AQI": short ones are ambiguous
                add(alias, Entry(None, person=name), "PERSON")

    # the project's own tables override Phoenix: metonyms, IGOs with their members, groups, leaders
    for row in _read_tsv(DATA / "actor_aliases.tsv"):
        entry = parse_entry(row[1].strip())
        # a state's name gets a demonym's variants; an organ or a company ("Gazprom": RUS~BUS) none
        name = entry.actor in states and not entry.sector and not entry.place
        add(row[0].strip(), entry, "GPE" if name or entry.place else "ORG", override=True, kind="name" if name else "",
            canonical=actors[entry.actor].label.upper() if entry.actor in actors else "")
    for code, label, names, _members in _igo_rows():
        actors[code] = Actor(code, label, "igo", None)
        for alias in names:
            add(alias, Entry(code), "ORG", override=True)
    for row in _read_tsv(DATA / "non_state_actors.tsv"):
        code, label, kind, country = (c.strip() for c in row[:4])
        actors[code] = Actor(code, label, kind, country or None)
        role = code[3:6] if country and code[3:6] in SECTOR_LABELS else None  # "INDPTYBJP": a party
        for alias in row[4].split("|"):
            add(alias.strip(), Entry(code, role), "ORG", override=True)
    for row in _read_tsv(DATA / "heads_of_state.tsv"):
        name, code = row[0].strip(), row[1].strip()
        for alias in [name, *(row[3].split("|") if len(row) > 3 else [])]:
            if alias.strip():
                add(alias.strip(), Entry(code), "PERSON", override=True)

    for letters, codes in initials.items():  # last, and only where no other alias has them
        if len(codes) == 1 and letters not in found:
            found[letters] = (letters, next(iter(codes)), "GPE")
            found[".".join(letters) + "."] = (".".join(letters) + ".", next(iter(codes)), "GPE")

    kept = {}
    for key, (alias, ent, label) in found.items():
        entry = parse_entry(ent)
        if key in excluded or "," in key or not key[:1].isalnum() or not (entry.person or entry.actor in actors):
            continue
        kept[key] = (alias, ent, label)
    return actors, kept


@lru_cache(maxsize=1)
def exact_aliases() -> dict[str, frozenset[str]]:
    """Upper-cased alias -> the spellings it names an actor in, for the ``exact`` rows of ``actor_aliases.tsv``.

    The ruler finds every alias whatever its case; an ``exact`` alias is a common phrase in lower
    case ("a blue house", "number 10"), so only its own spelling names the actor.

    >>> exact_aliases()["NUMBER 10"]
    frozenset({'Number 10'})
    """
    out: dict[str, frozenset[str]] = {}
    for row in _read_tsv(DATA / "actor_aliases.tsv"):
        if len(row) > 2 and row[2].strip() == "exact":
            alias = row[0].strip()
            for form in (alias, *apostrophe_variants(alias)):
                out[form.upper()] = out.get(form.upper(), frozenset()) | {form}
    return out


@lru_cache(maxsize=1)
def alias_entries() -> tuple[tuple[str, str, str], ...]:
    """``(alias, entry id, entity label)`` for every alias the ruler matches, generated variants included.

    >>> table = {a.upper(): e for a, e, _ in alias_entries()}
    >>> table["IRAQIS"], table["KABUL"], table["PLA"], table["DPRK"], table["UK"]
    ('IRQ~CVL', 'AFG@', 'CHN~MIL', 'PRK', 'GBR')
    """
    return tuple(_tables()[1].values())


@lru_cache(maxsize=1)
def alias_table() -> tuple[tuple[str, str, str], ...]:
    """``(alias, actor id, entity label)`` for every alias that names an actor (people of Phoenix left out).

    >>> {a.upper(): c for a, c, _ in alias_table()}["PEOPLE’S LIBERATION ARMY"]
    'CHN'
    """
    return tuple((alias, parse_entry(ent).actor, label) for alias, ent, label in alias_entries()
                 if parse_entry(ent).actor)


def actor_registry() -> dict[str, Actor]:
    """All known actors by id (states by ISO3, IGOs/NGOs and armed groups by CAMEO-style code).

    >>> reg = actor_registry()
    >>> reg["RUS"].label, reg["AZE"].label, reg["IGOWSTNAT"].kind, reg["RUS"].wikidata
    ('Russia', 'Azerbaijan', 'igo', 'Q159')
    >>> reg["NGAREBBKH"].kind, reg["NGAREBBKH"].country, reg["IGOEUREEC"].label
    ('group', 'NGA', 'European Union')
    """
    return _tables()[0]


def country_label(code: str) -> str:
    """The proper name of a country code.

    >>> country_label("RUS"), country_label("TUR")
    ('Russia', 'Turkey')
    """
    actor = actor_registry().get(code)
    return actor.label if actor else code


def sector_actor(country: str, sector: str, kind: str | None = None) -> Actor:
    """The actor for a non-state sector of a country (its id is the country and the role's first letters).

    >>> sector_actor("ISR", "BUS", "org")
    Actor(id='ISRBUS', label='Israel (business)', kind='org', country='ISR', wikidata=None)
    >>> sector_actor("GBR", "ELI").kind, sector_actor("SYR", "REBMUS").id, sector_actor("ALB", "ETH").country
    ('group', 'SYRREB', None)
    """
    code = sector[:3]
    label = f"{country_label(country)} ({SECTOR_LABELS.get(code, code.lower())})"
    # an ethnic group is named after a state without being of it ("ethnic Albanians" in Kosovo)
    return Actor(country + code, label, kind or _sector_kind(code), None if code == "ETH" else country)


def role_actor(code: str | None) -> tuple[Actor, str | None] | None:
    """The actor and sector of a CAMEO code: a state's organ stays the state, another role is a sector actor.

    >>> [(a.id, s) for a, s in (role_actor("GBRGOV"), role_actor("GBRELI"), role_actor("IGOUNO"))]
    [('GBR', 'GOV'), ('GBRELI', 'ELI'), ('IGOUNO', None)]
    """
    code = _fix(code) if code else None
    if not code:
        return None
    registry = actor_registry()
    if code in registry:
        return registry[code], None
    country, rest = code[:3], code[3:]
    state = registry.get(country)
    if state is None or state.kind != "state":
        return None
    if not rest or rest[:3] in STATE_SECTORS:
        return state, rest or None
    return sector_actor(country, rest), rest


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
                for variant in apostrophe_variants(alias.strip().upper()):
                    out.setdefault(variant, leader)
    return out


@lru_cache(maxsize=1)
def people_roles() -> dict[str, tuple[tuple[str, str | None, str | None], ...]]:
    """Phoenix person name -> roles in dictionary order: ``(code, start, end)``, ISO dates, ``None`` when open.

    A role with neither date is the default.

    >>> people_roles()["TONY BLAIR"][-1]
    ('GBRELI', None, None)
    """
    out = {}
    for name, _aliases, roles in _read_tsv(PHOENIX / "people.tsv"):
        parsed = []
        for role in roles.split():
            code, _, span = role.partition("@")
            start, _, end = span.partition("..")
            parsed.append((code, start or None, end or None))
        out[name] = tuple(parsed)
    return out


def role_on(person: str, date: str | None) -> str | None:
    """The CAMEO code a Phoenix person has on an ISO date; with no date, the most recent role.

    The first dated role that holds applies, else the default. The most recent role is the
    open-ended one ("since 2010") if there is one, else the default, else the last listed.

    >>> role_on("TONY BLAIR", "2003-03-20"), role_on("TONY BLAIR", "2015-06-01"), role_on("TONY BLAIR", None)
    ('GBRGOV', 'GBRELI', 'GBRELI')
    """
    roles = people_roles().get(person, ())
    if date:
        for code, start, end in roles:
            if (start or end) and (start or "") <= date[:10] and (end is None or date[:10] <= end):
                return code
    else:
        current = [code for code, start, end in roles if start and end is None]
        if current:
            return current[-1]
    defaults = [code for code, start, end in roles if not start and not end]
    if defaults:
        return defaults[0]
    return roles[-1][0] if roles and not date else None


@lru_cache(maxsize=1)
def agent_table() -> dict[str, str]:
    """Agent form (lower case) -> role code without its tilde (``police`` -> ``COP``).

    >>> t = agent_table()
    >>> t["police"], t["troops"], t["state media"], t["rebels"]
    ('COP', 'MIL', 'GOVMED', 'REB')
    """
    return {form: code.replace("~", "") for form, code in _read_tsv(PHOENIX / "agents.tsv")}


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
