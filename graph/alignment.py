"""Signed, weighted dyads: how aligned two actors are, from the relations between them.

The alignment score
-------------------
For an unordered pair of actors {a, b} in a window, every relation between them (either direction,
negated ones left out) has a *value* and a *weight*, and the score is the weighted mean of the values::

    value(r)  = polarity(r) * (0.5 + 0.5 * min(|intensity(r)|, 10) / 10)    # in [-1, 1]
    weight(r) = (1 + ln n_e) / n_e  *  0.5 ** (age(r) / half_life)
    score     = sum(weight * value) / sum(weight)                            # in [-1, 1]

- Polarity sets the sign; the Goldstein intensity (-10..10) sets the strength between half and full,
  so a meeting (+1) counts less than an alliance (+3.5 -> 0.68) and a shoot-down (-10 -> -1).
  A relation without intensity counts at full strength; a neutral one (polarity 0) pulls the score
  toward 0.
- Repeated reports of one event weigh less than independent events: relations with the same
  *event key* (the pair, the relation type and the date; undated ones: the pair, type and article)
  are mentions of one event. An article that states it several times (its title and its body, two
  paragraphs) reports it once; the ``n_e`` articles reporting it share a weight of ``1 + ln n_e``: one
  report 1, two 1.69, ten 3.30, where ten independent events weigh 10.
- Time decay (optional): with a ``half_life`` in days, a dated relation weighs
  ``0.5 ** (age / half_life)``, its age counted back from the window's end (the reference date).

Scores and everything in a dyad dict are plain floats and ints.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

import numpy as np

__all__ = ["relation_value", "event_key", "report_weights", "dyad_key", "dyad_scores", "alignment_series"]


def relation_value(polarity: int, intensity: float | None = None) -> float:
    """A relation's signed value in [-1, 1]: polarity scaled by intensity between 0.5 and 1.

    Examples
    --------
    >>> relation_value(-1, -10.0), relation_value(1, 3.5), relation_value(1, None), relation_value(0, 2.0)
    (-1.0, 0.675, 1.0, 0.0)
    """
    if not polarity:
        return 0.0
    strength = 1.0 if intensity is None else 0.5 + 0.5 * min(abs(float(intensity)), 10.0) / 10.0
    return float(polarity) * strength


def dyad_key(a: str, b: str) -> tuple[str, str]:
    """The unordered pair ``(a, b)`` in sorted order.

    >>> dyad_key("TUR", "AZE")
    ('AZE', 'TUR')
    """
    return (a, b) if a <= b else (b, a)


def event_key(row: Mapping) -> tuple:
    """Reports sharing this key are taken as reports of one event.

    Examples
    --------
    >>> r = {"source": "RUS", "target": "AZE", "type": "ASSAULT", "date": "2024-12-25", "article": "x"}
    >>> event_key(r) == event_key({**r, "source": "AZE", "target": "RUS", "article": "y"})
    True
    >>> event_key({**r, "date": None})
    ('AZE', 'RUS', 'ASSAULT', 'article:x')
    """
    when = row.get("date") or f"article:{row.get('article')}"
    return (*dyad_key(row["source"], row["target"]), row.get("type"), when)


def report_weights(rows: Sequence[Mapping]) -> list[float]:
    """Each row's share of its event's weight: the event weighs ``1 + ln n`` for ``n`` articles
    reporting it, shared equally by its rows (an article repeating it adds rows, not weight).

    Examples
    --------
    >>> r = {"source": "RUS", "target": "AZE", "type": "ASSAULT", "date": "2024-12-25", "article": "x"}
    >>> [round(w, 3) for w in report_weights([r, {**r, "article": "y"}, {**r, "date": "2024-12-26"}])]
    [0.847, 0.847, 1.0]
    >>> [round(w, 3) for w in report_weights([r, r])]  # one article, twice: one report
    [0.5, 0.5]
    """
    keys = [event_key(r) for r in rows]
    counts = Counter(keys)
    articles: dict[tuple, set] = defaultdict(set)
    for key, row in zip(keys, rows):
        articles[key].add(row.get("article"))
    share = {k: (1.0 + math.log(len(articles[k]))) / n for k, n in counts.items()}
    return [share[k] for k in keys]


def _day(date, cache: dict) -> int:
    day = cache.get(date)
    if day is None:
        day = cache[date] = _dt.date.fromisoformat(str(date)).toordinal()
    return day


def _decays(rows: Sequence[Mapping], idx: Sequence[int], reference, half_life: float | None) -> list[float] | None:
    """Per row of ``idx``, ``0.5 ** (age / half_life)`` (1 when undated); ``None`` without decay."""
    if not half_life or reference is None:
        return None
    days: dict = {}
    ref = _day(reference, days)
    out = []
    for i in idx:
        d = rows[i].get("date")
        out.append(0.5 ** (max(ref - _day(d, days), 0) / half_life) if d else 1.0)
    return out


class _Facts(NamedTuple):
    """Per row, as arrays: its dyad (an index into ``dyads``, -1 when negated or a self-relation), value,
    event (an index, -1 likewise) and polarity sign; ``dyads`` in sorted order, so that ascending indices
    give the dyads sorted."""

    dyad: np.ndarray
    value: np.ndarray
    event: np.ndarray
    positive: np.ndarray
    negative: np.ndarray
    dyads: list
    events: int


def _row_facts(rows: Sequence[Mapping]) -> _Facts:
    """Each row's dyad, value and event, computed once per distinct pair and (polarity, intensity)."""
    pairs: dict = {}
    values: dict = {}
    dyad_ids: dict = {}
    event_ids: dict = {}
    dyad, vals, event, polarity = [], [], [], []
    for r in rows:
        s, t = r["source"], r["target"]
        polarity.append(r["polarity"])
        if r.get("negated") or s == t:
            dyad.append(-1)
            vals.append(0.0)
            event.append(-1)
            continue
        k = pairs.get((s, t))
        if k is None:
            k = pairs[(s, t)] = dyad_ids.setdefault(dyad_key(s, t), len(dyad_ids))
        pi = (r["polarity"], r.get("intensity"))
        v = values.get(pi)
        if v is None:
            v = values[pi] = relation_value(*pi)
        dyad.append(k)
        vals.append(v)
        event.append(event_ids.setdefault((r.get("type"), r.get("date") or f"article:{r.get('article')}"),
                                          len(event_ids)))
    names = sorted(dyad_ids)
    rank = np.empty(len(names) + 1, dtype=np.int64)  # first-seen index -> sorted index; rank[-1] keeps -1
    rank[[dyad_ids[k] for k in names]] = np.arange(len(names))
    rank[-1] = -1
    signs = np.asarray(polarity, dtype=np.float64)
    return _Facts(rank[np.asarray(dyad, dtype=np.int64)], np.asarray(vals, dtype=np.float64),
                  np.asarray(event, dtype=np.int64), signs > 0, signs < 0, names, max(len(event_ids), 1))


