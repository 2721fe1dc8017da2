"""Relation rules on hand-built parses: the logic, without the statistical model."""

import spacy
from spacy.tokens import Doc, Span

from extract.relations import extract_relations

NLP = spacy.blank("en")


def _rels(words, heads, deps, pos, lemmas, ents):
    doc = Doc(NLP.vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas,
              sent_starts=[True] + [False] * (len(words) - 1))
    doc.ents = [Span(doc, i, i + 1, label="GPE", span_id=code) for i, code in ents.items()]
    return [(r["source"]["id"], r["target"]["id"], r["type"], r["polarity"], r["symmetric"], r["negated"])
            for r in extract_relations(doc)]


def test_subject_verb_object():
    assert _rels(["Russia", "attacked", "Georgia"], [1, 1, 1], ["nsubj", "ROOT", "dobj"],
                 ["PROPN", "VERB", "PROPN"], ["Russia", "attack", "Georgia"], {0: "RUS", 2: "GEO"}) \
        == [("RUS", "GEO", "ASSAULT", -1, False, False)]


def test_passive_puts_the_agent_first():
    words = ["Georgia", "was", "attacked", "by", "Russia"]
    assert _rels(words, [2, 2, 2, 2, 3], ["nsubjpass", "auxpass", "ROOT", "agent", "pobj"],
                 ["PROPN", "AUX", "VERB", "ADP", "PROPN"], ["Georgia", "be", "attack", "by", "Russia"],
                 {0: "GEO", 4: "RUS"}) == [("RUS", "GEO", "ASSAULT", -1, False, False)]


def test_negated_help_is_a_rejection_and_negated_attack_no_event():
    words = ["Russia", "did", "not", "help", "Georgia"]
    heads, deps = [3, 3, 3, 3, 3], ["nsubj", "aux", "neg", "ROOT", "dobj"]
    pos = ["PROPN", "AUX", "PART", "VERB", "PROPN"]
    ents = {0: "RUS", 4: "GEO"}
    assert _rels(words, heads, deps, pos, ["Russia", "do", "not", "help", "Georgia"], ents) \
        == [("RUS", "GEO", "REJECT", -1, False, True)]
    assert _rels(words, heads, deps, pos, ["Russia", "do", "not", "attack", "Georgia"], ents) == []


def test_plan_to_attack_is_a_threat():
    words = ["Russia", "plans", "to", "attack", "Georgia"]
    rels = _rels(words, [1, 1, 3, 1, 3], ["nsubj", "ROOT", "aux", "xcomp", "dobj"],
                 ["PROPN", "VERB", "PART", "VERB", "PROPN"], ["Russia", "plan", "to", "attack", "Georgia"],
                 {0: "RUS", 4: "GEO"})
    assert rels == [("RUS", "GEO", "THREATEN", -1, False, False)]


def test_prepositional_object_and_inherited_subject():
    # Azerbaijan turned away and is moving closer to Turkey
    words = ["Azerbaijan", "is", "moving", "closer", "to", "Turkey"]
    assert _rels(words, [2, 2, 2, 2, 2, 4], ["nsubj", "aux", "ROOT", "advmod", "prep", "pobj"],
                 ["PROPN", "AUX", "VERB", "ADV", "ADP", "PROPN"],
                 ["Azerbaijan", "be", "move", "closer", "to", "Turkey"], {0: "AZE", 5: "TUR"}) \
        == [("AZE", "TUR", "ALIGN", 1, False, False)]


def test_relations_between_is_symmetric_and_negative_when_strained():
    # strained: a standing conflict (DISPUTE); deteriorating: a move apart (DISTANCE)
    def rels(modifier):
        words = [modifier, "relations", "between", "Russia", "and", "Azerbaijan"]
        return _rels(words, [1, 1, 1, 2, 3, 3], ["amod", "ROOT", "prep", "pobj", "cc", "conj"],
                     ["ADJ", "NOUN", "ADP", "PROPN", "CCONJ", "PROPN"],
                     [modifier, "relation", "between", "Russia", "and", "Azerbaijan"], {3: "RUS", 5: "AZE"})

    assert rels("strained") == [("RUS", "AZE", "DISPUTE", -1, True, False)]
    assert rels("deteriorating") == [("RUS", "AZE", "DISTANCE", -1, True, False)]


