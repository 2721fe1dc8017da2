"""Hostile SPARQL: updates, SERVICE, runaway and malformed queries, from the library and a real CLI process."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.sparql import QueryError, run_query, run_query_isolated
from graph.store import close_store, open_store

ROOT = Path(__file__).resolve().parents[1]
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"

UPDATES = [
    'INSERT DATA { <urn:x> <urn:p> "1" }',
    "DELETE WHERE { ?s ?p ?o }",
    "LOAD <http://example.org/data.ttl>",
    "CLEAR ALL",
    "DROP GRAPH <https://w3id.org/alliancegraph/id/graph/actors>",
    "CREATE GRAPH <urn:g>",
    "prefix x: <urn:x#>\n# a comment\n  insert { ?s x:p 1 } where { ?s ?p ?o }",
    "ADD DEFAULT TO <urn:g>",
]


def cli(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).parent / "alliancegraph"
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "alliancegraph"]
    return subprocess.run([*command, *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def ro(demo_store):
    ds = open_store(demo_store, read_only=True)
    yield ds
    close_store(ds)


@pytest.mark.parametrize("update", UPDATES)
def test_every_kind_of_update_is_refused(ro, update):
    with pytest.raises(QueryError, match="updates are not allowed"):
        run_query(ro, update)


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "select * { service silent <http://127.0.0.1:1/> { ?s ?p ?o } }",
])
def test_service_is_refused(ro, query):
    with pytest.raises(QueryError, match="SERVICE is not allowed"):
        run_query(ro, query)


def test_a_runaway_query_hits_the_time_limit_in_process(ro):
    started = time.monotonic()
    with pytest.raises(QueryError, match="time limit of 0.5 s"):
        run_query(ro, SLOW, timeout=0.5)
    assert time.monotonic() - started < 2
    assert run_query(ro, "ASK { ?s ?p ?o }").rows == [[True]]  # the handle still works


def test_the_isolated_runner_kills_a_runaway_query(demo_store):
    started = time.monotonic()
    with pytest.raises(QueryError, match="time limit"):
        run_query_isolated(demo_store, SLOW, timeout=1)
    assert time.monotonic() - started < 20
    res = run_query_isolated(demo_store, "SELECT ?l WHERE { actor:RUS rdfs:label ?l }")
    assert res.rows == [["Russia"]]


def test_row_limit_is_on_every_query(ro):
    res = run_query(ro, "SELECT ?s WHERE { ?s ?p ?o }", row_limit=5)
    assert len(res.rows) == 5 and res.truncated


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(["SELECT", "*", "WHERE", "{", "}", "?s", "?p", "?o", ".", "FILTER", "(", ")", "<",
                              ">", '"', "'", "#", "\n", "GRAPH", "SERVICE", "INSERT", "DATA", "LIMIT", "1", ";",
                              "a", "ag:Actor", "OPTIONAL", "UNION", "BIND", "AS", "\\", "ORDER BY"]),
             max_size=30).map(" ".join),
))
def test_any_text_gives_rows_or_a_query_error_never_a_crash(ro, text):
    try:
        run_query(ro, text, row_limit=50, timeout=5)
    except QueryError as e:
        assert str(e) and "\n" not in str(e).strip() or e.line is not None


# -- the real CLI ---------------------------------------------------------------------------------

def test_cli_refuses_updates_and_reports_malformed_queries_with_their_position(demo_store):
    done = cli("query", "DROP ALL", "--store", str(demo_store))
    assert done.returncode == 2
    assert done.stderr.startswith("error: updates are not allowed here") and "Traceback" not in done.stderr
    done = cli("query", "SELECT ?s WHERE {\n  ?s ?p \n}", "--store", str(demo_store))
    assert done.returncode == 2
    assert "line 3, column" in done.stderr and "Traceback" not in done.stderr


def test_cli_time_limit_stops_a_runaway_query(demo_store):
    started = time.monotonic()
    done = cli("query", SLOW, "--store", str(demo_store), "--timeout", "1")
    assert done.returncode == 2
    assert "time limit of 1 s" in done.stderr and "Traceback" not in done.stderr
    assert time.monotonic() - started < 20


def test_cli_allow_update_lifts_the_refusal(tmp_path, demo_store):
    import shutil

    store = tmp_path / "store"
    shutil.copytree(demo_store, store)
    done = cli("query", "INSERT DATA { GRAPH <urn:g> { <urn:x> <urn:p> 1 } }", "--store", str(store),
               "--allow-update")
    assert done.returncode == 0, done.stderr
    done = cli("query", "SELECT ?o WHERE { <urn:x> <urn:p> ?o }", "--store", str(store), "--format", "csv")
    assert done.stdout.splitlines() == ["o", "1"]
