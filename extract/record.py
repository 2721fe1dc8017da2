"""The extraction record: the contract between ``extract`` and everything after it.

``alliancegraph extract`` prints one record a line as JSON; ``graph`` stores them;
other tools may read them. Records are plain dicts so they serialise as they are.

A record::

    {"article": "<article id>", "sentence": "<sentence text>", "sentence_index": 0,
     "char_start": 0, "char_end": 0,          # the sentence's offsets in the article text
     "source": {"id": "RUS", "label": "Russia", "text": "Moscow", "kind": "state",
                "country": "RUS", "start": 0, "end": 0},   # mention offsets in the article
     "target": {...same fields...},
     "type": "ASSAULT", "quad_class": 4, "polarity": -1, "intensity": -9.5,
     "negated": false, "symmetric": false, "confidence": 0.8,
     "trigger": "shot down", "date": "2025-07-04"}

``kind`` is one of ``state``, ``igo``, ``person``, ``org``, ``group``.
A relation read from the article's title has ``sentence_index`` -1, ``sentence`` the title, and its
offsets (``char_start``, ``char_end``, the mentions' ``start`` and ``end``) in the title.
``wikidata`` (optional) is the actor's Wikidata id ("Q159") when known, else null.

When the mention names a person acting for the actor ("Turkish President Erdogan",
"Russia's foreign minister Sergei Lavrov"), the actor stays the state (``id``, ``kind``,
``country`` as for "Turkey") and the mention has an optional ``person``::

     "person": {"name": "Recep Tayyip Erdoğan", "role": "President", "wikidata": "Q39259"}

``name`` is the canonical name of a listed leader (``extract/data/heads_of_state.tsv``),
else the name of a Phoenix person (``extract/data/phoenix/people.tsv``), else the full name
the text introduces; ``role`` the text's title, else the table's; ``wikidata`` only when
the table has it. ``role`` and ``wikidata`` may be missing.
Later mentions by surname alone carry the same ``person``.
When the sentence says where the act happened ("an air strike in Baghdad", "met in Warsaw"), or
the article opens with a dateline, the record has an optional ``location`` (:mod:`extract.places`)::

     "location": {"id": "baghdad", "label": "Baghdad", "country": "IRQ", "text": "Baghdad",
                  "start": 0, "end": 0}

``id`` is the ISO3 code of a whole country, else the place's name as a slug; ``country`` the
state it lies in when known (else null). A place is never the source or the target.

``sector`` (optional) is the CAMEO role code of what acts in the mention: ``GOV``
(government, and any person acting for a state), ``MIL``, ``COP`` (police), ``JUD``, ``LEG``,
``SPY`` (intelligence) for a state's organs, which keep the state's ``id`` and ``kind``
("Iraqi police": ``{"id": "IRQ", "kind": "state", "sector": "COP"}``); ``REB``, ``OPP``,
``BUS``, ``MED``, ``CVL`` (civilians: also a people named by its plural, "Iraqis"), ``ELI``
(former officials and other elites) and the other CAMEO roles for non-state sectors, whose
actor is the sector of the country (``{"id": "SYRREB", "kind": "group", "country": "SYR",
"sector": "REB"}``). Longer codes add a second role ("Russian state media": ``GOVMED``).
Missing when nothing says what acts ("Russia", "a Russian missile").
``symmetric`` marks relations with no acting side (meetings, tensions): recorded
once, source and target in text order.

``type`` is one of :data:`RELATION_TYPES`: the PLOVER types, plus three for alignment.
``ALIGN`` (quad 1, +1) and ``DISTANCE`` (quad 3, -1) report a move of the source toward or
away from the target ("moving closer to Turkey", "turned its back on Russia",
"deteriorating relations": both sides when symmetric). ``DISPUTE`` (quad 3, -1, always
symmetric) is a standing conflict stated as a state, with no act and no move by either side
("tensions between", "a rivalry", "strained relations"); CAMEO has no such event, so it takes
the code of its verbal-conflict root, 110 (disapprove, Goldstein -2.0).
"""

# no `from __future__ import annotations`: Python 3.11 only sees NotRequired in evaluated annotations
from typing import NotRequired, TypedDict

__all__ = ["ActorMention", "PersonMention", "Location", "Relation", "ACTOR_KINDS", "RELATION_TYPES"]

ACTOR_KINDS = ("state", "igo", "person", "org", "group")

RELATION_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT",
    "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE",
    "COERCE", "ASSAULT", "ALIGN", "DISTANCE", "DISPUTE",
)


class PersonMention(TypedDict):
    name: str
    role: NotRequired[str]
    wikidata: NotRequired[str]


class ActorMention(TypedDict):
    id: str
    label: str
    text: str
    kind: str
    country: str | None
    start: int
    end: int
    wikidata: NotRequired[str | None]
    sector: NotRequired[str]
    person: NotRequired[PersonMention]


class Location(TypedDict):
    id: str
    label: str
    country: str | None
    text: str
    start: int
    end: int


class Relation(TypedDict):
    article: str
    sentence: str
    sentence_index: int
    char_start: int
    char_end: int
    source: ActorMention
    target: ActorMention
    type: str
    quad_class: int
    polarity: int
    intensity: float
    negated: bool
    symmetric: bool
    confidence: float
    trigger: str
    date: str | None
    location: NotRequired[Location]
