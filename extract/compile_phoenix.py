"""Compile the PETRARCH2 / Phoenix coding dictionaries into the project's own actor tables.

Run once by a maintainer, never at run time::

    python -m extract.compile_phoenix PATH/TO/petrarch2/data/dictionaries

reads ``Phoenix.Countries.actors.txt``, ``Phoenix.International.actors.txt``,
``Phoenix.MilNonState.actors.txt`` and ``Phoenix.agents.txt`` (formats in the
dictionaries' ``dictionaries.rst``) and writes, under ``extract/data/phoenix/``:

``actors.tsv``
    ``alias  code  canonical  type``: every alias of a state, institution,
    organisation or armed group with its CAMEO code (``AFG``, ``CHNMIL``,
    ``IGOWSTNAT``, ``NGAREBBKH``) and the primary phrase of its block (a country may
    have several blocks: "TRANSNISTRIA" is coded MDA). ``type`` is
    ``name`` (a name or adjective of the state), ``place`` (a city, province, region or
    landmark of the state: CAMEO codes them as the state, for metonymy, but in a sentence
    they may be just a place) or ``body`` (an institution, organisation or group).
``people.tsv``
    ``name  aliases  roles``: people whose code depends on the date. ``roles`` lists the
    date restrictions in dictionary order (the first that holds applies) as
    ``CODE@start..end`` with ISO dates, an open side left empty, and ``CODE`` alone for
    the default.
``agents.tsv``
    ``form  code``: each surface form of an agent ("police", "riot police",
    "congressmen") with its code (``~COP``: a role after the actor's country;
    ``NGO~``: a kind before it). Plurals are spelled out as the format defines them.

The rules that split a country's aliases into names and places are in :func:`place_flags`.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import difflib
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["Block", "parse_actor_blocks", "parse_date", "place_flags", "agent_forms", "parse_agents",
           "compile_dictionaries", "initials", "main", "OUT"]

OUT = Path(__file__).parent / "data" / "phoenix"
ACTOR_FILES = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
               "Phoenix.MilNonState.actors.txt")
AGENT_FILE = "Phoenix.agents.txt"

_CODE = re.compile(r"\[([^\]]*)\]")
#: Words of a state's formal name ("Islamic Republic of ...", "United Arab Emirates").
STATE_FORM_WORDS = frozenset(
    "REPUBLIC KINGDOM EMIRATES EMIRATE STATE STATES FEDERATION FEDERAL UNION DEMOCRATIC ISLAMIC PEOPLE'S "
    "PEOPLES COMMONWEALTH PRINCIPALITY SULTANATE DUCHY GRAND CONFEDERATION SOCIALIST".split()
)
#: Words that make an alias a place whatever its position in the block.
PLACE_WORDS = frozenset(
    "CITY PROVINCE REGION COUNTY DISTRICT RIVER DESERT MOUNTAIN MOUNTAINS MOUNT LAKE VALLEY PENINSULA "
    "SEA GULF STRAIT BAY ISLAND ISLANDS ISLE OBLAST GOVERNORATE PREFECTURE CANAL D.C. PLATEAU BASIN "
    "HILLS COAST HIGHLANDS DELTA FALLS OCEAN".split()
)
#: Most aliases in a row with no sure name of the state inside the names run ("British",
#: "England", "Scotland"... in the United Kingdom's block), fewer than a block's cities.
NAME_GAP = 30
_SMALL = frozenset("OF THE AND FOR DE DU DA DEL LA LE".split())


@dataclass
class Block:
    """One record of an actor dictionary: its phrases, default code and date restrictions."""

    phrases: list[str]
    code: str | None = None
    restrictions: list[tuple[str, str | None, str | None, bool]] = field(default_factory=list)
    source: str = ""

    @property
    def dated(self) -> bool:
        """Whether any restriction has a date (a person whose role changes)."""
        return any(start or end for _code, start, end, _default in self.restrictions)

    @property
    def country_code(self) -> str | None:
        """The current code of a country whose code changed ("Iraq": ``[IRQ >20060520]``), else ``None``.

        >>> Block(["IRAQ"], None, [("IRQ", None, "2003-03-20", False), ("IRQ", "2006-05-20", None, False)]).country_code
        'IRQ'
        """
        if not any(len(code) == 3 for code, *_ in self.restrictions):
            return None
        current = [code for code, start, end, default in self.restrictions if start and not end or default]
        return (current or [self.restrictions[-1][0]])[-1]


def _phrase(text: str) -> str:
    """A dictionary phrase as words: underscores to spaces, upper case; "" when it cannot be one.

    A parenthesis that gives the initials is dropped; any other (a qualifier such as
    "KOREA_(NORTH)") makes the phrase unusable, as the words left would mean something else.

    >>> _phrase("ISLAMIC_ARMY_OF_ADEN_(IAA)_"), _phrase("KOREA_(NORTH)_"), _phrase("PEOPLE's_LIBERATION_ARMY")
    ('ISLAMIC ARMY OF ADEN', '', "PEOPLE'S LIBERATION ARMY")
    """
    text = " ".join(text.strip().lstrip("+").replace("_", " ").upper().split())
    found = re.search(r"\(([^)]*)\)", text)
    if found:
        rest = (text[:found.start()] + text[found.end():]).strip()
        if found.group(1).replace(".", "") != initials(rest) or "(" in rest or "+" in rest:
            return ""
        text = rest
    return "" if "+" in text else " ".join(text.split())


def parse_date(text: str) -> str | None:
    """A dictionary date (``YYMMDD`` or ``YYYYMMDD``) as ISO; ``None`` if it is no valid date.

    Six-digit years 00-30 are 20YY, others 19YY, as in PETRARCH.

    >>> parse_date("970502"), parse_date("20100711"), parse_date("290101"), parse_date("201005011")
    ('1997-05-02', '2010-07-11', '2029-01-01', '2010-05-01')
    >>> parse_date("20100931") is None
    True
    """
    text = text.strip()
    if not text.isdigit():
        return None
    if len(text) <= 7:
        year, rest = int(text[:2]), text[2:6]
        year += 2000 if year <= 30 else 1900
    else:
        year, rest = int(text[:4]), text[4:8]
    try:
        return dt.date(year, int(rest[:2]), int(rest[2:4])).isoformat()
    except ValueError:
        return None


def _restriction(body: str) -> tuple[str, str | None, str | None, bool] | None:
    """``CODE``, ``CODE >date``, ``CODE <date`` or ``CODE date-date`` -> (code, start, end, default)."""
    parts = body.split()
    if not parts:
        return None
    code, when = parts[0], "".join(parts[1:])
    if not when:
        return code, None, None, True
    if when.startswith(">"):
        start = parse_date(when[1:])
        return (code, start, None, False) if start else None
    if when.startswith("<"):
        end = parse_date(when[1:])
        return (code, None, end, False) if end else None
    a, _, b = when.partition("-")
    start, end = parse_date(a), parse_date(b)
    return (code, start, end, False) if start and end else None


def _lines(path: Path):
    """The file's lines, each decoded as UTF-8 or else Latin-1 (the country file mixes them)."""
    for raw in path.read_bytes().splitlines():
        try:
            yield raw.decode("utf-8")
        except UnicodeDecodeError:
            yield raw.decode("latin-1")


