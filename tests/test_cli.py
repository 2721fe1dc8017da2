"""The CLI's promises: help for every verb, documented verbs, one-line errors and exit statuses."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from alliancegraph.cli import app

ROOT = Path(__file__).resolve().parent.parent
# The CLI's own command list: a new verb cannot escape the help and docs tests.
VERBS = [c.name or c.callback.__name__.replace("_", "-") for c in app.registered_commands]
runner = CliRunner()


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the real command in a child process, as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "alliancegraph", *args],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=600,
    )


@pytest.mark.parametrize("verb", VERBS)
def test_every_verb_has_help(verb):
    result = runner.invoke(app, [verb, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output


def test_the_verb_list_is_the_clis_own():
    assert {"ingest", "extract", "query", "actors", "analyze", "evaluate", "check", "serve-sparql", "app"} <= set(VERBS)


def test_top_level_help_lists_every_verb():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for verb in VERBS:
        assert verb in result.output


@pytest.mark.parametrize("verb", VERBS)
def test_every_verb_is_documented_in_the_readme(verb):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(rf"alliancegraph {verb}\b", readme), f"README does not show `alliancegraph {verb}`"


def test_ingest_help_documents_exit_statuses():
    result = runner.invoke(app, ["ingest", "--help"])
    assert re.search(r"^\s+0\s+all went in$", result.output, re.M), result.output
    assert re.search(r"^\s+2\s+nothing could be done$", result.output, re.M), result.output


def test_missing_input_is_one_line_and_status_2(tmp_path):
    proc = run_cli("ingest", str(tmp_path / "nowhere"), "--store", str(tmp_path / "store"))
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [f"error: no such file or folder: {tmp_path / 'nowhere'}"]
    assert "Traceback" not in proc.stderr


def test_query_on_a_missing_store_is_one_line_and_status_2(tmp_path):
    proc = run_cli("query", "SELECT * WHERE { ?s ?p ?o }", "--store", str(tmp_path / "empty"))
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert "Traceback" not in proc.stderr


@pytest.mark.model
def test_ingest_query_and_reingest_on_the_demo_corpus(tmp_path):
    store = str(tmp_path / "store")
    first = run_cli("ingest", "data/demo", "--store", store)
    assert first.returncode == 0, first.stderr
    assert "2 added" in first.stderr

    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    before = json.loads(run_cli("query", count, "--store", store, "--format", "json").stdout)

    evidence = run_cli(
        "query",
        "SELECT ?sentence ?title WHERE { ?r a ag:Relation ; ag:source actor:RUS ; ag:target actor:AZE ; "
        "ag:evidence ?sentence ; prov:wasDerivedFrom ?article . ?article schema:headline ?title }",
        "--store", store, "--format", "json",
    )
    assert evidence.returncode == 0, evidence.stderr
    rows = json.loads(evidence.stdout)["rows"]
    sentences = " ".join(row["sentence"] for row in rows)
    assert "shot down an Azerbaijani passenger plane" in sentences

    # The analysis over the stored relations: Azerbaijan turns from Russia to Turkey and Israel.
    from graph.projection import actor_graph
    from graph.store import close_store, open_store

    ds = open_store(store, read_only=True)
    try:
        graph = actor_graph(ds)
    finally:
        close_store(ds)

    def net(a, b):
        return sum(graph.edges[u, v]["polarity"] for u, v in ((a, b), (b, a)) if graph.has_edge(u, v))

    assert net("AZE", "RUS") < 0
    assert net("AZE", "TUR") > 0
    assert net("AZE", "ISR") > 0

    again = run_cli("ingest", "data/demo", "--store", store)
    assert again.returncode == 0, again.stderr
    assert "2 unchanged" in again.stderr
    after = json.loads(run_cli("query", count, "--store", store, "--format", "json").stdout)
    assert after == before


@pytest.mark.model
def test_partly_bad_input_stores_the_rest_and_exits_1(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text("Turkey signed a defence agreement with Azerbaijan.\n", encoding="utf-8")
    (corpus / "empty.txt").write_text("   \n", encoding="utf-8")
    proc = run_cli("ingest", str(corpus), "--store", str(tmp_path / "store"))
    assert proc.returncode == 1, proc.stderr
    assert "empty.txt" in proc.stderr and "1 added" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.model
def test_extract_prints_records_in_the_contract_format(tmp_path):
    proc = run_cli("extract", "data/demo/004_e9f209920a997efe.txt")
    assert proc.returncode == 0, proc.stderr
    records = [json.loads(line) for line in proc.stdout.splitlines()]
    assert records
    keys = {"article", "sentence", "sentence_index", "char_start", "char_end", "source", "target", "type",
            "quad_class", "polarity", "intensity", "negated", "confidence", "trigger", "date"}
    text = (ROOT / "data/demo/004_e9f209920a997efe.txt").read_text(encoding="utf-8")
    for record in records:
        assert keys <= record.keys()
        assert record["article"] == "004_e9f209920a997efe.txt"
        assert record["date"] == "2025-07-04"
        assert text[record["char_start"]:record["char_end"]] == record["sentence"]
        for side in ("source", "target"):
            mention = record[side]
            assert text[mention["start"]:mention["end"]] == mention["text"]
