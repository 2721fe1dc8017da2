"""Classes of sentences a trigger stands for, each tested on text written for the test (not dev sentences)."""

import pytest

pytestmark = pytest.mark.model


def _found(nlp, text):
    return {(r["source"]["id"], r["target"]["id"], r["polarity"]) for r in nlp(text)._.relations}


def test_a_travel_advisory_is_a_hostile_act_toward_the_destination(nlp):
    assert ("CAN", "HTI", -1) in _found(nlp, "Canada advised against all travel to Haiti after the riots.")


def test_sharing_evidence_with_someone_is_no_accusation(nlp):
    found = _found(nlp, "Kenyan police shared evidence with Uganda about the smuggling ring.")
    assert not any(p < 0 for _s, _t, p in found), found
