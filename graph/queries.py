"""Reads for the CLI and the app, as SPARQL run by the store's engine.

Relation rows (:func:`relations_of`, :func:`relations_between`) are dicts with keys
``source, source_label, target, target_label, type, quad_class, polarity, intensity, symmetric,
trigger, sentence, article, article_title, date, url`` and, beyond CONTRACTS.md, ``negated``
(negated relations are listed, flagged; the actor graph leaves them out). Actor and article
fields are ids (``"RUS"``, the article id), not IRIs. Rows are ordered by date (undated last), article, sentence index.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from rdflib import Literal, URIRef

from .allocation import collector_paused
from .model import actor_iri, actor_id, article_iri, place_id, relation_type_name
from .packed_rows import COVERAGE_QUERY, ROWS_QUERY, row_order, unpack_relation_rows
from .sparql import PREFIXES, literal_texts, ox_value, oxigraph_of, run_query, trusted_rows
from .windows import calendar_date

__all__ = ["store_counts", "list_articles", "relations_of", "relations_between", "relation_rows", "load_sentences",
           "actor_info",
           "records_of_article", "people", "relation_table", "RELATION_COLUMNS", "ROW_COLUMNS"]

RELATION_COLUMNS = ("source", "source_label", "target", "target_label", "type", "quad_class", "polarity",
                    "intensity", "symmetric", "trigger", "sentence", "article", "article_title", "date", "url",
                    "negated")

_NO_LIMIT = 10**12


def _actor_details(actor: str, label: str, kind: str, country: str, n: int) -> str:
    """An OPTIONAL subquery binding an actor's label, kind and country, one row per actor even when the
    actors graph describes it twice (a sample of each)."""
    return (f"  OPTIONAL {{ SELECT ?{actor} (SAMPLE(?l{n}) AS ?{label}) (SAMPLE(?k{n}) AS ?{kind}) "
            f"(SAMPLE(?c{n}) AS ?{country})\n"
            f"             WHERE {{ ?{actor} a ag:Actor . OPTIONAL {{ ?{actor} rdfs:label ?l{n} }} "
            f"OPTIONAL {{ ?{actor} ag:kind ?k{n} }}\n"
            f"                     OPTIONAL {{ ?{actor} ag:country ?c{n} }} }} GROUP BY ?{actor} }}\n")


_COUNTS = """\
SELECT ?articles ?actors ?relations ?triples WHERE {
  { SELECT (COUNT(DISTINCT ?a) AS ?articles) WHERE { ?a a schema:NewsArticle } }
  { SELECT (COUNT(DISTINCT ?x) AS ?actors) WHERE { ?r a ag:Relation . { ?r ag:source ?x } UNION { ?r ag:target ?x } } }
  { SELECT (COUNT(DISTINCT ?r) AS ?relations) WHERE { ?r a ag:Relation } }
  { SELECT (COUNT(*) AS ?triples) WHERE { GRAPH ?g { ?s ?p ?o } } }
}"""

# Dates are read as their lexical form (STR): a stored value that is no date Python holds ("10000-01-01") would
# otherwise go through rdflib's converter, which logs a traceback for it.
_ARTICLES = """\
SELECT ?id ?title (STR(?published) AS ?date) ?url (COUNT(?r) AS ?relations) WHERE {
  ?a a schema:NewsArticle ; schema:identifier ?id .
  OPTIONAL { ?a schema:headline ?title }
  OPTIONAL { ?a schema:datePublished ?published }
  OPTIONAL { ?a schema:url ?url }
  OPTIONAL { ?r prov:wasDerivedFrom ?a }
}
GROUP BY ?a ?id ?title ?published ?url
ORDER BY (!BOUND(?published)) ?published ?id"""

_ALL_RELATIONS = ("""\
SELECT ?source ?source_label ?source_kind ?source_country ?target ?target_label ?target_kind ?target_country
       ?type ?quad_class ?polarity ?intensity ?symmetric ?negated ?trigger ?sentence ?article ?article_title
       ?date ?url ?location
