"""The per-window dyad sums of ``graph.alignment`` (``np.bincount``) equal a plain loop over the rows, to
the last bit: same keys in the same order, same types, same floats, for every window kind, with and
without time decay, on seeded random rows (repeated events, negated, self and undated relations included)."""

from __future__ import annotations

import math
import random

import pytest

from graph.alignment import alignment_series, dyad_key, dyad_scores, relation_value, report_weights
from graph.windows import series_windows


def _loop_scores(rows, idx, weights, decays):
    """The dyad dicts of rows ``idx`` by one pass over them: the definition in graph/alignment.py's docstring."""
    acc: dict = {}
    for j, i in enumerate(idx):
        r = rows[i]
        if r.get("negated") or r["source"] == r["target"]:
            continue
        k = dyad_key(r["source"], r["target"])
        w = weights[i] if decays is None else weights[i] * decays[j]
        a = acc.setdefault(k, [0.0, 0.0, 0, set(), 0, 0])
        a[0] += w * relation_value(r["polarity"], r.get("intensity"))
        a[1] += w
        a[2] += 1
        a[3].add((r.get("type"), r.get("date") or f"article:{r.get('article')}"))
        a[4] += r["polarity"] > 0
        a[5] += r["polarity"] < 0
    return {k: {"score": (s / w if w else 0.0), "count": n, "events": len(ev), "weight": w, "positive": pos,
                "negative": neg} for k, (s, w, n, ev, pos, neg) in sorted(acc.items())}


def _decays(rows, idx, reference, half_life):
    if not half_life or reference is None:
        return None
    import datetime as dt

    ref = dt.date.fromisoformat(reference).toordinal()
    return [0.5 ** (max(ref - dt.date.fromisoformat(rows[i]["date"]).toordinal(), 0) / half_life)
            if rows[i].get("date") else 1.0 for i in idx]


@pytest.fixture(scope="module")
def rows():
    rng = random.Random(3)
    actors = [f"A{i:02d}" for i in range(25)]
    types = {1: ["CONSULT", "AID", "ALIGN"], -1: ["ACCUSE", "ASSAULT", "DISTANCE"], 0: ["REQUEST"]}
    out = []
    for n in range(6000):
        if out and rng.random() < 0.3:  # another report of an earlier event, in another article
            out.append(dict(rng.choice(out), article=f"art{n // 4}"))
            continue
        polarity = rng.choice([1, 1, -1, -1, 0])
        out.append({"source": rng.choice(actors), "target": rng.choice(actors), "type": rng.choice(types[polarity]),
                    "polarity": polarity, "intensity": rng.choice([None, rng.uniform(-10, 10)]),
                    "date": None if rng.random() < 0.05 else f"202{rng.randint(2, 5)}-{rng.randint(1, 12):02d}-"
                                                             f"{rng.randint(1, 28):02d}",
                    "negated": rng.random() < 0.05, "article": f"art{n // 4}"})
    return out


@pytest.mark.parametrize("window", ["all", "year", "quarter", "month", "30d", "article"])
@pytest.mark.parametrize("half_life", [None, 45.0])
def test_series_sums_equal_a_loop_over_the_rows(rows, window, half_life):
    windows, assignment = series_windows(rows, window)
    weights = report_weights(rows)
    series = alignment_series(rows, assignment, windows, half_life=half_life)
    members: dict = {}
    for i, wid in assignment.items():
        members.setdefault(wid, []).append(i)
    assert list(series) == [w["id"] for w in windows]
    for w in windows:
        idx = sorted(members.get(w["id"], ()))
        reference = w.get("end")
        if half_life and reference is None:
            reference = max((rows[i]["date"] for i in idx if rows[i].get("date")), default=None)
        expected = _loop_scores(rows, idx, weights, _decays(rows, idx, reference, half_life))
        got = series[w["id"]]
        assert list(got) == list(expected)  # the same dyads, in the same order
        assert got == expected  # float equality: summed in the same order, bit for bit
        for k, d in got.items():
            assert [type(v) for v in d.values()] == [type(v) for v in expected[k].values()]
            assert all(not isinstance(v, float) or math.isfinite(v) for v in d.values())


def test_dyad_scores_equal_a_loop_over_the_rows(rows):
    idx = range(len(rows))
    assert dyad_scores(rows) == _loop_scores(rows, idx, report_weights(rows), None)
