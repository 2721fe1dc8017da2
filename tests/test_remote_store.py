"""A real Oxigraph server process as the store: ``open_store("http://127.0.0.1:PORT")``.

Each test starts ``oxigraph serve`` (the ``oxigraph`` package of the test extra) on a free loopback
port with its own data directory and stops it afterwards.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from graph import queries
from graph.projection import actor_graph
from graph.queries import list_articles, relation_rows, relations_of, store_counts
from graph.remote import endpoints, is_url
from graph.sparql import QueryError, run_query
from graph.store import StoreError, add_article, close_store, open_store

ROOT = Path(__file__).resolve().parent.parent


def _oxigraph() -> str:
    exe = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if exe is None:
        pytest.fail("the `oxigraph` server is missing: pip install -e '.[test]' (it is in the test extra)")
    return exe


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_http(url: str, proc: subprocess.Popen, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with status {proc.returncode}: {proc.stderr.read()[-2000:]}")
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"no answer from {url} within {timeout} s")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def start_oxigraph(tmp_path: Path, *, union: bool = True) -> tuple[subprocess.Popen, str]:
    port = free_port()
    command = [_oxigraph(), "serve", "--location", str(tmp_path / f"oxigraph-{port}"), "--bind", f"127.0.0.1:{port}"]
    if union:
        command.append("--union-default-graph")
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(url + "/query?query=ASK%7B%7D", proc)
    except BaseException:
        stop(proc)
        raise
    return proc, url


@pytest.fixture
def oxigraph_url(tmp_path):
    proc, url = start_oxigraph(tmp_path)
    try:
        yield url
    finally:
        stop(proc)


def _mention(aid: str, label: str) -> dict:
    return {"id": aid, "label": label, "text": label, "kind": "state", "country": aid, "start": 0, "end": len(label)}


def _record(article: str, sentence: str, s: str, t: str, type_: str, polarity: int, date: str, index: int = 0,
            symmetric: bool = False) -> dict:
    labels = {"RUS": "Russia", "AZE": "Azerbaijan", "TUR": "Turkey", "ISR": "Israel"}
    return {"article": article, "sentence": sentence, "sentence_index": index, "char_start": 0,
            "char_end": len(sentence), "source": _mention(s, labels[s]), "target": _mention(t, labels[t]),
            "type": type_, "quad_class": 4 if polarity < 0 else 1, "polarity": polarity,
            "intensity": -9.5 if polarity < 0 else 5.0, "negated": False, "symmetric": symmetric,
            "confidence": 0.8, "trigger": "t", "date": date}


ARTICLES = [
    ({"id": "a1.txt", "title": "Plane down", "date": "2025-07-04", "url": "https://example.org/a1",
      "text": "A Russian missile shot down an Azerbaijani plane. Baku summoned the ambassador."},
     [_record("a1.txt", "A Russian missile shot down an Azerbaijani plane.", "RUS", "AZE", "ASSAULT", -1, "2025-07-04"),
      _record("a1.txt", "Baku summoned the ambassador.", "AZE", "RUS", "PROTEST", -1, "2025-07-04", 1)]),
    ({"id": "a2.txt", "title": "Alliance", "date": "2025-07-10", "url": None,
      "text": "Azerbaijan and Turkey reaffirmed their alliance. Israel supplied Azerbaijan with drones."},
     [_record("a2.txt", "Azerbaijan and Turkey reaffirmed their alliance.", "AZE", "TUR", "ALIGN", 1, "2025-07-10",
              symmetric=True),
      _record("a2.txt", "Israel supplied Azerbaijan with drones.", "ISR", "AZE", "AID", 1, "2025-07-10", 1)]),
]


def _fill(ds) -> list[str]:
    return [add_article(ds, article, records) for article, records in ARTICLES]


def test_endpoints_from_the_url():
    assert is_url("https://example.org/sparql") and not is_url("store/dir")
    assert endpoints("http://h:7878/") == ("http://h:7878/query", "http://h:7878/update")
    assert endpoints("http://h:3030/ds/sparql") == ("http://h:3030/ds/sparql", "http://h:3030/ds/sparql")


def test_add_article_on_the_server_adds_keeps_and_replaces(oxigraph_url):
    ds = open_store(oxigraph_url)
    try:
        assert _fill(ds) == ["added", "added"]
        assert _fill(ds) == ["unchanged", "unchanged"]
        article, records = ARTICLES[1]
        assert add_article(ds, article, records[:1]) == "replaced"
        counts = store_counts(ds)
        assert (counts["articles"], counts["relations"]) == (2, 3)
        assert not [r for r in relations_of(ds, "AZE") if r["source"] == "ISR"]  # the dropped relation is gone
    finally:
        close_store(ds)
    # what was written is in the server, not in this client: a new connection sees it
    ds = open_store(oxigraph_url, read_only=True)
    try:
        assert store_counts(ds)["relations"] == 3
    finally:
        close_store(ds)


def test_the_apps_queries_give_the_same_answers_as_the_embedded_store(oxigraph_url, tmp_path):
    remote, local = open_store(oxigraph_url), open_store(tmp_path / "local")
    try:
        _fill(remote)
        _fill(local)
        assert store_counts(remote) == store_counts(local)
        assert list_articles(remote) == list_articles(local)
        assert relations_of(remote, "AZE") == relations_of(local, "AZE")
        assert relation_rows(remote) == relation_rows(local)
        # without sentences both read the packed rows (graph.packed_rows), the server's through plain SPARQL
        packed = relation_rows(local, sentences=False)
        assert relation_rows(remote, sentences=False) == packed and packed
        assert queries._packed_rows(remote, None, None) == packed
        g_remote, g_local = actor_graph(remote), actor_graph(local)
        assert sorted(g_remote.edges(data=True)) == sorted(g_local.edges(data=True))
        assert dict(g_remote.nodes(data=True)) == dict(g_local.nodes(data=True))
        assert run_query(remote, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows == \
            run_query(local, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows
    finally:
        close_store(remote)
        close_store(local)


def test_query_errors_and_refusals_on_the_server(oxigraph_url):
    ds = open_store(oxigraph_url)
    try:
        _fill(ds)
        with pytest.raises(QueryError, match="syntax error at line 1"):  # refused before it is sent
            run_query(ds, "SELECT ?x WHERE { ?x ?y }")
        with pytest.raises(QueryError, match="read-only"):
            run_query(ds, "DELETE WHERE { ?s ?p ?o }")
        run_query(ds, "DELETE WHERE { GRAPH ?g { ?r ag:trigger ?t } }", allow_update=True)
        assert run_query(ds, "ASK { ?r ag:trigger ?t }").rows == [[False]]
    finally:
        close_store(ds)


def test_a_server_whose_default_graph_is_not_the_union_is_refused_with_the_fix(tmp_path):
    proc, url = start_oxigraph(tmp_path, union=False)
    try:
        req = urllib.request.Request(url + "/update", method="POST", headers={"Content-Type": "application/sparql-update"},
                                     data=b"INSERT DATA { GRAPH <urn:g> { <urn:s> <urn:p> <urn:o> } }")
        urllib.request.urlopen(req, timeout=10).close()
        with pytest.raises(StoreError, match="--union-default-graph"):
            open_store(url)
    finally:
        stop(proc)


def test_an_unreachable_server_is_one_store_error():
    with pytest.raises(StoreError, match="cannot reach the SPARQL endpoint"):
        open_store(f"http://127.0.0.1:{free_port()}/sparql")


@pytest.mark.model
def test_cli_ingests_queries_and_ranks_on_the_server(oxigraph_url):
    def cli(*args):
        return subprocess.run([sys.executable, "-m", "alliancegraph", *args], capture_output=True, text=True,
                              cwd=ROOT, timeout=300)

    first = cli("ingest", "data/demo", "--store", oxigraph_url)
    assert first.returncode == 0, first.stderr
    assert "2 added" in first.stderr and oxigraph_url in first.stderr
    again = cli("ingest", "data/demo", "--store", oxigraph_url + "/query")
    assert "2 unchanged" in again.stderr, again.stderr
    stored = int(first.stderr.split(" relations stored")[0].rsplit(" ", 1)[-1])
    q = cli("query", "SELECT (COUNT(?r) AS ?n) WHERE { ?r a ag:Relation }", "--store", oxigraph_url, "--format", "json")
    assert q.returncode == 0, q.stderr
    assert json.loads(q.stdout)["rows"] == [{"n": stored}]
    ranked = cli("actors", "--store", oxigraph_url, "--format", "json", "--top", "3")
    assert ranked.returncode == 0, ranked.stderr
    assert "AZE" in [a["id"] for a in json.loads(ranked.stdout)]
