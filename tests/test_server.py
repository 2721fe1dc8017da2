"""``alliancegraph serve-sparql`` as a real process, queried by real SPARQL clients (SPARQLWrapper, rdflib).

The servers listen on a free loopback port and are stopped (Ctrl-C, as a user would) after the tests.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, POST, POSTDIRECTLY, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from graph.queries import relations_of, store_counts
from graph.server import negotiate
from graph.sparql import run_query
from graph.store import add_article, close_store, open_store

sys.path.insert(0, str(Path(__file__).resolve().parent))
from conftest import start_sparql_server, stop_process  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
AG = "https://w3id.org/alliancegraph/ns#"


def _mention(aid, label):
    return {"id": aid, "label": label, "text": label, "kind": "state", "country": aid, "start": 0, "end": len(label)}


def _store(path: Path) -> Path:
    ds = open_store(path)
    try:
        for n, (s, t, pol) in enumerate([("RUS", "AZE", -1), ("AZE", "TUR", 1), ("ISR", "AZE", 1)]):
            sentence = f"Sentence {n} about {s} and {t}."
            rec = {"article": f"a{n}", "sentence": sentence, "sentence_index": 0, "char_start": 0,
                   "char_end": len(sentence), "source": _mention(s, s.title()), "target": _mention(t, t.title()),
                   "type": "ASSAULT" if pol < 0 else "ALIGN", "quad_class": 4 if pol < 0 else 1, "polarity": pol,
                   "intensity": -9.0 if pol < 0 else 5.0, "negated": False, "symmetric": False,
                   "confidence": 0.8, "trigger": "t", "date": f"2025-07-0{n + 1}"}
            add_article(ds, {"id": f"a{n}", "text": sentence, "title": f"Title {n}", "date": rec["date"], "url": None},
                        [rec])
    finally:
        close_store(ds)
    return path


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    store = _store(tmp_path_factory.mktemp("served") / "store")
    proc, url = start_sparql_server(store)
    try:
        yield url
    finally:
        stop_process(proc)


def _sw(url: str, query: str, fmt, method=None):
    sw = SPARQLWrapper(url + "/sparql")
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    if method:
        sw.setMethod(method)
    return sw.query()


SELECT = "SELECT ?s ?t WHERE { ?r a ag:Relation ; ag:source ?s ; ag:target ?t ; ag:polarity 1 } ORDER BY ?s"


def test_sparqlwrapper_select_in_json_xml_csv_and_tsv(endpoint):
    data = _sw(endpoint, SELECT, JSON).convert()
    pairs = [(b["s"]["value"].rsplit("/", 1)[-1], b["t"]["value"].rsplit("/", 1)[-1]) for b in data["results"]["bindings"]]
    assert pairs == [("AZE", "TUR"), ("ISR", "AZE")]
    assert data["results"]["bindings"][0]["s"]["type"] == "uri"

    xml = _sw(endpoint, SELECT, XML, POST).convert()  # a DOM document, POSTed as a form
    assert len(xml.getElementsByTagName("result")) == 2

    rows = list(csv.reader(io.StringIO(_sw(endpoint, SELECT, CSV).convert().decode())))
    assert rows[0] == ["s", "t"] and len(rows) == 3
    tsv = _sw(endpoint, SELECT, TSV).convert().decode().splitlines()
    assert tsv[0] == "?s\t?t" and tsv[1].startswith("<https://w3id.org/alliancegraph/id/actor/AZE>")


def test_sparqlwrapper_ask_and_construct(endpoint):
    assert _sw(endpoint, "ASK { actor:RUS ag:conflictsWith actor:AZE }", JSON).convert()["boolean"] is True
    turtle = _sw(endpoint, "CONSTRUCT { ?s ag:cooperatesWith ?t } WHERE { ?s ag:cooperatesWith ?t }", TURTLE)
    g = Graph().parse(data=turtle.convert(), format="turtle")
    assert len(g) == 2


def test_rdflib_sparqlstore_reads_the_endpoint(endpoint):
    g = Graph(store=SPARQLStore(endpoint + "/sparql"))
    rows = list(g.query("SELECT ?label WHERE { <https://w3id.org/alliancegraph/id/actor/RUS> "
                        "<http://www.w3.org/2000/01/rdf-schema#label> ?label }"))
    assert rows == [(Literal("Rus"),)]
    assert (URIRef("https://w3id.org/alliancegraph/id/actor/AZE"), URIRef(AG + "cooperatesWith"),
            URIRef("https://w3id.org/alliancegraph/id/actor/TUR")) in g


def test_alliancegraph_reads_the_endpoint_as_its_store(endpoint):
    ds = open_store(endpoint, read_only=True)  # the Oxigraph layout: /query and /update
    try:
        assert store_counts(ds)["relations"] == 3
        assert {r["source"] for r in relations_of(ds, "AZE")} == {"RUS", "AZE", "ISR"}
    finally:
        close_store(ds)


def _http(url: str, *, data: bytes | None = None, headers: dict | None = None) -> tuple[int, str, bytes]:
    req = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=30) as res:
            return res.status, res.headers.get("Content-Type", ""), res.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers.get("Content-Type", ""), e.read()


def test_content_negotiation_and_protocol_errors(endpoint):
    q = urllib.parse.quote(SELECT)
    status, ctype, body = _http(f"{endpoint}/sparql?query={q}", headers={"Accept": "text/csv;q=0.9, application/sparql-results+xml"})
    assert status == 200 and ctype.startswith("application/sparql-results+xml")
    status, ctype, _ = _http(f"{endpoint}/sparql?query={q}", headers={"Accept": "text/tab-separated-values"})
    assert ctype.startswith("text/tab-separated-values")
    status, ctype, body = _http(f"{endpoint}/sparql", data=SELECT.encode(),
                                headers={"Content-Type": "application/sparql-query", "Accept": "*/*"})
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 2
    assert _http(f"{endpoint}/sparql?query={q}", headers={"Accept": "image/png"})[0] == 406
    assert _http(f"{endpoint}/sparql?query=SELEC%20nonsense")[0] == 400
    assert _http(f"{endpoint}/nowhere?query={q}")[0] == 404
    service = urllib.parse.quote("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }")
    assert _http(f"{endpoint}/sparql?query={service}")[0] == 403


def test_updates_are_refused_unless_allowed(endpoint):
    status, _, body = _http(f"{endpoint}/sparql", data=b"update=" + urllib.parse.quote_plus("DROP ALL").encode(),
                            headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403 and b"read-only" in body
    sw = SPARQLWrapper(endpoint + "/sparql")
    sw.setMethod(POST)
    sw.setQuery("INSERT DATA { GRAPH <urn:g> { <urn:s> <urn:p> <urn:o> } }")
    with pytest.raises((SPARQLWrapperException, urllib.error.HTTPError)):
        sw.query()
    assert _sw(endpoint, "ASK { <urn:s> ?p ?o }", JSON).convert()["boolean"] is False


def test_allow_update_takes_updates_and_alliancegraph_writes_through_it(tmp_path):
    store = _store(tmp_path / "store")
    proc, url = start_sparql_server(store, "--allow-update")
    try:
        sw = SPARQLWrapper(url + "/sparql")
        sw.setMethod(POST)
        sw.setQuery("INSERT DATA { GRAPH <urn:g> { <urn:s> <urn:p> <urn:o> } }")
        with pytest.raises(urllib.error.HTTPError, match="415"):  # form-encoded: only with --allow-form-updates
            sw.query()
        sw.setRequestMethod(POSTDIRECTLY)  # application/sparql-update
        sw.query()
        assert _sw(url, "ASK { <urn:s> <urn:p> <urn:o> }", JSON).convert()["boolean"] is True
        ds = open_store(url)  # add_article through the endpoint: INSERT DATA, DROP GRAPH
        try:
            sentence = "Turkey and Israel met."
            rec = {"article": "new", "sentence": sentence, "sentence_index": 0, "char_start": 0,
                   "char_end": len(sentence), "source": _mention("TUR", "Turkey"), "target": _mention("ISR", "Israel"),
                   "type": "CONSULT", "quad_class": 1, "polarity": 1, "intensity": 1.0, "negated": False,
                   "symmetric": True, "confidence": 0.8, "trigger": "met", "date": "2025-08-01"}
            article = {"id": "new", "text": sentence, "title": None, "date": "2025-08-01", "url": None}
            assert add_article(ds, article, [rec]) == "added"
            assert add_article(ds, article, [rec]) == "unchanged"
            assert store_counts(ds)["relations"] == 4
        finally:
            close_store(ds)
    finally:
        status, stderr = stop_process(proc)
    assert status == 0, stderr
    assert "read-write" in stderr and "http://127.0.0.1:" in stderr
    ds = open_store(store, read_only=True)  # written to disk by the server
    try:
        assert store_counts(ds)["relations"] == 4
        # the endpoint cannot tell an ingest from an edit: every update marks the store, and its readers
        # leave the derived literals for the relations themselves (graph.model.EDIT_MARK_UPDATE)
        assert run_query(ds, "ASK { ?s ag:editedBySparqlUpdate true }").rows == [[True]]
    finally:
        close_store(ds)


def test_negotiate_prefers_q_then_exact_types():
    offered = ["application/sparql-results+json", "text/csv"]
    assert negotiate("text/*;q=0.8, */*;q=0.1", offered) == "text/csv"
    assert negotiate("application/json", offered) == "application/sparql-results+json"
    assert negotiate("text/csv;q=0", offered) is None


def test_limits_cut_a_slow_query_and_truncate_a_long_result(tmp_path):
    """serve-sparql has the CLI's limits: --timeout answers 503 with a clear message, --limit cuts rows."""
    store = _store(tmp_path / "store")
    proc, url = start_sparql_server(store, "--timeout", "1", "--limit", "5")
    try:
        # four-way cross product of ~150 triples: 5e8 rows, streamed (so the abandoned worker stops at its next row)
        slow = urllib.parse.quote("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l } OFFSET 400000000")
        started = time.monotonic()
        status, ctype, body = _http(f"{url}/sparql?query={slow}")
        assert status == 503 and b"query timed out after 1 s" in body and ctype.startswith("text/plain")
        assert time.monotonic() - started < 20
        q = urllib.parse.quote("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
        req = urllib.request.Request(f"{url}/sparql?query={q}", headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(req, timeout=30) as res:
            assert res.headers["X-Alliancegraph-Truncated"] == "true; limit=5"
            assert len(json.loads(res.read())["results"]["bindings"]) == 5
        status, _, body = _http(f"{url}/sparql?query={q}&format=csv")
        assert status == 200 and len(list(csv.reader(io.StringIO(body.decode())))) == 6  # header and 5 rows
        construct = urllib.parse.quote("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
        status, _, body = _http(f"{url}/sparql?query={construct}")
        assert status == 200 and len(body.decode().strip().splitlines()) == 5
        small = urllib.parse.quote(SELECT)  # under the limit: whole, no header
        with urllib.request.urlopen(f"{url}/sparql?query={small}", timeout=30) as res:
            assert res.headers.get("X-Alliancegraph-Truncated") is None
            assert len(json.loads(res.read())["results"]["bindings"]) == 2
    finally:
        status, stderr = stop_process(proc)
    assert status == 0, stderr