def parse_actor_blocks(lines, source: str = "") -> list[Block]:
    """The records of an actor dictionary, in file order.

    >>> text = '''CHINA_  [CHN]
    ... +CHINESE_
    ... # comment
    ... TONY_BLAIR_  # CountryInfo.txt
    ... \\t[GBRGOV 970502-070627]
    ... \\t[GBRELI]
    ... '''
    >>> [(b.phrases, b.code, b.restrictions) for b in parse_actor_blocks(text.splitlines())]
    [(['CHINA', 'CHINESE'], 'CHN', []), (['TONY BLAIR'], None, [('GBRGOV', '1997-05-02', '2007-06-27', False), ('GBRELI', None, None, True)])]
    """
    blocks: list[Block] = []
    current: Block | None = None
    for line in lines:
        line = line.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        stripped = line.strip()
        if stripped.startswith("["):
            if current is not None:
                for body in _CODE.findall(stripped):
                    found = _restriction(body)
                    if found:
                        current.restrictions.append(found)
            continue
        codes = _CODE.findall(stripped)
        phrase = _phrase(_CODE.sub(" ", stripped))
        if stripped.startswith("+") and current is not None:
            if phrase:
                current.phrases.append(phrase)
        else:
            current = Block([phrase] if phrase else [], source=source)
            blocks.append(current)
        for body in codes:  # a code on a phrase line: the block's default (or a dated role)
            found = _restriction(body)
            if found and found[3] and current.code is None:
                current.code = found[0]
            elif found:
                current.restrictions.append(found)
    for block in blocks:
        if block.code is None and not block.dated:
            defaults = [code for code, _s, _e, default in block.restrictions if default]
            block.code = defaults[0] if defaults else None
    return [b for b in blocks if b.phrases]


