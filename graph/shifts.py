"""Who moved toward whom: shifts of alignment between windows, bloc changes, and actor profiles.

Three kinds of shift, told apart by ``basis``:

- ``"series"``: the alignment score of a pair changed between two windows in which the pair was
  observed (the window it was last seen in, ``from_window``, and the next, ``to_window``; windows in
  between without relations are skipped, not read as 0). Both actors get a shift: toward the partner
  when the score rose, away from it when it fell; ``magnitude`` is the absolute change (0..2).
- ``"reported"``: the text itself reports a movement: a relation of type ``ALIGN`` (moved closer,
  turned to, allied with) or ``DISTANCE`` (turned its back on, broke with, tensions) says its source
  moved toward or away from its target (both sides when the relation is symmetric). ``from_window``
  and ``to_window`` are the window of the reports (``None`` when undated); ``magnitude`` is the
  weighted mean strength of the reports (0.5..1, see :func:`graph.alignment.relation_value`). This is
  what a single article can say about change; it is not inferred from dates.
- ``"bloc"``: an actor's bloc in one window is not the continuation of its bloc in the previous one.
  Blocs are followed from window to window by greedy one-to-one matching on shared members
  (:func:`track_blocs`).

Every shift carries ``evidence``: the sentences and articles of the relations behind it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence

from .alignment import dyad_key, relation_value, report_weights

__all__ = ["MOVE_TYPES", "series_shifts", "reported_shifts", "track_blocs", "bloc_changes", "actor_profile",
           "evidence_for", "add_evidence"]

#: Relation types that report a movement, and its direction.
MOVE_TYPES = {"ALIGN": "toward", "DISTANCE": "away_from"}


def evidence_for(rows: Sequence[Mapping], indices: Sequence[int], limit: int = 3, window=None) -> list[dict]:
    """The strongest ``limit`` relations among ``rows[indices]`` as evidence dicts.

    Examples
    --------
    >>> rows = [{"source": "A", "target": "B", "polarity": -1, "intensity": -2.0, "type": "ACCUSE",
    ...          "sentence": "A accused B.", "article": "x", "date": None}]
    >>> evidence_for(rows, [0])
    [{'sentence': 'A accused B.', 'article': 'x', 'date': None, 'source': 'A', 'target': 'B', 'type': 'ACCUSE', 'polarity': -1}]
    """
    order = sorted(indices, key=lambda i: (-abs(relation_value(rows[i]["polarity"], rows[i].get("intensity"))), i))
    out, seen = [], set()
    for i in order:
        r = rows[i]
        key = (r.get("sentence"), r.get("article"))
        if key in seen:
            continue
        seen.add(key)
        ev = {"sentence": r.get("sentence"), "article": r.get("article"), "date": r.get("date"),
              "source": r["source"], "target": r["target"], "type": r.get("type"), "polarity": r["polarity"]}
        if window is not None:
            ev["window"] = window
        out.append(ev)
        if len(out) >= limit:
            break
    return out


def _dyad_index(rows: Sequence[Mapping], assignment: Mapping[int, str]) -> dict:
    index: dict[tuple, list[int]] = defaultdict(list)
    for i, wid in assignment.items():
        r = rows[i]
        if not r.get("negated"):
            index[(dyad_key(r["source"], r["target"]), wid)].append(i)
    return index


def series_shifts(series: Mapping[str, Mapping[tuple[str, str], Mapping]], rows: Sequence[Mapping] = (),
                  assignment: Mapping[int, str] | None = None, *, min_change: float = 0.25,
                  evidence: int | None = 3) -> list[dict]:
    """Shifts from changes of dyad scores between the windows a pair was observed in.

    Parameters
    ----------
    series : mapping
        Window id -> dyad scores (:func:`graph.alignment.alignment_series`), in series order.
    rows, assignment : optional
        The relation rows and their windows, for evidence.
    min_change : float
        Smallest score change reported.
    evidence : int or None
        Evidence sentences per window and shift; ``None`` leaves the ``evidence`` key out (see
        :func:`add_evidence`, to add it to the few shifts kept).

    Returns
    -------
    list of dict
        ``actor, partner, direction ("toward"|"away_from"), from_window, to_window, from_score,
        to_score, magnitude, basis ("series"), evidence``, largest magnitude first.

    Examples
    --------
    >>> series = {"2024": {("A", "B"): {"score": 0.8}}, "2025": {("A", "B"): {"score": -0.6}}}
    >>> [(s["actor"], s["direction"], s["partner"], round(s["magnitude"], 2)) for s in series_shifts(series)]
    [('A', 'away_from', 'B', 1.4), ('B', 'away_from', 'A', 1.4)]
    """
    last: dict[tuple[str, str], tuple[str, float]] = {}
    out = []
    for wid, dyads in series.items():
        for pair, d in dyads.items():
            if pair in last:
                prev_w, prev_s = last[pair]
                change = d["score"] - prev_s
                if abs(change) >= min_change:
                    for actor, partner in (pair, pair[::-1]):
                        out.append({"actor": actor, "partner": partner,
                                    "direction": "toward" if change > 0 else "away_from",
                                    "from_window": prev_w, "to_window": wid, "from_score": prev_s,
                                    "to_score": d["score"], "magnitude": abs(change), "basis": "series"})
            last[pair] = (wid, d["score"])
    out.sort(key=lambda s: (-s["magnitude"], s["actor"], s["partner"], s["to_window"]))
    if evidence is not None:
        add_evidence(out, rows, assignment or {}, evidence=evidence)
    return out


def reported_shifts(rows: Sequence[Mapping], window_of_row: Mapping[int, str] | None = None, *,
                    evidence: int | None = 3, weights: Sequence[float] | None = None) -> list[dict]:
    """Shifts the text reports: ``ALIGN`` (toward) and ``DISTANCE`` (away from) relations, by mover.

    Parameters
    ----------
    rows : sequence of mapping
        Relation rows.
    window_of_row : mapping, optional
        Row index -> window id; rows absent from it are grouped under window ``None`` (undated).
    evidence : int or None
        Evidence sentences per shift; ``None`` leaves ``evidence`` out (:func:`add_evidence`).
    weights : sequence of float, optional
        :func:`graph.alignment.report_weights` of ``rows``, when already computed.

    Returns
    -------
    list of dict
        Like :func:`series_shifts` with ``basis "reported"``, ``from_window == to_window``, ``reports``
        and ``articles`` counts; strongest (magnitude, then articles, then reports) first.

    Examples
    --------
    >>> rows = [{"source": "AZE", "target": "RUS", "polarity": -1, "intensity": -4.0, "type": "DISTANCE",
    ...          "sentence": "Azerbaijan turned its back on Russia.", "article": "a", "date": None},
    ...         {"source": "AZE", "target": "TUR", "polarity": 1, "intensity": 3.5, "type": "ALIGN",
    ...          "sentence": "Azerbaijan turns to Turkey.", "article": "a", "date": None}]
    >>> [(s["actor"], s["direction"], s["partner"], s["magnitude"]) for s in reported_shifts(rows)]
    [('AZE', 'away_from', 'RUS', 0.7), ('AZE', 'toward', 'TUR', 0.675)]
    """
    window_of_row = window_of_row or {}
    if weights is None:
        weights = report_weights(rows)
    out = []
    for (actor, partner, direction, wid), idx in _move_groups(rows, window_of_row).items():
        w = sum(weights[i] for i in idx)
        strength = sum(weights[i] * abs(relation_value(rows[i]["polarity"] or 1, rows[i].get("intensity")))
                       for i in idx) / w
        out.append({"actor": actor, "partner": partner, "direction": direction, "from_window": wid,
                    "to_window": wid, "magnitude": strength, "basis": "reported", "reports": len(idx),
                    "articles": len({rows[i].get("article") for i in idx})})
    out.sort(key=lambda s: (-s["magnitude"], -s["articles"], -s["reports"], s["actor"], s["partner"],
                            str(s["to_window"])))
    if evidence is not None:
        add_evidence(out, rows, window_of_row, evidence=evidence)
    return out


def _move_groups(rows: Sequence[Mapping], window_of_row: Mapping[int, str]) -> dict[tuple, list[int]]:
    """``(actor, partner, direction, window)`` -> indices of the ALIGN/DISTANCE rows saying so."""
    groups: dict[tuple, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        direction = MOVE_TYPES.get(r.get("type"))
        if direction is None or r.get("negated") or r["source"] == r["target"]:
            continue
        movers = [(r["source"], r["target"])]
        if r.get("symmetric"):
            movers.append((r["target"], r["source"]))
        for actor, partner in movers:
            groups[(actor, partner, direction, window_of_row.get(i))].append(i)
    return groups


def add_evidence(shifts: list[dict], rows: Sequence[Mapping], assignment: Mapping[int, str], *,
                 evidence: int = 3, load: Callable[[list], None] | None = None) -> list[dict]:
    """Set each shift's ``evidence`` (in place): the strongest relations behind it, by its ``basis``.

    ``series``: the pair's relations in ``from_window`` then in ``to_window``, ``evidence`` each;
    ``bloc``: the actor's relations in ``to_window`` with the members it joined and left;
    ``reported``: the ALIGN/DISTANCE reports of the shift. Finding shifts is cheap and their evidence
    is not: a caller that keeps the strongest few adds it to those only.

    Parameters
    ----------
    shifts : list of dict
        Shifts from :func:`series_shifts`, :func:`bloc_changes` or :func:`reported_shifts`.
    rows, assignment
        The relation rows and their windows (row index -> window id).
    evidence : int
        Evidence sentences per window and shift.
    load : callable, optional
        Called once with the candidate rows before evidence is chosen; sets ``sentence`` on rows
        that lack it (rows read without sentences, :func:`graph.queries.load_sentences`).

    Returns
    -------
    list of dict
        ``shifts``, each with ``evidence``.

    Examples
    --------
    >>> rows = [{"source": "A", "target": "B", "polarity": 1, "date": "2024-01-01", "article": "x", "sentence": "A helps B."},
    ...         {"source": "B", "target": "A", "polarity": -1, "date": "2025-01-01", "article": "y", "sentence": "B hits A."}]
    >>> shifts = series_shifts({"2024": {("A", "B"): {"score": 1.0}}, "2025": {("A", "B"): {"score": -1.0}}},
    ...                        evidence=None)
    >>> [e["sentence"] for e in add_evidence(shifts, rows, {0: "2024", 1: "2025"})[0]["evidence"]]
    ['A helps B.', 'B hits A.']
    """
    index = _dyad_index(rows, assignment) if rows and any(s["basis"] != "reported" for s in shifts) else {}
    moves = _move_groups(rows, assignment) if any(s["basis"] == "reported" for s in shifts) else {}
    sources = [_evidence_sources(s, index, moves) for s in shifts]
    if load is not None:
        load([rows[i] for parts in sources for idx, _w in parts for i in idx])
    for s, parts in zip(shifts, sources):
        s["evidence"] = [e for idx, w in parts for e in evidence_for(rows, idx, evidence, w)]
    return shifts


def _evidence_sources(shift: Mapping, index: Mapping, moves: Mapping) -> list[tuple[list[int], object]]:
    """``(row indices, window)`` groups a shift's evidence is drawn from (see :func:`add_evidence`)."""
    a, w = shift["actor"], shift["to_window"]
    if shift["basis"] == "series":
        if not index:
            return []
        pair = dyad_key(a, shift["partner"])
        return [(index.get((pair, shift["from_window"]), []), shift["from_window"]), (index.get((pair, w), []), w)]
    if shift["basis"] == "bloc":
        idx = [i for p in shift["joined"] + shift["left"] for i in index.get((dyad_key(a, p), w), ())]
        return [(idx, w)] if idx else []
    return [(moves.get((a, shift["partner"], shift["direction"], w), []), w)]


