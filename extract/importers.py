"""Coded event data to extraction records: relation JSONL and GDELT 2.0 events.

Both importers stream ``(article, records)`` groups for :func:`graph.store.add_article` (``article`` a dict
``id, text, title, date, url``; ``records`` follow :mod:`extract.record`), :class:`Skipped` items,
one per line they cannot use, with a one-line reason, and :class:`Notice` items, one per article and
date that is not a date or lies outside 1800-01-01 to 2100-12-31 (:mod:`extract.dates`): the date is
dropped (the record or article is stored undated) and the rest goes in. Records are grouped by their article id, in
order of first appearance. An imported article has no text; its ``text`` (what the store hashes) is the
canonical JSON of its records, so importing the same file again changes nothing.

``relations`` (``alliancegraph extract`` output, or anyone's records in that format): one record a line.
The article's date is the records' date when they share one.

``gdelt``: GDELT 2.0 event files, tab-separated, 61 columns, no header (``*.export.CSV``, also zipped),
or a CSV/TSV with a header naming at least ``Actor1CountryCode, Actor2CountryCode, QuadClass,
GoldsteinScale, SQLDATE, SOURCEURL``. One record per event between two different country codes:

- article id and url: ``SOURCEURL`` (``GLOBALEVENTID`` when empty); article date ``DATEADDED`` (else
  the record's); record date ``SQLDATE``;
- polarity from ``QuadClass`` (1, 2 cooperation -> +1; 3, 4 conflict -> -1), intensity ``GoldsteinScale``;
- type from the CAMEO root of ``EventCode`` (:data:`CAMEO_ROOT_TYPES`), trigger ``"CAMEO <code>"``;
- sentence: GDELT has none, so a description, e.g. ``"GDELT event 1234: RUS -> AZE, CAMEO 190, Goldstein -10"``.

Events with a missing or identical country code (domestic events) are skipped with that reason.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .dates import checked_date
from .jsonl import JsonLineError, bounded_lines, loads_line
from .loaders import Notice, Skipped

__all__ = ["Skipped", "Notice", "CAMEO_ROOT_TYPES", "GDELT_COLUMNS", "import_relations", "import_gdelt", "group_records",
           "gdelt_record"]

#: CAMEO root code -> relation type (:data:`extract.record.RELATION_TYPES`).
CAMEO_ROOT_TYPES = {
    "01": "CONSULT", "02": "REQUEST", "03": "AGREE", "04": "CONSULT", "05": "COOPERATE", "06": "COOPERATE",
    "07": "AID", "08": "CONCEDE", "09": "ACCUSE", "10": "REQUEST", "11": "ACCUSE", "12": "REJECT",
    "13": "THREATEN", "14": "PROTEST", "15": "MOBILIZE", "16": "DISTANCE", "17": "COERCE", "18": "ASSAULT",
    "19": "ASSAULT", "20": "ASSAULT",
}
_QUAD_POLARITY = {1: 1, 2: 1, 3: -1, 4: -1}

#: The 61 columns of a GDELT 2.0 event export, in order.
GDELT_COLUMNS = (
    "GLOBALEVENTID SQLDATE MonthYear Year FractionDate "
    "Actor1Code Actor1Name Actor1CountryCode Actor1KnownGroupCode Actor1EthnicCode Actor1Religion1Code "
    "Actor1Religion2Code Actor1Type1Code Actor1Type2Code Actor1Type3Code "
    "Actor2Code Actor2Name Actor2CountryCode Actor2KnownGroupCode Actor2EthnicCode Actor2Religion1Code "
    "Actor2Religion2Code Actor2Type1Code Actor2Type2Code Actor2Type3Code "
    "IsRootEvent EventCode EventBaseCode EventRootCode QuadClass GoldsteinScale NumMentions NumSources "
    "NumArticles AvgTone "
    "Actor1Geo_Type Actor1Geo_FullName Actor1Geo_CountryCode Actor1Geo_ADM1Code Actor1Geo_ADM2Code "
    "Actor1Geo_Lat Actor1Geo_Long Actor1Geo_FeatureID "
    "Actor2Geo_Type Actor2Geo_FullName Actor2Geo_CountryCode Actor2Geo_ADM1Code Actor2Geo_ADM2Code "
    "Actor2Geo_Lat Actor2Geo_Long Actor2Geo_FeatureID "
    "ActionGeo_Type ActionGeo_FullName ActionGeo_CountryCode ActionGeo_ADM1Code ActionGeo_ADM2Code "
    "ActionGeo_Lat ActionGeo_Long ActionGeo_FeatureID DATEADDED SOURCEURL"
).split()
_REQUIRED = ("Actor1CountryCode", "Actor2CountryCode", "QuadClass", "GoldsteinScale", "SQLDATE", "SOURCEURL")
_DATE8 = re.compile(r"(\d{4})(\d{2})(\d{2})")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass
class _Group:
    records: list
    title: str | None = None
    date: str | None = None
    url: str | None = None


def _canonical(records: list) -> str:
    return json.dumps(records, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def group_records(pairs: Iterable[tuple[str, dict]]) -> list[tuple[dict, list[dict]]]:
    """``(article id, record)`` pairs to ``(article dict, records)`` groups, in order of first appearance.

    Examples
    --------
    >>> rec = {"article": "a1", "date": "2025-07-04"}
    >>> [(art["id"], art["date"], len(recs)) for art, recs in group_records([("a1", rec), ("a2", {}), ("a1", rec)])]
    [('a1', '2025-07-04', 2), ('a2', None, 1)]
    """
    groups: dict[str, list] = {}
    for aid, rec in pairs:
        groups.setdefault(aid, []).append(rec)
    out = []
    for aid, records in groups.items():
        dates = {r.get("date") for r in records}
        out.append(({"id": aid, "text": _canonical(records), "title": None,
                     "date": dates.pop() if len(dates) == 1 else None, "url": None}, records))
    return out


def _check_record(rec) -> str | None:
    """Why a relation record cannot be imported, or ``None``."""
    if not isinstance(rec, dict):
        return f"not a JSON object but {type(rec).__name__}"
    missing = [k for k in ("article", "source", "target", "type", "polarity", "sentence") if k not in rec]
    if missing:
        return "missing " + ", ".join(missing)
    if not isinstance(rec["article"], str) or not rec["article"]:
        return "'article' must be a non-empty string"
    for side in ("source", "target"):
        if not isinstance(rec[side], dict) or not isinstance(rec[side].get("id"), str) or not rec[side]["id"]:
            return f"'{side}' must be an object with an 'id'"
    if rec["polarity"] not in (-1, 0, 1) or isinstance(rec["polarity"], bool):
        return f"'polarity' must be -1, 0 or 1, got {rec['polarity']!r}"
    if not isinstance(rec["type"], str) or not re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", rec["type"]):
        return f"'type' must be a name like 'ASSAULT', got {rec['type']!r}"
    if not isinstance(rec["sentence"], str):
        return "'sentence' must be a string"
    date = rec.get("date")
    if date not in (None, "") and not (isinstance(date, str) and _ISO.fullmatch(date)):
        return f"'date' must be yyyy-mm-dd or null, got {date!r}"  # the calendar and range: checked_date
    for key in ("intensity", "confidence"):
        v = rec.get(key)
        if v is not None and (isinstance(v, bool) or not isinstance(v, (int, float))):
            return f"{key!r} must be a number, got {v!r}"
    for key in ("negated", "symmetric"):
        if not isinstance(rec.get(key, False), bool):
            return f"{key!r} must be true or false"
    return None


def import_relations(path: str | Path) -> Iterator[tuple[dict, list[dict]] | Skipped]:
    """Relation records, one JSON object a line, grouped by article (see the module docstring).

    Skipped lines come first (as they are read), then the notices (one per article and bad date), then the
    groups.

    Examples
    --------
    >>> import tempfile, os
    >>> rec = {"article": "a1", "source": {"id": "AZE"}, "target": {"id": "TUR"}, "type": "ALIGN",
    ...        "polarity": 1, "sentence": "Baku turns to Ankara.", "date": "2025-07-04"}
    >>> with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
    ...     _ = f.write(json.dumps(rec) + "\\n{oops\\n")
    >>> items = list(import_relations(f.name)); os.unlink(f.name)
    >>> items[0].reason, items[1][0]["id"], len(items[1][1])
    ('line 2: not valid JSON (Expecting property name enclosed in double quotes at column 2)', 'a1', 1)
    """
    path = Path(path)
    pairs = []
    notices: dict[tuple[str, str], Notice] = {}
    with path.open("rb") as fh:
        for n, (raw, too_long) in enumerate(bounded_lines(fh), 1):
            where = f"{path}:{n}"
            if too_long:
                yield Skipped(where, f"line {n}: longer than {len(raw):,} bytes")
                continue
            try:
                line = raw.decode("utf-8-sig" if n == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                yield Skipped(where, f"line {n}: not UTF-8 text (byte {exc.start + 1})")
                continue
            if not line.strip():
                continue
            try:
                rec = loads_line(line)
            except JsonLineError as exc:
                yield Skipped(where, f"line {n}: {exc}")
                continue
            why = _check_record(rec)
            if why:
                yield Skipped(where, f"line {n}: {why}")
                continue
            rec.setdefault("negated", False)
            rec.setdefault("symmetric", False)
            rec["date"], problem = checked_date(rec.get("date"))
            if problem:
                notices.setdefault((rec["article"], problem), Notice(
                    where, f"article {rec['article']!r}: {problem}; its relations are stored undated"))
            pairs.append((rec["article"], rec))
    yield from notices.values()
    yield from group_records(pairs)


def _iso(date8: str) -> str | None:
    m = _DATE8.match(date8 or "")
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else None


def _labels() -> dict[str, str]:
    try:
        from .actors import actor_registry  # the CAMEO country names the extractor uses
    except ImportError:  # pragma: no cover - spaCy missing
        return {}
    return {code: a.label for code, a in actor_registry().items()}


def gdelt_record(row: dict, index: int = 0, labels: dict[str, str] | None = None) -> dict:
    """One GDELT event (a dict of its columns) as a relation record; ``ValueError`` when unusable.

    Examples
    --------
    >>> row = {"GLOBALEVENTID": "1234", "SQLDATE": "20241225", "Actor1CountryCode": "RUS",
    ...        "Actor2CountryCode": "AZE", "EventCode": "190", "QuadClass": "4", "GoldsteinScale": "-10",
    ...        "SOURCEURL": "https://example.org/a"}
    >>> r = gdelt_record(row, labels={"RUS": "Russia"})
    >>> r["sentence"], r["type"], r["polarity"], r["date"], r["source"]["label"], r["target"]["label"]
    ('GDELT event 1234: RUS -> AZE, CAMEO 190, Goldstein -10', 'ASSAULT', -1, '2024-12-25', 'Russia', 'AZE')
    """
    labels = labels or {}
    a1, a2 = (row.get("Actor1CountryCode") or "").strip(), (row.get("Actor2CountryCode") or "").strip()
    if not a1 or not a2:
        raise ValueError("no country code for " + ("Actor1" if not a1 else "Actor2"))
    if a1 == a2:
        raise ValueError(f"domestic event ({a1})")
    try:
        quad = int(row.get("QuadClass") or "")
    except ValueError:
        raise ValueError(f"QuadClass must be 1-4, got {row.get('QuadClass')!r}") from None
    if quad not in _QUAD_POLARITY:
        raise ValueError(f"QuadClass must be 1-4, got {quad}")
    try:
        goldstein = float(row.get("GoldsteinScale") or "")
    except ValueError:
        raise ValueError(f"GoldsteinScale is not a number: {row.get('GoldsteinScale')!r}") from None
    date = _iso(row.get("SQLDATE") or "")
    if date is None:
        raise ValueError(f"SQLDATE must be YYYYMMDD, got {row.get('SQLDATE')!r}")
    code = (row.get("EventCode") or row.get("EventBaseCode") or row.get("EventRootCode") or "").strip()
    root = (row.get("EventRootCode") or code[:2]).strip().zfill(2)
    event_id = (row.get("GLOBALEVENTID") or "").strip()
    url = (row.get("SOURCEURL") or "").strip()
    article = url or f"gdelt:{event_id}"

    def mention(code_: str, name: str | None) -> dict:
        return {"id": code_, "label": labels.get(code_, code_), "text": (name or code_).strip() or code_,
                "kind": "state", "country": code_, "start": None, "end": None}

    return {
        "article": article, "sentence": f"GDELT event {event_id}: {a1} -> {a2}, CAMEO {code or root}, "
                                        f"Goldstein {goldstein:g}",
        "sentence_index": index, "char_start": None, "char_end": None,
        "source": mention(a1, row.get("Actor1Name")), "target": mention(a2, row.get("Actor2Name")),
        "type": CAMEO_ROOT_TYPES.get(root, "CONSULT" if _QUAD_POLARITY[quad] > 0 else "ACCUSE"),
        "quad_class": quad, "polarity": _QUAD_POLARITY[quad], "intensity": goldstein,
        "negated": False, "symmetric": False, "confidence": None, "trigger": f"CAMEO {code or root}", "date": date,
    }


def _open_text(path: Path) -> io.TextIOBase:
    if path.suffix.lower() == ".zip":
        zf = zipfile.ZipFile(path)
        names = [n for n in zf.namelist() if not n.endswith("/")]
        if len(names) != 1:
            raise ValueError(f"{path}: expected one file in the zip, found {len(names)}")
        return io.TextIOWrapper(zf.open(names[0]), encoding="utf-8", errors="replace", newline="")
    return path.open(encoding="utf-8", errors="replace", newline="")


def import_gdelt(path: str | Path, labels: dict[str, str] | None = None) -> Iterator[tuple[dict, list[dict]] | Skipped]:
    """GDELT 2.0 events grouped by source article (see the module docstring).

    Examples
    --------
    >>> import tempfile, os
    >>> cols = ["1234", "20241225"] + [""] * 58 + ["https://example.org/a"]
    >>> for name, value in {"Actor1CountryCode": "RUS", "Actor2CountryCode": "AZE", "EventCode": "190",
    ...                     "QuadClass": "4", "GoldsteinScale": "-10", "DATEADDED": "20241226093000"}.items():
    ...     cols[GDELT_COLUMNS.index(name)] = value
    >>> with tempfile.NamedTemporaryFile("w", suffix=".CSV", delete=False) as f:
    ...     _ = f.write("\\t".join(cols) + "\\n" + "1\\t2\\n")
    >>> items = list(import_gdelt(f.name, labels={})); os.unlink(f.name)
    >>> items[0].reason
    'line 2: expected 61 tab-separated columns (GDELT 2.0 export) or a header, got 2'
    >>> art, recs = items[1]
    >>> art["id"], art["date"], recs[0]["type"], recs[0]["date"]
    ('https://example.org/a', '2024-12-26', 'ASSAULT', '2024-12-25')
    """
    path = Path(path)
    labels = _labels() if labels is None else labels
    with _open_text(path) as fh:
        first = fh.readline()
        delimiter = "\t" if "\t" in first else ","
        header = next(csv.reader([first], delimiter=delimiter)) if first else []
        has_header = bool(set(_REQUIRED) & {h.strip() for h in header})
        if has_header:
            names = [h.strip() for h in header]
            missing = [c for c in _REQUIRED if c not in names]
            if missing:
                yield Skipped(str(path), f"header lacks {', '.join(missing)}")
                return
            lines: Iterable[str] = fh
            start = 2
        else:
            names = list(GDELT_COLUMNS)
            lines = _chain(first, fh)
            start = 1
        groups: dict[str, _Group] = {}
        notices: dict[tuple[str, str], Notice] = {}
        for n, cells in enumerate(csv.reader(lines, delimiter=delimiter, quoting=csv.QUOTE_NONE
                                              if delimiter == "\t" else csv.QUOTE_MINIMAL), start):
            if not cells or cells == [""]:
                continue
            if len(cells) != len(names):
                what = ("expected 61 tab-separated columns (GDELT 2.0 export) or a header" if not has_header
                        else f"expected {len(names)} columns as in the header")
                yield Skipped(f"{path}:{n}", f"line {n}: {what}, got {len(cells)}")
                continue
            row = dict(zip(names, cells))
            try:
                rec = gdelt_record(row, labels=labels)
            except ValueError as exc:
                yield Skipped(f"{path}:{n}", f"line {n}: {exc}")
                continue
            g = groups.setdefault(rec["article"], _Group([]))
            rec["sentence_index"] = len(g.records)
            g.records.append(rec)
            g.url = g.url or (row.get("SOURCEURL") or "").strip() or None
            rec["date"], problem = checked_date(rec["date"])
            added, added_problem = checked_date(_iso((row.get("DATEADDED") or "")[:8]))
            g.date = g.date or added
            for why in (problem, added_problem):
                if why:
                    notices.setdefault((rec["article"], why), Notice(
                        f"{path}:{n}", f"article {rec['article']!r}: {why}; stored undated"))
    yield from notices.values()
    for aid, g in groups.items():
        dates = {r["date"] for r in g.records}
        date = g.date or (dates.pop() if len(dates) == 1 else None)
        yield {"id": aid, "text": _canonical(g.records), "title": None, "date": date, "url": g.url}, g.records


def _chain(first: str, rest: Iterable[str]) -> Iterator[str]:
    yield first
    yield from rest
