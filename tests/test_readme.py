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