def _accumulate(facts: _Facts, weights: np.ndarray, idx: Sequence[int],
                decays: Sequence[float] | None) -> dict[tuple[str, str], dict]:
    """The dyad dicts of the rows ``idx``: ``np.bincount`` adds each dyad's terms in row order, as a loop
    over the rows would, so the floats are the loop's to the last bit."""
    idx = np.asarray(idx, dtype=np.int64)
    dyad = facts.dyad[idx]
    kept = dyad >= 0
    dyad, idx = dyad[kept], idx[kept]
    w = weights[idx] if decays is None else weights[idx] * np.asarray(decays, dtype=np.float64)[kept]
    n = len(facts.dyads)
    score_sum = np.bincount(dyad, weights=w * facts.value[idx], minlength=n)
    weight = np.bincount(dyad, weights=w, minlength=n)
    count = np.bincount(dyad, minlength=n)
    positive = np.bincount(dyad[facts.positive[idx]], minlength=n)
    negative = np.bincount(dyad[facts.negative[idx]], minlength=n)
    events = np.bincount(np.unique(dyad * facts.events + facts.event[idx]) // facts.events, minlength=n)
    present = np.flatnonzero(count)
    names = facts.dyads
    return {
        names[k]: {"score": (s / w if w else 0.0), "count": c, "events": e, "weight": w, "positive": p, "negative": q}
        for k, s, w, c, e, p, q in zip(present.tolist(), score_sum[present].tolist(), weight[present].tolist(),
                                        count[present].tolist(), events[present].tolist(),
                                        positive[present].tolist(), negative[present].tolist())
    }


def dyad_scores(rows: Sequence[Mapping], weights: Sequence[float] | None = None, *,
                half_life: float | None = None, reference: str | None = None) -> dict[tuple[str, str], dict]:
    """Alignment of every pair of actors in ``rows`` (see the module docstring for the formula).

    Parameters
    ----------
    rows : sequence of mapping
        Relation rows: ``source, target, polarity, intensity, date, negated, type, article``.
    weights : sequence of float, optional
        Per-row report weights (default :func:`report_weights` of ``rows``); pass weights computed on
        all rows when ``rows`` is one window's share of them.
    half_life : float, optional
        Time decay in days; ``None`` for none.
    reference : str, optional
        The date ages are counted back from (default the latest date in ``rows``).

    Returns
    -------
    dict
        ``(a, b)`` (sorted) -> ``{"score", "count", "events", "weight", "positive", "negative"}``:
        score in [-1, 1], relations, distinct events, total weight, relations of each sign.

    Examples
    --------
    >>> rows = [
    ...     {"source": "AZE", "target": "TUR", "polarity": 1, "intensity": 10.0, "type": "ALIGN", "date": "2025-01-01"},
    ...     {"source": "RUS", "target": "AZE", "polarity": -1, "intensity": -10.0, "type": "ASSAULT", "date": "2025-01-02"},
    ...     {"source": "AZE", "target": "RUS", "polarity": 1, "intensity": 0.0, "type": "CONSULT", "date": "2025-01-03"},
    ... ]
    >>> d = dyad_scores(rows)
    >>> d[("AZE", "TUR")]["score"], round(d[("AZE", "RUS")]["score"], 3), d[("AZE", "RUS")]["count"]
    (1.0, -0.25, 2)
    """
    if weights is None:
        weights = report_weights(rows)
    if half_life and reference is None:
        reference = max((r["date"] for r in rows if r.get("date")), default=None)
    idx = range(len(rows))
    return _accumulate(_row_facts(rows), np.asarray(weights, dtype=np.float64), idx,
                       _decays(rows, idx, reference, half_life))


def alignment_series(rows: Sequence[Mapping], assignment: Mapping[int, str], windows: Iterable[Mapping], *,
                     half_life: float | None = None,
                     weights: Sequence[float] | None = None) -> dict[str, dict[tuple[str, str], dict]]:
    """Dyad scores per window.

    Parameters
    ----------
    rows : sequence of mapping
        All relation rows of the run (report weights are computed over all of them).
    assignment : mapping
        Row index -> window id (rows absent from it, such as undated ones, are left out).
    windows : iterable of mapping
        The windows (``id`` and ``end``), in series order.
    half_life : float, optional
        Time decay in days, counted back from each window's end.
    weights : sequence of float, optional
        :func:`report_weights` of ``rows``, when already computed.

    Returns
    -------
    dict
        Window id -> the :func:`dyad_scores` of its rows, in series order.

    Examples
    --------
    >>> rows = [{"source": "A", "target": "B", "polarity": 1, "date": "2025-01-05"},
    ...         {"source": "A", "target": "B", "polarity": -1, "date": "2025-02-05"}]
    >>> s = alignment_series(rows, {0: "2025-01", 1: "2025-02"}, [{"id": "2025-01"}, {"id": "2025-02"}])
    >>> [(w, d[("A", "B")]["score"]) for w, d in s.items()]
    [('2025-01', 1.0), ('2025-02', -1.0)]
    """
    if weights is None:
        weights = report_weights(rows)
    facts = _row_facts(rows)
    weights = np.asarray(weights, dtype=np.float64)
    members: dict[str, list[int]] = defaultdict(list)
    for i, wid in assignment.items():
        members[wid].append(i)
    series = {}
    for w in windows:
        idx = sorted(members.get(w["id"], ()))
        reference = w.get("end")
        if half_life and reference is None:
            reference = max((rows[i]["date"] for i in idx if rows[i].get("date")), default=None)
        series[w["id"]] = _accumulate(facts, weights, idx, _decays(rows, idx, reference, half_life))
    return series
