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
  same with a coordinated or plural antecedent, which gives every actor of it.

"The two countries" (the last two states named) is :func:`extract.relations._pair_named_before`.
Pronoun subjects ("it", "they") are resolved there too (``_antecedent``).
"""

from __future__ import annotations

from spacy.tokens import Token

from extract.actors import Mention, STATE_NOUNS, entity_bounds, resolve_token, span_actor

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


def _candidates(tok: Token, kinds: frozenset[str] | None, *, same_sentence_first: bool) -> list[Mention]:
    """Actors named before ``tok`` (nearest first), in its sentence and the two before, of ``kinds``."""
    doc = tok.doc
    first = tok.sent.start
    for _ in range(_WINDOW_SENTENCES):
        if first > 0:
            first = doc[first - 1].sent.start
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


def coreferent(tok: Token) -> list[Mention]:
    """The actors an anaphoric argument head stands for ("the country", "its forces"), or ``[]``.

    The mentions keep the antecedent's actor, and the anaphor's own words and offsets as the text.
    """
    if tok.ent_iob_ != "O":
        return []
    found = _possessed(tok) or _described(tok)
    if not found:
        return []
    start, end = entity_bounds(tok)
    left = min(t.i for t in tok.subtree if t.i <= tok.i)
    span = tok.doc[left:end]
    return [Mention(m.actor, span.text, span.start_char, span.end_char, tok.i, m.person) for m in found]
