"""Time windows: which window a relation falls in, and the ordered list of windows of a run.

A window spec is ``month``, ``quarter``, ``year``, ``<N>d`` (N-day windows counted from the first
date, or from ``since`` when given), ``all`` (one window) or ``article`` (one step per article).

``article`` is a sequence, not a chronology: one step per article, ordered by article date then id.
Undated articles have no place in time; in this mode only, they are put first, in id order, and
their steps are marked ``dated: False`` so no reader mistakes the order for dates. In every other
mode undated relations stay out of the series (they still count in the ``all`` totals).

Windows are plain dicts ``{"id", "start", "end", "dated"}``: ``start``/``end`` are ISO dates
(inclusive) or ``None``.

Any date the calendar holds works, 0001-01-01 to 9999-12-31: new input is kept from 1800 to 2100
(:mod:`extract.dates`), but a store may hold dates an older version or a SPARQL update wrote. A stored
value that is no calendar date at all (``10000-01-01``, year 0, ``2025-02-30``, text) has no window:
:func:`calendar_date` tells them apart, and the analysis counts such relations as undated and says so.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from collections.abc import Iterable, Mapping

__all__ = ["WINDOW_KINDS", "parse_window", "window_of", "window_bounds", "series_windows", "calendar_date"]

WINDOW_KINDS = ("month", "quarter", "year", "all", "article")
_DAYS = re.compile(r"([1-9][0-9]{0,4})d")


def parse_window(spec: str) -> tuple[str, int]:
    """Check a window spec and split it into ``(kind, days)``.

    Parameters
    ----------
    spec : str
        ``month``, ``quarter``, ``year``, ``all``, ``article`` or ``<N>d``.

    Returns
    -------
    tuple
        ``(kind, days)``; ``days`` is 0 except for ``<N>d``, whose kind is ``"days"``.

    Examples
    --------
    >>> parse_window("quarter"), parse_window("30d")
    (('quarter', 0), ('days', 30))
    >>> parse_window("fortnight")
    Traceback (most recent call last):
    ...
    ValueError: window must be month, quarter, year, all, article or <N>d (e.g. 30d); got 'fortnight'
    """
    if spec in WINDOW_KINDS:
        return spec, 0
    m = _DAYS.fullmatch(spec or "")
    if m:
        return "days", int(m.group(1))
    raise ValueError(f"window must be month, quarter, year, all, article or <N>d (e.g. 30d); got {spec!r}")


_STORED_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:Z|[+-]\d{2}:\d{2})?")


def calendar_date(value) -> str | None:
    """A stored date (an ``xsd:date`` lexical form, maybe with a time zone) as ``yyyy-mm-dd``, or ``None`` when
    it is not a day of the calendar Python holds (years 1 to 9999).

    Examples
    --------
    >>> calendar_date("9999-12-31"), calendar_date("0001-01-01"), calendar_date("2025-07-04Z")
    ('9999-12-31', '0001-01-01', '2025-07-04')
    >>> [calendar_date(v) for v in ("10000-01-01", "0000-01-01", "-0044-03-15", "2025-02-30", "soon", None)]
    [None, None, None, None, None, None]
    """
    if isinstance(value, _dt.date):
        return value.isoformat()
    m = _STORED_DATE.fullmatch(str(value or ""))
    if not m:
        return None
    try:
        return _dt.date.fromisoformat(m.group(1)).isoformat()
    except ValueError:
        return None


def _date(value) -> _dt.date:
    return value if isinstance(value, _dt.date) else _dt.date.fromisoformat(str(value))


def _shifted(day: _dt.date, days: int) -> _dt.date:
    """``day + days``, held at the calendar's first or last day (``9999-12-31 + 1`` overflows ``datetime``)."""
    try:
        return day + _dt.timedelta(days=days)
    except OverflowError:
        return _dt.date.max if days > 0 else _dt.date.min