def _stems(name: str) -> set[str]:
    return {w[:4] for w in name.split() if len(w) >= 4 and w not in STATE_FORM_WORDS and w not in _SMALL}


def initials(name: str) -> str:
    """The initials of a multi-word name, small words left out.

    >>> initials("DEMOCRATIC PEOPLE'S REPUBLIC OF KOREA"), initials("UNITED STATES"), initials("CHINA")
    ('DPRK', 'US', '')
    """
    words = [w for w in name.replace("-", " ").split() if w not in _SMALL]
    return "".join(w[0] for w in words if w[0].isalpha()) if len(words) > 1 else ""


def _abbreviation(alias: str, known: frozenset[str] = frozenset()) -> bool:
    """"U.S.", "U.A.E." (dotted letters), or "USA", "DPRK" when they are the initials of another alias."""
    letters = alias.replace(".", "")
    if " " in alias or not letters.isalpha() or len(letters) > 6:
        return False
    return "." in alias or letters in known


_DEMONYM_ENDINGS = ("AN", "ESE", "ISH", "I", "ER", "INO", "INA", "OT", "IC", "CH", "SS")


def _strong_name(alias: str, primary: str, known: frozenset[str] = frozenset()) -> bool:
    """An alias that is a name of the state by its form alone (see :func:`place_flags`)."""
    alias = alias[4:] if alias.startswith("THE ") else alias
    words = alias.split()
    if alias == primary or _abbreviation(alias, known):
        return True
    if any(w in PLACE_WORDS for w in words):
        return False
    stems = _stems(primary)
    stemmed = any(w.startswith(s) for w in words for s in stems)
    if any(w in STATE_FORM_WORDS for w in words) and len(words) > 1 and (stemmed or set(primary.split()) <= set(words)):
        return True
    if difflib.SequenceMatcher(None, alias, primary).ratio() >= 0.75:
        return True
    return len(words) == 1 and stemmed and (alias.endswith(_DEMONYM_ENDINGS)
                                            or any(w.startswith(alias) for w in primary.split()))


