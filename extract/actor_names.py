"""The actor-name gold table: does a name, as news text writes it, resolve to the expected actor?

``extract/data/gold/actor_names.tsv`` lists names (states by formal and informal name, abbreviations,
capitals and metonyms, demonyms, possessives, agencies, parties, armed groups, organisations,
leaders, ethnic and religious groups) with the actor id each should resolve to, or ``-`` for names
that are no actor ("us", a turkey, "in Baghdad"). Each row carries a news-style context sentence in
which the name appears; the table was written without opening the project's alias tables, so it
tests the resolver rather than mirroring it (see the table's header).

A row is scored on what the real pipeline makes of its context sentence:

* when the sentence yields relations, the name's actor is that of the relation mention overlapping
  the name (none when no mention does: the pipeline did not take the name for an actor there);
* when it yields none, the name's span is resolved directly by :func:`extract.actors.resolve_token`
  on its root token, as the relation component resolves its arguments.

A row is resolved when that actor's id is the expected id, or, for ``-``, when there is no actor.
:func:`score_names` gives the share overall and by category; :func:`format_names_report` lists the
failures. The scoring functions are pure; only :func:`resolve_names` runs the pipeline.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = [
    "NAMES_PATH", "NO_ACTOR", "NameRow", "NameResult", "NameScores",
    "load_names", "locate", "mention_over", "name_actor", "is_resolved",
    "resolve_names", "score_names", "format_names_report",
]

NAMES_PATH = Path(__file__).parent / "data" / "gold" / "actor_names.tsv"
#: The expected id of a name that must resolve to no actor.
NO_ACTOR = "-"
_COLUMNS = ("name", "expected_id", "kind", "category", "context", "note")
_ARTICLES = ("the ", "a ", "an ")


@dataclass(frozen=True)
class NameRow:
    """One row of the table: a name, the id it should resolve to, and the sentence it is read in."""

    name: str
    expected: str
    kind: str
    category: str
    context: str
    note: str = ""


@dataclass(frozen=True)
class NameResult:
    """What the pipeline made of a row: the actor id (``None``: no actor), the person attached, and
    ``via``: ``"relation"`` (a relation mention), ``"token"`` (resolved directly), ``"outside
    relations"`` (the sentence has relations, none with the name) or ``"unresolved"``."""

    row: NameRow
    actor: str | None
    person: str | None = None
    via: str = "unresolved"

    @property
    def resolved(self) -> bool:
        return is_resolved(self.row.expected, self.actor)


@dataclass(frozen=True)
class NameScores:
    """Share of rows resolved, overall and by category (``(resolved, total)``), and the failures."""

    resolved: int
    total: int
    by_category: Mapping[str, tuple[int, int]]
    failures: tuple[NameResult, ...]

    @property
    def share(self) -> float:
        return round(self.resolved / self.total, 4) if self.total else 0.0


def locate(name: str, context: str) -> tuple[int, int] | None:
    """Character offsets of the first occurrence of ``name`` in ``context``, or ``None``.

    Case counts ("turkey" is not "Turkey"), except that a leading article may be capitalised at
    the start of a sentence ("the Kremlin" in "The Kremlin denied ...").

    >>> locate("the Kremlin", "The Kremlin denied it.")
    (0, 11)
    >>> locate("Russia’s", "Yesterday Russia’s envoy left.")
    (10, 18)
    >>> locate("turkey", "Turkey closed the border.") is None
    True
    """
    start = context.find(name)
    if start < 0 and name.startswith(_ARTICLES):
        start = context.find(name[0].upper() + name[1:])
    return None if start < 0 else (start, start + len(name))


def load_names(path: str | Path | None = None) -> list[NameRow]:
    """Read the table: tab-separated, ``#`` comment lines, a header row, one name a row.

    Raises ``ValueError`` naming the line when a row lacks a column or its name is not in its
    context sentence.

    >>> rows = load_names()
    >>> len(rows) >= 320, rows[0].name, rows[0].expected
    (True, 'Russia', 'RUS')
    >>> sorted({r.category for r in rows})[:3]
    ['abbreviation', 'agency', 'armed_group']
    """
    path = Path(path) if path else NAMES_PATH
    rows: list[NameRow] = []
    with open(path, encoding="utf-8", newline="") as fh:
        lines = [(n, line) for n, line in enumerate(fh, 1) if line.strip() and not line.startswith("#")]
    reader = csv.reader((line for _, line in lines), delimiter="\t", quoting=csv.QUOTE_NONE)
    for (number, _), cells in zip(lines, reader):
        if tuple(cells[:2]) == _COLUMNS[:2]:
            continue  # the header row
        cells = [c.strip() for c in cells]
        if len(cells) < 5 or not all(cells[:5]):
            raise ValueError(f"{path}:{number}: expected name, expected_id, kind, category, context")
        row = NameRow(*cells[:5], note=cells[5] if len(cells) > 5 else "")
        if locate(row.name, row.context) is None:
            raise ValueError(f"{path}:{number}: {row.name!r} is not in its context sentence")
        rows.append(row)
    return rows


def _overlap(mention: Mapping[str, Any], start: int, end: int) -> int:
    return min(end, mention["end"]) - max(start, mention["start"])


