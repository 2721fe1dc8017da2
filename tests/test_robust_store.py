"""A damaged store, through the real CLI in subprocesses: `ingest` never writes into it (no file of it changes),
`check` and the read verbs say what is wrong in one line with status 2, and the advice never suggests a
command that would damage it. `check` on a whole store reports its counts and exits 0."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def cli() -> list[str]:
    exe = Path(sys.executable).parent / "alliancegraph"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "alliancegraph"]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*cli(), *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


def records(prefix: str, n: int) -> str:
    pairs = [("AZE", "TUR", 1), ("RUS", "AZE", -1), ("ISR", "AZE", 1), ("ARM", "AZE", -1)]
    lines = []
    for i in range(n):
        for j, (s, t, p) in enumerate(pairs[i % 2:i % 2 + 3]):
            lines.append(json.dumps({"article": f"{prefix}{i}", "source": {"id": s}, "target": {"id": t},
                                     "type": "CONSULT" if p > 0 else "ACCUSE", "polarity": p, "sentence_index": j,
                                     "sentence": f"{s} and {t} in {prefix}{i}.", "date": f"2025-0{1 + i % 9}-01"}))
    return "\n".join(lines) + "\n"


def listing(folder: Path) -> dict[str, tuple]:
    """Every file of the folder: size, modification time and content hash."""
    out = {}
    for f in sorted(folder.iterdir()):
        st = f.stat()
        out[f.name] = (st.st_size, st.st_mtime_ns, hashlib.sha256(f.read_bytes()).hexdigest())
    return out


@pytest.fixture(scope="module")
def whole_store(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("whole")
    (folder / "records.jsonl").write_text(records("a", 40))
    store = folder / "store"
    proc = run("ingest", "--format", "relations", str(folder / "records.jsonl"), "--store", str(store))
    assert proc.returncode == 0, proc.stderr
    assert list(store.glob("*.sst")) and list(store.glob("MANIFEST-*")), sorted(p.name for p in store.iterdir())
    return store


@pytest.fixture(scope="module")
def more_records(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("input") / "more.jsonl"
    path.write_text(records("b", 3))
    return path


def _largest(store: Path, pattern: str) -> Path:
    return max(store.glob(pattern), key=lambda p: p.stat().st_size)


def _garble(path: Path, start: int, length: int) -> None:
    data = bytearray(path.read_bytes())
    data[start:start + length] = bytes((b ^ 0x5A) for b in data[start:start + length])
    path.write_bytes(bytes(data))


def _remove_a_relation(store: Path) -> None:
    from graph.sparql import run_query
    from graph.store import close_store, open_store

    ds = open_store(store)
    try:
        run_query(ds, 'DELETE { GRAPH ?g { ?r ?p ?o } } WHERE { { SELECT ?g ?r WHERE { GRAPH ?g { ?a schema:identifier '
                      '"a7" . ?r prov:wasDerivedFrom ?a } } ORDER BY ?r LIMIT 1 } GRAPH ?g { ?r ?p ?o } }',
                  allow_update=True)
    finally:
        close_store(ds)


DAMAGE = {
    "CURRENT deleted": lambda s: (s / "CURRENT").unlink(),
    "table file truncated": lambda s: os.truncate(_largest(s, "*.sst"), _largest(s, "*.sst").stat().st_size // 2),
    "table file footer garbled": lambda s: _garble(_largest(s, "*.sst"), _largest(s, "*.sst").stat().st_size - 40, 40),
    "MANIFEST garbled": lambda s: _garble(_largest(s, "MANIFEST-*"), 60, 120),
    "a relation removed by a SPARQL update": _remove_a_relation,
}


def _one_error_line(proc: subprocess.CompletedProcess) -> str:
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert "Traceback" not in proc.stderr and "Traceback" not in proc.stdout, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), proc.stderr
    return lines[0]


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_a_damaged_store_is_never_written_and_every_verb_says_so(whole_store, more_records, tmp_path, damage):
    store = tmp_path / "store"
    shutil.copytree(whole_store, store)
    DAMAGE[damage](store)
    before = listing(store)

    line = _one_error_line(run("ingest", "--format", "relations", str(more_records), "--store", str(store)))
    assert "damaged" in line and "nothing was" in line, line
    assert listing(store) == before, "ingest changed a file of the damaged store"
    assert "alliancegraph ingest" not in line  # the advice must not send the user to the command that writes
    assert f"alliancegraph check --store {store}" in line

    for verb in (["check"], ["actors"], ["analyze", "--window", "month"]):
        line = _one_error_line(run(*verb, "--store", str(store)))
        assert "damaged" in line and "alliancegraph ingest" not in line, (verb, line)
    assert listing(store) == before, "a read verb changed a file of the damaged store"


def test_check_names_the_article_that_is_not_whole(whole_store, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(whole_store, store)
    _remove_a_relation(store)
    proc = run("check", "--store", str(store))
    _one_error_line(proc)
    damaged = [line for line in proc.stdout.splitlines() if line.startswith("damaged: ")]
    assert len(damaged) == 1 and "article 'a7'" in damaged[0] and "ag:relationCount is 3, 2 relations found" in damaged[0]


def test_check_reports_a_whole_store_and_changes_nothing(whole_store):
    before = listing(whole_store)
    proc = run("check", "--store", str(whole_store))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines()[0].startswith(f"store {whole_store}: 40 articles, 120 relations, 5 actors; ")
    assert "every one read" in proc.stdout and proc.stdout.strip().endswith("the store is whole")
    assert not [line for line in proc.stdout.splitlines() if line.startswith(("damaged", "note"))]
    assert listing(whole_store) == before


def test_check_finds_derived_data_that_no_longer_matches(whole_store, tmp_path):
    """Packed rows changed behind the readers' back (no SPARQL update mark): the readers would trust them."""
    import pyoxigraph as ox

    store = tmp_path / "store"
    shutil.copytree(whole_store, store)
    inner = ox.Store(str(store))
    ag = "https://w3id.org/alliancegraph/ns#"
    (quad,) = [q for q in inner.quads_for_pattern(None, ox.NamedNode(ag + "relationRows"), None, None)
               if q.object.value.startswith("a3\t")]
    inner.remove(quad)
    inner.add(ox.Quad(quad.subject, quad.predicate, ox.Literal(quad.object.value.replace("\t1\t", "\t-1\t", 1)),
                      quad.graph_name))
    del inner
    proc = run("check", "--store", str(store))
    _one_error_line(proc)
    assert "damaged: article 'a3'" in proc.stdout and "ag:relationRows does not match its relations" in proc.stdout


def test_a_missing_store_still_says_run_ingest_and_an_empty_folder_gets_a_store(tmp_path, more_records):
    line = _one_error_line(run("check", "--store", str(tmp_path / "nowhere")))
    assert "run `alliancegraph ingest` first" in line
    (tmp_path / "empty").mkdir()
    proc = run("ingest", "--format", "relations", str(more_records), "--store", str(tmp_path / "empty"))
    assert proc.returncode == 0, proc.stderr
    assert run("check", "--store", str(tmp_path / "empty")).returncode == 0