WHERE {
  ?r a ag:Relation ; ag:source ?s ; ag:target ?t ; ag:relationType ?rt ; ag:polarity ?polarity ;
     ag:evidence ?sentence ; prov:wasDerivedFrom ?a .
  ?a schema:identifier ?article .
  OPTIONAL { ?a schema:headline ?article_title }
  OPTIONAL { ?a schema:url ?url }
  OPTIONAL { ?r ag:quadClass ?quad_class }
  OPTIONAL { ?r ag:intensity ?intensity }
  OPTIONAL { ?r ag:symmetric ?symmetric }
  OPTIONAL { ?r ag:negated ?negated }
  OPTIONAL { ?r ag:trigger ?trigger }
  OPTIONAL { ?r ag:date ?stored_date }
  OPTIONAL { ?r ag:sentenceIndex ?index }
  OPTIONAL { ?r ag:location/rdfs:label ?location }
  BIND(STR(?stored_date) AS ?date)
""" + _actor_details("s", "source_label", "source_kind", "source_country", 1)
    + _actor_details("t", "target_label", "target_kind", "target_country", 2) + """\
  BIND(STRAFTER(STR(?s), STR(actor:)) AS ?source)
  BIND(STRAFTER(STR(?t), STR(actor:)) AS ?target)
  BIND(STRAFTER(STR(?rt), STR(ag:)) AS ?type)
}
ORDER BY (!BOUND(?date)) ?date ?article ?index ?r""")


#: Columns of :func:`relation_rows`, the input of the alignment analysis.
ROW_COLUMNS = ("source", "target", "type", "polarity", "intensity", "date", "symmetric", "negated", "article",
               "sentence")

_ACTOR_INFO = """\
SELECT ?a (SAMPLE(?l) AS ?label) (SAMPLE(?k) AS ?kind) WHERE {
  ?a a ag:Actor . OPTIONAL { ?a rdfs:label ?l } OPTIONAL { ?a ag:kind ?k }
} GROUP BY ?a"""

_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def _date_filter(since: str | None, until: str | None) -> str:
    tests = []
    for value, op in ((since, ">="), (until, "<=")):
        if value is None:
            continue
        if not _ISO.fullmatch(str(value)):
            raise ValueError(f"dates must be yyyy-mm-dd, got {value!r}")
        tests.append(f'?stored_date {op} "{value}"^^xsd:date')
    # undated relations are kept: they count in the totals and are reported as undated; so are those whose
    # stored date does not compare (an ill-typed literal: COALESCE), which the analysis counts as undated
    return f"FILTER(!BOUND(?stored_date) || COALESCE({' && '.join(tests)}, true))" if tests else ""


#: The rows of :func:`relation_rows` without ``ORDER BY``, label joins or the union default graph: a
#: relation's triples and its article's identifier share the article's named graph, and Oxigraph joins
#: inside ``GRAPH ?g`` faster. The order is made in Python (:func:`row_order`). The relation IRI is not
#: read: decoding a long IRI is a store lookup per row (~4 s per 100k rows); evidence finds a row again by
#: its article, sentence index, actors and type (:func:`load_sentences`).
_LEAN_ROWS = """\
SELECT ?source ?target ?type ?polarity ?intensity ?date ?symmetric ?negated ?article ?index %(sentence)s WHERE {
  GRAPH ?g {
    ?r ag:source ?source ; ag:target ?target ; ag:relationType ?type ; ag:polarity ?polarity ;
       prov:wasDerivedFrom ?a .
    ?a schema:identifier ?article .
    %(evidence)s
    OPTIONAL { ?r ag:intensity ?intensity }
    OPTIONAL { ?r ag:symmetric ?symmetric }
    OPTIONAL { ?r ag:negated ?negated }
    OPTIONAL { ?r ag:date ?stored_date }
    OPTIONAL { ?r ag:sentenceIndex ?index }
    BIND(STR(?stored_date) AS ?date)
    %(filter)s
  }
}"""

_SENTENCES = """\
SELECT ?source ?target ?type ?polarity ?article ?index ?sentence WHERE {
  VALUES ?article { %s }
  GRAPH ?g {
    ?a schema:identifier ?article .
    ?r prov:wasDerivedFrom ?a ; ag:source ?source ; ag:target ?target ; ag:relationType ?type ; ag:polarity ?polarity ;
       ag:evidence ?sentence .
    OPTIONAL { ?r ag:sentenceIndex ?index }
  }
}"""


def relation_rows(ds, since: str | None = None, until: str | None = None, *, sentences: bool = True) -> list[dict]:
    """Every relation as a flat row for the alignment analysis.

    Rows have keys :data:`ROW_COLUMNS`; actor and article fields are ids, ``type`` the type name,
    ``date`` an ISO string or ``None``, ``intensity`` a float or ``None``. ``since``/``until``
    (inclusive ISO dates) drop dated relations outside them; undated ones are always returned.
    Ordered by date (undated last), article, sentence index, then actors, type and polarity.

    With ``sentences=False`` rows have no ``sentence`` and carry their ``sentence_index``;
    :func:`load_sentences` adds the sentences of the few rows that need them (evidence). Those rows come
    from each article's packed rows (:mod:`graph.packed_rows`, one scan) while they cover the store, else,
    like rows with sentences, from one SPARQL query over every relation.
    """
    query = _LEAN_ROWS % {"filter": _date_filter(since, until), "sentence": "?sentence" if sentences else "",
                          "evidence": "?r ag:evidence ?sentence ." if sentences else ""}
    if not sentences:
        packed = _packed_rows(ds, since, until)
        if packed is not None:
            return packed
    values = _oxigraph_rows(ds, query)
    if values is None:
        values = [_decoded(v) for v in run_query(ds, query, row_limit=_NO_LIMIT).rows]
    values.sort(key=row_order)
    rows = []
    for v in values:
        source, target, name, polarity, intensity, date, symmetric, negated, article, index = v[:10]
        row = {"source": source, "target": target, "type": name, "polarity": polarity, "intensity": intensity,
               "date": date, "symmetric": bool(symmetric), "negated": bool(negated), "article": article}
        if sentences:
            row["sentence"] = v[10]
        else:
            row["sentence_index"] = index
        rows.append(row)
    return rows


def _packed_rows(ds, since: str | None, until: str | None) -> list[dict] | None:
    """The rows (without sentences) from each article's packed literal (:mod:`graph.packed_rows`): one scan
    instead of a seek per property per relation. ``None`` when the store is not wholly covered by them (then
    the row query does it)."""
    coverage = trusted_rows(ds, COVERAGE_QUERY)
    articles, packed, relations, edited = (int(v or 0) for v in coverage[0]) if coverage else (0, 0, 0, 0)
    if articles != packed or edited:
        return None
    ids: dict = {}
    by_article: list[tuple[str, list[dict]]] = []
    declared = 0
    with collector_paused():  # tens of thousands of row dicts (graph.allocation)
        for text in literal_texts(ds, ROWS_QUERY):
            article, count, rows = unpack_relation_rows(text, ids)
            declared += count
            by_article.append((article, rows))
    if declared != relations:  # relations added or deleted behind the packed rows' back
        return None
    # Each article's rows are packed in row_order: with the articles in id order, grouping by date (keeping
    # that order in each group) gives row_order (date, then article, then the rest) without a sort key per row.
    by_article.sort(key=lambda item: item[0])
    by_date: dict[str | None, list[dict]] = {}
    for _article, article_rows in by_article:
        for row in article_rows:
            by_date.setdefault(row["date"], []).append(row)
    dates = sorted(d for d in by_date if d is not None and (since is None or d >= since) and (until is None or d <= until))
    return [row for d in (*dates, None) for row in by_date.get(d, ())]  # undated last, kept whatever the filter


def _decoded(v) -> tuple:
    """A row of :func:`run_query` values with ids for the actor and type IRIs (as :func:`_oxigraph_rows` gives)."""
    source, target, type_, polarity, intensity = v[:5]
    return (actor_id(source), actor_id(target), relation_type_name(type_), int(polarity),
            None if intensity is None else float(intensity), *v[5:])


def _sentence_key(row) -> tuple:
    return (row["article"], row.get("sentence_index"), row["source"], row["target"], row["type"], row["polarity"])


def load_sentences(ds, rows) -> None:
    """Set ``sentence`` on rows of ``relation_rows(..., sentences=False)``, in place, with one query per
    2,000 articles: the rows' articles' relations, matched by sentence index, actors, type and polarity.

    Examples
    --------
    >>> load_sentences(None, [])
    """
    need = [r for r in rows if "sentence" not in r]
    if not need:
        return
    found: dict[tuple, str] = {}
    articles = sorted({r["article"] for r in need})
    for start in range(0, len(articles), 2000):
        chunk = " ".join(Literal(a).n3() for a in articles[start:start + 2000])  # escaped string literals
        query = _SENTENCES % chunk
        fast = _oxigraph_rows(ds, query)
        for v in (fast if fast is not None else [_decoded(v) for v in run_query(ds, query, row_limit=_NO_LIMIT).rows]):
            source, target, name, polarity, article, index, sentence = v
            key = (article, index, source, target, name, polarity)
            if key not in found or sentence < found[key]:  # the same relation twice: one answer, whatever the order
                found[key] = sentence
    for row in need:
        row["sentence"] = found.get(_sentence_key(row))


def _oxigraph_rows(ds, query: str) -> list[tuple] | None:
    """Our own fixed query straight on pyoxigraph: rdflib's per-term conversion costs ~25 s per 100k rows.

    ``None`` when the dataset is not on the embedded store (then :func:`run_query` does it). The first
    three columns (actor, actor, relation type IRIs) come back as ids; the others as :func:`graph.sparql.ox_value`
    gives them. Each distinct term is converted once (a dict keyed by the pyoxigraph term): 100k rows
    hold a few hundred actors, a dozen types and a few thousand dates.
    """
    inner = oxigraph_of(ds)
    if inner is None:
        return None
    solutions = inner.query(PREFIXES + query)
    width = len(solutions.variables)
    ids: dict = {}
    memo: dict = {}

    def actor(term):
        value = ids[term] = actor_id(term.value)
        return value

    def type_name(term):
        value = ids[term] = relation_type_name(term.value)
        return value

    def py(term):
        value = memo[term] = ox_value(term)
        return value

    out = []
    get, remember = memo.get, memo.__contains__
    for sol in solutions:
        s, t, y = sol[0], sol[1], sol[2]
        row = [ids[s] if s in ids else actor(s), ids[t] if t in ids else actor(t),
               ids[y] if y in ids else type_name(y)]
        for i in range(3, width):
            term = sol[i]
            row.append(None if term is None else (get(term) if remember(term) else py(term)))
        out.append(tuple(row))
    return out


def actor_info(ds) -> dict[str, dict]:
    """Actor id -> ``{"label", "kind"}`` for every stored actor."""
    res = run_query(ds, _ACTOR_INFO, row_limit=_NO_LIMIT)
    return {actor_id(a): {"label": label or actor_id(a), "kind": kind} for a, label, kind in res.rows}


_PEOPLE = """\
SELECT ?p (SAMPLE(?n) AS ?name) (GROUP_CONCAT(DISTINCT ?role; separator="; ") AS ?roles) (SAMPLE(?s) AS ?acts_for)
       (SAMPLE(?q) AS ?wikidata) (COUNT(DISTINCT ?r) AS ?relations) WHERE {
  ?p a ag:Person ; schema:name ?n .
  OPTIONAL { ?p ag:role ?role } OPTIONAL { ?p ag:actsFor ?s } OPTIONAL { ?p ag:wikidata ?q }
  OPTIONAL { { ?r ag:sourcePerson ?p } UNION { ?r ag:targetPerson ?p } }
} GROUP BY ?p ORDER BY DESC(?relations) ?name"""


def people(ds) -> list[dict]:
    """Every stored person: ``name, role, acts_for, relations`` and ``wikidata``, most relations first.

    ``role`` joins the roles stored mentions gave ("; "), ``None`` if none; ``acts_for`` is an actor id
    (``"TUR"``); ``relations`` counts the relations with the person on either side; ``wikidata`` a
    Wikidata id ("Q39259") or ``None``.
    """
    res = run_query(ds, _PEOPLE, row_limit=_NO_LIMIT)
    out = []
    for _p, name, roles, acts_for, wikidata, relations in res.rows:
        out.append({"name": name, "role": roles or None, "acts_for": None if acts_for is None else actor_id(acts_for),
                    "relations": int(relations or 0),
                    "wikidata": None if wikidata is None else str(wikidata).rsplit("/", 1)[-1]})
    return out


def store_counts(ds) -> dict:
    """``{"articles", "actors", "relations", "triples"}``: actors taking part in a relation; triples
    are the quads in the article and actor graphs (a triple in two graphs counts twice).
    """
    row = run_query(ds, _COUNTS).rows
    if not row:
        return {"articles": 0, "actors": 0, "relations": 0, "triples": 0}
    return dict(zip(("articles", "actors", "relations", "triples"), (int(v or 0) for v in row[0])))


def list_articles(ds) -> list[dict]:
    """Every stored article: ``id, title, date, url, relations`` (its relation count), oldest first, undated last."""
    res = run_query(ds, _ARTICLES, row_limit=_NO_LIMIT)
    return [dict(zip(res.columns, row)) for row in res.rows]


def _relation_rows(ds, match: str, limit: int | None = None) -> list[dict]:
    """The rows of the relations ``?r`` that ``match`` (a graph pattern binding ``?r`` from an actor IRI).

    Index-friendly on the on-disk store, where every joined triple pattern costs a seek per row: the
    match binds ``?r`` from the actor IRI first (the POS index), then one ``?r ?p ?o`` per relation and one
    ``?a ?p ?o`` per article read all their properties in one seek each, and the labels come from the
    few actors involved; Python assembles the rows. Same rows, in the same order, as a
    single query over every relation of the actor would give
    (a relation matched twice, e.g. from an actor to itself, is listed twice, as the ``UNION`` gives it).
    """
    hits: dict[str, int] = {}
    for (r,) in trusted_rows(ds, f"SELECT ?r WHERE {{ {match} }}"):
        hits[r] = hits.get(r, 0) + 1
    if not hits:
        return []
    props = _properties(ds, list(hits))
    wanted = {}
    articles = set()
    for r in hits:
        p = props.get(r, {})
        if _RDF_TYPE not in p or _RELATION not in p[_RDF_TYPE]:
            continue
        if not all(k in p for k in _REQUIRED):
            continue
        wanted[r] = p
        articles.update(p[_DERIVED])
    article_props = _properties(ds, sorted(articles))
    actors = {a for p in wanted.values() for k in (_SOURCE, _TARGET) for a in p[k]}
    labels = _labels(ds, sorted(actors))
    keyed = []
    for r, p in wanted.items():
        for a in p[_DERIVED]:
            ap = article_props.get(a, {})
            if _IDENTIFIER not in ap:
                continue
            first = _first
            date, index = first(p, _DATE), first(p, _INDEX)
            row = {
                "source": actor_id(first(p, _SOURCE)), "source_label": None,
                "target": actor_id(first(p, _TARGET)), "target_label": None,
                "type": relation_type_name(first(p, _TYPE)), "quad_class": first(p, _QUAD),
                "polarity": first(p, _POLARITY), "intensity": first(p, _INTENSITY),
                "symmetric": bool(first(p, _SYMMETRIC)), "trigger": first(p, _TRIGGER),
                "sentence": first(p, _EVIDENCE), "article": first(ap, _IDENTIFIER),
                "article_title": first(ap, _HEADLINE), "date": date, "url": first(ap, _URL),
                "negated": bool(first(p, _NEGATED)),
            }
            row["source_label"] = labels.get(first(p, _SOURCE)) or row["source"]
            row["target_label"] = labels.get(first(p, _TARGET)) or row["target"]
            order = (date is None, str(date or ""), str(row["article"]), index is not None, index or 0, r)
            keyed += [(order, row)] * hits[r]
    keyed.sort(key=lambda kr: kr[0])
    rows = [{k: row[k] for k in RELATION_COLUMNS} for _o, row in keyed]
    return rows[:limit] if limit is not None else rows


_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_AGNS = "https://w3id.org/alliancegraph/ns#"
_RELATION = _AGNS + "Relation"
_SOURCE, _TARGET, _TYPE, _POLARITY, _EVIDENCE = (_AGNS + k for k in ("source", "target", "relationType", "polarity",
                                                                     "evidence"))
_QUAD, _INTENSITY, _SYMMETRIC, _NEGATED, _TRIGGER, _DATE, _INDEX = (
    _AGNS + k for k in ("quadClass", "intensity", "symmetric", "negated", "trigger", "date", "sentenceIndex"))
_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
_IDENTIFIER, _HEADLINE, _URL = ("https://schema.org/" + k for k in ("identifier", "headline", "url"))
_REQUIRED = (_SOURCE, _TARGET, _TYPE, _POLARITY, _EVIDENCE, _DERIVED)
_CHUNK = 1000


def _first(props: dict, key: str):
    values = props.get(key)
    return values[0] if values else None


def _properties(ds, subjects: list[str]) -> dict[str, dict[str, list]]:
    """Subject IRI -> property IRI -> values (in the store's order), one ``?s ?p ?o`` seek per subject."""
    out: dict[str, dict[str, list]] = {}
    for start in range(0, len(subjects), _CHUNK):
        chunk = subjects[start:start + _CHUNK]
        # dates as their lexical form: a stored value Python holds no date for would make rdflib log a traceback
        query = (f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {' '.join(URIRef(x).n3() for x in chunk)} }} ?s ?p ?v "
                 "BIND(IF(isLiteral(?v) && DATATYPE(?v) = xsd:date, STR(?v), ?v) AS ?o) }")
        for s_, p_, o_ in trusted_rows(ds, query):  # IRIs read from the store itself: safe in the query text
            values = out.setdefault(s_, {}).setdefault(p_, [])
            if o_ not in values:
                values.append(o_)
    return out


