"""Every claim in the README is a command you can run: its SPARQL examples and make targets work."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graph.sparql import run_query
from graph.store import close_store, open_store

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
SPARQL_BLOCKS = re.findall(r"```sparql\n(.*?)```", README, re.S)


def test_the_readme_shows_three_example_queries():
    assert len(SPARQL_BLOCKS) >= 3


@pytest.mark.parametrize("query", SPARQL_BLOCKS, ids=[f"query{i + 1}" for i in range(len(SPARQL_BLOCKS))])
def test_readme_query_runs_as_written_and_returns_rows(demo_store, query):
    ds = open_store(demo_store, read_only=True)
    try:
        result = run_query(ds, query)
    finally:
        close_store(ds)
    assert result.columns
    assert result.rows, f"no rows for:\n{query}"


def test_the_first_query_finds_azerbaijans_partners_and_rivals(demo_store):
    ds = open_store(demo_store, read_only=True)
    try:
        rows = run_query(ds, SPARQL_BLOCKS[0]).rows
    finally:
        close_store(ds)
    assert ["in conflict with", "Russia"] in rows
    assert ["cooperates with", "Turkey"] in rows


@pytest.mark.parametrize("target", ["run", "test"])
def test_the_two_commands_exist(target):
    assert f"make {target}" in README
    assert re.search(rf"^{target}:", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M)


def test_the_guarantees_state_the_limits_the_code_enforces():
    """The limits table says what the code does: each constant appears in its row, as written there."""
    from explorer.pages import SPARQL_ROW_LIMIT, SPARQL_TIME_LIMIT
    from graph.query_pool import DEFAULT_MEMORY_LIMIT, describe_size
    from graph.query_safety import MAX_NESTING, MAX_QUERY_CHARS
    from graph.server import DEFAULT_ROW_LIMIT, IDLE_TIMEOUT, MAX_BODY, MAX_CONNECTIONS
    from graph.sparql import BYTE_LIMIT, DEFAULT_TIMEOUT

    rows = {line.split("|")[1].strip(): line for line in README.splitlines() if line.startswith("| ")}
    expected = {
        "time": [f"{DEFAULT_TIMEOUT:g} s per query", f"{SPARQL_TIME_LIMIT:g} s on the explorer"],
        "memory": [describe_size(DEFAULT_MEMORY_LIMIT)],
        "rows": [f"{DEFAULT_ROW_LIMIT:,} rows", f"{SPARQL_ROW_LIMIT:,} on the explorer", f"{BYTE_LIMIT:,} characters"],
        "query size": [f"{MAX_QUERY_CHARS:,} characters"],
        "nesting": [f"at most {MAX_NESTING} deep"],
        "request body (`serve-sparql`)": [describe_size(MAX_BODY)],
        "connections (`serve-sparql`)": [f"{MAX_CONNECTIONS} at once", f"silent for {IDLE_TIMEOUT:g} s"],
    }
    for name, phrases in expected.items():
        assert name in rows, f"no row {name!r} in the README's limits table"
        for phrase in phrases:
            assert phrase in rows[name], f"{name}: the README should say {phrase!r}"