def window_of(date, spec: str, origin=None) -> str | None:
    """The id of the calendar window holding ``date`` (``None`` for an undated relation).

    Parameters
    ----------
    date : str or datetime.date or None
        An ISO date.
    spec : str
        A window spec other than ``article`` (see :func:`parse_window`).
    origin : str or datetime.date, optional
        First day of the first ``<N>d`` window; needed for ``<N>d`` only.

    Returns
    -------
    str or None
        ``"2025-07"``, ``"2025Q3"``, ``"2025"``, ``"all"`` or the start date of an ``<N>d`` window.

    Examples
    --------
    >>> [window_of("2025-07-04", s) for s in ("month", "quarter", "year", "all")]
    ['2025-07', '2025Q3', '2025', 'all']
    >>> window_of("2025-01-20", "7d", origin="2025-01-01")
    '2025-01-15'
    >>> window_of(None, "month") is None
    True
    """
    kind, days = parse_window(spec)
    if kind == "all":
        return "all"
    if date is None or date == "":
        return None
    d = _date(date)
    if kind == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if kind == "quarter":
        return f"{d.year:04d}Q{(d.month - 1) // 3 + 1}"
    if kind == "year":
        return f"{d.year:04d}"
    if kind == "days":
        if origin is None:
            raise ValueError("an <N>d window needs an origin date")
        o = _date(origin)
        return _shifted(o, ((d - o).days // days) * days).isoformat()
    raise ValueError("article windows are not calendar windows; see series_windows")


def window_bounds(window_id: str, spec: str) -> tuple[str | None, str | None]:
    """First and last day (ISO, inclusive) of a calendar window.

    Examples
    --------
    >>> window_bounds("2024Q4", "quarter")
    ('2024-10-01', '2024-12-31')
    >>> window_bounds("2024-02", "month")
    ('2024-02-01', '2024-02-29')
    >>> window_bounds("2025-01-15", "7d")
    ('2025-01-15', '2025-01-21')
    >>> window_bounds("9999Q4", "quarter"), window_bounds("9999-12-20", "30d")
    (('9999-10-01', '9999-12-31'), ('9999-12-20', '9999-12-31'))
    """
    kind, days = parse_window(spec)
    if kind in ("all", "article"):
        return None, None
    if kind == "year":
        y = int(window_id)
        return f"{y:04d}-01-01", f"{y:04d}-12-31"
    if kind == "days":
        start = _date(window_id)
        return start.isoformat(), _shifted(start, days - 1).isoformat()
    if kind == "quarter":
        y, q = int(window_id[:4]), int(window_id[5:])
        first_month, last_month = 3 * q - 2, 3 * q
    else:
        y, first_month = int(window_id[:4]), int(window_id[5:7])
        last_month = first_month
    last_day = calendar.monthrange(y, last_month)[1]  # no "first of the next month": year 9999 has none
    return f"{y:04d}-{first_month:02d}-01", f"{y:04d}-{last_month:02d}-{last_day:02d}"


def series_windows(rows: Iterable[Mapping], spec: str, since=None) -> tuple[list[dict], dict]:
    """Assign every relation row to a series window.

    Parameters
    ----------
    rows : iterable of mapping
        Relation rows with ``date`` (ISO or ``None``) and ``article``.
    spec : str
        A window spec (see :func:`parse_window`).
    since : str, optional
        Origin of ``<N>d`` windows; else the earliest date in ``rows``.

    Returns
    -------
    tuple
        ``(windows, assignment)``: the windows in series order (dicts ``id, start, end, dated``) and a
        dict row index -> window id for the rows in the series (undated rows, and rows whose date is no
        calendar date (:func:`calendar_date`), are absent except in ``article`` mode).

    Examples
    --------
    >>> rows = [{"date": "2025-02-01", "article": "b"}, {"date": None, "article": "a"},
    ...         {"date": "2024-12-30", "article": "c"}]
    >>> ws, where = series_windows(rows, "quarter")
    >>> [w["id"] for w in ws], where
    (['2024Q4', '2025Q1'], {0: '2025Q1', 2: '2024Q4'})
    >>> ws, where = series_windows(rows, "article")
    >>> [(w["id"], w["dated"]) for w in ws]
    [('a', False), ('c', True), ('b', True)]
    """
    rows = list(rows)
    kind, _ = parse_window(spec)
    readable: dict = {}  # a stored value's calendar date (None: no window), computed once per distinct value
    dates = []
    for row in rows:
        d = row.get("date")
        if d and d not in readable:
            readable[d] = calendar_date(d)
        dates.append(readable[d] if d else None)
    assignment: dict[int, str] = {}
    if kind == "article":
        first: dict[str, str | None] = {}
        for i, row in enumerate(rows):
            art = row["article"]
            d = dates[i]
            if art not in first or (d and (first[art] is None or d < first[art])):
                first[art] = d or first.get(art)
            assignment[i] = art
        order = sorted(first, key=lambda a: (first[a] is not None, first[a] or "", a))
        windows = [{"id": a, "start": first[a], "end": first[a], "dated": first[a] is not None} for a in order]
        return windows, assignment
    origin = since or min((d for d in dates if d), default=None)
    ids: set[str] = set()
    of_date: dict = {}  # a date's window, computed once per distinct date
    for i, d in enumerate(dates):
        if not d:
            continue
        wid = of_date.get(d)
        if wid is None:
            wid = of_date[d] = window_of(d, spec, origin=origin)
            ids.add(wid)
        assignment[i] = wid
    windows = []
    for wid in sorted(ids):
        start, end = window_bounds(wid, spec)
        windows.append({"id": wid, "start": start, "end": end, "dated": True})
    return windows, assignment
