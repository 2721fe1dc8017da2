"""Actor-to-actor relations from the dependency parse.

The ``alliance_relations`` component walks direct dependency relations around
each trigger word (see :mod:`extract.categories`) and sets ``doc._.relations``
to a list of partial records (everything of :class:`extract.record.Relation`
but ``article`` and ``date``, which the pipeline adds).

Rules, in short:

* verbs: subject -> object ("Azerbaijan arrested employees of Sputnik"),
  passive ("X was attacked by Y": Y -> X), prepositional objects ("relying on
  Turkey", also when hung on the adverb of the key: "moving closer to Turkey",
  "drifting away from Russia"), subjects inherited by ``xcomp``/``conj``/
  participle clauses, by the noun an ``acl`` modifies, and through the object of
  "seize the opportunity / take steps to ..."; coordination on either side
  ("Turkey and Israel"), reversed verbs ("received weapons from X": X acts);
* nouns: "relations/meeting/tensions between X and Y" (symmetric; "the two
  countries" is the pair named just before), "X's reliance on Y", a relation
  noun as object of a light verb ("Azerbaijan seeks to establish closer ties
  with Turkey");
* relation nouns ("relations", "relationship", "ties") count only when a word
  says how they stand: worse ("deteriorating relations", "relations soured":
  DISTANCE), hostile ("strained ties": DISPUTE), better ("closer ties", "ties
  improved": ALIGN), good ("close ties": COOPERATE), or when a verb makes them
  ("establish ties"); "have had a tumultuous relationship" is no relation;
* standing conflicts ("tensions", "rivalry", "dispute") are a symmetric DISPUTE,
  not a move by either side (ALIGN/DISTANCE are reported moves);
* polarity: negation turns cooperation into rejection and drops conflict that
  did not happen; an act under a verb of wanting or planning is only intended
  (attack -> threaten); speech verbs add no actor, the reported clause counts.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from extract.sentences import trimmed
from extract.actors import Mention, coordinated_modifiers, entity_bounds, resolve_token, span_actor, span_is_place
from extract.coreference import AGENTS, DESCRIPTIONS, coreferent
from extract.named_actors import NAMED_KINDS, named_actor
from extract.places import Location, dateline, in_dateline, location_of
from extract.categories import (
    ALLEGE_VERBS, CONTROL_VERBS, HOSTILE_MODIFIERS, IMPROVING_MODIFIERS, INTENT_VERBS, LIGHT_VERBS,
    NOUN_TARGET_PREPS, NOUN_TRIGGERS, POSITIVE_MODIFIERS, RELATION_NOUNS, REVERSED_VERBS, SPEECH_VERBS, STATIVE_VERBS,
    TARGET_PREPS, VERB_TRIGGERS, WORSENING_MODIFIERS, Category, category, conflictual, improved,
    intended_category, negated_category,
)

__all__ = ["extract_relations", "RelationExtractor", "SYMMETRIC_VERBS"]

if not Doc.has_extension("relations"):
    Doc.set_extension("relations", default=None)

#: Verbs whose two sides act alike: recorded once, in text order.
SYMMETRIC_VERBS = frozenset("meet talk negotiate consult clash cooperate collaborate partner fight".split())
_MODALS = frozenset("might may could would should".split())
_VERB_LEMMAS = frozenset(k.split()[0] for k in VERB_TRIGGERS)
_PAIR_NOUNS = frozenset("country nation state side power government neighbour neighbor".split())
_SUBJ = ("nsubj", "csubj")
_REL_PRONOUNS = frozenset("which who that whom".split())
#: Nouns whose infinitive is done by the subject of the verb they are the object of
#: ("seized the opportunity to strengthen", "took steps to cut ties"); not "faces pressure to help".
_CHANCE_NOUNS = frozenset("opportunity chance occasion step move measure decision".split())
#: Keys whose coordinated subjects move toward each other when no target is named.
_CLOSER_KEYS = frozenset(k for k in VERB_TRIGGERS if k.endswith(" closer"))
#: Prepositions that introduce a target only for some verbs ("invest in X").
_IN_VERBS = frozenset("invest intervene".split())


@dataclass
class _Found:
    source: Mention
    target: Mention
    cat: Category
    trigger: str
    confidence: float
    negated: bool = False
    location: Location | None = None


# --- argument helpers ---------------------------------------------------------------------

def _between_pair(tok: Token) -> list[Mention]:
    """Mentions after 'between' under ``tok`` ("relations between X and Y")."""
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ == "between":
            for pobj in prep.children:
                if pobj.dep_ == "pobj":
                    found = _mentions(pobj, pairs=False)
                    if len(found) == 1:
                        found.extend(_stray_conjunct(pobj))
                    if len(found) < 2 and pobj.lemma_.lower() in _PAIR_NOUNS:
                        found = _pair_named_before(pobj)
                    return found
    return []


def _stray_conjunct(tok: Token) -> list[Mention]:
    """'between X and Y' where the parser hung Y elsewhere: the actor just after 'and'."""
    if tok.conjuncts or not any(c.dep_ == "cc" for c in tok.children):
        return []
    cc = max(c.i for c in tok.children if c.dep_ == "cc")
    doc = tok.doc
    for i in range(cc + 1, min(cc + 7, len(doc))):
        t = doc[i]
        if t.pos_ in ("VERB", "AUX", "PUNCT", "ADP"):
            break
        if t.pos_ in ("PROPN", "NOUN") and t.head.i > i + 0 and t.head.pos_ in ("PROPN", "NOUN") and t.head.i < cc + 7:
            continue  # a modifier: the head comes later
        m = resolve_token(t)
        if m is not None:
            return [m]
    return []


def _pair_named_before(tok: Token) -> list[Mention]:
    """'the two countries': the last two distinct states named before ``tok``."""
    if not any(c.lower_ in {"two", "both"} for c in tok.children):
        return []
    seen: dict[str, Mention] = {}
    doc = tok.doc
    for ent in reversed(doc.ents):
        if ent.end > tok.i:
            continue
        if ent.start < tok.i - 120:
            break
        actor = span_actor(ent)
        if actor is None or actor.kind != "state" or actor.id in seen:
            continue
        seen[actor.id] = Mention(actor, ent.text, ent.start_char, ent.end_char, ent.root.i)
        if len(seen) == 2:
            break
    if len(seen) < 2:
        return []
    return sorted(seen.values(), key=lambda m: m.start)


def _mentions(tok: Token, *, pairs: bool = True) -> list[Mention]:
    """Actors a head token stands for, with its coordinated tokens."""
    out = []
    if tok.pos_ == "PRON" and tok.dep_ in _SUBJ:
        return _speaker(tok) or _antecedent(tok) or coreferent(tok)
    coords = list(tok.conjuncts)
    if tok.ent_iob_ != "O":  # "Barack Obama and Putin": the conjunct may hang on any word of the name
        i, j = entity_bounds(tok)
        coords = [c for k in range(i, j) for c in tok.doc[k].conjuncts if not i <= c.i < j]
    for t in (tok, *coords):
        if in_dateline(t):
            continue
        anaphoric = coreferent(t)  # "the country", "its forces": the actor named before
        if anaphoric:
            out.extend(a for a in anaphoric if not any(a.actor.id == o.actor.id for o in out))
            continue
        m = resolve_token(t) or named_actor(t)
        if m is not None:
            if any(m.actor.id == o.actor.id and m.start == o.start for o in out):
                continue
            out.append(m)
            out.extend(coordinated_modifiers(t, m))  # "US and British activists"
            out.extend(_of_conjuncts(t, m))  # "the ministers of France and Germany"
            for c in t.children:  # "The US, Russia, and Switzerland": a list parsed as apposition
                if c.dep_ == "appos":
                    for a in (c, *c.conjuncts):
                        am = resolve_token(a)
                        if am is not None and am.actor.id != m.actor.id:
                            out.append(am)
        elif pairs:
            out.extend(_between_pair(t))
    return out


def _of_conjuncts(tok: Token, first: Mention) -> list[Mention]:
    """The other actors of a noun resolved through "of X and Y" ("the foreign ministers of France and Germany")."""
    if tok.ent_iob_ != "O" or first.token_i == tok.i:
        return []
    out = []
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ in ("of", "from"):
            for pobj in prep.children:
                if pobj.dep_ == "pobj" and pobj.i == first.token_i:
                    for conj in pobj.conjuncts:
                        m = resolve_token(conj)
                        if m is not None and m.actor.id != first.actor.id:
                            out.append(m)
    return out


_PERSONAL = frozenset("he she they it we".split())


def _speaker(pron: Token) -> list[Mention]:
    """'Obama said he would ...': a subject pronoun of a reported clause is the speaker."""
    clause = pron.head
    if pron.lower_ in _PERSONAL and clause.dep_ == "ccomp" and clause.head.lemma_.lower() in SPEECH_VERBS:
        for c in clause.head.children:
            if c.dep_ in _SUBJ and c.pos_ != "PRON":
                return _mentions(c)
    return []


def _antecedent(pron: Token) -> list[Mention]:
    """'it' / 'they' as subject: the actors of the last subject before it, in this sentence or the one before.

    'it' takes a single state, organisation or group; 'they' a coordinated or plural subject.
    """
    if pron.lower_ not in ("it", "they"):
        return []
    doc = pron.doc
    first = doc[pron.sent.start - 1].sent.start if pron.sent.start > 0 else pron.sent.start
    for i in range(pron.i - 1, first - 1, -1):
        cand = doc[i]
        if cand.dep_ not in ("nsubj", "nsubjpass") or cand.pos_ == "PRON":
            continue
        found = [m for m in _mentions(cand) if m.actor.kind in ("state", "igo", "group", "org")]
        if not found:
            continue
        plural = len(found) > 1 or cand.tag_ in ("NNS", "NNPS")
        if (pron.lower_ == "they") == plural:
            return found
        return []
    return []


def _subjects(verb: Token, depth: int = 0) -> tuple[list[Token], bool, bool]:
    """(subject tokens, passive?, inherited?) of a verb, climbing to a controller."""
    subj = [c for c in verb.children if c.dep_ in _SUBJ]
    if subj:
        if subj[0].lower_ in _REL_PRONOUNS and verb.dep_ == "relcl":
            return [verb.head], False, True
        return subj, False, depth > 0
    subjpass = [c for c in verb.children if c.dep_ in ("nsubjpass", "csubjpass")]
    if subjpass:
        return subjpass, True, depth > 0
    if depth < 3 and verb.head is not verb:
        if verb.dep_ in ("xcomp", "conj", "advcl", "pcomp") and verb.head.pos_ in ("VERB", "AUX"):
            subj, passive, inherited = _subjects(verb.head, depth + 1)
            # "Obama is scheduled to attend": the passive controller is the one who attends
            return subj, passive and verb.dep_ != "xcomp", inherited
        noun = verb.head
        if (verb.dep_ in ("acl", "relcl") and noun.lemma_.lower() in _CHANCE_NOUNS and _infinitive(verb)
                and noun.dep_ == "dobj" and noun.head.pos_ == "VERB"):
            # "Azerbaijan is seizing the opportunity to strengthen ...": the one who seizes acts
            subj, passive, _ = _subjects(noun.head, depth + 1)
            return subj, passive, True
        if verb.dep_ == "acl" and noun.pos_ in ("NOUN", "PROPN", "NUM"):
            return [noun], verb.tag_ == "VBN", True
    return [], False, False


def _infinitive(verb: Token) -> bool:
    return verb.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _negated(tok: Token) -> bool:
    if any(c.dep_ == "neg" for c in tok.children):
        return True
    if tok.dep_ in ("xcomp", "conj") and tok.head.pos_ in ("VERB", "AUX"):
        return any(c.dep_ == "neg" for c in tok.head.children) and tok.dep_ == "xcomp"
    return False


def _intended(tok: Token) -> bool:
    if any(c.dep_ == "aux" and c.lower_ in _MODALS for c in tok.children):
        return True
    head = tok
    for _ in range(2):
        if head.dep_ in ("xcomp", "ccomp") and head.head.lemma_.lower() in INTENT_VERBS:
            return True
        if head.dep_ != "xcomp":
            break
        head = head.head
    return False


def _verb_key(verb: Token) -> tuple[str, str, Token | None] | None:
    """The most specific trigger key for a verb, the trigger text and the word that completes the key.

    The word is tried as written, then by lemma: the model lemmatises "closer" to "close".
    """
    lemma = verb.lemma_.lower()
    for child in verb.children:
        if child.dep_ in ("prt", "advmod", "dobj", "prep", "acomp"):
            for form in (child.lower_, child.lemma_.lower()):
                key = f"{lemma} {form}"
                if key in VERB_TRIGGERS:
                    text = f"{verb.text} {child.text}" if child.i > verb.i else f"{child.text} {verb.text}"
                    return key, text, child
    if lemma in VERB_TRIGGERS:
        return lemma, verb.text, None
    return None


def _prep_targets(tok: Token, preps=TARGET_PREPS) -> list[Mention]:
    """Actors behind the prepositions of a non-actor noun ("travel to Tunisia")."""
    out = []
    for prep in tok.children:
        if prep.dep_ == "prep" and prep.lower_ in preps:
            for pobj in prep.children:
                if pobj.dep_ == "pobj":
                    out.extend(_mentions(pobj))
    return out


def _pron_object(pron: Token) -> list[Mention]:
    """'accusing them': an object pronoun in a participle clause is the main clause's object."""
    clause = pron.head
    if clause.dep_ in ("advcl", "conj", "xcomp") and clause.head.pos_ == "VERB":
        for c in clause.head.children:
            if c.dep_ == "dobj":
                return _mentions(c)
    return []


