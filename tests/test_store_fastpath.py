"""The embedded store's fast paths give what the rdflib paths give.

- ``run_query`` through pyoxigraph (``ox_value``) = through oxrdflib and ``Literal.toPython`` (``_py``);
- ``actor_graph`` from the per-article dyad summaries = the aggregate over every relation (``EDGE_QUERY``),
  also after a replacement, and on a store with articles written without summaries (the fallback);
- ``relations_of`` / ``relations_between`` (one seek per relation) = the old single query (``_RELATIONS``);
- ``relation_rows`` from the per-article packed rows = the row query, with date filters, after a
  replacement, and falling back to the query when an article has no packed rows, a relation was added
  behind their back, or a SPARQL update ran (it leaves a mark);
- ``add_article``'s one lookup keeps added / unchanged / replaced / reprint as they were;
- rdflib's memory store, written by ``add_article``, gives the same actor graph.
"""

from __future__ import annotations

import math

import pyoxigraph as ox
import pytest
from oxrdflib._converter import from_ox
from rdflib import Dataset

from graph.model import AG, actor_id, actor_iri, article_quads, relation_type_name
from graph.projection import EDGE_QUERY, actor_graph, edge_stats
from graph import queries
from graph.queries import RELATION_COLUMNS, relation_rows, relations_between, relations_of, store_counts
from graph.sparql import EXAMPLE_QUERIES, _collect, _prefix_map, _py, native_rows, ox_value, run_query
from graph.store import _ox_term, add_article, close_store, open_store, stored_quads

XSD = "http://www.w3.org/2001/XMLSchema#"


#: The single query relations_of used before its fast path: the oracle its rows must equal.
_RELATIONS = """\
SELECT ?source ?source_label ?target ?target_label ?type ?quad_class ?polarity ?intensity ?symmetric
       ?trigger ?sentence ?article ?article_title ?date ?url ?negated
WHERE {
  %(match)s
  ?r a ag:Relation ; ag:source ?source ; ag:target ?target ; ag:relationType ?type ; ag:polarity ?polarity ;
     ag:evidence ?sentence ; prov:wasDerivedFrom ?a .
  ?a schema:identifier ?article .
  OPTIONAL { ?a schema:headline ?article_title }
  OPTIONAL { ?a schema:url ?url }
  OPTIONAL { ?r ag:quadClass ?quad_class }
  OPTIONAL { ?r ag:intensity ?intensity }
  OPTIONAL { ?r ag:symmetric ?symmetric }
  OPTIONAL { ?r ag:negated ?negated }
  OPTIONAL { ?r ag:trigger ?trigger }
  OPTIONAL { ?r ag:date ?date }
  OPTIONAL { ?r ag:sentenceIndex ?index }
  OPTIONAL { SELECT ?source (SAMPLE(?l1) AS ?source_label) WHERE { ?source a ag:Actor ; rdfs:label ?l1 } GROUP BY ?source }
  OPTIONAL { SELECT ?target (SAMPLE(?l2) AS ?target_label) WHERE { ?target a ag:Actor ; rdfs:label ?l2 } GROUP BY ?target }
}
ORDER BY (!BOUND(?date)) ?date ?article ?index ?r"""


def _lit(value, dtype=None, lang=None):
    if lang:
        return ox.Literal(value, language=lang)
    return ox.Literal(value, datatype=ox.NamedNode(XSD + dtype) if dtype else None)


TERMS = [
    None, ox.NamedNode("https://example.org/a%20b"), ox.BlankNode("b1"), _lit("plain"), _lit("hallo", lang="de"),
    _lit("42", "integer"), _lit("-7", "integer"), _lit("01", "integer"), _lit("+5", "integer"), _lit("abc", "integer"),
    _lit("0", "integer"), _lit("3.5", "double"), _lit("1.0E2", "double"), _lit("INF", "double"), _lit("-0", "double"),
    _lit("x", "double"), _lit("2.50", "decimal"), _lit(".5", "decimal"), _lit("1", "float"), _lit("true", "boolean"),
    _lit("false", "boolean"), _lit("1", "boolean"), _lit("TRUE", "boolean"), _lit("2025-07-01", "date"),
    _lit("2025-07-01Z", "date"), _lit("2025-02-30", "date"), _lit("2025-07-01T10:00:00.000Z", "dateTime"),
    _lit("12:00:00", "time"), _lit("2025", "gYear"), _lit("P1D", "duration"), _lit("0a", "hexBinary"),
    _lit("https://example.org/x", "anyURI"), _lit("7", "long"), _lit("3", "nonNegativeInteger"), _lit("2", "short"),
    ox.Triple(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), _lit("5", "integer")),
]


