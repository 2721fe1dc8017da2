"""Named actors the tables do not list: organisations, groups and people, taken as the text names them.

The actor tables (:mod:`extract.actors`) know states, international organisations, armed groups and
leaders. News is full of other actors: companies, parties, NGOs, movements, campaigns, activists and
candidates ("Amnesty International called for an inquiry", "Republicans opposed the bill", "Joshua
Wong accused the government"). When an argument of a relation is a named entity the tables do not
know, it stands for an actor of its own:

- ``ORG`` -> kind ``org``, id ``org:<slug>`` ("org:amnesty-international");
- ``NORP`` (a group named by nationality, religion or politics that is no state's demonym) -> kind
  ``group``, id ``group:<slug>`` ("group:republicans");
- ``PERSON`` who acts for no state the text or the leader table names -> kind ``person``, id
  ``person:<slug>``; a later mention by surname alone is the same person.

``country`` is the state named by a modifier of the entity ("Serbian opposition party Zavetnici"),
else unknown. The ids are stable across articles, so the same organisation in two articles is one actor.
"""

from __future__ import annotations

from spacy.tokens import Token

from extract.actors import Actor, Mention, entity_bounds, span_actor
from extract.places import in_dateline, place_slug

__all__ = ["NAMED_KINDS", "named_actor"]

#: spaCy entity label -> actor kind.
NAMED_KINDS = {"ORG": "org", "NORP": "group"}
_CACHE = "alliance_named"


def _state_modifier(tok: Token) -> str | None:
    for child in tok.children:
        if child.dep_ in ("amod", "compound", "nmod") and child.ent_id_:
            actor = span_actor(tok.doc[slice(*entity_bounds(child))])
            if actor is not None and actor.kind == "state":
                return actor.id
    return None


def named_actor(tok: Token) -> Mention | None:
    """The actor a named entity outside the tables stands for, or ``None`` (``tok`` is in no such entity).

    ``tok`` is an argument's head: in "the Amnesty International report" that is "report", no actor.
    """
    if tok.ent_type_ not in NAMED_KINDS or tok.ent_id_ or in_dateline(tok):
        return None
    doc = tok.doc
    start, end = entity_bounds(tok)
    span = doc[start:end]
    kind = NAMED_KINDS[tok.ent_type_]
    name = span.text.removeprefix("the ").removeprefix("The ").strip()
    if len(name) < 2 or not any(c.isalpha() for c in name):
        return None
    known = doc.user_data.setdefault(_CACHE, {})
    if kind == "person":
        key = span[-1].lower_
        if len(span) == 1 and key in known:  # "Wong" after "Joshua Wong"
            actor = known[key]
        else:
            actor = Actor(f"person:{place_slug(name)}", name, "person", _state_modifier(tok))
            known.setdefault(key, actor)
    else:
        actor = Actor(f"{kind}:{place_slug(name)}", name, kind, _state_modifier(tok))
    return Mention(actor, span.text, span.start_char, span.end_char, tok.i)