# --- verb and noun rules -------------------------------------------------------------------

def _controlled(verb: Token, cat: Category) -> list[_Found] | None:
    """An act someone else wants, asks for or alleges: the request or accusation instead of the act.

    "Obama wants Putin to attack Switzerland" is Obama asking Putin (Putin attacks no
    one); "the US urged Israel to strike" leaves the request to the rule of "urge";
    "the US claimed that ISIL attacked Iraq" is the US accusing ISIL. ``None``: not such a clause.
    """
    head = verb.head
    if head is verb or verb.dep_ not in ("ccomp", "xcomp") or head.pos_ not in ("VERB", "AUX"):
        return None
    lemma = head.lemma_.lower()
    speakers = [m for c in head.children if c.dep_ in _SUBJ for m in _mentions(c)]
    if lemma in CONTROL_VERBS:
        doers = [c for c in verb.children if c.dep_ in _SUBJ] or [c for c in head.children if c.dep_ == "dobj"]
        if not doers:
            return None  # "Russia wants to attack": the subject's own intent (see _intended)
        if lemma in _VERB_LEMMAS:
            return []  # "urge", "ask": the head's own rule records the request
        asked = [m for d in doers for m in _mentions(d)]
        request = category("ask")
        return [_Found(s, a, request, head.text, 0.6) for s in speakers for a in asked
                if s.actor.id != a.actor.id]
    if lemma in ALLEGE_VERBS and verb.dep_ == "ccomp" and cat.polarity < 0:
        accused = [m for c in verb.children if c.dep_ in _SUBJ and c.pos_ != "PRON" for m in _mentions(c)]
        if accused and speakers and not {m.actor.id for m in accused} & {m.actor.id for m in speakers}:
            accuse = category("accuse")
            return [_Found(s, a, accuse, head.text, 0.6) for s in speakers for a in accused]
    return None


