"""The extractor's scores on the shipped gold sets must not fall below the figures reached.

Floors sit just below the scores measured when they were last set
(issue 3: PETRARCH P 0.89, R 0.64, F1 0.75, polarity 0.94; real news P 0.84,
F1 0.63; seed articles 11/11 required, 0 false positives; alliance sentences
P 0.88, R 0.56, F1 0.68, polarity 0.98; actor names 441/627 resolved, 0.70). Issue 12 made a
place never a target: five PETRARCH dyads code the country of a venue ("meet in Zurich",
"exercises in Alaska", "refineries in Iran") as the target, so PETRARCH recall fell to 0.58
(F1 0.70); the floors follow. The Phoenix dictionaries brought actor names to 476/627 (0.76);
the project's tables completed by class (docs/ACTOR_TABLES.md) to 579/627 (0.92).
Raise them when the extractor improves.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from extract.actor_names import NO_ACTOR, NameRow, format_names_report, resolve_names
from extract.evaluate import evaluate, format_table

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def nlp():
    from extract.pipeline import build_pipeline

    return build_pipeline()


@pytest.fixture(scope="module")
def report(nlp):
    return evaluate(nlp)


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


def test_actor_names_hold(report):
    names = report["names"]["extractor"]
    assert report["sizes"]["names"] == names.total >= 320
    assert names.share >= 0.90, format_names_report(names)
    assert f"actor names ({names.total})" in format_table(report)


def test_names_resolve_through_relations_or_alone(nlp):
    rows = [NameRow("Ukraine", "UKR", "state", "state", "Russia accused Ukraine of shelling the plant."),
            NameRow("the Kremlin", "RUS", "state", "metonym", "The Kremlin dismissed the report."),
            NameRow("Erdogan", "TUR", "state", "leader", "Erdogan vowed to continue the operation."),
            NameRow("us", NO_ACTOR, "-", "not_actor", "The minister told us that the talks had failed."),
            NameRow("Baghdad", NO_ACTOR, "-", "not_actor", "Turkey and Iraq signed a water agreement in Baghdad.")]
    results = resolve_names(rows, nlp)
    assert [(r.actor, r.via) for r in results] == [
        ("UKR", "relation"), ("RUS", "token"), ("TUR", "token"), (None, "unresolved"), (None, "outside relations")]
    assert results[2].person == "Recep Tayyip Erdoğan"
    assert all(r.resolved for r in results)


def test_the_cli_prints_the_names_row_and_its_failures():
    proc = subprocess.run([sys.executable, "-m", "alliancegraph", "evaluate", "--no-baseline", "--names"],
                          capture_output=True, text=True, timeout=600, cwd=Path(__file__).resolve().parent.parent)
    assert proc.returncode == 0, proc.stderr
    assert "actor names (" in proc.stdout and "extractor  resolved " in proc.stdout
    assert "failures (name, expected -> found, how, context):" in proc.stdout
    assert "baseline" not in proc.stdout