def test_coordinated_objects_and_light_verb_noun():
    # Azerbaijan establishes ties with Turkey and Israel
    words = ["Azerbaijan", "establishes", "ties", "with", "Turkey", "and", "Israel"]
    rels = _rels(words, [1, 1, 1, 2, 3, 4, 4], ["nsubj", "ROOT", "dobj", "prep", "pobj", "cc", "conj"],
                 ["PROPN", "VERB", "NOUN", "ADP", "PROPN", "CCONJ", "PROPN"],
                 ["Azerbaijan", "establish", "tie", "with", "Turkey", "and", "Israel"],
                 {0: "AZE", 4: "TUR", 6: "ISR"})
    assert sorted(rels) == [("AZE", "ISR", "COOPERATE", 1, True, False), ("AZE", "TUR", "COOPERATE", 1, True, False)]


def test_the_two_countries_are_the_pair_named_before():
    words = ["Russia", "shot", "Azerbaijan", ",", "raising", "tensions", "between", "the", "two", "countries"]
    rels = _rels(words, [1, 1, 1, 1, 1, 4, 5, 9, 9, 6],
                 ["nsubj", "ROOT", "dobj", "punct", "advcl", "dobj", "prep", "det", "nummod", "pobj"],
                 ["PROPN", "VERB", "PROPN", "PUNCT", "VERB", "NOUN", "ADP", "DET", "NUM", "NOUN"],
                 ["Russia", "shoot", "Azerbaijan", ",", "raise", "tension", "between", "the", "two", "country"],
                 {0: "RUS", 2: "AZE"})
    assert ("RUS", "AZE", "DISPUTE", -1, True, False) in rels
    assert ("RUS", "AZE", "ASSAULT", -1, False, False) in rels


def test_received_from_reverses_direction():
    words = ["Georgia", "received", "weapons", "from", "Russia"]
    assert _rels(words, [1, 1, 1, 1, 3], ["nsubj", "ROOT", "dobj", "prep", "pobj"],
                 ["PROPN", "VERB", "NOUN", "ADP", "PROPN"], ["Georgia", "receive", "weapon", "from", "Russia"],
                 {0: "GEO", 4: "RUS"})[0][:2] == ("RUS", "GEO")


def test_speech_verb_adds_no_actor():
    # Russia says Turkey helped Armenia -> only TUR -> ARM
    words = ["Russia", "says", "Turkey", "helped", "Armenia"]
    assert _rels(words, [1, 1, 3, 1, 3], ["nsubj", "ROOT", "nsubj", "ccomp", "dobj"],
                 ["PROPN", "VERB", "PROPN", "VERB", "PROPN"], ["Russia", "say", "Turkey", "help", "Armenia"],
                 {0: "RUS", 2: "TUR", 4: "ARM"}) == [("TUR", "ARM", "AID", 1, False, False)]


def test_wanting_someone_else_to_act_is_a_request_not_the_act():
    # Obama wants Putin to attack Switzerland
    words = ["Obama", "wants", "Putin", "to", "attack", "Switzerland"]
    rels = _rels(words, [1, 1, 4, 4, 1, 4], ["nsubj", "ROOT", "nsubj", "aux", "ccomp", "dobj"],
                 ["PROPN", "VERB", "PROPN", "PART", "VERB", "PROPN"],
                 ["Obama", "want", "Putin", "to", "attack", "Switzerland"], {0: "USA", 2: "RUS", 5: "CHE"})
    assert rels == [("USA", "RUS", "REQUEST", 0, False, False)]


def test_claimed_attack_is_an_accusation_of_the_doer():
    # The US claimed that Iraq attacked Syria
    words = ["US", "claimed", "that", "Iraq", "attacked", "Syria"]
    rels = _rels(words, [1, 1, 4, 4, 1, 4], ["nsubj", "ROOT", "mark", "nsubj", "ccomp", "dobj"],
                 ["PROPN", "VERB", "SCONJ", "PROPN", "VERB", "PROPN"],
                 ["US", "claim", "that", "Iraq", "attack", "Syria"], {0: "USA", 3: "IRQ", 5: "SYR"})
    assert rels == [("USA", "IRQ", "ACCUSE", -1, False, False)]