def _at_targets(prep: Token, cat: Category) -> list[Mention]:
    """The actors behind "at": a target after a conflictual verb ("fired at Israel", "lashed out at
    NATO"), unless the phrase names a place ("the blast at Natanz", "met at Camp David")."""
    out = []
    for pobj in prep.children:
        if pobj.dep_ == "pobj" and cat.polarity < 0 and not _names_a_place(pobj):
            out.extend(_mentions(pobj))
    return out


def _names_a_place(tok: Token) -> bool:
    """``tok`` is the name of a place within a state ("Baghdad", "Natanz", "Camp David"), not the
    state's own name or an actor ("Russia", "the Georgian government", "NATO")."""
    return tok.ent_type_ in ("LOC", "FAC") or bool(tok.ent_id_) and span_is_place(tok.doc[slice(*entity_bounds(tok))])


def _verb_relations(verb: Token, key: str, trigger: str, completer: Token | None = None) -> list[_Found]:
    cat = category(key)
    if cat is None:
        return []
    controlled = _controlled(verb, cat)
    if controlled is not None:
        return controlled
    subj_toks, passive, inherited = _subjects(verb)
    sources: list[Mention] = []
    targets: list[Mention] = []
    for s in subj_toks:
        (targets if passive else sources).extend(_mentions(s))
    lemma = verb.lemma_.lower()
    for child in verb.children:
        dep = child.dep_
        if dep == "dative" and child.pos_ == "ADP":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    targets.extend(_mentions(pobj))
        elif dep in ("dobj", "dative"):
            found = _mentions(child)
            if not found and child.pos_ == "PRON":
                found = _pron_object(child)
            if not found:  # "fired anti-aircraft batteries at Russia": the target hangs on the object
                for prep in child.children:
                    if prep.dep_ == "prep" and prep.lower_ == "at":
                        found.extend(_at_targets(prep, cat))
                    elif prep.dep_ == "prep" and prep.lower_ in TARGET_PREPS:
                        for pobj in prep.children:
                            if pobj.dep_ == "pobj":
                                found.extend(_mentions(pobj))
            targets.extend(found)
        elif dep == "agent":
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    sources.extend(_mentions(pobj))
        elif dep == "prep":
            word = child.lower_
            if word == "against" and cat.polarity > 0:
                continue  # "sided with Ukraine against Russia": Russia is not the partner
            if word == "at":
                targets.extend(_at_targets(child, cat))
            elif word in TARGET_PREPS or child is completer or (word == "in" and lemma in _IN_VERBS):
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        found = _mentions(pobj) or _prep_targets(pobj)
                        targets.extend(found)
            elif word == "from" and lemma in REVERSED_VERBS:
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        found = _mentions(pobj)
                        if found:
                            # the giver acts on the receiver
                            targets, sources = sources + targets, found
            elif word == "from" and cat.type in ("RETREAT", "DISTANCE"):  # "distanced itself from X"
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        targets.extend(_mentions(pobj))
    if completer is not None and completer.dep_ in ("advmod", "acomp", "prt"):
        # "moving closer to Turkey", "drifting away from Russia": the parser hangs the target on the adverb
        targets.extend(_prep_targets(completer, TARGET_PREPS | ({"from"} if cat.type == "DISTANCE" else set())))
    if lemma in REVERSED_VERBS:
        for obj in verb.children:
            if obj.dep_ == "dobj":
                for prep in obj.children:
                    if prep.dep_ == "prep" and prep.lower_ == "from":
                        givers = [m for p in prep.children if p.dep_ == "pobj" for m in _mentions(p)]
                        if givers:
                            receivers = sources
                            sources, targets = givers, receivers
    if not targets and cat.type in ("ACCUSE", "REJECT"):
        # "X alleged that Y ...": the one accused is the reported clause's subject
        for child in verb.children:
            if child.dep_ == "ccomp":
                for c in child.children:
                    if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ != "PRON":
                        targets.extend(_mentions(c))
    # "Armenia and France are growing closer": no target, both move
    symmetric = lemma in SYMMETRIC_VERBS or (key in _CLOSER_KEYS and not targets)
    conf = 0.8 if not inherited else 0.7
    out: list[_Found] = []
    if symmetric and not targets and len(sources) >= 2:
        for i, a in enumerate(sources):
            for b in sources[i + 1:]:
                out.append(_Found(a, b, _sym(cat), trigger, conf - 0.1))
        return _modal(out, verb)
    for s in sources:
        for t in targets:
            c = _sym(cat) if symmetric else cat
            if symmetric and t.start < s.start:
                out.append(_Found(t, s, c, trigger, conf))
            else:
                out.append(_Found(s, t, c, trigger, conf))
    return _modal(out, verb)


