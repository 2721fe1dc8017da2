"""graph/: store, ingestion, SPARQL, queries and the actor graph on real Oxigraph stores (no mocks)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from graph.model import RecordError, actor_iri, graph_iri
from graph.projection import actor_graph
from graph.queries import list_articles, relations_between, relations_of, store_counts
from graph.sparql import EXAMPLE_QUERIES, PREFIXES, QueryError, result_to_csv, result_to_json, run_query
from graph.store import STORE_ENV, StoreError, add_article, close_store, default_store_path, open_store

REPO = Path(__file__).resolve().parents[1]

NAMES = {"RUS": "Russia", "AZE": "Azerbaijan", "TUR": "Turkey", "ARM": "Armenia"}


def mention(aid: str, text: str | None = None, start: int = 0) -> dict:
    return {"id": aid, "label": NAMES[aid], "text": text or NAMES[aid], "kind": "state", "country": aid,
            "start": start, "end": start + len(text or NAMES[aid])}


def relation(article: str, src: str, tgt: str, rtype: str, polarity: int, *, quad: int = 1,
             intensity: float = 0.0, sentence: str | None = None, index: int = 0, symmetric: bool = False,
             negated: bool = False, date: str | None = "2025-07-04", trigger: str = "said") -> dict:
    sentence = sentence or f"{NAMES[src]} {rtype.lower()} {NAMES[tgt]} ({article}, {index})."
    return {"article": article, "sentence": sentence, "sentence_index": index, "char_start": 0,
            "char_end": len(sentence), "source": mention(src), "target": mention(tgt, start=20), "type": rtype,
            "quad_class": quad, "polarity": polarity, "intensity": intensity, "negated": negated,
            "symmetric": symmetric, "confidence": 0.8, "trigger": trigger, "date": date}


def article(aid: str, text: str, title: str | None = None, date: str | None = "2025-07-04",
            url: str | None = None) -> dict:
    return {"id": aid, "text": text, "title": title, "date": date, "url": url}


A1 = article("a1", "Russia shot down a plane. Baku accused Moscow. Aliyev met Erdogan.", "Shock in Moscow",
             "2025-07-04", "https://example.org/a1")
R1 = [
    relation("a1", "RUS", "AZE", "ASSAULT", -1, quad=4, intensity=-9.5, index=0, trigger="shot down"),
    relation("a1", "AZE", "RUS", "ACCUSE", -1, quad=3, intensity=-5.0, index=1, trigger="accused"),
    relation("a1", "AZE", "TUR", "CONSULT", 1, quad=1, intensity=1.0, index=2, symmetric=True, trigger="met"),
]
A2 = article("a2", "Baku and Ankara cooperate. Moscow threatened Baku. Turkey did not attack Armenia.",
             "Relations nose-dive", "2025-07-05")
R2 = [
    relation("a2", "AZE", "TUR", "COOPERATE", 1, quad=2, intensity=6.0, index=0, date="2025-07-05"),
    relation("a2", "RUS", "AZE", "THREATEN", -1, quad=3, intensity=-7.0, index=1, date="2025-07-05"),
    relation("a2", "TUR", "ARM", "ASSAULT", -1, quad=4, intensity=-9.0, index=2, negated=True, date="2025-07-05"),
]
A3 = article("a3.txt", "Armenia agreed with Azerbaijan.", None, None)
R3 = [relation("a3.txt", "ARM", "AZE", "AGREE", 1, quad=1, intensity=4.0, date=None)]


def quad_count(ds) -> int:
    return len(ds.store._store)  # every quad in every graph, straight from Oxigraph


@pytest.fixture
def store_path(tmp_path):
    return tmp_path / "store"


@pytest.fixture
def ds(store_path):
    ds = open_store(store_path)
    yield ds
    close_store(ds)


@pytest.fixture
def loaded(ds):
    for art, recs in ((A1, R1), (A2, R2), (A3, R3)):
        assert add_article(ds, art, recs) == "added"
    return ds


# -- store ----------------------------------------------------------------------------------------

def test_default_store_path(monkeypatch, tmp_path):
    monkeypatch.setenv(STORE_ENV, str(tmp_path / "s"))
    assert default_store_path() == tmp_path / "s"
    monkeypatch.delenv(STORE_ENV)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_store_path() == tmp_path / "xdg" / "alliancegraph" / "store"
    monkeypatch.delenv("XDG_DATA_HOME")
    assert default_store_path() == Path.home() / ".local" / "share" / "alliancegraph" / "store"


def test_close_store_releases_the_lock_in_the_same_process(store_path):
    ds = open_store(store_path)
    add_article(ds, A1, R1)
    with pytest.raises(StoreError, match="in use by another ingest"):
        open_store(store_path)
    close_store(ds)
    close_store(ds)  # twice is harmless
    ds2 = open_store(store_path)  # would fail if RocksDB still held LOCK
    assert store_counts(ds2)["relations"] == 3
    close_store(ds2)


def test_second_writer_in_another_process_gets_a_clear_error(ds, store_path):
    code = ("import sys; from graph.store import open_store, StoreError\n"
            "try:\n    open_store(sys.argv[1])\nexcept StoreError as e:\n    print(e)\n")
    out = subprocess.run([sys.executable, "-c", code, str(store_path)], capture_output=True, text=True,
                         cwd=REPO, check=True).stdout.strip()
    assert out == f"store at {store_path} is in use by another ingest (another process is writing to it); wait for it to finish"


def test_read_only_on_missing_store(tmp_path):
    with pytest.raises(StoreError) as e:
        open_store(tmp_path / "nothing", read_only=True)
    assert str(e.value) == f"no store at {tmp_path / 'nothing'}; run `alliancegraph ingest` first"
    assert not (tmp_path / "nothing").exists()


def test_read_only_reopen_sees_data_binds_prefixes_and_refuses_writes(store_path):
    ds = open_store(store_path)
    add_article(ds, A1, R1)
    close_store(ds)
    ro = open_store(store_path, read_only=True)
    try:
        assert dict(ro.namespaces())["ag"].toPython() == "https://w3id.org/alliancegraph/ns#"
        assert store_counts(ro)["relations"] == 3
        with pytest.raises(QueryError):
            run_query(ro, "INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> <urn:c> } }", allow_update=True)
    finally:
        close_store(ro)


def test_dataset_default_graph_is_the_union(loaded):
    rows = run_query(loaded, "SELECT (COUNT(?r) AS ?n) WHERE { ?r a ag:Relation }").rows
    assert rows == [[7]]
    graphs = run_query(loaded, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?a a schema:NewsArticle } }").rows
    assert {g for (g,) in graphs} == {str(graph_iri(a["text"])) for a in (A1, A2, A3)}


# -- ingestion ------------------------------------------------------------------------------------

def test_ingesting_the_same_article_again_adds_no_triple(loaded):
    before = quad_count(loaded)
    assert add_article(loaded, A1, R1) == "unchanged"
    assert add_article(loaded, dict(A2), [dict(r) for r in R2]) == "unchanged"
    assert quad_count(loaded) == before


def test_changed_text_replaces_the_articles_relations(loaded):
    new_text = A1["text"] + " Later, Baku and Moscow agreed."
    new = [relation("a1", "AZE", "RUS", "AGREE", 1, intensity=3.0, index=3)]
    assert add_article(loaded, dict(A1, text=new_text), new) == "replaced"
    rows = run_query(loaded, """SELECT ?type WHERE { ?r prov:wasDerivedFrom ?a ; ag:relationType ?t .
        ?a schema:identifier "a1" . BIND(STRAFTER(STR(?t), STR(ag:)) AS ?type) }""").rows
    assert rows == [["AGREE"]]
    assert not loaded.store._store.contains_named_graph(__import__("pyoxigraph").NamedNode(graph_iri(A1["text"])))
    assert store_counts(loaded)["articles"] == 3
    before = quad_count(loaded)
    assert add_article(loaded, dict(A1, text=new_text), new) == "unchanged"
    assert quad_count(loaded) == before


def test_same_text_with_new_records_is_replaced(loaded):
    assert add_article(loaded, A3, R3 + [relation("a3.txt", "AZE", "ARM", "REJECT", -1, index=1)]) == "replaced"
    assert [a["relations"] for a in list_articles(loaded) if a["id"] == "a3.txt"] == [2]


def test_identical_text_under_another_id_is_stored_once(loaded):
    before = quad_count(loaded)
    dup = [dict(r, article="copy") for r in R1]
    assert add_article(loaded, dict(A1, id="copy"), dup) == "unchanged"
    assert quad_count(loaded) == before


def test_malformed_record_fails_clearly_and_writes_nothing(ds):
    bad = [R1[0], {k: v for k, v in R1[1].items() if k != "source"}]
    with pytest.raises(RecordError, match=r"article 'a1', record 1: missing key\(s\) 'source'"):
        add_article(ds, A1, bad)
    with pytest.raises(RecordError, match="'polarity' must be -1, 0 or 1"):
        add_article(ds, A1, [dict(R1[0], polarity=5)])
    with pytest.raises(RecordError, match="ISO date"):
        add_article(ds, A1, [dict(R1[0], date="4 July 2025")])
    with pytest.raises(RecordError, match="belongs to article 'zzz'"):
        add_article(ds, A1, [dict(R1[0], article="zzz")])
    with pytest.raises(RecordError, match="'text' must be a string"):
        add_article(ds, {"id": "x", "text": None}, [])
    assert quad_count(ds) == 0


def test_model_mints_iris_and_types_literals(loaded):
    blank = run_query(loaded, "ASK { GRAPH ?g { ?s ?p ?o FILTER(isBlank(?s) || isBlank(?o)) } }").rows
    assert blank == [[False]]
    row = run_query(loaded, """SELECT (DATATYPE(?d) AS ?dd) (DATATYPE(?p) AS ?pd) (DATATYPE(?i) AS ?id) ?sym WHERE {
        ?a schema:identifier "a1" ; schema:datePublished ?d . ?r prov:wasDerivedFrom ?a ; ag:polarity ?p ;
        ag:intensity ?i ; ag:symmetric ?sym ; ag:trigger "met" }""").rows
    assert row == [["http://www.w3.org/2001/XMLSchema#date", "http://www.w3.org/2001/XMLSchema#integer",
                    "http://www.w3.org/2001/XMLSchema#double", True]]
    direct = run_query(loaded, "SELECT DISTINCT ?o WHERE { actor:RUS ag:conflictsWith ?o }").rows
    assert direct == [[str(actor_iri("AZE"))]]
    # the negated relation keeps its node but gets no direct triple
    assert run_query(loaded, "ASK { actor:TUR ?p actor:ARM }").rows == [[False]]
    assert run_query(loaded, "ASK { ?r ag:negated true ; ag:source actor:TUR }").rows == [[True]]


# -- SPARQL ---------------------------------------------------------------------------------------

def test_example_query_relations_of_azerbaijan(loaded):
    res = run_query(loaded, EXAMPLE_QUERIES["Relations of Azerbaijan, with evidence"])
    assert res.columns == ["source", "type", "target", "polarity", "sentence", "article", "title", "date"]
    assert len(res.rows) == 6  # everything but Turkey-Armenia
    assert res.rows[0][5] == "a3.txt" and res.rows[0][6] is None and res.rows[0][7] is None  # unbound sorts first
    first = dict(zip(res.columns, res.rows[1]))
    assert first == {"source": "Russia", "type": "ASSAULT", "target": "Azerbaijan", "polarity": -1,
                     "sentence": R1[0]["sentence"], "article": "a1", "title": "Shock in Moscow",
                     "date": "2025-07-04"}


def test_example_query_conflictual_pairs(loaded):
    res = run_query(loaded, EXAMPLE_QUERIES["Conflictual pairs"])
    assert res.rows == [["Russia", "Azerbaijan", 2], ["Azerbaijan", "Russia", 1]]


def test_example_query_relations_by_type(loaded):
    res = run_query(loaded, EXAMPLE_QUERIES["Relations by type"])
    assert res.columns == ["type", "relations", "mean_polarity"]
    assert res.rows[0] == ["ASSAULT", 2, -1.0]
    assert sorted(r[0] for r in res.rows[1:]) == ["ACCUSE", "AGREE", "CONSULT", "COOPERATE", "THREATEN"]


def test_prefixes_are_known_and_a_declared_prefix_wins(loaded):
    assert "PREFIX ag: <https://w3id.org/alliancegraph/ns#>" in PREFIXES
    res = run_query(loaded, "PREFIX ag: <urn:other#>\nSELECT ?r WHERE { ?r a ag:Relation }")
    assert res.rows == []
    assert run_query(loaded, PREFIXES + "SELECT ?r WHERE { ?r a ag:Relation }").rows


def test_queries_run_on_oxigraph_not_rdflib(loaded, monkeypatch):
    from rdflib.plugins.sparql import processor

    def refuse(*a, **k):
        raise AssertionError("rdflib's evaluator was used")

    monkeypatch.setattr(processor.SPARQLProcessor, "query", refuse)
    assert run_query(loaded, EXAMPLE_QUERIES["Relations by type"]).rows
    res = run_query(loaded, """SELECT ?a (MIN(?p) AS ?least) WHERE { ?a a ag:Actor
        { SELECT ?a ?p WHERE { ?r ag:source ?a ; ag:polarity ?p } } } GROUP BY ?a ORDER BY ?a""")
    assert [str(a).rsplit("/", 1)[1] for a, _ in res.rows] == ["ARM", "AZE", "RUS", "TUR"]


@pytest.mark.parametrize("update", [
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "DELETE WHERE { ?s ?p ?o }",
    "CLEAR ALL",
    "drop graph <urn:g>",
    "LOAD <http://example.org/x.ttl>",
    "CREATE GRAPH <urn:g>",
    "ADD <urn:a> TO <urn:b>",
    "MOVE DEFAULT TO <urn:b>",
    "COPY <urn:a> TO <urn:b>",
    "PREFIX x: <urn:x#>\n# a comment\nWITH <urn:g> DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
])
def test_updates_are_refused_by_default(loaded, update):
    before = quad_count(loaded)
    with pytest.raises(QueryError, match="updates are not allowed"):
        run_query(loaded, update)
    assert quad_count(loaded) == before


def test_service_is_refused_but_keywords_in_literals_are_fine(loaded):
    with pytest.raises(QueryError, match="SERVICE is not allowed"):
        run_query(loaded, "SELECT * WHERE { SERVICE <http://dbpedia.org/sparql> { ?s ?p ?o } }")
    with pytest.raises(QueryError, match="extensions such as LATERAL are not accepted"):  # refused, not guessed at
        run_query(loaded, "SELECT * WHERE { ?a ?b ?c LATERAL { SERVICE <http://x> { ?s ?p ?o } } }")
    q = """SELECT ?r WHERE { ?r ag:evidence ?e FILTER(?e != "INSERT DATA { SERVICE <x> {} }" && ?e != 'DROP ALL') }
           # DELETE WHERE { ?s ?p ?o } in a comment
           LIMIT 1"""
    assert len(run_query(loaded, q).rows) == 1
    assert run_query(loaded, "SELECT ?service WHERE { BIND(<urn:SERVICE> AS ?service) }").rows == [["urn:SERVICE"]]


def test_malformed_query_reports_line_and_column(loaded):
    with pytest.raises(QueryError) as e:  # in process: rdflib's grammar points at the clause
        run_query(loaded, "SELECT ?s\nWHERE {\n  ?s ag:source }")
    assert (e.value.line, e.value.column) == (3, 3) and e.value.reason == "syntax"
    assert "line 3, column 3" in str(e.value)


def test_row_limit_truncates(loaded):
    res = run_query(loaded, "SELECT ?r WHERE { ?r a ag:Relation }", row_limit=3)
    assert len(res.rows) == 3 and res.truncated
    res = run_query(loaded, "SELECT ?r WHERE { ?r a ag:Relation }", row_limit=7)
    assert len(res.rows) == 7 and not res.truncated


def test_allowed_update_writes(ds):
    run_query(ds, "INSERT DATA { GRAPH <urn:g> { actor:X rdfs:label 'X' } }", allow_update=True)
    assert run_query(ds, "SELECT ?l WHERE { actor:X rdfs:label ?l }").rows == [["X"]]


def test_ask_construct_and_output_formats(loaded):
    assert run_query(loaded, "ASK { actor:RUS ag:conflictsWith actor:AZE }").rows == [[True]]
    res = run_query(loaded, "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s a ag:Actor ; rdfs:label ?l }")
    assert res.columns == ["subject", "predicate", "object"] and len(res.rows) == 4
    res = run_query(loaded, """SELECT ?type ?n ?neg ?none WHERE { VALUES (?type ?n ?neg) { ("A,B" 1.5 true) } }""")
    assert result_to_csv(res) == 'type,n,neg,none\n"A,B",1.5,true,\n'
    assert json.loads(result_to_json(res)) == {
        "columns": ["type", "n", "neg", "none"], "rows": [{"type": "A,B", "n": 1.5, "neg": True, "none": None}],
        "truncated": False}


# -- projection and queries -----------------------------------------------------------------------

def test_actor_graph(loaded):
    G = actor_graph(loaded)
    assert set(G.nodes) == {"RUS", "AZE", "TUR", "ARM"}
    assert G.nodes["AZE"] == {"label": "Azerbaijan", "kind": "state", "country": "AZE"}
    assert set(G.edges) == {("RUS", "AZE"), ("AZE", "RUS"), ("AZE", "TUR"), ("ARM", "AZE")}  # no negated TUR->ARM
    e = G.edges["RUS", "AZE"]
    assert (e["count"], e["weight"], e["polarity"], e["sign"], e["score"], e["intensity"]) == (2, 2, -2, -1, -1.0, -8.25)
    e = G.edges["AZE", "TUR"]
    assert (e["count"], e["polarity"], e["sign"], e["intensity"], e["symmetric_count"]) == (2, 2, 1, 3.5, 1)
    assert (e["positive"], e["negative"]) == (2, 0)


def test_actor_graph_of_an_empty_store(ds):
    G = actor_graph(ds)
    assert G.number_of_nodes() == 0


def test_store_counts_and_list_articles(loaded):
    counts = store_counts(loaded)
    assert {k: counts[k] for k in ("articles", "actors", "relations")} == {"articles": 3, "actors": 4, "relations": 7}
    assert counts["triples"] == quad_count(loaded)
    arts = list_articles(loaded)
    assert arts[0] == {"id": "a1", "title": "Shock in Moscow", "date": "2025-07-04", "url": "https://example.org/a1",
                       "relations": 3}
    assert [a["id"] for a in arts] == ["a1", "a2", "a3.txt"]  # undated last
    assert {a["id"]: a["relations"] for a in arts} == {"a1": 3, "a2": 3, "a3.txt": 1}


def test_relations_of_and_between(loaded):
    rows = relations_of(loaded, "AZE")
    assert len(rows) == 6
    assert rows[0] == {
        "source": "RUS", "source_label": "Russia", "target": "AZE", "target_label": "Azerbaijan",
        "type": "ASSAULT", "quad_class": 4, "polarity": -1, "intensity": -9.5, "symmetric": False,
        "trigger": "shot down", "sentence": R1[0]["sentence"], "article": "a1", "article_title": "Shock in Moscow",
        "date": "2025-07-04", "url": "https://example.org/a1", "negated": False}
    between = relations_between(loaded, "AZE", "RUS")
    assert sorted(r["type"] for r in between) == ["ACCUSE", "ASSAULT", "THREATEN"]
    assert relations_between(loaded, "TUR", "ARM")[0]["negated"] is True
    assert relations_of(loaded, "XXX") == []
