"""The analysis over a real Oxigraph store: one-query rows, write-back graph, and the CLI verbs."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from alliancegraph.cli import app
from graph.analysis import analyze_store
from graph.analysis_rdf import write_analysis
from graph.queries import relation_rows
from graph.sparql import run_query
from graph.store import close_store, open_store
from tests.test_importers import gdelt_line

runner = CliRunner()


def test_relation_rows_one_query(demo_store):
    ds = open_store(demo_store, read_only=True)
    try:
        rows = relation_rows(ds)
        later = relation_rows(ds, since="2025-07-10", until="2025-07-10")
    finally:
        close_store(ds)
    assert len(rows) == 5
    assert rows[0] == {"source": "RUS", "target": "AZE", "type": "ASSAULT", "polarity": -1, "intensity": -9.5,
                       "date": "2025-07-04", "symmetric": False, "negated": False, "article": "000_plane.txt",
                       "sentence": "A Russian missile shot down an Azerbaijani passenger plane over Grozny."}
    assert {(r["source"], r["target"]) for r in later} == {("AZE", "TUR"), ("ISR", "AZE")}
    with pytest.raises(ValueError):
        relation_rows(ds, since="July")


def test_write_back_is_queryable_with_sparql(demo_store, tmp_path):
    import shutil

    store = tmp_path / "store"
    shutil.copytree(demo_store, store)
    ds = open_store(store)
    try:
        result = analyze_store(ds, window="month")
        graph, n = write_analysis(ds, result)
        graph2, n2 = write_analysis(ds, result)  # replaced, not doubled
        res = run_query(ds, """
            SELECT ?w ?a ?b ?score WHERE { GRAPH agraph:analysis-month {
              ?d a ag:Dyad ; ag:inWindow/rdfs:label ?w ; ag:actorA ?a ; ag:actorB ?b ; ag:alignment ?score } }
            ORDER BY ?w ?a ?b""")
        blocs = run_query(ds, """
            SELECT ?w ?bloc (GROUP_CONCAT(STR(?m); separator=" ") AS ?members) WHERE { GRAPH agraph:analysis-month {
              ?x a ag:Bloc ; ag:inWindow/rdfs:label ?w ; rdfs:label ?bloc ; ag:member ?m } } GROUP BY ?w ?bloc""")
        count = run_query(ds, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH agraph:analysis-month { ?s ?p ?o } }")
        relations = run_query(ds, "SELECT (COUNT(?r) AS ?n) WHERE { ?r a ag:Relation }")
    finally:
        close_store(ds)
    assert graph == graph2 and n == n2 == count.rows[0][0]
    rows = [(w, a.rsplit("/", 1)[1], b.rsplit("/", 1)[1], round(s, 3)) for w, a, b, s in res.rows]
    # AZE-RUS by hand: shoot-down -9.5 -> -0.975, protest -2 -> -0.6, threat -4 -> -0.7; mean -0.758
    assert ("2025-07", "AZE", "RUS", -0.758) in rows and ("all", "AZE", "TUR", 0.75) in rows
    all_blocs = {bloc: sorted(m.rsplit("/", 1)[1] for m in members.split()) for w, bloc, members in blocs.rows if w == "all"}
    assert sorted(all_blocs.values()) == [["AZE", "ISR", "TUR"], ["RUS"]]
    assert relations.rows[0][0] == 5  # the analysis graph adds no ag:Relation


def _write_jsonl(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


def _record(article, s, t, pol, date, sentence):
    return {"article": article, "sentence": sentence, "source": {"id": s, "label": s, "kind": "state"},
            "target": {"id": t, "label": t, "kind": "state"}, "type": "COOPERATE" if pol > 0 else "ASSAULT",
            "polarity": pol, "intensity": 5.0 if pol > 0 else -10.0, "date": date}


def test_cli_ingest_relations_then_analyze(tmp_path):
    store = tmp_path / "store"
    data = tmp_path / "rel.jsonl"
    _write_jsonl(data, [_record("a1", "RUS", "AZE", 1, "2024-02-01", "Moscow and Baku cooperate."),
                        _record("a2", "RUS", "AZE", -1, "2024-12-25", "A Russian missile hit a plane."),
                        _record("a3", "AZE", "TUR", 1, None, "Baku turns to Ankara.")])
    r = runner.invoke(app, ["ingest", "--format", "relations", str(data), "--store", str(store)])
    assert r.exit_code == 0, r.output
    again = runner.invoke(app, ["ingest", "--format", "relations", str(data), "--store", str(store)])
    assert "0 added, 0 replaced, 3 unchanged" in again.output
    r = runner.invoke(app, ["analyze", "--store", str(store), "--format", "json", "--window", "quarter"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert {"actors", "blocs", "dyads", "shifts", "undated"} <= set(out)
    assert out["undated"] == {"relations": 1, "articles": 1, "in_series": False}
    shift = next(s for s in out["shifts"] if s["actor"] == "AZE" and s["basis"] == "series")
    assert (shift["direction"], shift["partner"], shift["from_window"], shift["to_window"]) == (
        "away_from", "RUS", "2024Q1", "2024Q4")
    assert {e["article"] for e in shift["evidence"]} == {"a1", "a2"}
    table = runner.invoke(app, ["analyze", "--store", str(store), "--actor", "AZE", "--write"])
    assert table.exit_code == 0 and "away from RUS" in table.stdout and "Profile of AZE" in table.stdout
    q = runner.invoke(app, ["query", "--store", str(store), "--format", "json",
                            "SELECT ?s WHERE { GRAPH agraph:analysis-quarter { ?s a ag:Shift } }"])
    assert q.exit_code == 0 and json.loads(q.stdout)["rows"]


def test_cli_ingest_gdelt_with_skips(tmp_path):
    store = tmp_path / "store"
    data = tmp_path / "gdelt.CSV"
    data.write_text("\n".join([gdelt_line("1", "RUS", "AZE", "190", 4, -10, "20241225", "https://ex.org/a"),
                               gdelt_line("2", "RUS", "RUS", "190", 4, -10, "20241225", "https://ex.org/a")]) + "\n")
    r = runner.invoke(app, ["ingest", "--format", "gdelt", str(data), "--store", str(store)])
    assert r.exit_code == 1 and "domestic event" in r.output and "1 added" in r.output
    r = runner.invoke(app, ["analyze", "--store", str(store), "--format", "json"])
    dyad = next(d for d in json.loads(r.stdout)["dyads"] if d["window"] == "all")
    assert (dyad["a"], dyad["b"], dyad["score"]) == ("AZE", "RUS", -1.0)


def test_cli_analyze_rejects_bad_options(tmp_path, demo_store):
    r = runner.invoke(app, ["analyze", "--store", str(demo_store), "--window", "weekly"])
    assert r.exit_code == 2 and "window must be" in r.output
    r = runner.invoke(app, ["analyze", "--store", str(demo_store), "--since", "2025/01/01"])
    assert r.exit_code == 2 and "yyyy-mm-dd" in r.output
    r = runner.invoke(app, ["ingest", "--format", "relations", str(tmp_path), "--store", str(tmp_path / "s")])
    assert r.exit_code == 2 and "reads files" in r.output


def test_cli_query_accepts_a_long_one_line_query(demo_store):
    long_query = "SELECT ?r WHERE { ?r a ag:Relation " + " ".join(["OPTIONAL { ?r ag:trigger ?t }"] * 12) + " }"
    r = runner.invoke(app, ["query", "--store", str(demo_store), long_query])
    assert r.exit_code == 0, r.output
