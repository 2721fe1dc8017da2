"""Crashes and interruptions of a real `alliancegraph ingest` process: SIGKILL at several points, Ctrl-C,
a second writer. After each, the store opens and holds only whole articles; a rerun completes it exactly."""

from __future__ import annotations

import itertools
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parents[1]
AG = "https://w3id.org/alliancegraph/ns#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
ACTORS_GRAPH = "https://w3id.org/alliancegraph/id/graph/actors"
STATES = ["Russia", "Azerbaijan", "Turkey", "Israel", "Armenia", "Georgia", "Iran", "France"]
#: Log bytes that mean an article was committed (opening a new store alone writes a few dozen).
ARTICLE_BYTES = 1000
VERBS = ["signed a defence agreement with", "condemned", "accused", "met with", "threatened", "praised"]


def write_corpus(folder: Path, n: int = 60) -> Path:
    """``n`` small English articles, each with a few relations between states."""
    folder.mkdir(parents=True, exist_ok=True)
    pairs = list(itertools.permutations(STATES, 2))
    for i in range(n):
        a, b = pairs[i % len(pairs)]
        c, d = pairs[(i * 7 + 3) % len(pairs)]
        (folder / f"art_{i:03d}.txt").write_text(
            f"Talks between {a} and {b}, part {i}\nPublished: 2025-0{1 + i % 9}-1{i % 10}\n\n"
            f"{a} {VERBS[i % 6]} {b} on Monday. {c} {VERBS[(i + 2) % 6]} {d} after the talks in the capital. "
            f"Officials from {b} said the meeting number {i} was useful.\n")
    return folder


def cli() -> list[str]:
    exe = Path(sys.executable).parent / "alliancegraph"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "alliancegraph"]


