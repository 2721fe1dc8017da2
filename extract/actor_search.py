"""Find an actor by any of its names: the one search behind ``alliancegraph actors --find`` and the
explorer's actor pickers.

The search runs over every alias the extractor knows (:func:`extract.actor_tables.alias_entries`,
generated variants included), the actors' labels and their ids: an exact alias first, then the
same letters in any case, then names that begin with the query, then close spellings
(:func:`difflib.get_close_matches`). "Daesh" finds the Islamic State, "Ankara" Turkey (a place
of the state), "Erdogan" Turkey acting through its president, "Kurds" the Kurds.
"""

from __future__ import annotations

import difflib
from functools import lru_cache

from extract.actor_tables import (
    actor_registry, alias_entries, country_label, leader_table, parse_entry, role_actor, role_on,
)

__all__ = ["find_actors", "MATCH_KINDS"]

#: How a found actor's name matched the query, best first.
MATCH_KINDS = ("exact", "case-insensitive", "prefix", "fuzzy")


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, list[tuple[str, str]]], tuple[str, ...]]:
    """Upper-cased name -> [(name as written, entry id)], and the sorted names (for prefix and fuzzy search)."""
    index: dict[str, list[tuple[str, str]]] = {}
    for alias, ent_id, _label in alias_entries():
        index.setdefault(alias.upper(), []).append((alias, ent_id))
    for actor in actor_registry().values():
        for name in (actor.label, actor.id):
            index.setdefault(name.upper(), []).append((name, actor.id))
    return index, tuple(sorted(index))


def _describe(name: str, ent_id: str, how: str) -> dict | None:
    entry = parse_entry(ent_id)
    person = None
    if entry.person:
        found = role_actor(role_on(entry.person, None))
        if found is None:
            return None
        actor, sector = found
        person = " ".join(w.capitalize() for w in entry.person.split())
    else:
        actor = actor_registry().get(entry.actor)
        if actor is None:
            return None
        sector = entry.sector
        leader = leader_table().get(name.upper())
        if leader is not None and leader.state == actor.id:  # "Erdogan": Turkey through its president
            person, sector = leader.name, sector or "GOV"
    out = {"id": actor.id, "label": actor.label, "kind": actor.kind, "country": actor.country,
           "country_label": country_label(actor.country) if actor.country else None,
           "alias": name, "match": how, "sector": sector, "place": entry.place}
    if person:
        out["person"] = person
    return out


def find_actors(query: str, limit: int = 10) -> list[dict]:
    """Actors whose names match ``query``, best match first, one row per actor (and person).

    Each row: ``id``, ``label``, ``kind``, ``country`` (and its ``country_label``), the matched
    ``alias``, how it matched (``match``: one of :data:`MATCH_KINDS`), the ``sector`` of the
    entry (an institution's role: "CIA" is the United States' ``SPY``), ``place`` (the alias is a
    city or region of the state) and, for a person of the dictionaries, ``person``.

    >>> [(r["id"], r["label"], r["match"]) for r in find_actors("Daesh")][:1]
    [('IMGMUSISI', 'Islamic State', 'exact')]
    >>> r = find_actors("ankara")[0]; (r["id"], r["match"], r["place"])
    ('TUR', 'case-insensitive', True)
    >>> find_actors("   ")
    []
    """
    text = " ".join(query.split())
    if not text:
        return []
    index, names = _index()
    key = text.upper()
    found: list[tuple[str, str, str]] = []  # (name, entry id, how)
    for name, ent_id in index.get(key, ()):
        found.append((name, ent_id, "exact" if name == text else "case-insensitive"))
    found.sort(key=lambda f: MATCH_KINDS.index(f[2]))
    if len(found) < limit:  # shortest names first: "Kurd" finds "Kurds" before "Kurdistan Workers' Party"
        prefixed = sorted((k for k in names if k.startswith(key) and k != key), key=len)[:limit * 5]
        found += [(n, e, "prefix") for k in prefixed for n, e in index[k]]
    if not found:
        for k in difflib.get_close_matches(key, names, n=limit, cutoff=0.75):
            found += [(n, e, "fuzzy") for n, e in index[k]]
    rows, seen = [], set()
    for name, ent_id, how in found:
        row = _describe(name, ent_id, how)
        if row is None or (row["id"], row.get("person")) in seen:
            continue
        seen.add((row["id"], row.get("person")))
        rows.append(row)
        if len(rows) == limit:
            break
    return rows