def place_flags(aliases: list[str]) -> list[bool]:
    """Which aliases of a country block are places (``True``) rather than names of the state.

    The first alias is the primary name. The CountryInfo source lists a country's names
    and nationality adjectives first, then its capital, cities, regions and landmarks.
    An alias is a name when its form says so (an abbreviation, a formal name with
    "Republic", "Kingdom"... and the primary name's stem, a spelling close to the primary
    name, one word with its stem and a demonym's ending: "Afghan") or when it stands before
    the last such alias of the names run (which ends at the first landmark or after
    :data:`NAME_GAP` aliases in a row with no sure name); it is a place when it names a landmark ("... Province",
    "... River") or begins one.

    >>> place_flags(["UNITED KINGDOM", "BRITISH", "ENGLAND", "U.K.", "LONDON", "THAMES RIVER", "MANCHESTER"])
    [False, False, False, False, True, True, True]
    >>> place_flags(["UNITED STATES OF AMERICA", "WASHINGTON D.C.", "WASHINGTON", "AMERICAN", "U.S.", "NEW YORK"])
    [False, True, True, False, False, True]
    """
    primary = aliases[0]
    known = frozenset(initials(a) for a in aliases) - {""}
    strong = [_strong_name(a, primary, known) for a in aliases]
    evident = [any(w in PLACE_WORDS for w in a.split()) for a in aliases]
    heads = {" ".join(a.split()[:n]) for a, e in zip(aliases, evident) if e for n in range(1, len(a.split()))}
    last, gap = 0, 0
    for i, is_strong in enumerate(strong):  # the names run ends at a landmark or after a long gap
        if evident[i]:
            break
        if is_strong:
            last, gap = i, 0
        else:
            gap += 1
            if gap > NAME_GAP:
                break
    flags = []
    for i, alias in enumerate(aliases):
        if evident[i] or (alias in heads and not strong[i]):
            flags.append(True)
        else:
            flags.append(not (strong[i] or i <= last))
    return flags


def _actor_rows(blocks: list[Block]) -> list[tuple[str, str, str, str]]:
    rows = []
    # a country's reference name: the primary phrase of its largest block ("GERMANY [DEU]"), not that
    # of a block of its history ("LEIPZIG": cities coded DDR, then DEU) or of a breakaway region coded
    # as it ("TRANSNISTRIA [MDA]")
    reference, size = {}, {}
    for block in blocks:
        code = block.country_code if block.dated else block.code
        if block.source.startswith("Phoenix.Countries") and code and len(code) == 3:
            if len(block.phrases) > size.get(code, 0):
                reference[code], size[code] = block.phrases[0], len(block.phrases)
    for block in blocks:
        code = block.country_code if block.dated else block.code
        if not code or not code[:3].isalpha():  # "---": coded as nothing
            continue
        primary = block.phrases[0]
        if block.source.startswith("Phoenix.Countries") and len(code) == 3:
            flags = place_flags([reference.setdefault(code, primary), *block.phrases])[1:]
            for phrase, place in zip(block.phrases, flags):
                rows.append((phrase, code, primary, "place" if place else "name"))
        else:
            rows.extend((phrase, code, primary, "body") for phrase in block.phrases)
    return rows


def _people_rows(blocks: list[Block]) -> list[tuple[str, str, str]]:
    rows = []
    for block in blocks:
        if not block.dated or block.country_code:
            continue
        roles = []
        for code, start, end, default in block.restrictions:
            roles.append(code if default else f"{code}@{start or ''}..{end or ''}")
        if block.code and block.code not in roles:
            roles.append(block.code)
        rows.append((block.phrases[0], "|".join(dict.fromkeys(block.phrases[1:])), " ".join(roles)))
    return rows


def _plural(word: str) -> str:
    """The regular plural of the dictionaries: +S, Y -> IES, SS -> ES (and CH, SH, X -> ES).

    >>> _plural("POLICE_OFFICER"), _plural("AUTHORITY"), _plural("WITNESS"), _plural("CHURCH")
    ('POLICE_OFFICERS', 'AUTHORITIES', 'WITNESSES', 'CHURCHES')
    """
    if word.endswith("Y") and word[-2:-1] not in tuple("AEIOU"):
        return word[:-1] + "IES"
    if word.endswith(("SS", "CH", "SH", "X")):
        return word + "ES"
    return word + "S"