def _sym(cat: Category) -> Category:
    return Category(cat.type, cat.code, cat.quad_class, cat.polarity, cat.intensity, True)


def _modal(found: list[_Found], verb: Token) -> list[_Found]:
    if not found:
        return found
    negated = _negated(verb)
    intended = _intended(verb)
    out = []
    for f in found:
        cat = f.cat
        if intended:
            cat = intended_category(cat)
        if negated:
            cat = negated_category(cat)
            if cat is None:
                continue
        out.append(replace(f, cat=cat, negated=negated))
    return out


_MOODS = (("worse", WORSENING_MODIFIERS), ("hostile", HOSTILE_MODIFIERS),
          ("better", IMPROVING_MODIFIERS), ("good", POSITIVE_MODIFIERS))


def _relation_mood(noun: Token) -> str | None:
    """How a relation noun is said to stand: ``worse``, ``hostile``, ``better``, ``good`` or ``None``.

    Read from its modifiers ("deteriorating relations", "closer ties"), the verb it is the
    subject or object of ("relations soured", "improve ties") and that verb's complement
    ("relations are tense", "ties grew closer"). The words are tried as written, then by lemma.
    """
    said = []  # what is done to it or said of it first: "mend damaged ties" got better
    if noun.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj", "compound"):
        said.append(noun.head)
        if noun.dep_ in ("nsubj", "nsubjpass"):
            said.extend(c for c in noun.head.children if c.dep_ in ("acomp", "advmod", "oprd", "xcomp"))
    modifiers = [c for c in noun.children if c.dep_ in ("amod", "compound", "advmod")]
    for words in (said, modifiers):
        for mood, vocabulary in _MOODS:
            if any(w.lower_ in vocabulary for w in words):
                return mood
        for mood, vocabulary in _MOODS:
            if any(w.lemma_.lower() in vocabulary for w in words):
                return mood
    return None