def mention_over(relations: Iterable[Mapping[str, Any]], start: int, end: int) -> Mapping[str, Any] | None:
    """The relation mention (``source`` or ``target``) that overlaps ``start:end`` most, if any.

    >>> rels = [{"source": {"id": "RUS", "start": 0, "end": 6}, "target": {"id": "UKR", "start": 15, "end": 19}}]
    >>> mention_over(rels, 15, 21)["id"], mention_over(rels, 7, 14)
    ('UKR', None)
    """
    best, best_overlap = None, 0
    for rel in relations:
        for side in ("source", "target"):
            mention = rel.get(side)
            if mention and _overlap(mention, start, end) > best_overlap:
                best, best_overlap = mention, _overlap(mention, start, end)
    return best


def name_actor(relations: Sequence[Mapping[str, Any]], start: int, end: int,
               direct: Mapping[str, Any] | None) -> tuple[Mapping[str, Any] | None, str]:
    """The mention a name at ``start:end`` resolves to, and how: the relations decide when there
    are any, else ``direct`` (the name's span resolved on its own) does.

    >>> rels = [{"source": {"id": "TUR", "start": 0, "end": 6}, "target": {"id": "IRQ", "start": 11, "end": 15}}]
    >>> name_actor(rels, 0, 6, None)[0]["id"], name_actor(rels, 40, 47, {"id": "IRQ"})
    ('TUR', (None, 'outside relations'))
    >>> name_actor([], 0, 6, {"id": "RUS"})
    ({'id': 'RUS'}, 'token')
    """
    if relations:
        mention = mention_over(relations, start, end)
        return mention, "relation" if mention is not None else "outside relations"
    return direct, "token" if direct is not None else "unresolved"


def is_resolved(expected: str, actor: str | None) -> bool:
    """Whether the actor found is the one expected (``-``: no actor).

    >>> is_resolved("RUS", "RUS"), is_resolved("RUS", None), is_resolved("-", None), is_resolved("-", "IRQ")
    (True, False, True, False)
    """
    return actor is None if expected == NO_ACTOR else actor == expected


def resolve_names(rows: Sequence[NameRow], nlp, *, batch_size: int = 64) -> list[NameResult]:
    """Run every context sentence through the pipeline (one ``nlp.pipe``) and resolve each row's name.

    Parameters
    ----------
    rows : sequence of NameRow
    nlp : spacy.Language
        A pipeline from :func:`extract.pipeline.build_pipeline`.
    """
    from extract.actors import resolve_token

    results = []
    for doc, row in nlp.pipe(((r.context, r) for r in rows), as_tuples=True, batch_size=batch_size):
        start, end = locate(row.name, row.context)
        span = doc.char_span(start, end, alignment_mode="expand")
        found = resolve_token(span.root) if span is not None else None
        direct = found.record() if found is not None else None
        mention, via = name_actor(doc._.relations or [], start, end, direct)
        person = (mention or {}).get("person") or {}
        results.append(NameResult(row, mention["id"] if mention else None, person.get("name"), via))
    return results


def score_names(results: Iterable[NameResult]) -> NameScores:
    """Count the rows resolved, overall and by category.

    >>> rows = [NameRow("Moscow", "RUS", "state", "metonym", "Moscow said no."),
    ...         NameRow("us", "-", "-", "not_actor", "He told us."),
    ...         NameRow("BJP", "INDPTYBJP", "group", "party", "The BJP won.")]
    >>> s = score_names([NameResult(rows[0], "RUS"), NameResult(rows[1], None), NameResult(rows[2], "IND")])
    >>> s.resolved, s.total, s.share, s.by_category["party"], [f.row.name for f in s.failures]
    (2, 3, 0.6667, (0, 1), ['BJP'])
    """
    results = list(results)
    counts: dict[str, list[int]] = {}
    for r in results:
        count = counts.setdefault(r.row.category, [0, 0])
        count[0] += r.resolved
        count[1] += 1
    return NameScores(
        resolved=sum(r.resolved for r in results), total=len(results),
        by_category={c: (n, t) for c, (n, t) in sorted(counts.items())},
        failures=tuple(r for r in results if not r.resolved),
    )


def format_names_report(scores: NameScores) -> str:
    """The share resolved overall and by category, then every failure with what it resolved to.

    >>> row = NameRow("BJP", "INDPTYBJP", "group", "party", "The BJP won.")
    >>> print(format_names_report(score_names([NameResult(row, "IND", via="token")])))
    actor names: 0/1 resolved (0.00)
      party               0/1      0.00
    failures (name, expected -> found, how, context):
      [party] BJP: INDPTYBJP -> IND (token)  The BJP won.
    """
    out = [f"actor names: {scores.resolved}/{scores.total} resolved ({scores.share:.2f})"]
    for category, (n, total) in scores.by_category.items():
        out.append(f"  {category:<18}  {f'{n}/{total}':<7}  {n / total:.2f}")
    if scores.failures:
        out.append("failures (name, expected -> found, how, context):")
        for f in scores.failures:
            out.append(f"  [{f.row.category}] {f.row.name}: {f.row.expected} -> {f.actor or NO_ACTOR} "
                       f"({f.via})  {f.row.context}")
    return "\n".join(out)
