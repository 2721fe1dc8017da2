"""Terminal escape sequences and bidirectional overrides in file names, titles, labels and sentences are
shown escaped in every line the CLI prints for a person, and a newline in a file name forges no line;
CSV and JSON output keep the data exact. The real CLI runs as a subprocess on hostile files."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from alliancegraph.terminal import printable

ROOT = Path(__file__).resolve().parents[1]
HIDDEN = {*map(chr, range(0x00, 0x20)), "\x7f", *map(chr, range(0x80, 0xA0)), "\u061c", "\u200e", "\u200f",
          "\u2028", "\u2029", *map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A))}
EVIL = "\x1b[31m\x1b]0;pwned\x07\u202e\u2066\x9b2J"  # colour, window title, right-to-left, isolate, C1 CSI
FORGED = "\nskipped forged.txt: looks real"


def cli(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).parent / "alliancegraph"
    command = [str(exe)] if exe.exists() else [sys.executable, "-m", "alliancegraph"]
    env = dict(os.environ, COLUMNS="1000")  # wide enough that no table cell wraps inside an escape
    return subprocess.run([*command, *args], cwd=ROOT, capture_output=True, timeout=timeout, env=env)


def assert_shown_escaped(output: bytes, where: str) -> str:
    """No raw control or bidi character but the line ends; the text, for more checks."""
    text = output.decode("utf-8")
    raw = sorted({f"U+{ord(c):04X}" for c in text if c in HIDDEN and c != "\n"})
    assert not raw, f"{where}: raw {raw} in:\n{text[-3000:]}"
    return text


# -- the helper -----------------------------------------------------------------------------------

@pytest.mark.parametrize("char", sorted(HIDDEN))
def test_every_control_and_bidi_character_is_escaped(char):
    shown = printable(f"a{char}b")
    assert not set(shown) & HIDDEN and shown.startswith("a\\") and shown.endswith("b")


@given(st.text(st.characters(blacklist_categories=["Cs"])))
def test_other_text_is_left_as_it_is_and_escaping_is_idempotent(text):
    shown = printable(text)
    assert not set(shown) & HIDDEN and printable(shown) == shown
    if not set(text) & HIDDEN:
        assert shown == text


# -- the real CLI ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """A folder of hostile files, and a store from ``ingest --format relations`` of hostile records."""
    root = tmp_path_factory.mktemp("terminal")
    folder = root / "in"
    folder.mkdir()
    (folder / f"empty{EVIL}{FORGED}.txt").write_text("")
    (folder / f"lines{EVIL}.jsonl").write_text("not json\n")
    (folder / f"good{EVIL}.txt").write_text(
        f"Talks{EVIL} fail\nPublished: 2025-07-04\n\nRussia attacked Azerbaijan on Monday, the {EVIL} minister said.\n")
    pdf = root / f"paper{EVIL}.pdf"
    pdf.write_bytes(b"%PDF-1.7")

    label, sentence, article = f"Evil{EVIL}land", f"Evil{EVIL}land aligned with Russia.{FORGED}", f"art{EVIL}{FORGED}"
    records = [{"article": article, "source": {"id": "EVL", "label": label}, "target": {"id": "RUS", "label": "Russia"},
                "type": typ, "polarity": pol, "sentence": sentence, "date": date}
               for typ, pol, date in (("ALIGN", 1, "2025-07-04"), ("ASSAULT", -1, "2025-08-04"),
                                      ("DISTANCE", -1, "2025-09-04"))]
    relations = root / f"rel{EVIL}.jsonl"
    relations.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records) + "{oops\n",
                         encoding="utf-8")
    store = root / "store"
    imported = cli("ingest", "--format", "relations", str(relations), "--store", str(store))
    return {"folder": folder, "pdf": pdf, "relations": relations, "store": store, "imported": imported,
            "label": label, "sentence": sentence, "article": article}


def test_import_skip_lines_and_summary_are_escaped(hostile):
    done = hostile["imported"]
    assert done.returncode == 1, done.stderr.decode()
    err = assert_shown_escaped(done.stderr, "ingest --format relations")
    skipped = [line for line in err.splitlines() if line.startswith("skipped ")]
    assert len(skipped) == 1 and "rel\\x1b[31m\\x1b]0;pwned\\x07\\u202e\\u2066\\x9b2J.jsonl:4" in skipped[0]


@pytest.mark.model
@pytest.mark.parametrize("verb", ["ingest", "extract"])
def test_skip_lines_are_one_per_file_and_escaped(hostile, tmp_path, verb):
    extra = ["--store", str(tmp_path / "store")] if verb == "ingest" else []
    done = cli(verb, str(hostile["folder"]), str(hostile["pdf"]), *extra)
    assert done.returncode == 1, done.stderr.decode()
    err = assert_shown_escaped(done.stderr, verb)
    skipped = [line for line in err.splitlines() if line.startswith("skipped ")]
    assert len(skipped) == 3, err  # the empty file, the bad JSON line, the PDF: one line each
    assert not any(line.startswith("skipped forged") for line in err.splitlines()), err
    assert any("empty\\x1b[31m" in line and "\\nskipped forged.txt: looks real.txt: empty file" in line
               for line in skipped), skipped
    if verb == "extract":  # the records, JSON on stdout, carry the text exactly
        sentences = {json.loads(line)["sentence"] for line in done.stdout.decode().splitlines()}
        assert f"Russia attacked Azerbaijan on Monday, the {EVIL} minister said." in sentences


def test_an_error_naming_a_hostile_path_is_one_escaped_line(tmp_path):
    done = cli("ingest", str(tmp_path / f"missing{EVIL}{FORGED}.txt"), "--store", str(tmp_path / "s"))
    assert done.returncode == 2
    err = assert_shown_escaped(done.stderr, "error")
    assert err.count("\n") == 1 and err.startswith("error: no such file or folder: ") and "\\x1b[31m" in err


def _strings(data) -> list[str]:
    if isinstance(data, str):
        return [data]
    items = data.values() if isinstance(data, dict) else data if isinstance(data, list) else ()
    return [s for item in items for s in _strings(item)]


QUERY = """SELECT ?label ?sentence ?article WHERE {
  ?r a ag:Relation ; ag:source/rdfs:label ?label ; ag:evidence ?sentence ; prov:wasDerivedFrom ?a .
  ?a schema:identifier ?article } LIMIT 1"""


def test_query_table_is_escaped_and_csv_json_exact(hostile):
    store = str(hostile["store"])
    expected = [hostile["label"], hostile["sentence"], hostile["article"]]
    table = cli("query", QUERY, "--store", store)
    assert table.returncode == 0, table.stderr.decode()
    shown = assert_shown_escaped(table.stdout, "query table")
    assert printable(hostile["label"]) in shown and printable(hostile["sentence"]) in shown
    as_json = cli("query", QUERY, "--store", store, "--format", "json")
    assert set(expected) <= set(_strings(json.loads(as_json.stdout)))  # whatever the JSON's shape
    as_csv = cli("query", QUERY, "--store", store, "--format", "csv")
    assert list(csv.reader(io.StringIO(as_csv.stdout.decode("utf-8"), newline="")))[1] == expected


def test_actors_and_analyze_tables_are_escaped_and_json_exact(hostile):
    store = str(hostile["store"])
    for args in (["actors"], ["analyze", "--window", "month", "--actor", "EVL"]):
        table = cli(*args, "--store", store)
        assert table.returncode == 0, table.stderr.decode()
        shown = assert_shown_escaped(table.stdout + table.stderr, " ".join(args))
        assert printable(hostile["label"]) in shown
        as_json = cli(*args, "--store", store, "--format", "json")
        assert hostile["label"] in _strings(json.loads(as_json.stdout)), args
    analysis = json.loads(cli("analyze", "--store", store, "--format", "json").stdout)
    evidence = [e for s in analysis["shifts"] for e in s["evidence"]]
    assert evidence and all(e["sentence"] == hostile["sentence"] and e["article"] == hostile["article"]
                            for e in evidence)
    table = cli("analyze", "--window", "month", "--store", store).stdout.decode("utf-8")
    assert printable(hostile["article"]) in table
    assert not any(line.startswith("skipped forged") for line in table.splitlines())
