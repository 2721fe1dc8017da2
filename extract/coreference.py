"""Actors named again without their name: "the country", "the group", "its forces", within an article.

Deterministic and local, as an event coder needs it: an anaphor takes the nearest fitting actor named
before it, in its own sentence or the two before, and nothing when none fits. What fits:

- **definite descriptions** (``the`` + a noun, no other modifier): "the country", "the nation", "the
  kingdom", "the republic" -> a state; "the group", "the militants", "the rebels", "the insurgents",
  "the movement", "the organisation", "the militia" -> an armed or political group (not a state);
  "the alliance", "the bloc", "the union" -> an international organisation; "the party" -> a party;
  "the company", "the firm" -> a company;
- **possessives**: "its" + a noun that acts for its owner ("its forces", "its army", "its government",
  "its police") -> the nearest actor named before "its" in the same sentence, else the sentence before
  (a state's organs stay the state, as :mod:`extract.actors` resolves "Israeli forces"); "their" does the
  same with a coordinated or plural antecedent, which gives every actor of it;
- **agents without a nationality**: "the government", "police", "the army", "parliament", "the
  president", "protesters", "the opposition", "rebels" (no article but "the", no modifier naming a
  country) -> the state named nearest before them, as its organ ("the police": the state, sector COP)
  or its sector ("protesters": the state's opposition); the nearest state in the sentence wins, then
  the two sentences before;
- **he, she, him, her** -> the person named nearest before (a leader acts for the state).

"The two countries" (the last two states named) is :func:`extract.relations._pair_named_before`.
Pronoun subjects ("it", "they") are resolved there too (``_antecedent``).
"""

from __future__ import annotations

from spacy.tokens import Token

from extract.actors import Mention, STATE_NOUNS, agent_mention, entity_bounds, resolve_token, span_actor

__all__ = ["DESCRIPTIONS", "coreferent"]

#: Head lemma of a definite description -> the actor kinds it can stand for.
DESCRIPTIONS: dict[str, frozenset[str]] = {
    **dict.fromkeys(("country", "nation", "kingdom", "republic"), frozenset({"state"})),
    **dict.fromkeys(("group", "militant", "rebel", "insurgent", "movement", "organisation", "organization",
                     "militia", "faction"), frozenset({"group"})),
    **dict.fromkeys(("alliance", "bloc", "union", "coalition"), frozenset({"igo"})),
    **dict.fromkeys(("party",), frozenset({"group", "org"})),
    **dict.fromkeys(("company", "firm"), frozenset({"org"})),
}
_WINDOW_SENTENCES = 2
#: Agent nouns that, with no nationality of their own, act for the state named before them.
AGENTS = frozenset("government authority administration regime cabinet junta ministry parliament legislature "
                   "congress senate court police army military troop force navy president premier "
                   "protester demonstrator opposition rebel insurgent".split())
_AGENT_DETERMINERS = frozenset({"the", "some", "many", "several"})
_PERSONAL = frozenset({"he", "she", "him", "her"})


def _window_start(tok: Token) -> int:
    """The first token of the sentences an anaphor may look back to: its own and the two before."""
    first = tok.sent.start
    for _ in range(_WINDOW_SENTENCES):
        if first > 0:
            first = tok.doc[first - 1].sent.start
    return first


def _candidates(tok: Token, kinds: frozenset[str] | None, *, same_sentence_first: bool) -> list[Mention]:
    """Actors named before ``tok`` (nearest first), in its sentence and the two before, of ``kinds``."""
    doc = tok.doc
    first = _window_start(tok)
    out = []
    for ent in reversed(doc.ents):
        if ent.end > tok.i or ent.start < first:
            continue
        actor = span_actor(ent)
        if actor is None or (kinds is not None and actor.kind not in kinds):
            continue
        mention = resolve_token(ent.root)
        if mention is not None and mention.actor.id == actor.id:
            out.append(mention)
    if same_sentence_first:
        out.sort(key=lambda m: m.token_i < tok.sent.start)  # stable: this sentence's first, each nearest first
    return out


