"""The extractor's scores on the shipped gold sets must not fall below the figures reached.

Floors sit just below the scores measured when they were last set
(issue 3: PETRARCH P 0.89, R 0.64, F1 0.75, polarity 0.94; real news P 0.84,
F1 0.63; seed articles 11/11 required, 0 false positives; alliance sentences
P 0.88, R 0.56, F1 0.68, polarity 0.98). Issue 12 made a place never a target: five
PETRARCH dyads code the country of a venue ("meet in Zurich", "exercises in Alaska",
"refineries in Iran") as the target, so PETRARCH recall fell to 0.58 (F1 0.70); the
floors follow. Raise them when the extractor improves.
"""

from __future__ import annotations

import pytest

from extract.evaluate import evaluate, format_table

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def report():
    from extract.pipeline import build_pipeline

    return evaluate(build_pipeline())


def test_petrarch_scores_hold(report):
    s = report["petrarch"]["extractor"]
    assert s.precision >= 0.86
    assert s.recall >= 0.56
    assert s.f1 >= 0.68
    assert s.polarity_accuracy >= 0.90
    real = report["petrarch_real"]["extractor"]
    assert real.precision >= 0.80
    assert real.f1 >= 0.60


def test_extractor_beats_the_cooccurrence_baseline(report):
    assert report["petrarch"]["extractor"].f1 > report["petrarch"]["baseline"].f1
    assert report["petrarch"]["extractor"].precision > report["petrarch"]["baseline"].precision


def test_alliance_sentences_hold(report):
    s = report["alliance"]["extractor"]
    assert report["sizes"]["alliance"] == 60
    assert s.precision >= 0.85
    assert s.recall >= 0.52
    assert s.f1 >= 0.65
    assert s.polarity_accuracy >= 0.94
    assert s.f1 > report["alliance"]["baseline"].f1
    assert s.precision > report["alliance"]["baseline"].precision


def test_seed_articles_hold(report):
    seed = report["seed"]["extractor"]
    assert seed["required_total"] == 11
    assert seed["required_found"] == 11, seed["missing"]
    assert len(seed["false_positives"]) <= 1, seed["false_positives"]


def test_table_shows_both_systems(report):
    table = format_table(report)
    assert "extractor" in table and "baseline" in table and "seed articles" in table
    assert "alliance sentences (60 sent.)" in table