@pytest.mark.parametrize("term", TERMS, ids=lambda t: repr(t)[:60])
def test_ox_value_is_the_rdflib_value(term):
    expected = _py(from_ox(term))
    got = ox_value(term)
    if isinstance(expected, float) and math.isnan(expected):
        assert isinstance(got, float) and math.isnan(got)
    else:
        assert got == expected and type(got) is type(expected)


def _mention(aid, label=None):
    return {"id": aid, "label": label or f"Actor {aid}", "text": aid, "kind": "state", "start": 0, "end": 3}


def _rec(article, n, s, t, pol, *, intensity=1.5, negated=False, symmetric=False, date="2025-01-02", index=None):
    rec = {"article": article, "sentence": f"{s} and {t}, sentence {n}.", "sentence_index": n if index is None else index,
           "char_start": 0, "char_end": 10, "source": _mention(s), "target": _mention(t), "type": "CONSULT" if pol > 0
           else "ASSAULT" if pol < 0 else "REQUEST", "quad_class": 1, "polarity": pol, "negated": negated,
           "symmetric": symmetric, "confidence": 0.5, "trigger": "met", "date": date}
    if intensity is not None:
        rec["intensity"] = intensity
    return rec


def _corpus():
    arts = []
    pairs = [("RUS", "AZE"), ("AZE", "TUR"), ("ISR", "AZE"), ("AZE", "RUS"), ("TUR", "ISR"), ("AZE", "AZE")]
    for i in range(12):
        recs = []
        for n in range(4):
            s, t = pairs[(i + n) % len(pairs)]
            recs.append(_rec(f"a{i}", n, s, t, (-1, 0, 1)[(i * n + n) % 3], intensity=None if n == 2 else 0.5 * n - i,
                             negated=(i + n) % 5 == 0, symmetric=n % 2 == 1, date=None if i == 3 else f"2025-0{1 + i % 9}-1{n}"))
        recs.append(recs[0])  # a duplicate record: one relation node
        arts.append(({"id": f"a{i}", "text": f"text {i}", "title": f"Title {i}" if i % 2 else None,
                      "date": f"2025-0{1 + i % 9}-01", "url": f"https://example.org/{i}" if i % 3 else None}, recs))
    return arts


@pytest.fixture()
def store(tmp_path):
    ds = open_store(tmp_path / "store")
    for article, recs in _corpus():
        assert add_article(ds, article, recs) == "added"
    yield ds
    close_store(ds)


def _rdflib_path(ds, query):
    """run_query's former path: oxrdflib terms, then ``_py``."""
    return _collect(ds.query(query, initNs=_prefix_map()), 10**9)


def _edges(G):
    return {(u, v): d for u, v, d in G.edges(data=True)}


def _same_edges(a: dict, b: dict):
    assert a.keys() == b.keys()
    for k in a:
        x, y = dict(a[k]), dict(b[k])
        xi, yi = x.pop("intensity"), y.pop("intensity")
        assert x == y, k
        assert (xi is None) == (yi is None) and (xi is None or xi == pytest.approx(yi)), k


def _relation_edges(ds):
    """The actor graph's edges from the aggregate over every relation."""
    return {(actor_id(s), actor_id(t)): (c, p, isum / icount if icount else None, pos, neg, sym)
            for s, t, c, p, isum, icount, pos, neg, sym in run_query(ds, EDGE_QUERY, row_limit=10**9).rows}


def _summary_edges(ds):
    return {(actor_id(r[0]), actor_id(r[1])): r[2:] for r in edge_stats(ds)}


def _assert_edges_match(ds):
    a, b = _summary_edges(ds), _relation_edges(ds)
    assert a.keys() == b.keys() and a
    for k in a:
        assert a[k][:2] == b[k][:2] and a[k][3:] == b[k][3:], k
        assert (a[k][2] is None) == (b[k][2] is None) and (a[k][2] is None or a[k][2] == pytest.approx(b[k][2])), k