def _described(tok: Token) -> list[Mention]:
    kinds = DESCRIPTIONS.get(tok.lemma_.lower())
    if kinds is None or tok.pos_ != "NOUN":
        return []
    dets = [c for c in tok.children if c.dep_ == "det"]
    others = [c for c in tok.children if c.dep_ in ("amod", "compound", "nummod", "poss")]
    if len(dets) != 1 or dets[0].lower_ != "the" or others:
        return []  # "a country", "the two countries", "the Kurdish group": not an anaphor
    verb = _governor(tok)
    # "Peru criticised the country": a description is never another argument of its own verb
    found = [m for m in _candidates(tok, kinds, same_sentence_first=False)
             if verb is None or _governor(tok.doc[m.token_i]) != verb]
    return found[:1]


def _governor(tok: Token) -> int | None:
    """The index of the nearest verb above ``tok``."""
    head = tok.head
    while head.i != head.head.i and head.pos_ not in ("VERB", "AUX"):
        head = head.head
    return head.i if head.pos_ in ("VERB", "AUX") else None


def _possessed(tok: Token) -> list[Mention]:
    owners = [c for c in tok.children if c.dep_ == "poss" and c.lower_ in ("its", "their")]
    if not owners or tok.lemma_.lower() not in STATE_NOUNS:
        return []
    found = _candidates(owners[0], None, same_sentence_first=True)
    if not found:
        return []
    if owners[0].lower_ == "its":
        return found[:1]
    nearest = found[0]  # "their": the nearest actor and those coordinated with it
    head = tok.doc[nearest.token_i]
    group = {head.i, *(c.i for c in head.conjuncts)}
    return [m for m in found if m.token_i in group] or found[:1]


def _implicit_agent(tok: Token) -> list[Mention]:
    lemma = tok.lemma_.lower()
    if lemma not in AGENTS or tok.pos_ not in ("NOUN", "PROPN"):
        return []
    if any(c.dep_ in ("amod", "compound", "poss", "nmod") and (c.ent_id_ or c.pos_ in ("PROPN", "PRON"))
           for c in tok.children):
        return []  # "Serbian police", "its army", "Lam's government": named, or someone else's
    dets = [c.lower_ for c in tok.children if c.dep_ == "det"]
    if dets and dets[0] not in _AGENT_DETERMINERS:
        return []  # "a government", "every army": not one we know
    for state in _candidates(tok, frozenset({"state"}), same_sentence_first=True):
        found = agent_mention(state.actor, tok)
        return [found] if found is not None else []
    return []


def _personal(tok: Token) -> list[Mention]:
    if tok.lower_ not in _PERSONAL:
        return []
    first = _window_start(tok)
    for ent in reversed(tok.doc.ents):
        if ent.end > tok.i or ent.start < first or ent.label_ != "PERSON":
            continue
        mention = resolve_token(ent.root)
        if mention is not None:
            return [mention]
    return []


def coreferent(tok: Token) -> list[Mention]:
    """The actors an anaphoric argument head stands for ("the country", "its forces", "the police",
    "she"), or ``[]``.

    The mentions keep the antecedent's actor (and an agent noun's sector), and the anaphor's own words and
    offsets as the text.
    """
    if tok.ent_iob_ != "O":
        return []
    if tok.pos_ == "PRON":
        found = _personal(tok)
        return [Mention(m.actor, tok.text, tok.idx, tok.idx + len(tok), tok.i, m.person, m.sector) for m in found]
    implicit = _implicit_agent(tok)
    if implicit:
        return implicit
    found = _possessed(tok) or _described(tok)
    if not found:
        return []
    start, end = entity_bounds(tok)
    left = min(t.i for t in tok.subtree if t.i <= tok.i)
    span = tok.doc[left:end]
    return [Mention(m.actor, span.text, span.start_char, span.end_char, tok.i, m.person, m.sector) for m in found]
