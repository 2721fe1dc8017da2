"""Extraction on a real Dask cluster: a ``LocalCluster`` of two worker processes on loopback.

The distributed results must equal a local run's, article for article and record for record,
and ``ingest --dask`` must store the same relations as a local ``ingest``.
"""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from extract.evaluate import load_petrarch_gold
from extract.loaders import Article

distributed = pytest.importorskip("distributed", reason="pip install -e '.[test]' (dask[distributed])")

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.model


def _corpus() -> list[Article]:
    """The two demo articles and 30 short ones made of PETRARCH gold sentences (each text unique)."""
    sentences = [g.text for g in load_petrarch_gold()]
    articles = [Article(id=p.name, text=p.read_text(encoding="utf-8"), title=None, date="2025-07-04", url=None,
                        path=str(p)) for p in sorted((ROOT / "data" / "demo").glob("*.txt"))]
    for n in range(30):
        text = f"Report {n}\n\n" + "\n\n".join(sentences[(3 * n + k) % len(sentences)] for k in range(3))
        articles.append(Article(id=f"gold-{n:02d}", text=text, title=None, date=f"2024-0{1 + n % 9}-15", url=None,
                                path=None))
    return articles


@pytest.fixture(scope="module")
def cluster():
    import types

    from distributed import Client, LocalCluster

    # Worker processes are spawned, and spawn re-runs the parent's __main__ file. Earlier tests in
    # the session (Streamlit's AppTest) leave a temporary script there that cannot run on its own,
    # so the workers start from an empty __main__.
    real_main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        lc = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                          dashboard_address=None, worker_dashboard_address=None)
    finally:
        sys.modules["__main__"] = real_main
    client = Client(lc)
    try:
        yield lc, client
    finally:
        client.close()
        lc.close()


@pytest.fixture(scope="module")
def local_results():
    from extract.pipeline import build_pipeline, extract_articles

    nlp = build_pipeline()
    return [(a.id, records) for a, records in extract_articles(_corpus(), nlp)]


def test_the_cluster_extracts_what_a_local_run_extracts_in_order(cluster, local_results):
    from extract.distributed import extract_distributed, worker_stats

    _lc, client = cluster
    out = list(extract_distributed(_corpus(), client, articles_per_task=4, max_in_flight=3))
    assert [(a.id, records) for a, records in out] == local_results
    assert sum(len(r) for _, r in local_results) > 20
    stats = client.run(worker_stats)
    assert len(stats) == 2
    assert all(s["loads"] == 1 for s in stats.values()), stats  # the model, once per worker, not per task
    assert len({s["pid"] for s in stats.values()}) == 2


def test_ingest_dask_stores_the_same_relations_as_a_local_ingest(cluster, local_results, tmp_path):
    from graph.queries import relation_rows, store_counts
    from graph.store import add_article, close_store, open_store

    lc, _client = cluster
    corpus = tmp_path / "corpus.jsonl"
    import json

    corpus.write_text("".join(json.dumps({"id": a.id, "text": a.text, "date": a.date}) + "\n" for a in _corpus()),
                      encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "alliancegraph", "ingest", str(corpus), "--store", str(tmp_path / "dask"),
                          "--dask", lc.scheduler_address], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert run.returncode == 0, run.stderr
    assert f"{len(local_results)} added" in run.stderr

    local = open_store(tmp_path / "local")
    try:
        for article, (aid, records) in zip(_corpus(), local_results):
            add_article(local, {"id": aid, "text": article.text, "title": None, "date": article.date, "url": None},
                        records)
        expected, expected_counts = relation_rows(local), store_counts(local)
    finally:
        close_store(local)
    ds = open_store(tmp_path / "dask", read_only=True)
    try:
        assert relation_rows(ds) == expected
        assert store_counts(ds) == expected_counts
    finally:
        close_store(ds)


def test_an_unreachable_scheduler_is_one_error():
    from extract.distributed import DaskUnavailable, extract_distributed

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(DaskUnavailable, match="cannot reach the Dask scheduler"):
        extract_distributed([], f"tcp://127.0.0.1:{port}", connect_timeout="2s")


def test_ingest_rejects_n_process_with_dask(tmp_path):
    from typer.testing import CliRunner

    from alliancegraph.cli import app

    r = CliRunner().invoke(app, ["ingest", str(ROOT / "data" / "demo"), "--store", str(tmp_path / "s"),
                                 "--dask", "tcp://127.0.0.1:1", "--n-process", "2"])
    assert r.exit_code == 2
    assert "--n-process" in r.output


def test_n_process_2_gives_the_records_of_one_process(local_results):
    """``ingest --n-process 2``: spaCy's multiprocessing path, on its own (it has known hangs elsewhere)."""
    from extract.pipeline import build_pipeline, extract_articles

    articles = _corpus()[:8]
    out = [(a.id, records) for a, records in extract_articles(articles, build_pipeline(), n_process=2)]
    assert out == local_results[:8]