def _labels(ds, actors: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for start in range(0, len(actors), _CHUNK):
        chunk = " ".join(URIRef(x).n3() for x in actors[start:start + _CHUNK])
        query = f"SELECT ?a (SAMPLE(?l) AS ?label) WHERE {{ VALUES ?a {{ {chunk} }} ?a a ag:Actor ; rdfs:label ?l }} GROUP BY ?a"
        out.update((a, label) for a, label in trusted_rows(ds, query))
    return out


def relations_of(ds, actor: str, *, limit: int | None = None) -> list[dict]:
    """Every relation with ``actor`` (an id such as ``"AZE"``) as source or target (the first ``limit``)."""
    a = actor_iri(actor).n3()  # percent-encoded minted IRI: safe in the query text
    with collector_paused():  # ~20 property values per relation, then the rows (graph.allocation)
        return _relation_rows(ds, f"{{ ?r ag:source {a} }} UNION {{ ?r ag:target {a} }}", limit)


def relations_between(ds, a: str, b: str, *, limit: int | None = None) -> list[dict]:
    """Every relation between actors ``a`` and ``b``, either direction (the first ``limit``)."""
    x, y = actor_iri(a).n3(), actor_iri(b).n3()
    with collector_paused():
        return _relation_rows(
            ds, f"{{ ?r ag:source {x} ; ag:target {y} }} UNION {{ ?r ag:source {y} ; ag:target {x} }}", limit
        )


_RECORD_FIELDS = ("sentence", "sentence_index", "char_start", "char_end", "type", "quad_class", "polarity",
                  "intensity", "negated", "symmetric", "confidence", "trigger", "date")
_MENTION_FIELDS = ("id", "label", "text", "kind", "country", "start", "end")

_RECORDS = ("""\
SELECT ?r ?sentence ?sentence_index ?char_start ?char_end ?type ?quad_class ?polarity ?intensity ?negated
       ?symmetric ?confidence ?trigger ?date
       ?s_id ?s_label ?s_text ?s_kind ?s_country ?s_start ?s_end ?s_sector
       ?t_id ?t_label ?t_text ?t_kind ?t_country ?t_start ?t_end ?t_sector
       ?l_id ?l_label ?l_country ?l_text ?l_start ?l_end WHERE {
  ?r a ag:Relation ; prov:wasDerivedFrom %(article)s ; ag:source ?s_id ; ag:target ?t_id ;
     ag:relationType ?type ; ag:polarity ?polarity ; ag:evidence ?sentence .
  OPTIONAL { ?r ag:sentenceIndex ?sentence_index } OPTIONAL { ?r ag:charStart ?char_start }
  OPTIONAL { ?r ag:charEnd ?char_end } OPTIONAL { ?r ag:quadClass ?quad_class }
  OPTIONAL { ?r ag:intensity ?intensity } OPTIONAL { ?r ag:negated ?negated }
  OPTIONAL { ?r ag:symmetric ?symmetric } OPTIONAL { ?r ag:confidence ?confidence }
  OPTIONAL { ?r ag:trigger ?trigger } OPTIONAL { ?r ag:date ?date }
  OPTIONAL { ?r ag:sourceText ?s_text } OPTIONAL { ?r ag:sourceStart ?s_start } OPTIONAL { ?r ag:sourceEnd ?s_end }
  OPTIONAL { ?r ag:targetText ?t_text } OPTIONAL { ?r ag:targetStart ?t_start } OPTIONAL { ?r ag:targetEnd ?t_end }
  OPTIONAL { ?r ag:location ?l_id . OPTIONAL { ?l_id rdfs:label ?l_label } OPTIONAL { ?l_id ag:country ?l_country }
             OPTIONAL { ?r ag:locationText ?l_text } OPTIONAL { ?r ag:locationStart ?l_start }
             OPTIONAL { ?r ag:locationEnd ?l_end } }
  OPTIONAL { ?r ag:sourceSector ?s_sector } OPTIONAL { ?r ag:targetSector ?t_sector }
""" + _actor_details("s_id", "s_label", "s_kind", "s_country", 1)
    + _actor_details("t_id", "t_label", "t_kind", "t_country", 2) + """\
}
ORDER BY ?sentence_index ?char_start ?r""")


def records_of_article(ds, article_id: str) -> list[dict]:
    """The extraction records of one stored article, rebuilt from the store (:mod:`extract.record` shape).

    The inverse of :func:`graph.store.add_article` for what the model keeps: ``date`` is the relation's
    stored date (the record's, else the article's); actor ``label``, ``kind`` and ``country`` come from the
    shared actor descriptions; optional fields the record did not have are ``None``, except a mention's
    ``sector``, which is there only when stored. Ordered by sentence.
    """
    res = run_query(ds, _RECORDS % {"article": article_iri(article_id).n3()}, row_limit=_NO_LIMIT, timeout=None)
    records = []
    for values in res.rows:
        row = dict(zip(res.columns, values))
        record = {"article": article_id, **{k: row[k] for k in _RECORD_FIELDS}}
        record["type"] = relation_type_name(row["type"])
        for side, prefix in (("source", "s_"), ("target", "t_")):
            mention = {k: row[prefix + k] for k in _MENTION_FIELDS}
            mention["id"] = actor_id(mention["id"])
            if mention["country"] is not None:
                mention["country"] = actor_id(mention["country"])
            if row[prefix + "sector"] is not None:  # optional in the record: present only when stored
                mention["sector"] = row[prefix + "sector"]
            record[side] = mention
        if row["l_id"] is not None:
            record["location"] = {"id": place_id(row["l_id"]), "label": row["l_label"],
                                  "country": None if row["l_country"] is None else actor_id(row["l_country"]),
                                  **{k: row["l_" + k] for k in ("text", "start", "end")}}
        records.append(record)
    return records


def _id(value: object) -> str:
    """``ag:kind`` / ``ag:country`` may be IRIs or literals: keep the last path segment."""
    text = str(value)
    return text.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1] if "://" in text else text