def _built(noun: Token) -> bool:
    """The relation noun is the object of a verb that makes it ("establish ties"), not of one that states it."""
    verb = noun.head
    return (noun.dep_ == "dobj" and verb.pos_ == "VERB" and verb.lemma_.lower() in LIGHT_VERBS
            and verb.lemma_.lower() not in STATIVE_VERBS)


def _noun_relations(noun: Token) -> list[_Found]:
    lemma = noun.lemma_.lower()
    cat = category(lemma, noun=True)
    if cat is None:
        return []
    if any(c.dep_ == "amod" and c.lower_ == "former" for c in noun.children):
        return []
    mood = _relation_mood(noun) if cat.polarity >= 0 else None
    if mood == "worse":
        cat = conflictual(cat)
    elif mood == "hostile":
        cat = conflictual(cat, moving=False)
    elif lemma in RELATION_NOUNS:
        if mood == "better":
            cat = improved(cat)
        elif mood is None and not _built(noun):
            return []  # "have had a tumultuous relationship": a relation stated, nothing done or changed
    pair = _between_pair(noun)
    if not pair and noun.dep_ in ("nsubj", "compound"):  # "relations sour between", "Relations nose-dive between"
        pair = _between_pair(noun.head)
    out: list[_Found] = []
    if len(pair) >= 2:
        sym = _sym(cat)
        for i, a in enumerate(pair):
            for b in pair[i + 1:]:
                out.append(_Found(a, b, sym, noun.text, 0.7))
        return out
    sources: list[Mention] = []
    inherited = False
    for c in noun.children:
        if c.dep_ == "poss":
            sources.extend(_mentions(c))
    verb = noun.head
    if not sources and not cat.symmetric:
        own = resolve_token(noun)  # "Israeli tank shelling", "US activists' protest"
        if own is not None:
            sources.append(own)
    if not sources and noun.dep_ == "nsubjpass":
        for agent in verb.children:
            if agent.dep_ == "agent":
                sources.extend(m for p in agent.children if p.dep_ == "pobj" for m in _mentions(p))
    if not sources and noun.dep_ == "dobj" and verb.pos_ == "VERB":
        if verb.lemma_.lower() not in LIGHT_VERBS and verb.lemma_.lower() in _VERB_LEMMAS:
            return []  # the verb's own rule covers it
        subj_toks, passive, inherited = _subjects(verb)
        if not passive:
            for s in subj_toks:
                sources.extend(_mentions(s))
    targets: list[Mention] = []
    preps = NOUN_TARGET_PREPS.get(lemma, TARGET_PREPS | {"for"})
    # "issued arrest warrants for two Brazilian men": the parser often hangs the noun's target on the light verb
    holders = [noun]
    if noun.dep_ == "dobj" and verb.pos_ == "VERB" and verb.lemma_.lower() in LIGHT_VERBS:
        holders.append(verb)
    for holder in holders:
        for prep in holder.children:
            if prep.dep_ == "prep" and prep.lower_ == "at":
                targets.extend(_at_targets(prep, cat))
            elif prep.dep_ == "prep" and prep.lower_ in preps:
                for pobj in prep.children:
                    if pobj.dep_ == "pobj":
                        targets.extend(_mentions(pobj))
        if targets:
            break
    conf = 0.6 if inherited else 0.65
    if not targets and cat.symmetric and len(sources) >= 2:
        sym = _sym(cat)
        for i, a in enumerate(sources):
            for b in sources[i + 1:]:
                out.append(_Found(a, b, sym, noun.text, conf))
    else:
        for s in sources:
            for t in targets:
                if cat.symmetric and mood != "better":  # "Armenia seeks closer ties with France": Armenia moves
                    a, b = sorted((s, t), key=lambda m: m.start)
                    out.append(_Found(a, b, _sym(cat), noun.text, conf))
                else:
                    out.append(_Found(s, t, replace(cat, symmetric=False), noun.text, conf))
    if out and noun.dep_ == "dobj" and verb.pos_ == "VERB":
        out = _modal(out, verb)
    return out