def track_blocs(partitions: Sequence[Sequence[Sequence[str]]]) -> list[dict[str, str]]:
    """Stable bloc ids across windows: each bloc continues the previous window's bloc it shares most members with.

    Parameters
    ----------
    partitions : sequence
        Per window (in order), a list of blocs (lists of actor ids).

    Returns
    -------
    list of dict
        Per window, actor -> stable bloc id (``"B1"``, ``"B2"``, ...).

    Examples
    --------
    >>> track_blocs([[["A", "B", "X"], ["C", "D"]], [["C", "D", "X"], ["A", "B"]]])
    [{'A': 'B1', 'B': 'B1', 'X': 'B1', 'C': 'B2', 'D': 'B2'}, {'C': 'B2', 'D': 'B2', 'X': 'B2', 'A': 'B1', 'B': 'B1'}]
    """
    out: list[dict[str, str]] = []
    counter = 0
    prev: dict[str, str] = {}
    for blocs in partitions:
        overlaps = []
        for j, bloc in enumerate(blocs):
            shared: dict[str, int] = defaultdict(int)
            for n in bloc:
                if n in prev:
                    shared[prev[n]] += 1
            overlaps += [(-c, j, sid) for sid, c in shared.items()]
        assigned: dict[int, str] = {}
        used: set[str] = set()
        for _neg, j, sid in sorted(overlaps, key=lambda t: (t[0], t[1], int(t[2][1:]))):
            if j not in assigned and sid not in used:
                assigned[j] = sid
                used.add(sid)
        current = {}
        for j, bloc in enumerate(blocs):
            if j not in assigned:
                counter += 1
                while f"B{counter}" in used:
                    counter += 1
                assigned[j] = f"B{counter}"
            for n in bloc:
                current[n] = assigned[j]
        if not out:
            counter = len(blocs)
        out.append(current)
        prev = current
    return out


