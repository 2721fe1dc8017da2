"""The demo corpus through the real model: what ``alliancegraph analyze`` says about Azerbaijan.

The corpus has one dated article (2025-07-04) and one undated one, so no date series can show a
shift. The shifts it shows are the ones the articles report (``basis: "reported"``: ALIGN / DISTANCE
relations), each with its sentences; the blocs come from the signed graph of all relations.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alliancegraph.cli import app

pytestmark = pytest.mark.model

DEMO = Path(__file__).resolve().parent.parent / "data" / "demo"
runner = CliRunner()


@pytest.fixture(scope="module")
def analysis(tmp_path_factory):
    store = tmp_path_factory.mktemp("demo") / "store"
    r = runner.invoke(app, ["ingest", str(DEMO), "--store", str(store)])
    assert r.exit_code == 0, r.output  # the model is a dependency: a missing one fails, never skips
    r = runner.invoke(app, ["analyze", "--store", str(store), "--format", "json"])
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def _shift(result, actor, direction, partner):
    found = [s for s in result["shifts"] if (s["actor"], s.get("direction"), s.get("partner")) == (actor, direction, partner)]
    assert found, f"no shift {actor} {direction} {partner}"
    return found


def test_azerbaijan_moved_away_from_russia_and_toward_turkey_with_evidence(analysis):
    away = _shift(analysis, "AZE", "away_from", "RUS")
    toward = _shift(analysis, "AZE", "toward", "TUR")
    away_text = " ".join(e["sentence"] for s in away for e in s["evidence"])
    toward_text = " ".join(e["sentence"] for s in toward for e in s["evidence"])
    assert "turned its back on Russia" in away_text or "Turns Its Back on Russia" in away_text
    assert "Turns to Turkey" in toward_text or "reliance on Turkey" in toward_text
    articles = {e["article"] for s in away + toward for e in s["evidence"]}
    assert articles == {"000_d556f14b6f535caa.txt", "004_e9f209920a997efe.txt"}
    # the strongest reported shift of Azerbaijan is away from Russia
    first = next(s for s in analysis["shifts"] if s["actor"] == "AZE")
    assert (first["direction"], first["partner"]) == ("away_from", "RUS")


def test_azerbaijan_turkey_israel_one_bloc_apart_from_russia(analysis):
    blocs = next(r for r in analysis["blocs"] if r["window"] == "all")["blocs"]
    home = next(b["members"] for b in blocs if "AZE" in b["members"])
    assert {"AZE", "TUR", "ISR"} <= set(home) and "RUS" not in home


def test_undated_article_reported(analysis):
    assert analysis["undated"]["articles"] == 1 and analysis["undated"]["relations"] > 0
    assert [w["id"] for w in analysis["windows"]] == ["2025Q3"]