def test_run_query_fast_path_equals_the_rdflib_path(store):
    queries = list(EXAMPLE_QUERIES.values()) + [
        "SELECT * WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o",
        "ASK { actor:RUS ag:conflictsWith ?x }",
        "CONSTRUCT { ?s ag:x ?o } WHERE { ?s ag:polarity ?o }",
        "SELECT (COUNT(*) AS ?n) (AVG(?i) AS ?a) (SUM(?p) AS ?s) WHERE { ?r ag:intensity ?i ; ag:polarity ?p }",
        "SELECT ?d (NOW() AS ?now0) WHERE { ?r ag:date ?d } ORDER BY ?d LIMIT 3",
        "PREFIX owl: <http://www.w3.org/2002/07/owl#> SELECT ?x WHERE { VALUES ?x { owl:Thing 1.50 \"01\"^^xsd:integer } }",
    ]
    for q in queries:
        fast = run_query(store, q, row_limit=10**9)
        slow = _rdflib_path(store, q)
        if "NOW()" in q:
            fast.rows = [r[:1] for r in fast.rows]
            slow.rows = [r[:1] for r in slow.rows]
        if q.startswith("CONSTRUCT"):
            assert sorted(fast.rows) == sorted(slow.rows) and len(fast.rows) == len(slow.rows)
        else:
            assert (fast.columns, fast.rows, fast.truncated) == (slow.columns, slow.rows, slow.truncated), q
    limited = run_query(store, "SELECT * WHERE { ?s ?p ?o }", row_limit=3)
    assert len(limited.rows) == 3 and limited.truncated
    assert native_rows(store, "SELECT ?x WHERE { VALUES ?x { 1 } }") == [(1,)]
    assert native_rows(Dataset(), "SELECT ?x WHERE { VALUES ?x { 1 } }") is None


def test_actor_graph_from_summaries_equals_the_relation_aggregate(store):
    _assert_edges_match(store)
    G = actor_graph(store)
    assert G.nodes["RUS"] == {"label": "Actor RUS", "kind": "state", "country": None}
    # replace one article (other records), drop another's relations by re-ingesting it empty
    article, recs = _corpus()[4]
    assert add_article(store, article, [_rec("a4", 0, "ISR", "RUS", -1, intensity=3.0)]) == "replaced"
    assert add_article(store, _corpus()[5][0], []) == "replaced"
    _assert_edges_match(store)
    assert _summary_edges(store)[("ISR", "RUS")][0] >= 1


def test_articles_without_summaries_fall_back_to_the_relation_aggregate(store):
    before = _summary_edges(store)
    # an article written as bare model quads (older code, or another tool): no summaries
    g, quads = article_quads({"id": "legacy", "text": "legacy text", "title": None, "date": None, "url": None},
                             [_rec("legacy", 0, "RUS", "AZE", -1), _rec("legacy", 1, "GEO", "ARM", 1)])
    store.store._store.extend([ox.Quad(_ox_term(s), _ox_term(p), _ox_term(o), ox.NamedNode(c)) for s, p, o, c in quads])
    after = _summary_edges(store)
    assert after == {k: v for k, v in _relation_edges(store).items()}
    assert after[("GEO", "ARM")][0] == 1 and after[("RUS", "AZE")][0] == before[("RUS", "AZE")][0] + 1


def test_rdflib_memory_store_gives_the_same_actor_graph(store):
    mem = Dataset(default_union=True)
    for article, recs in _corpus():
        assert add_article(mem, article, recs) == "added"
    _same_edges(_edges(actor_graph(mem)), _edges(actor_graph(store)))
    assert store_counts(mem)["relations"] == store_counts(store)["relations"]
    g, quads = stored_quads(*_corpus()[0])
    assert any(p == AG.dyadSummaries for _s, p, _o, _c in quads)


def _old_rows(ds, match):
    res = run_query(ds, _RELATIONS % {"match": match}, row_limit=10**9)
    rows = []
    for values in res.rows:
        row = dict(zip(res.columns, values))
        row["source"], row["target"] = actor_id(row["source"]), actor_id(row["target"])
        row["source_label"] = row["source_label"] or row["source"]
        row["target_label"] = row["target_label"] or row["target"]
        row["type"] = relation_type_name(row["type"])
        row["symmetric"], row["negated"] = bool(row["symmetric"]), bool(row["negated"])
        rows.append({k: row.get(k) for k in RELATION_COLUMNS})
    return rows


def test_relations_of_and_between_equal_the_single_query(store):
    for actor in ("AZE", "RUS", "TUR", "NOBODY"):
        a = actor_iri(actor).n3()
        expected = _old_rows(store, f"{{ ?r ag:source {a} }} UNION {{ ?r ag:target {a} }}")
        assert relations_of(store, actor) == expected
        assert relations_of(store, actor, limit=3) == expected[:3]
    assert sum(1 for r in relations_of(store, "AZE") if r["source"] == r["target"] == "AZE") % 2 == 0  # listed twice
    x, y = actor_iri("AZE").n3(), actor_iri("RUS").n3()
    expected = _old_rows(store, f"{{ ?r ag:source {x} ; ag:target {y} }} UNION {{ ?r ag:source {y} ; ag:target {x} }}")
    assert relations_between(store, "AZE", "RUS") == expected and expected


def test_add_article_outcomes_with_one_lookup(store):
    article, recs = _corpus()[0]
    assert add_article(store, article, recs) == "unchanged"
    assert add_article(store, dict(article, title="New title"), recs) == "replaced"
    reprint = [dict(r, article="reprint") for r in recs]
    assert add_article(store, dict(article, id="reprint"), reprint) == "unchanged"  # same text under another id
    assert add_article(store, {"id": "fresh", "text": "fresh text", "title": None, "date": None, "url": None}, []) == "added"
    assert store_counts(store)["articles"] == 13


