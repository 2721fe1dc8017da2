"""Hostile JSON lines (nested 100,000 deep, longer than any article) are skipped one line at a time and the
lines around them go in: the loaders, the relations importer, the real CLI (`ingest`, `extract`,
`ingest --format relations`) in a subprocess, and the explorer's Ingest page upload."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from extract.importers import import_relations
from extract.jsonl import MAX_DEPTH, JsonLineError, bounded_lines, loads_line, nesting_depth
from extract.loaders import Article, Skipped, iter_articles

ROOT = Path(__file__).resolve().parents[1]
TEXT = ("Turkey signed a defence agreement with Azerbaijan on Monday. Russia condemned the agreement, "
        "and Moscow summoned the Turkish ambassador.")
DEEP = 100_000
# Valid JSON whose only fault is its depth, in the shapes an attacker would try.
HOSTILE = {
    "arrays": "[" * DEEP + "]" * DEEP,
    "objects": '{"a":' * DEEP + "1" + "}" * DEEP,
    "in an article": json.dumps({"id": "h", "text": TEXT})[:-1] + ', "extra": ' + "[" * DEEP + "]" * DEEP + "}",
    "unbalanced": "[" * DEEP,
}


def cli() -> list[str]:
    exe = Path(sys.executable).parent / "alliancegraph"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "alliancegraph"]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*cli(), *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


def article_line(aid: str) -> str:
    """A good article; each id its own text (the same text twice is stored once, as a reprint)."""
    return json.dumps({"id": aid, "text": f"{TEXT} Officials met in Baku for talks number {aid}.", "title": aid,
                       "date": "2025-07-04"})


def record_line(article: str, target: str = "TUR") -> str:
    return json.dumps({"article": article, "source": {"id": "AZE", "label": "Azerbaijan"},
                       "target": {"id": target, "label": target}, "type": "ALIGN", "polarity": 1,
                       "sentence": f"Azerbaijan turns to {target}.", "date": "2025-07-04"})


# -- the pre-scan and the line bound ----------------------------------------------------------------

def test_nesting_depth_ignores_brackets_in_strings_and_escapes():
    assert nesting_depth('{"a": "[[[[{{{{", "b": ["\\"[[", [1]]}') == 3
    assert nesting_depth('"unterminated [[[[') == 0
    assert nesting_depth("") == 0


@pytest.mark.parametrize("shape", sorted(HOSTILE))
def test_hostile_nesting_is_refused_before_the_decoder_recurses(shape):
    with pytest.raises(JsonLineError, match=f"nested deeper than {MAX_DEPTH} levels"):
        loads_line(HOSTILE[shape])


def test_the_limit_is_exact_and_generous_for_real_records():
    assert loads_line("[" * MAX_DEPTH + "]" * MAX_DEPTH) is not None
    with pytest.raises(JsonLineError):
        loads_line("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1))
    assert nesting_depth(record_line("a1")) == 2 and nesting_depth(article_line("a1")) == 1


def test_the_pre_scan_is_linear():
    """Ten times the line takes about ten times as long (not a hundred): the scan is one pass."""
    def timed(n: int) -> float:
        line = "[" + ",".join('["x[", {"y": [1]}]' for _ in range(n)) + "]"
        start = time.perf_counter()
        nesting_depth(line)
        return time.perf_counter() - start

    small, large = min(timed(20_000) for _ in range(3)), min(timed(200_000) for _ in range(3))
    assert large < 30 * small + 0.05, (small, large)


def test_a_line_longer_than_the_bound_is_cut_and_the_next_line_read():
    stream = io.BytesIO(b"first\n" + b"x" * 25 + b"\nlast\n")
    assert list(bounded_lines(stream, limit=10)) == [(b"first\n", False), (b"x" * 10, True), (b"last\n", False)]


# -- the readers -------------------------------------------------------------------------------------

@pytest.mark.parametrize("shape", sorted(HOSTILE))
def test_loaders_skip_the_hostile_line_and_read_both_neighbours(tmp_path, shape):
    f = tmp_path / "mixed.jsonl"
    f.write_text(article_line("good1") + "\n" + HOSTILE[shape] + "\n" + article_line("good2") + "\n")
    items = list(iter_articles([f]))
    assert [i.id for i in items if isinstance(i, Article)] == ["good1", "good2"]
    (skipped,) = [i for i in items if isinstance(i, Skipped)]
    assert skipped.path == f"{f}:2" and f"JSON nested deeper than {MAX_DEPTH} levels" in skipped.reason


def test_loaders_skip_a_hostile_line_in_utf16_too(tmp_path):
    f = tmp_path / "wide.jsonl"
    f.write_bytes((article_line("good1") + "\n" + HOSTILE["arrays"] + "\n" + article_line("good2") + "\n")
                  .encode("utf-16"))
    items = list(iter_articles([f]))
    assert [i.id for i in items if isinstance(i, Article)] == ["good1", "good2"]
    assert [i.path for i in items if isinstance(i, Skipped)] == [f"{f}:2"]


def test_a_line_with_no_end_is_skipped_unread_and_the_next_line_goes_in(tmp_path):
    from extract.jsonl import MAX_LINE_BYTES

    f = tmp_path / "long.jsonl"
    with f.open("w") as out:
        out.write(article_line("good1") + "\n")
        out.write('{"id": "big", "text": "' + "a" * (MAX_LINE_BYTES + 10) + '"}\n')
        out.write(article_line("good2") + "\n")
    items = list(iter_articles([f]))
    assert [i.id for i in items if isinstance(i, Article)] == ["good1", "good2"]
    (skipped,) = [i for i in items if isinstance(i, Skipped)]
    assert skipped.path == f"{f}:2" and "longer than" in skipped.reason


def test_relations_importer_skips_hostile_and_undecodable_lines(tmp_path):
    f = tmp_path / "records.jsonl"
    f.write_bytes((record_line("a1") + "\n" + HOSTILE["objects"] + "\n").encode() + b"\xff\xfe{bad\n"
                  + (record_line("a2", "ISR") + "\n").encode())
    items = list(import_relations(f))
    skipped = [i for i in items if isinstance(i, Skipped)]
    assert [s.path for s in skipped] == [f"{f}:2", f"{f}:3"]
    assert "nested deeper" in skipped[0].reason and "not UTF-8" in skipped[1].reason
    assert [art["id"] for art, _records in (i for i in items if isinstance(i, tuple))] == ["a1", "a2"]


# -- the real CLI ------------------------------------------------------------------------------------

def _one_skip_line(stderr: str, path: Path) -> str:
    assert "Traceback" not in stderr and "RecursionError" not in stderr, stderr
    skips = [line for line in stderr.splitlines() if line.startswith("skipped ")]
    assert len(skips) == 1, stderr
    assert skips[0].startswith(f"skipped {path}:2: ") and f"JSON nested deeper than {MAX_DEPTH} levels" in skips[0]
    return skips[0]


def _stored_ids(store: Path) -> list[str]:
    proc = run("query", "SELECT ?id WHERE { ?a a schema:NewsArticle ; schema:identifier ?id } ORDER BY ?id",
               "--store", str(store), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    return [row[0] if isinstance(row, list) else row["id"] for row in json.loads(proc.stdout)["rows"]]


@pytest.mark.parametrize("how", ["relations", pytest.param("text", marks=pytest.mark.model)])
def test_cli_ingest_stores_both_good_neighbours(tmp_path, how):
    """`ingest --format relations` (records) and `ingest` (articles, with the real pipeline)."""
    good = [record_line("a1"), record_line("a2", "ISR")] if how == "relations" else [article_line("a1"),
                                                                                     article_line("a2")]
    f = tmp_path / "input.jsonl"
    f.write_text(good[0] + "\n" + HOSTILE["arrays"] + "\n" + good[1] + "\n")
    store = tmp_path / "store"
    proc = run("ingest", *(["--format", "relations"] if how == "relations" else []), str(f), "--store", str(store))
    assert proc.returncode == 1, proc.stderr
    _one_skip_line(proc.stderr, f)
    assert "2 added, 0 replaced, 0 unchanged, 1 skipped" in proc.stderr
    assert _stored_ids(store) == ["a1", "a2"]


@pytest.mark.model
def test_cli_extract_prints_the_records_of_both_good_articles(tmp_path):
    f = tmp_path / "articles.jsonl"
    f.write_text(article_line("good1") + "\n" + HOSTILE["in an article"] + "\n" + article_line("good2") + "\n")
    proc = run("extract", str(f))
    assert proc.returncode == 1, proc.stderr
    _one_skip_line(proc.stderr, f)
    assert {json.loads(line)["article"] for line in proc.stdout.splitlines()} == {"good1", "good2"}


@pytest.mark.model
def test_ingest_page_upload_skips_the_line_and_stores_the_rest(tmp_path, monkeypatch):
    """The explorer's Ingest page, through AppTest, with the real pipeline: an uploaded JSONL file."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    st.cache_data.clear()
    st.cache_resource.clear()
    store = tmp_path / "store"
    monkeypatch.setenv("ALLIANCEGRAPH_STORE", str(store))
    at = AppTest.from_string("from explorer.pages import ingest_page\ningest_page()", default_timeout=300)
    at.run()
    data = (article_line("good1") + "\n" + HOSTILE["objects"] + "\n" + article_line("good2") + "\n").encode()
    at.file_uploader(key="ingest_files").set_value(("upload.jsonl", data, "application/json")).run()
    at.button(key="ingest_go").click().run()
    assert not at.exception, [e.value for e in at.exception]
    warnings = [w.value for w in at.warning]
    assert len(warnings) == 1 and "nested deeper than" in warnings[0], warnings
    assert "2 added" in at.success[0].value
    st.cache_resource.clear()  # the page's pipeline and handles: release the store before reading it
    assert _stored_ids(store) == ["good1", "good2"]
