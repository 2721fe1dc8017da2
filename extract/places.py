"""Places: where a relation happened, which is never who it happened to.

A country or city named after a locative preposition ("an air strike *in Baghdad*", "met *in
Warsaw*", "clashed *near* Sinjar", "a summit *in* Riyadh") is the relation's ``location``, not its
target: a strike in Baghdad is not an act against Iraq, and a meeting in Niamey is not a meeting with
Niger. A country is a target only when the verb takes it as its object ("invaded Iraq", "sanctions
*on* Iran", "fired *at* the embassy"), which :mod:`extract.relations` decides.

:func:`location_of` finds the place of a trigger: a locative prepositional phrase on the trigger
itself, on its object ("struck targets near Sinjar"), or on the light verb that carries a trigger noun
("held talks in Geneva"); the nearest one wins. A place is a named location (spaCy's ``GPE``, ``LOC``
and ``FAC`` entities) or a name of the actor tables (a country, a capital). :func:`dateline` reads the
dateline a wire story opens with (``BAGHDAD (Reuters) -``, ``KYIV, Ukraine (AP) —``): its words are
no actor, and it locates the relations of the sentence it opens when they have no place of their own.

The record field (:mod:`extract.record`)::

    "location": {"id": "baghdad", "label": "Baghdad", "country": "IRQ", "text": "Baghdad", "start": 0, "end": 7}

``id`` is the country's ISO3 code when the place is a whole country, else the place's name folded
to a slug; ``country`` is the state it lies in when the tables know it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from spacy.tokens import Doc, Token

__all__ = ["LOCATIVE_PREPS", "Location", "place_slug", "location_of", "dateline", "in_dateline"]

#: Prepositions that say where something happened.
LOCATIVE_PREPS = frozenset("in at near across inside outside along around throughout within off beside".split())
_PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})
# up to five upper-case words (with the punctuation of place names), an optional ", Country", an
# optional "(Agency)", then a dash: the dateline of a wire story
_DATELINE = re.compile(r"\s{0,8}((?:[A-Z][A-Z.'’-]*)(?: [A-Z][A-Z.'’-]*){0,4})"
                       r"(?:, ([A-Z][A-Za-z. ]{1,30}?))?\s?(?:\([A-Za-z.& ]{1,40}\))?\s?[-–—]{1,2}\s")


@dataclass(frozen=True)
class Location:
    """A place named in a text."""

    id: str
    label: str
    country: str | None
    text: str
    start: int
    end: int

    def record(self) -> dict:
        """The ``location`` dict of a relation record."""
        return {"id": self.id, "label": self.label, "country": self.country, "text": self.text,
                "start": self.start, "end": self.end}


def place_slug(name: str) -> str:
    """A place's name folded to ASCII lower-case words joined by ``-``.

    >>> place_slug("São Paulo"), place_slug("Kyiv"), place_slug("Mazar-i-Sharif")
    ('sao-paulo', 'kyiv', 'mazar-i-sharif')
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return "-".join(re.findall(r"[a-z0-9]+", ascii_name.lower())) or "place"


def _place(tok: Token) -> Location | None:
    """The place a noun phrase head names ("Baghdad", "northern Syria", "the Syrian city of Aleppo")."""
    from extract.actors import entity_bounds, span_actor, span_is_place

    if tok.ent_iob_ == "O":
        # "the city of Aleppo", "the province of Idlib": the name is the object of "of"
        for prep in tok.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for pobj in prep.children:
                    if pobj.dep_ == "pobj" and pobj.ent_iob_ != "O":
                        return _place(pobj)
        return None
    start, end = entity_bounds(tok)
    span = tok.doc[start:end]
    actor = span_actor(span)
    if actor is not None and actor.kind == "state":
        whole = not span_is_place(span)
        return Location(actor.id if whole else place_slug(span.text), actor.label if whole else span.text,
                        actor.id, span.text, span.start_char, span.end_char)
    if actor is not None:  # an organisation named after "in": "in NATO" is no place
        return None
    if tok.ent_type_ in _PLACE_ENTS:
        country = None
        for child in tok.children:  # "Mosul, Iraq": the state in an apposition
            if child.dep_ in ("appos", "npadvmod") and child.ent_id_:
                found = span_actor(tok.doc[slice(*entity_bounds(child))])
                if found is not None and found.kind == "state":
                    country = found.id
        return Location(place_slug(span.text), span.text, country, span.text, span.start_char, span.end_char)
    return None


def _locative(holder: Token, avoid: list[tuple[int, int]]) -> list[Location]:
    out = []
    for prep in holder.children:
        if prep.dep_ == "prep" and prep.lower_ in LOCATIVE_PREPS:
            for pobj in prep.children:
                if pobj.dep_ == "pobj":
                    place = _place(pobj)
                    if place is not None and not any(s < place.end and place.start < e for s, e in avoid):
                        out.append(place)
    return out


def location_of(trigger: Token, avoid: list[tuple[int, int]] = ()) -> Location | None:
    """Where the act of ``trigger`` (a verb or a relation noun) happened, if the sentence says.

    ``avoid``: character spans already taken as the act's target ("fired at Russia"), never its place.
    """
    holders = [trigger]
    holders.extend(c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass"))
    if trigger.dep_ in ("dobj", "pobj", "nsubj", "nsubjpass") and trigger.head.pos_ in ("VERB", "AUX", "ADP"):
        holders.append(trigger.head if trigger.head.pos_ != "ADP" else trigger.head.head)
    for holder in holders:
        found = _locative(holder, list(avoid))
        if found:
            return min(found, key=lambda place: abs(place.start - trigger.idx))
    return None


def dateline(doc: Doc) -> Location | None:
    """The dateline a text opens with, as a place; ``None`` when it has none.

    Stored on the doc (``doc.user_data["alliance_dateline"]``: the place and its end offset) so the
    actor rules can leave its words alone (:func:`in_dateline`).
    """
    if "alliance_dateline" in doc.user_data:
        found = doc.user_data["alliance_dateline"]
        return found[0] if found else None
    match = _DATELINE.match(doc.text[:160])
    place = None
    if match and len(match.group(1)) >= 3:
        span = doc.char_span(match.start(1), match.end(1), alignment_mode="expand")
        if span is not None:
            place = _place(span.root) if span.root.ent_iob_ != "O" else None
            if place is None:
                place = Location(place_slug(match.group(1)), match.group(1).title(), None, match.group(1),
                                 match.start(1), match.end(1))
        doc.user_data["alliance_dateline"] = (place, match.end())
    else:
        doc.user_data["alliance_dateline"] = None
    return place


def in_dateline(tok: Token) -> bool:
    """Whether ``tok`` belongs to the text's dateline (its words name no actor)."""
    dateline(tok.doc)
    found = tok.doc.user_data.get("alliance_dateline")
    return bool(found) and tok.idx < found[1]
