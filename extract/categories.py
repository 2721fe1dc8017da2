"""Relation categories: the trigger lexicon and what each trigger means.

Every trigger (a verb or noun lemma, or a verb with its particle, adverb or
object, such as ``shoot down``, ``move closer``, ``turn back``) maps to a
PLOVER-style type (see :data:`extract.record.RELATION_TYPES`) and a CAMEO event
code. The code gives the quad class (1 verbal cooperation, 2 material
cooperation, 3 verbal conflict, 4 material conflict, 0 neutral), the polarity
and the Goldstein intensity (-10 .. +10), read from
``extract/data/cameo/cameo_event_codes.tsv``.

>>> c = category("shoot down")
>>> c.type, c.quad_class, c.polarity, c.intensity
('ASSAULT', 4, -1, -10.0)
>>> category("meeting").symmetric
True
>>> category("sandwich") is None
True
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = [
    "Category", "category", "event_code", "VERB_TRIGGERS", "NOUN_TRIGGERS",
    "POSITIVE_MODIFIERS", "INTENT_VERBS", "SPEECH_VERBS",
    "REVERSED_VERBS", "LIGHT_VERBS", "CONTROL_VERBS", "ALLEGE_VERBS", "TARGET_PREPS", "negated_category", "intended_category",
    "RELATION_NOUNS", "NOUN_TARGET_PREPS", "WORSENING_MODIFIERS", "HOSTILE_MODIFIERS", "IMPROVING_MODIFIERS", "STATIVE_VERBS",
    "conflictual", "improved",
]

CODES = Path(__file__).parent / "data" / "cameo" / "cameo_event_codes.tsv"

# trigger -> (type, CAMEO code). Multi-word keys are "lemma particle/adverb/object".
VERB_TRIGGERS: dict[str, tuple[str, str]] = {
    # verbal cooperation
    "agree": ("AGREE", "030"), "pledge": ("AGREE", "030"), "promise": ("AGREE", "030"),
    "sign": ("AGREE", "057"), "ratify": ("AGREE", "057"), "endorse": ("SUPPORT", "051"),
    "praise": ("SUPPORT", "051"), "welcome": ("SUPPORT", "051"), "thank": ("SUPPORT", "051"),
    "support": ("SUPPORT", "051"), "back": ("SUPPORT", "051"), "defend": ("SUPPORT", "052"),
    "recognize": ("SUPPORT", "054"), "recognise": ("SUPPORT", "054"), "apologize": ("CONCEDE", "055"),
    "meet": ("CONSULT", "040"), "visit": ("CONSULT", "042"), "host": ("CONSULT", "043"),
    "consult": ("CONSULT", "040"), "negotiate": ("CONSULT", "046"), "mediate": ("CONSULT", "045"),
    "talk": ("CONSULT", "040"), "phone": ("CONSULT", "041"), "call": ("CONSULT", "041"),
    "receive": ("CONSULT", "043"), "attend": ("CONSULT", "044"),
    "cooperate": ("COOPERATE", "050"), "collaborate": ("COOPERATE", "050"),
    "partner": ("COOPERATE", "050"),
    "ally": ("ALIGN", "050"), "align": ("ALIGN", "050"), "rely": ("ALIGN", "050"),
    "side": ("ALIGN", "050"), "embrace": ("ALIGN", "050"), "court": ("ALIGN", "050"),
    "move closer": ("ALIGN", "050"), "draw closer": ("ALIGN", "050"),
    "grow closer": ("ALIGN", "050"), "get closer": ("ALIGN", "050"), "edge closer": ("ALIGN", "050"),
    "come closer": ("ALIGN", "050"), "inch closer": ("ALIGN", "050"), "turn to": ("ALIGN", "050"),
    "turn toward": ("ALIGN", "050"), "turn towards": ("ALIGN", "050"),
    "tilt toward": ("ALIGN", "050"), "tilt towards": ("ALIGN", "050"), "tilt to": ("ALIGN", "050"),
    "lean toward": ("ALIGN", "050"), "lean towards": ("ALIGN", "050"),
    "gravitate toward": ("ALIGN", "050"), "gravitate towards": ("ALIGN", "050"),
    "gravitate to": ("ALIGN", "050"), "warm to": ("ALIGN", "050"), "warm toward": ("ALIGN", "050"),
    "warm towards": ("ALIGN", "050"),
    "pivot": ("ALIGN", "050"), "deepen": ("COOPERATE", "050"), "strengthen": ("COOPERATE", "050"),
    # requests (neutral) and demands (verbal conflict)
    "ask": ("REQUEST", "020"), "urge": ("REQUEST", "020"), "appeal": ("REQUEST", "020"),
    "request": ("REQUEST", "020"), "invite": ("REQUEST", "020"),
    "demand": ("REQUEST", "100"), "press": ("REQUEST", "100"), "pressure": ("COERCE", "170"),
    "pressurize": ("COERCE", "170"), "pressurise": ("COERCE", "170"),
    # material cooperation
    "help": ("AID", "070"), "assist": ("AID", "070"), "aid": ("AID", "070"),
    "provide": ("AID", "070"), "supply": ("AID", "070"), "give": ("AID", "070"),
    "send": ("AID", "070"), "deliver": ("AID", "070"), "donate": ("AID", "073"),
    "fund": ("AID", "071"), "finance": ("AID", "071"), "invest": ("COOPERATE", "061"),
    "arm": ("AID", "072"), "train": ("COOPERATE", "062"), "protect": ("AID", "074"),
    "release": ("CONCEDE", "084"), "free": ("CONCEDE", "084"), "return": ("CONCEDE", "084"),
    "ease": ("CONCEDE", "081"), "lift": ("CONCEDE", "085"), "grant": ("CONCEDE", "080"),
    "withdraw": ("RETREAT", "087"), "retreat": ("RETREAT", "087"), "pull out": ("RETREAT", "087"),
    # verbal conflict
    "accuse": ("ACCUSE", "112"), "blame": ("ACCUSE", "112"), "criticize": ("ACCUSE", "111"),
    "criticise": ("ACCUSE", "111"), "condemn": ("ACCUSE", "111"), "denounce": ("ACCUSE", "111"),
    "allege": ("ACCUSE", "112"), "charge": ("ACCUSE", "112"), "sue": ("ACCUSE", "115"),
    "investigate": ("ACCUSE", "090"), "inspect": ("ACCUSE", "090"), "examine": ("ACCUSE", "090"),
    "warn": ("THREATEN", "130"), "threaten": ("THREATEN", "130"),
    "reject": ("REJECT", "120"), "refuse": ("REJECT", "120"), "veto": ("REJECT", "129"),
    "rebuff": ("REJECT", "120"), "snub": ("REJECT", "120"), "defy": ("REJECT", "128"),
    "challenge": ("REJECT", "120"), "oppose": ("REJECT", "120"),
    "turn back": ("DISTANCE", "160"), "distance": ("DISTANCE", "160"),
    "abandon": ("DISTANCE", "160"), "push back": ("DISTANCE", "160"),
    "drift away": ("DISTANCE", "160"), "move away": ("DISTANCE", "160"), "turn away": ("DISTANCE", "160"),
    "pull away": ("DISTANCE", "160"), "shift away": ("DISTANCE", "160"), "back away": ("DISTANCE", "160"),
    "walk away": ("DISTANCE", "160"), "break away": ("DISTANCE", "160"), "part way": ("DISTANCE", "160"),
    "fall out": ("DISTANCE", "160"), "sour on": ("DISTANCE", "160"),
    "break": ("DISTANCE", "161"), "break off": ("DISTANCE", "161"), "downgrade": ("DISTANCE", "161"),
    # cutting the relation itself is a move away (161), not a sanction
    "cut tie": ("DISTANCE", "161"), "cut relation": ("DISTANCE", "161"), "sever tie": ("DISTANCE", "161"),
    "sever relation": ("DISTANCE", "161"), "freeze relation": ("DISTANCE", "161"),
    "freeze tie": ("DISTANCE", "161"), "suspend relation": ("DISTANCE", "161"),
    "suspend tie": ("DISTANCE", "161"), "summon": ("PROTEST", "110"),
    "sanction": ("SANCTION", "163"), "embargo": ("SANCTION", "163"), "boycott": ("SANCTION", "163"),
    "suspend": ("SANCTION", "160"), "sever": ("SANCTION", "161"), "cut": ("SANCTION", "162"),
    "expel": ("SANCTION", "166"), "freeze": ("SANCTION", "163"),
    "advise against": ("ACCUSE", "110"),
    "protest": ("PROTEST", "141"), "demonstrate": ("PROTEST", "141"), "rally": ("PROTEST", "141"),
    # material conflict
    "mobilize": ("MOBILIZE", "154"), "mobilise": ("MOBILIZE", "154"), "deploy": ("MOBILIZE", "154"),
    "mass": ("MOBILIZE", "154"), "conduct exercise": ("MOBILIZE", "150"),
    "arrest": ("COERCE", "173"), "detain": ("COERCE", "173"), "jail": ("COERCE", "173"),
    "imprison": ("COERCE", "173"), "prosecute": ("COERCE", "173"), "deport": ("COERCE", "174"),
    "seize": ("COERCE", "171"), "confiscate": ("COERCE", "171"), "raid": ("COERCE", "170"),
    "ban": ("COERCE", "172"), "block": ("COERCE", "172"), "blockade": ("COERCE", "191"),
    "demolish": ("COERCE", "171"), "destroy": ("ASSAULT", "171"), "damage": ("ASSAULT", "171"),
    "attack": ("ASSAULT", "190"), "strike": ("ASSAULT", "195"), "bomb": ("ASSAULT", "195"),
    "bombard": ("ASSAULT", "194"), "shell": ("ASSAULT", "194"), "shoot": ("ASSAULT", "190"),
    "shoot down": ("ASSAULT", "190"), "shoot at": ("ASSAULT", "190"), "fire": ("ASSAULT", "190"),
    "fire at": ("ASSAULT", "190"), "launch at": ("ASSAULT", "190"), "invade": ("ASSAULT", "192"),
    "occupy": ("ASSAULT", "192"), "kill": ("ASSAULT", "190"), "clash": ("ASSAULT", "190"),
    "fight": ("ASSAULT", "190"), "engage": ("ASSAULT", "190"), "ambush": ("ASSAULT", "190"),
    "assault": ("ASSAULT", "180"), "torture": ("ASSAULT", "180"), "hijack": ("ASSAULT", "181"),
    "abduct": ("ASSAULT", "181"), "kidnap": ("ASSAULT", "181"), "annex": ("ASSAULT", "192"),
    "target": ("ASSAULT", "190"), "hit": ("ASSAULT", "190"), "wage war": ("ASSAULT", "190"),
}

# noun trigger -> (type, CAMEO code, symmetric)
NOUN_TRIGGERS: dict[str, tuple[str, str, bool]] = {
    "meeting": ("CONSULT", "040", True), "talk": ("CONSULT", "046", True),
    "summit": ("CONSULT", "044", True), "negotiation": ("CONSULT", "046", True),
    "dialogue": ("CONSULT", "040", True), "visit": ("CONSULT", "042", False),
    "relation": ("COOPERATE", "050", True), "relationship": ("COOPERATE", "050", True),
    "tie": ("COOPERATE", "050", True), "cooperation": ("COOPERATE", "050", True),
    "partnership": ("COOPERATE", "050", True), "friendship": ("COOPERATE", "050", True),
    "alliance": ("ALIGN", "050", True), "rapprochement": ("ALIGN", "050", True),
    "agreement": ("AGREE", "057", True), "deal": ("AGREE", "057", True),
    "treaty": ("AGREE", "057", True), "accord": ("AGREE", "057", True),
    "reliance": ("ALIGN", "050", False), "support": ("SUPPORT", "051", False),
    "aid": ("AID", "070", False), "assistance": ("AID", "070", False),
    "investment": ("COOPERATE", "061", False),
    "pivot": ("ALIGN", "050", False), "estrangement": ("DISTANCE", "160", True),
    # a standing conflict, not a move by either side: DISPUTE (see extract.record)
    "tension": ("DISPUTE", "110", True), "rift": ("DISPUTE", "110", True),
    "dispute": ("DISPUTE", "110", True), "row": ("DISPUTE", "110", True),
    "standoff": ("DISPUTE", "110", True), "rivalry": ("DISPUTE", "110", True),
    "hostility": ("DISPUTE", "110", True), "feud": ("DISPUTE", "110", True),
    "friction": ("DISPUTE", "110", True), "animosity": ("DISPUTE", "110", True),
    "enmity": ("DISPUTE", "110", True), "antagonism": ("DISPUTE", "110", True),
    "conflict": ("ASSAULT", "190", True), "war": ("ASSAULT", "190", True),
    "clash": ("ASSAULT", "190", True), "fighting": ("ASSAULT", "190", True),
    "challenge": ("REJECT", "120", False), "accusation": ("ACCUSE", "112", False),
    "criticism": ("ACCUSE", "111", False), "evidence": ("ACCUSE", "112", False),
    "allegation": ("ACCUSE", "112", False), "warning": ("THREATEN", "130", False),
    "threat": ("THREATEN", "130", False), "ultimatum": ("THREATEN", "139", False),
    "sanction": ("SANCTION", "163", False), "embargo": ("SANCTION", "163", False),
    "investigation": ("ACCUSE", "090", False),
    "attack": ("ASSAULT", "190", False), "strike": ("ASSAULT", "195", False),
    "invasion": ("ASSAULT", "192", False), "airstrike": ("ASSAULT", "195", False),
    "shelling": ("ASSAULT", "194", False), "aggression": ("ASSAULT", "190", False),
    "pressure": ("COERCE", "170", False), "arrest": ("COERCE", "173", False),
    "warrant": ("COERCE", "173", False), "protest": ("PROTEST", "141", False),
    "demonstration": ("PROTEST", "141", False), "offensive": ("ASSAULT", "190", False),
    "bombing": ("ASSAULT", "195", False), "raid": ("COERCE", "170", False),
}

#: Trigger nouns whose target stands only behind these prepositions: evidence *against* someone accuses
#: them, evidence shared *with* someone does not.
NOUN_TARGET_PREPS: dict[str, frozenset[str]] = {"evidence": frozenset({"against"})}
#: Nouns that name a relation without saying how it stands: a record only with a modifier or
#: predicate that does ("deteriorating relations", "ties improved") or a verb that builds it.
RELATION_NOUNS = frozenset("relation relationship tie".split())
#: Words (modifier or predicate) that say a relation got worse: a move apart (DISTANCE).
WORSENING_MODIFIERS = frozenset(
    "deteriorate deteriorating deteriorated worsen worsening worsened sour soured souring fray "
    "fraying frayed damaged broken fractured nose-dive nosedive plummet collapse decline declining "
    "sever severed cut freeze frozen suspend suspended downgrade downgraded end break rupture "
    "ruptured dive plunge slump sink crumble unravel cool cooling cooled chill chilled chilling "
    "weaken weakening weakened".split()
)
#: Words that describe a relation as hostile without a change: a standing conflict (DISPUTE).
HOSTILE_MODIFIERS = frozenset(
    "strain strained tense troubled frosty hostile bad poor rocky uneasy difficult cold icy "
    "acrimonious antagonistic fraught testy prickly".split()
)
#: Words that say a relation got better: a move closer (ALIGN).
IMPROVING_MODIFIERS = frozenset(
    "closer improve improving improved warming warmed thaw thawing thawed deepen deepening "
    "deepened strengthen strengthening strengthened growing grow normalize normalise normalizing "
    "normalising normalized normalised restore restored restoring mend mended upgrade upgraded "
    "rebuild rebuilt repair repaired reset".split()
)
#: Words that describe a relation as good without a change (COOPERATE).
POSITIVE_MODIFIERS = frozenset("close strong warm friendly good deep strategic cordial excellent solid "
                               "special privileged fraternal brotherly".split())
#: Light verbs that only state a relation exists ("have had a relationship"): no act without a modifier.
STATIVE_VERBS = frozenset("have hold enjoy maintain keep share".split())
#: Verbs of wanting and planning: a material act under them is only intended.
INTENT_VERBS = frozenset("want plan intend seek aim hope try consider wish threaten vow prepare "
                         "propose mull contemplate".split())
#: Verbs whose object (or the subject of their clause) is asked to act: "wants Putin to attack".
CONTROL_VERBS = frozenset("want wish expect need ask urge tell call press encourage persuade push "
                          "order force invite".split())
#: Verbs of saying that put a conflictual act in doubt: the speaker accuses the doer.
ALLEGE_VERBS = frozenset("claim allege".split())
#: Verbs of saying: the speaker adds no actor to the reported act.
SPEECH_VERBS = frozenset("say note point tell report claim state add write argue believe think "
                         "insist suggest explain highlight signal indicate announce".split())
#: Verbs whose 'from' object is the acting side ("received weapons from X": X -> subject).
REVERSED_VERBS = frozenset("receive get obtain accept buy purchase import".split())
#: Verbs that lend their subject to a relation noun object ("establish ties with").
LIGHT_VERBS = frozenset("have hold make establish build seek strengthen deepen forge expand "
                        "pose launch impose conduct give offer provide express present "
                        "sign conclude reach develop maintain enjoy pursue resume open "
                        "increase boost improve cultivate deliver carry stage issue file lodge mount".split())
#: Prepositions that introduce the target of a verb. "at" names a target only after a conflictual verb
#: ("fired at", "lashed out at"); elsewhere it names a place ("met at Camp David"): see extract.relations.
TARGET_PREPS = frozenset("to with against on toward towards upon into over".split())


@dataclass(frozen=True)
class Category:
    """What a trigger means."""

    type: str
    code: str
    quad_class: int
    polarity: int
    intensity: float
    symmetric: bool = False


@lru_cache(maxsize=1)
def _codes() -> dict[str, tuple[int, int, float]]:
    table = {}
    with CODES.open(encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t"):
            if not row or row[0].startswith("#"):
                continue
            quad = int(row[3])
            polarity = {"cooperative": 1, "conflictual": -1}.get(row[5], 0)
            table[row[0]] = (quad, polarity, float(row[6]))
    return table


def event_code(code: str) -> tuple[int, int, float]:
    """``(quad_class, polarity, goldstein)`` of a CAMEO code.

    >>> event_code("173")
    (4, -1, -5.0)
    """
    return _codes()[code]


def _make(type_: str, code: str, symmetric: bool = False) -> Category:
    quad, polarity, goldstein = event_code(code)
    return Category(type_, code, quad, polarity, goldstein, symmetric)


def category(trigger: str, *, noun: bool = False) -> Category | None:
    """The category of a trigger key, or ``None`` if it is no trigger.

    Verb keys are tried first unless ``noun`` is set.

    >>> category("arrest").type, category("relation", noun=True).symmetric
    ('COERCE', True)
    """
    if not noun and trigger in VERB_TRIGGERS:
        return _make(*VERB_TRIGGERS[trigger])
    if trigger in NOUN_TRIGGERS:
        return _make(*NOUN_TRIGGERS[trigger])
    if noun:
        return None
    return None


def negated_category(cat: Category) -> Category | None:
    """A negated act: refusing cooperation is a rejection; a conflict not done is no event.

    >>> negated_category(category("provide")).type
    'REJECT'
    >>> negated_category(category("attack")) is None
    True
    """
    if cat.polarity > 0:
        return _make("REJECT", "121" if cat.quad_class == 2 else "120", cat.symmetric)
    return None


def intended_category(cat: Category) -> Category:
    """A planned or wanted act: material conflict becomes a threat, material help an intent.

    >>> intended_category(category("attack")).type
    'THREATEN'
    >>> intended_category(category("provide")).quad_class
    1
    """
    if cat.quad_class == 4:
        return _make("THREATEN", "138", cat.symmetric)
    if cat.quad_class == 2:
        return Category(cat.type, "033", 1, 1, event_code("033")[2], cat.symmetric)
    return cat


def conflictual(cat: Category, *, moving: bool = True) -> Category:
    """The conflictual reading of a relation noun: a move apart ("deteriorating ties", DISTANCE)
    or, when nothing moved, a standing conflict ("strained ties", DISPUTE).

    >>> conflictual(category("relation", noun=True)).type
    'DISTANCE'
    >>> c = conflictual(category("relation", noun=True), moving=False)
    >>> c.type, c.quad_class, c.polarity, c.symmetric
    ('DISPUTE', 3, -1, True)
    """
    if cat.polarity < 0:
        return cat
    return _make("DISTANCE", "160", cat.symmetric) if moving else _make("DISPUTE", "110", True)


def improved(cat: Category) -> Category:
    """The reading of a relation noun said to get better ("closer ties", "ties improved"): a move closer.

    >>> improved(category("tie", noun=True)).type
    'ALIGN'
    """
    if cat.polarity < 0:
        return cat
    return _make("ALIGN", "050", cat.symmetric)
