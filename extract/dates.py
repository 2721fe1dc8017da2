"""Publication dates: parse the ways articles write them, find the one in a text header, and keep them
within the range a news article can have.

Only dates the article states as its own (``Published on July 4, 2025``,
``Updated: 2025-07-04``, a dateline alone on a header line) count; dates
mentioned in the body are events, not the publication date.

The range: an article's date must lie from :data:`DATE_MIN` to :data:`DATE_MAX` (1800-01-01 to 2100-12-31).
Earlier or later ones are typos and placeholders (``9999-12-31``, ``1500-05-01``) that would stretch every
time window of an analysis over centuries; every place a date enters alliancegraph checks it here
(:func:`checked_date`, :func:`date_problem`) and stores the article undated, with a warning, instead.
"""

from __future__ import annotations

import datetime as _dt
import re

__all__ = ["parse_date", "find_publication_date", "checked_date", "date_problem", "HEADER_LINES", "DATE_MIN",
           "DATE_MAX"]

#: First and last date (ISO, inclusive) an article, a relation or an analysis bound may have.
DATE_MIN, DATE_MAX = "1800-01-01", "2100-12-31"

#: How many non-empty lines at the top of a text count as its header.
HEADER_LINES = 12

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
    "apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
    "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10,
    "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"

_DATE_PATTERNS = [
    # 2025-07-04, 2025/07/04, 2025.07.04, optionally followed by a time
    re.compile(r"(?P<year>\d{4})[-/.](?P<month>\d{1,2})[-/.](?P<day>\d{1,2})(?![\d])"),
    # 20250704 (compact ISO), only as a whole token
    re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})(?P<month>[01]\d)(?P<day>[0-3]\d)(?!\d)"),
    # Friday, July 4, 2025 / July 4th 2025
    re.compile(_WEEKDAY + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR, re.I),
    # 4 July 2025 / 4th of July, 2025
    re.compile(_WEEKDAY + _DAY + r"(?:\s+of)?\s+" + _MONTH + r",?\s+" + _YEAR, re.I),
]

# "Published on ...", "Updated: ...", "Posted ...", "Date: ...", "Last updated ..."
_LABEL = re.compile(
    r"^\W*+(?P<label>published|posted|updated|last\s+updated|last\s+modified|date|dated)"
    r"(?:\s+(?:on|at))?\s*[:\-\u2013\u2014]?\s*(?P<rest>.*)$",
    re.I,
)


def parse_date(value: str | None) -> str | None:
    """Parse one written date into ISO ``yyyy-mm-dd``; ``None`` if there is none.

    The date must start the value (an ISO timestamp's time part is ignored);
    day-first/month-first numeric forms like ``04/07/2025`` are ambiguous and
    are not guessed.

    Parameters
    ----------
    value : str or None
        A date as written: ``2025-07-04``, ``2025-07-04T09:30:00Z``, ``20250704``,
        ``July 4, 2025``, ``Fri, 4 Jul 2025``.

    Returns
    -------
    str or None
        The date as ``yyyy-mm-dd``.

    Examples
    --------
    >>> parse_date("July 4, 2025")
    '2025-07-04'
    >>> parse_date("2025-07-04T09:30:00+02:00")
    '2025-07-04'
    >>> parse_date("Fri, 4th Jul. 2025")
    '2025-07-04'
    >>> parse_date("20080804")
    '2008-08-04'
    >>> parse_date("February 30, 2025") is None
    True
    """
    if not value:
        return None
    text = value.strip()
    for pattern in _DATE_PATTERNS:
        m = pattern.match(text)
        if m:
            return _to_iso(m)
    return None


def date_problem(iso: str) -> str | None:
    """Why an ISO date is outside :data:`DATE_MIN` .. :data:`DATE_MAX`, or ``None`` when it is inside.

    >>> date_problem("2025-07-04") is None, date_problem("9999-12-31")
    (True, "date '9999-12-31' is outside 1800-01-01 to 2100-12-31")
    """
    if DATE_MIN <= iso <= DATE_MAX and len(iso) == 10:  # ISO dates of four-digit years sort as text
        return None
    return f"date {iso!r} is outside {DATE_MIN} to {DATE_MAX}"


def checked_date(value) -> tuple[str | None, str | None]:
    """A date as stated in metadata (any form :func:`parse_date` reads) -> ``(ISO date, None)`` when usable,
    ``(None, why)`` when stated but not a date or out of range, ``(None, None)`` when not stated.

    Examples
    --------
    >>> checked_date("July 4, 2025"), checked_date(None), checked_date("")
    (('2025-07-04', None), (None, None), (None, None))
    >>> checked_date("9999-12-31")
    (None, "date '9999-12-31' is outside 1800-01-01 to 2100-12-31")
    >>> checked_date("2025-02-30"), checked_date(20250704)
    ((None, "date '2025-02-30' is not a date"), (None, 'date 20250704 is not a date'))
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    iso = parse_date(value) if isinstance(value, str) else None
    if iso is None:
        return None, f"date {value!r} is not a date"
    problem = date_problem(iso)
    return (None, problem) if problem else (iso, None)


def find_publication_date(lines: list[str]) -> str | None:
    """Find the publication date stated in a text's header lines.

    A labelled line (``Published on ...``, ``Published: ...``, ``Posted ...``,
    ``Date: ...``) wins over ``Updated ...``; failing both, a header line that
    is nothing but a date counts. Dates inside sentences are never taken.

    Parameters
    ----------
    lines : list of str
        The text's lines from the top; only the first :data:`HEADER_LINES`
        non-empty ones are read.

    Returns
    -------
    str or None
        The ISO date, or ``None`` when the header states none.

    Examples
    --------
    >>> find_publication_date(["A title", "", "Published on July 4, 2025", "Body."])
    '2025-07-04'
    >>> find_publication_date(["A title", "Updated: 2025-07-05", "Published: 2025-07-04"])
    '2025-07-04'
    >>> find_publication_date(["A title", "On July 4, 2025 the talks failed."]) is None
    True
    """
    published = updated = standalone = None
    seen = 0
    for raw in lines:
        line = raw.strip().strip("*_#>").strip()
        if not line:
            continue
        seen += 1
        if seen > HEADER_LINES:
            break
        m = _LABEL.match(line)
        if m:
            date = _date_at_start(m.group("rest"))
            if date:
                if m.group("label").lower().startswith(("updated", "last")):
                    updated = updated or date
                else:
                    published = published or date
                    break
            continue
        if standalone is None and seen > 1 and len(line) <= 40:
            date = parse_date(line)
            if date and _only_date(line):
                standalone = date
    return published or updated or standalone


def _date_at_start(text: str) -> str | None:
    text = text.strip()
    return parse_date(text)


def _only_date(line: str) -> bool:
    for pattern in _DATE_PATTERNS:
        m = pattern.match(line)
        if m:
            rest = line[m.end():].strip(" .,")
            # allow a trailing time ("09:30", "9:30 am", "T09:30:00Z", "GMT")
            return not rest or bool(re.fullmatch(r"[T\s]?[\d:.apmAPMZ+\- ]*(?:[A-Z]{2,4})?", rest))
    return False


def _to_iso(m: re.Match) -> str | None:
    month = m.group("month")
    month_no = int(month) if month.isdigit() else _MONTHS.get(month.lower().rstrip("."))
    try:
        return _dt.date(int(m.group("year")), month_no or 0, int(m.group("day"))).isoformat()
    except ValueError:
        return None