def _query_rows(ds, monkeypatch, **kwargs):
    """relation_rows through the row query, the packed rows left unread: the oracle."""
    with monkeypatch.context() as m:
        m.setattr(queries, "_packed_rows", lambda *args: None)
        return relation_rows(ds, sentences=False, **kwargs)


def test_relation_rows_from_packed_rows_equal_the_row_query(store, monkeypatch):
    article, recs = _corpus()[1]
    twin = dict(recs[1], polarity=-recs[1]["polarity"] or 1, intensity=9.0)  # the same relation IRI, other values
    assert add_article(store, article, recs + [twin]) == "replaced"
    undated = {"id": "undated", "text": "undated text", "title": None, "date": None, "url": None}
    assert add_article(store, undated, [_rec("undated", 0, "GEO", "ARM", 1, date=None, intensity=None)]) == "added"
    seen = []
    real = queries._packed_rows
    monkeypatch.setattr(queries, "_packed_rows", lambda *a: seen.append(1) or real(*a))
    for kwargs in ({}, {"since": "2025-03-01"}, {"until": "2025-03-11"}, {"since": "2025-02-01", "until": "2025-04-30"}):
        expected = _query_rows(store, monkeypatch, **kwargs)
        assert relation_rows(store, sentences=False, **kwargs) == expected and expected, kwargs
    assert seen and real(store, None, None) is not None  # the packed rows were read, not the query
    rows = relation_rows(store, sentences=False)
    assert any(r["intensity"] == 9.0 for r in rows) and {r["negated"] for r in rows} == {True, False}
    assert [r["article"] for r in rows if r["date"] is None] == ["undated"]
    assert "undated" in {r["article"] for r in relation_rows(store, sentences=False, since="2030-01-01")}


def test_relation_rows_fall_back_when_packed_rows_do_not_cover_the_store(store, monkeypatch):
    # an article written as bare model quads (older code, another tool): no packed rows
    g, quads = article_quads({"id": "legacy", "text": "legacy text", "title": None, "date": None, "url": None},
                             [_rec("legacy", 0, "GEO", "ARM", 1)])
    store.store._store.extend([ox.Quad(_ox_term(s), _ox_term(p), _ox_term(o), ox.NamedNode(c)) for s, p, o, c in quads])
    assert queries._packed_rows(store, None, None) is None
    rows = relation_rows(store, sentences=False)
    assert rows == _query_rows(store, monkeypatch) and any(r["article"] == "legacy" for r in rows)


def test_relation_rows_fall_back_when_a_relation_is_added_behind_their_back(store, monkeypatch):
    assert queries._packed_rows(store, None, None) is not None
    g = stored_quads(*_corpus()[0])[0]
    # written by another tool straight into the store (no update mark): the relation counts no longer add up
    store.store._store.update(f"""INSERT DATA {{ GRAPH {g.n3()} {{
        <https://w3id.org/alliancegraph/id/relation/by-hand> a ag:Relation ; ag:source actor:GEO ; ag:target actor:ARM ;
          ag:relationType ag:CONSULT ; ag:polarity 1 ; ag:evidence "by hand" ;
          prov:wasDerivedFrom <https://w3id.org/alliancegraph/id/article/a0> }} }}""", prefixes=_prefix_map())
    assert not run_query(store, "ASK { ?s ag:editedBySparqlUpdate ?x }").rows[0][0]
    assert queries._packed_rows(store, None, None) is None
    rows = relation_rows(store, sentences=False)
    assert rows == _query_rows(store, monkeypatch) and any(r["source"] == "GEO" for r in rows)


def test_an_update_that_changes_a_relation_in_place_is_seen_by_every_reader(store, monkeypatch):
    # no relation added or removed: only the update mark tells the readers the derived literals are stale
    flipped = run_query(store, "SELECT (COUNT(*) AS ?n) WHERE { ?r ag:polarity 1 }").rows[0][0]
    run_query(store, "DELETE { GRAPH ?g { ?r ag:polarity 1 } } INSERT { GRAPH ?g { ?r ag:polarity -1 } } "
                     "WHERE { GRAPH ?g { ?r ag:polarity 1 } }", allow_update=True)
    assert flipped and queries._packed_rows(store, None, None) is None
    rows = relation_rows(store, sentences=False)
    assert rows == _query_rows(store, monkeypatch) and all(r["polarity"] != 1 for r in rows)
    _assert_edges_match(store)
    assert all(d["polarity"] <= 0 for _u, _v, d in actor_graph(store).edges(data=True))