def relation_table(ds) -> list[dict]:
    """Every relation with labels, kinds, quad class, evidence and article, oldest first (undated last).

    What the explorer filters and draws: one read of the whole store, cached by the app per store version.
    ``date`` is a calendar date or ``None``; a stored date that is none (:func:`graph.windows.calendar_date`)
    is ``None`` there and kept as written in ``unreadable_date``.
    It grows with the store (10.6 s at 1.26M triples, docs/BENCHMARKS.md), so it runs without the time
    limit of user queries: a large store makes the first view slow, never an error.
    """
    res = run_query(ds, _ALL_RELATIONS, row_limit=_NO_LIMIT, timeout=None)
    rows = []
    readable: dict = {}
    for values in res.rows:
        row = dict(zip(res.columns, values))
        stored = row["date"]
        if stored and stored not in readable:
            readable[stored] = calendar_date(stored)
        row["date"] = readable[stored] if stored else None
        row["unreadable_date"] = stored if stored and row["date"] is None else None
        for side in ("source", "target"):
            row[side] = unquote(row[side] or "")
            row[f"{side}_label"] = row[f"{side}_label"] or row[side]
            for extra in ("kind", "country"):
                if row[f"{side}_{extra}"] is not None:
                    row[f"{side}_{extra}"] = _id(row[f"{side}_{extra}"])
        row["quad_class"] = int(row["quad_class"] or 0)
        row["polarity"] = int(row["polarity"] or 0)
        row["intensity"] = None if row["intensity"] is None else float(row["intensity"])
        row["symmetric"] = bool(row["symmetric"])
        row["negated"] = bool(row["negated"])
        rows.append(row)
    return rows