def agent_forms(entry: str, substitutions: dict[str, list[str]]) -> list[str]:
    """The surface forms (lower case, words split by spaces) of one agents-dictionary phrase.

    >>> agent_forms("POLICE {}", {}), agent_forms("TROOP", {})
    (['police'], ['troop', 'troops'])
    >>> agent_forms("ATTORNEY_GENERAL {ATTORNEYS_GENERAL}", {})
    ['attorney general', 'attorneys general']
    >>> agent_forms("CONGRESS!PERSON!", {"PERSON": ["MAN", "MEN"]})
    ['congressman', 'congressmen']
    """
    phrase, _, rest = entry.partition("{")
    phrase = phrase.strip()
    plurals = None
    if rest:
        inner = rest.split("}", 1)[0].strip()
        plurals = inner.split() if inner else []
    marker = re.search(r"!([A-Z]+)!", phrase)
    if marker and marker.group(1) in substitutions:
        forms = [phrase.replace(marker.group(0), s) for s in substitutions[marker.group(1)]]
    else:
        forms = [phrase] + ([_plural(phrase)] if plurals is None and not phrase.endswith("_") else [])
        forms += plurals or []
    out = []
    for form in forms:
        words = " ".join(form.replace("_", " ").lower().split())
        if words and "!" not in words and words not in out:
            out.append(words)
    return out


def parse_agents(lines) -> list[tuple[str, str]]:
    """``(form, code)`` for every agent form, in file order (first code of a form wins).

    >>> parse_agents(["!PERSON! = MAN, MEN", "POLICE {} [~COP] # x", "CONGRESS!PERSON! [~LEG]"])
    [('police', '~COP'), ('congressman', '~LEG'), ('congressmen', '~LEG')]
    """
    substitutions: dict[str, list[str]] = {}
    rows: dict[str, str] = {}
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        m = re.match(r"!([A-Z]+)!\s*=\s*(.+)", line)
        if m:
            substitutions[m.group(1)] = [s.strip() for s in m.group(2).split(",") if s.strip()]
            continue
        code = _CODE.search(line)
        if not code:
            continue
        for form in agent_forms(line[:code.start()], substitutions):
            rows.setdefault(form, code.group(1).strip())
    return list(rows.items())


def _write(path: Path, header: str, rows) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(header + "\n")
        writer = csv.writer(fh, delimiter="\t", quoting=csv.QUOTE_NONE, escapechar="\\", lineterminator="\n")
        writer.writerows(rows)


def compile_dictionaries(source: Path, out: Path = OUT) -> dict[str, int]:
    """Read the four dictionaries in ``source`` and write the three tables to ``out``; row counts."""
    missing = [n for n in (*ACTOR_FILES, AGENT_FILE) if not (source / n).is_file()]
    if missing:
        raise FileNotFoundError(f"{source} lacks {', '.join(missing)}")
    blocks = [b for name in ACTOR_FILES for b in parse_actor_blocks(_lines(source / name), name)]
    actors, people = _actor_rows(blocks), _people_rows(blocks)
    agents = parse_agents(_lines(source / AGENT_FILE))
    out.mkdir(parents=True, exist_ok=True)
    origin = ("(compiled by `python -m extract.compile_phoenix` from openeventdata/petrarch2 "
              "petrarch2/data/dictionaries, MIT: see LICENSE and README.md beside this file)")
    _write(out / "actors.tsv", f"# alias\tcode\tcanonical\ttype   {origin}", actors)
    _write(out / "people.tsv", f"# name\taliases\troles   {origin}", people)
    _write(out / "agents.tsv", f"# form\tcode   {origin}", agents)
    return {"actors": len(actors), "people": len(people), "agents": len(agents)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m extract.compile_phoenix", description=__doc__.split("\n")[0])
    parser.add_argument("dictionaries", type=Path, help="the folder petrarch2/data/dictionaries")
    parser.add_argument("--out", type=Path, default=OUT, help="where to write the tables (default: %(default)s)")
    args = parser.parse_args(argv)
    try:
        counts = compile_dictionaries(args.dictionaries, args.out)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(", ".join(f"{n} {k}" for k, n in counts.items()) + f" written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