def start_ingest(corpus: Path, store: Path, log: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([*cli(), "ingest", str(corpus), "--store", str(store), "--batch-size", "1", *extra],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log.open("w"))


def run_ingest(corpus: Path, store: Path) -> subprocess.CompletedProcess:
    return subprocess.run([*cli(), "ingest", str(corpus), "--store", str(store), "--batch-size", "1"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)


def wal_bytes(store: Path) -> int:
    try:
        return sum(p.stat().st_size for p in store.glob("*.log"))
    except OSError:
        return 0


def wait_for_writes(proc: subprocess.Popen, store: Path, min_bytes: int, timeout: float = 120) -> None:
    """Until the writer's log has grown by ``min_bytes`` over its lowest size since the start (opening
    replays and restarts the log, a flush rotates it): some articles are committed. Fails if it ends first."""
    deadline = time.monotonic() + timeout
    low = wal_bytes(store)
    while (size := wal_bytes(store)) < low + min_bytes:
        low = min(low, size)
        assert proc.poll() is None, "ingest ended before the kill point"
        assert time.monotonic() < deadline, "ingest wrote nothing"
        time.sleep(0.01)


def dump(store: Path) -> dict[str, set[str]]:
    """Every named graph of the store -> its quads (N-Quads strings). Opening at all is part of the check."""
    s = ox.Store.read_only(str(store))
    graphs: dict[str, set[str]] = {}
    for q in s.quads_for_pattern(None, None, None, None):
        graphs.setdefault(q.graph_name.value, set()).add(f"{q.subject} {q.predicate} {q.object}")
    del s
    return graphs


def assert_whole_articles(graphs: dict[str, set[str]], reference: dict[str, set[str]]) -> int:
    """Every article graph is complete (its ag:relationCount matches, and it equals the reference graph);
    no article is stored twice. Returns the number of articles."""
    ids = []
    for name, quads in graphs.items():
        if name == ACTORS_GRAPH:
            assert quads <= reference[ACTORS_GRAPH]
            continue
        assert quads == reference.get(name), f"graph {name} is partial or unknown"
        counts = [q for q in quads if f"<{AG}relationCount>" in q]
        relations = [q for q in quads if q.endswith(f"<{RDF_TYPE}> <{AG}Relation>")]
        assert len(counts) == 1 and f'"{len(relations)}"' in counts[0]
        ids += [q.split(" ", 1)[0] for q in quads if q.endswith("<https://schema.org/NewsArticle>")]
    assert len(ids) == len(set(ids)), "an article is stored twice"
    return len(ids)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("corpus") / "articles")


@pytest.fixture(scope="module")
def reference(corpus, tmp_path_factory) -> dict[str, set[str]]:
    """The store an uninterrupted ingest builds."""
    store = tmp_path_factory.mktemp("reference") / "store"
    done = run_ingest(corpus, store)
    assert done.returncode == 0, done.stderr
    graphs = dump(store)
    assert len(graphs) == 61  # 60 articles and the actors
    return graphs


def test_sigkill_at_several_points_leaves_whole_articles_and_a_rerun_completes(corpus, reference, tmp_path):
    store = tmp_path / "store"
    stored = []
    # Kill points: before the store is opened, right after the first commits, and further in.
    for n, (min_bytes, delay) in enumerate([(0, 0.3), (ARTICLE_BYTES, 0.0), (ARTICLE_BYTES, 0.4), (ARTICLE_BYTES, 1.2)]):
        proc = start_ingest(corpus, store, tmp_path / f"kill{n}.log")
        if min_bytes:
            wait_for_writes(proc, store, min_bytes)
        time.sleep(delay)
        if proc.poll() is not None:
            break  # finished before this kill point: nothing left to interrupt
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        if not (store / "CURRENT").exists():
            stored.append(0)
            continue
        stored.append(assert_whole_articles(dump(store), reference))
    assert stored == sorted(stored) and max(stored) > 0, stored  # whole articles, more after each kill

    done = run_ingest(corpus, store)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert dump(store) == reference  # completed, nothing duplicated


def test_killing_a_replace_loop_leaves_the_old_or_the_new_graph_whole(tmp_path):
    """add_article replacing a large article over and over, killed mid-run: one version, complete."""
    store = tmp_path / "store"
    code = f"""
import sys
sys.path.insert(0, {str(ROOT / 'tests')!r})
from conftest import _relation
from graph.store import add_article, open_store
ds = open_store(sys.argv[1])
for version in range(10_000):
    article = {{"id": "big", "text": "Version %d. " % version + "Russia attacked Azerbaijan. " * 200,
               "title": "v%d" % version, "date": "2025-07-04", "url": None}}
    records = [_relation("big", "Russia attacked Azerbaijan %d." % j, "RUS", "AZE", "ASSAULT", 4, -1, -9.0,
                         "attacked", "2025-07-04", index=j) for j in range(300 + version % 7)]
    add_article(ds, article, records)
    print(version, flush=True)
"""
    for delay in (0.3, 1.1):
        proc = subprocess.Popen([sys.executable, "-c", code, str(store)], cwd=ROOT, stdout=subprocess.PIPE,
                                text=True)
        assert proc.stdout.readline().strip() == "0"  # the store has a first version
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        graphs = dump(store)
        articles = {g: q for g, q in graphs.items() if g != ACTORS_GRAPH}
        assert len(articles) == 1, sorted(articles)  # old or new, never both, never none
        (quads,) = articles.values()
        relations = sum(1 for q in quads if q.endswith(f"<{RDF_TYPE}> <{AG}Relation>"))
        assert 300 <= relations < 307
        assert any(f'relationCount> "{relations}"' in q for q in quads)


def test_ctrl_c_stops_cleanly_with_a_true_summary(corpus, reference, tmp_path):
    store = tmp_path / "store"
    log = tmp_path / "ingest.log"
    proc = start_ingest(corpus, store, log)
    wait_for_writes(proc, store, ARTICLE_BYTES)
    time.sleep(0.3)
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=60) == 130
    err = log.read_text()
    assert "Traceback" not in err
    assert "interrupted" in err
    summary = next(line for line in err.splitlines() if " added, " in line)
    added = int(summary.split(" added")[0])
    assert 0 < added < 60
    assert assert_whole_articles(dump(store), reference) == added  # the summary says what went in


def test_a_second_writer_gets_a_clear_message_and_status_2(corpus, reference, tmp_path):
    store = tmp_path / "store"
    first = start_ingest(corpus, store, tmp_path / "first.log")
    second = start_ingest(corpus, store, tmp_path / "second.log")
    codes = sorted([first.wait(timeout=300), second.wait(timeout=300)])
    logs = (tmp_path / "first.log").read_text() + (tmp_path / "second.log").read_text()
    assert codes == [0, 2], logs
    assert "is in use by another ingest" in logs
    assert "Traceback" not in logs
    assert dump(store) == reference