# --- the component -----------------------------------------------------------------------

def _located(found: list[_Found], trigger: Token) -> list[_Found]:
    """The relations of one trigger with the place the sentence gives it (never one of their targets)."""
    if not found:
        return found
    place = location_of(trigger, [(f.target.start, f.target.end) for f in found])
    return found if place is None else [replace(f, location=place) for f in found]


def _sentence_relations(sent: Span) -> list[_Found]:
    found: list[_Found] = []
    for tok in sent:
        lemma = tok.lemma_.lower()
        if tok.pos_ == "VERB" and lemma in _VERB_LEMMAS:
            key = _verb_key(tok)
            if key is not None:
                found.extend(_located(_verb_relations(tok, *key), tok))
        elif tok.pos_ in ("NOUN", "PROPN") and lemma in NOUN_TRIGGERS:
            found.extend(_located(_noun_relations(tok), tok))
    opening = dateline(sent.doc)
    if opening is not None and sent.start_char <= opening.end:
        found = [f if f.location is not None else replace(f, location=opening) for f in found]
    return found


def _record(f: _Found, sent: Span, index: int) -> dict:
    c = f.cat
    sent = trimmed(sent)
    record = {
        "sentence": sent.text, "sentence_index": index,
        "char_start": sent.start_char, "char_end": sent.end_char,
        "source": f.source.record(), "target": f.target.record(),
        "type": c.type, "quad_class": c.quad_class, "polarity": c.polarity,
        "intensity": c.intensity, "negated": f.negated, "symmetric": c.symmetric,
        "confidence": round(f.confidence, 2), "trigger": f.trigger,
    }
    if f.location is not None:
        record["location"] = f.location.record()
    return record