def bloc_changes(windows: Sequence[str], partitions: Sequence[Sequence[Sequence[str]]],
                 rows: Sequence[Mapping] = (), assignment: Mapping[int, str] | None = None, *,
                 evidence: int | None = 3) -> list[dict]:
    """Actors whose bloc in a window does not continue their bloc in the previous window.

    Only actors in both windows count. Evidence: the actor's relations in the new window with members
    of its new bloc and of its old one.

    Returns
    -------
    list of dict
        ``actor, from_window, to_window, from_bloc, to_bloc`` (stable ids), ``left`` and ``joined``
        (the other members), ``basis "bloc"``, ``evidence``.

    Examples
    --------
    >>> parts = [[["A", "B", "X"], ["C", "D"]], [["A", "B"], ["C", "D", "X"]]]
    >>> [(c["actor"], c["from_bloc"], c["to_bloc"], c["joined"]) for c in bloc_changes(["w1", "w2"], parts)]
    [('X', 'B1', 'B2', ['C', 'D'])]
    """
    tracked = track_blocs(partitions)
    out = []
    for t in range(1, len(windows)):
        before, after = tracked[t - 1], tracked[t]
        members_before, members_after = _members(before), _members(after)
        for actor in sorted(set(before) & set(after)):
            if before[actor] == after[actor]:
                continue
            left = [n for n in members_before[before[actor]] if n != actor]
            joined = [n for n in members_after[after[actor]] if n != actor]
            out.append({"actor": actor, "from_window": windows[t - 1], "to_window": windows[t],
                        "from_bloc": before[actor], "to_bloc": after[actor], "left": left, "joined": joined,
                        "basis": "bloc"})
    if evidence is not None:
        add_evidence(out, rows, assignment or {}, evidence=evidence)
    return out