def _anaphoric(sent: Span) -> bool:
    """A sentence that may speak of an actor named before without naming it ("the country", "its army")."""
    return any(t.lemma_.lower() in DESCRIPTIONS or t.lemma_.lower() in AGENTS
               or t.lower_ in ("its", "their", "he", "she", "him", "her") for t in sent)


def extract_relations(doc: Doc) -> list[dict]:
    """The relations of a parsed document (with actor entities) as partial records.

    Only sentences that name an actor, listed or not (or speak of "the two countries"), are read.
    Within a sentence, one relation per (source, target, polarity) is kept.
    """
    sents = list(doc.sents)
    if not sents:
        return []
    starts = [s.start for s in sents]
    wanted = set()
    for ent in doc.ents:
        if ent.ent_id_ or ent.label_ in NAMED_KINDS:
            wanted.add(bisect_right(starts, ent.start) - 1)
    records = []
    for index, sent in enumerate(sents):
        if index not in wanted and "between" not in sent.text and not (wanted and _anaphoric(sent)):
            continue
        seen = set()
        for f in _sentence_relations(sent):
            if f.source.actor.id == f.target.actor.id:
                continue
            key = (f.source.actor.id, f.target.actor.id, f.cat.polarity)
            if f.cat.symmetric:
                key = (*sorted(key[:2]), key[2])
            if key in seen:
                continue
            seen.add(key)
            records.append(_record(f, sent, index))
    return records


class RelationExtractor:
    """Pipeline component: sets ``doc._.relations``."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.relations = extract_relations(doc)
        for cache in ("alliance_people", "alliance_dateline", "alliance_named"):  # Python objects: not serialisable for n_process > 1
            doc.user_data.pop(cache, None)
        return doc


@Language.factory(
    "alliance_relations",
    assigns=["doc._.relations"],
    requires=["token.dep", "token.lemma", "token.pos", "doc.ents"],
)
def make_relation_extractor(nlp: Language, name: str) -> RelationExtractor:
    """Factory of the ``alliance_relations`` component."""
    return RelationExtractor()