def _members(bloc_of: Mapping[str, str]) -> dict[str, list[str]]:
    """Bloc id -> its members, sorted."""
    out: dict[str, list[str]] = defaultdict(list)
    for n in sorted(bloc_of):
        out[bloc_of[n]].append(n)
    return out


def actor_profile(series: Mapping[str, Mapping[tuple[str, str], Mapping]], actor: str) -> list[dict]:
    """An actor's allies (score > 0) and adversaries (score < 0) per window, strongest first.

    Examples
    --------
    >>> series = {"2024": {("AZE", "RUS"): {"score": 0.5, "count": 2}, ("AZE", "TUR"): {"score": 0.9, "count": 1}},
    ...           "2025": {("AZE", "RUS"): {"score": -0.8, "count": 3}}}
    >>> [(p["window"], [a["id"] for a in p["allies"]], [a["id"] for a in p["adversaries"]]) for p in actor_profile(series, "AZE")]
    [('2024', ['TUR', 'RUS'], []), ('2025', [], ['RUS'])]
    """
    out = []
    for wid, dyads in series.items():
        allies, adversaries = [], []
        for (a, b), d in dyads.items():
            if actor not in (a, b) or a == b:
                continue
            entry = {"id": b if a == actor else a, "score": d["score"], "count": d.get("count", 0)}
            if d["score"] > 0:
                allies.append(entry)
            elif d["score"] < 0:
                adversaries.append(entry)
        out.append({"window": wid,
                    "allies": sorted(allies, key=lambda e: (-e["score"], e["id"])),
                    "adversaries": sorted(adversaries, key=lambda e: (e["score"], e["id"]))})
    return out
