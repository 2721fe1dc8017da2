"""Each article's relation rows packed in one literal, so the alignment analysis reads a store in one scan.

:func:`graph.queries.relation_rows` needs about ten properties of every relation. Read as triples, that
is one index seek per property per relation: 6 s of engine time for 60,000 relations (1.2M triples) on
the on-disk store. :func:`graph.store.add_article` therefore also writes, on the article and in its
graph, ``ag:relationRows``: a header line, the article id (percent-encoded) and its relation count, then
one line per row the row query would give for that article, fields separated by tabs::

    ARTICLE-ID  relationCount
    SOURCE  TARGET  TYPE  polarity  intensity  date  symmetric  negated  sentenceIndex

Actor ids are percent-encoded as in their IRIs (no tab, no newline), booleans ``1``/``0``, a missing
value is empty. Sentences are not packed (they would double the store); rows read this way carry their
sentence index, and :func:`graph.queries.load_sentences` adds the few sentences evidence needs.

The literal lives in the article's graph and is written in the same transaction as the relations, so it
is replaced or dropped with them. A reader trusts the literals only when every article has one, their
relation counts add up to the ``ag:Relation`` nodes in the store, and no SPARQL update has changed the
store (:data:`COVERAGE_QUERY`; updates run through :func:`graph.sparql.run_query` leave a mark,
:data:`graph.model.EDIT_MARK_UPDATE`); otherwise (a store written by older code, or edited) the rows are read
from the relations themselves.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from urllib.parse import quote, unquote

from rdflib import RDF, Literal, URIRef
from rdflib.namespace import PROV

from .model import AG, actor_id, relation_type_name

__all__ = ["row_order", "relation_fields", "pack_relation_rows", "unpack_relation_rows", "relation_rows_quad",
           "COVERAGE_QUERY", "ROWS_QUERY"]

#: The properties a row is made of, by field index (:func:`relation_fields`).
_FIELDS = {AG.source: 0, AG.target: 1, AG.relationType: 2, AG.polarity: 3, AG.intensity: 4, AG.date: 5,
           AG.symmetric: 6, AG.negated: 7, AG.sentenceIndex: 8, PROV.wasDerivedFrom: 9}
_REQUIRED = (0, 1, 2, 3, 9)  # the row query's non-optional patterns
_TYPE = RDF.type

#: Every article's packed rows (one scan of one predicate: no join).
ROWS_QUERY = "SELECT ?rows WHERE { ?a ag:relationRows ?rows }"

#: Articles, articles with packed rows, ``ag:Relation`` nodes and update marks: the packed rows are the whole
#: truth when the first two are equal, their headers' counts add up to the third and the fourth is 0.
COVERAGE_QUERY = """\
SELECT ?articles ?packed ?relations ?edited WHERE {
  { SELECT (COUNT(*) AS ?articles) WHERE { ?a a schema:NewsArticle } }
  { SELECT (COUNT(*) AS ?packed) WHERE { ?a ag:relationRows ?x } }
  { SELECT (COUNT(*) AS ?relations) WHERE { ?r a ag:Relation } }
  { SELECT (COUNT(*) AS ?edited) WHERE { ?s ag:editedBySparqlUpdate ?x } }
}"""


def _value(i: int, term):
    """Field ``i`` of a row as :func:`graph.queries.relation_rows`'s query gives it, from an RDF term."""
    text = str(term)
    if i <= 1:
        return actor_id(text)
    if i == 2:
        return relation_type_name(text)
    if i in (3, 8):
        return int(text)
    if i == 4:
        return float(text)
    if i in (6, 7):
        return text in ("true", "1")
    return text


def _text(value) -> str:
    if value is None:
        return ""
    if value is True or value is False:
        return "1" if value else "0"
    if isinstance(value, float):
        return repr(value)
    return str(value)


def row_order(v: tuple) -> tuple:
    """The order of :func:`graph.queries.relation_rows`: ``ORDER BY (!BOUND(?date)) ?date ?article ?index``
    (an unbound index first), then every other field, so that every way of reading the rows gives one order.
    ``v`` is a row tuple (:func:`unpack_relation_rows`), possibly with the sentence after the index."""
    date, article, index, intensity = v[5], v[8], v[9], v[4]
    return (date is None, str(date or ""), str(article), index is not None, index or 0, v[0], v[1], v[2], v[3],
            intensity is not None, intensity or 0.0, str(v[6]), str(v[7]), str(v[10:]))


def relation_fields(quads: Iterable[tuple]) -> dict:
    """Relation IRI -> the sets of its values of each row property (source, target, type, polarity,
    intensity, date, symmetric, negated, sentence index, article), for each ``ag:Relation`` in ``quads``.

    Read once per article by :func:`graph.store.stored_quads` for its relation count, the packed rows and
    the dyad summaries.
    """
    values: dict = {}
    relations = []
    fields, relation_type, relation = _FIELDS, _TYPE, AG.Relation
    for s, p, o, _g in quads:
        i = fields.get(p)
        if i is not None:
            row = values.get(s)
            if row is None:
                row = values[s] = [set() for _ in range(10)]
            row[i].add(o)
        elif p == relation_type and o == relation:
            relations.append(s)
    return {r: values.get(r) or [set() for _ in range(10)] for r in relations}


def pack_relation_rows(article: URIRef, fields: dict) -> str:
    """The ``ag:relationRows`` text of one article graph (see the module docstring), from
    :func:`relation_fields` of its quads.

    A relation with two values of one property (two records that mint the same relation IRI) gives one
    line per combination, as the row query's join does.

    Examples
    --------
    >>> from graph.model import article_quads
    >>> art = {"id": "a1", "text": "Baku thanks Ankara.", "title": None, "date": "2025-03-01", "url": None}
    >>> rec = {"source": {"id": "AZE"}, "target": {"id": "TUR"}, "type": "PRAISE", "polarity": 1,
    ...        "sentence": "Baku thanks Ankara.", "sentence_index": 0, "intensity": 2.5}
    >>> g, quads = article_quads(art, [rec])
    >>> pack_relation_rows(quads[0][0], relation_fields(quads)).split("\\t")
    ['AZE', 'TUR', 'PRAISE', '1', '2.5', '2025-03-01', '0', '0', '0']
    """
    rows = []
    for values in fields.values():
        if any(not values[i] for i in _REQUIRED) or article not in values[9]:
            continue
        columns = [sorted({_value(i, v) for v in column}, key=repr) or [None] for i, column in enumerate(values[:9])]
        rows += (combo[:8] + (None, combo[8]) for combo in itertools.product(*columns))
    rows.sort(key=row_order)  # readers rely on it: the rows of one article come in relation_rows' order
    return "\n".join("\t".join((quote(r[0], safe=""), quote(r[1], safe=""), *map(_text, r[2:8]), _text(r[9])))
                     for r in rows)


def relation_rows_quad(article: URIRef, g: URIRef, article_id: str, fields: dict) -> tuple:
    """The quad ``article ag:relationRows "<header + packed rows>"`` in graph ``g`` (written also when there
    is no relation: the header marks the article as packed)."""
    header = f"{quote(article_id, safe='')}\t{len(fields)}"
    rows = pack_relation_rows(article, fields)
    return (article, AG.relationRows, Literal(f"{header}\n{rows}" if rows else header), g)


def unpack_relation_rows(text: str, ids: dict | None = None) -> tuple[str, int, list[dict]]:
    """``(article id, relation count, rows)`` of one article's packed text, in :func:`row_order`; rows are
    the dicts of ``graph.queries.relation_rows(..., sentences=False)``. ``ids`` caches decoded ids.

    >>> article, count, rows = unpack_relation_rows("a%201\\t1\\nAZE\\tTUR\\tPRAISE\\t1\\t2.5\\t2025-03-01\\t0\\t\\t0")
    >>> article, count, rows[0]["source"], rows[0]["intensity"], rows[0]["negated"], rows[0]["sentence_index"]
    ('a 1', 1, 'AZE', 2.5, False, 0)
    """
    ids = {} if ids is None else ids
    lines = text.split("\n")
    article, count = lines[0].split("\t")
    article = unquote(article)
    out = []
    for line in lines[1:]:
        s, t, name, polarity, intensity, date, symmetric, negated, index = line.split("\t")
        source = ids.get(s)
        if source is None:
            source = ids[s] = unquote(s)
        target = ids.get(t)
        if target is None:
            target = ids[t] = unquote(t)
        out.append({"source": source, "target": target, "type": name, "polarity": int(polarity),
                    "intensity": float(intensity) if intensity else None, "date": date or None,
                    "symmetric": symmetric == "1", "negated": negated == "1", "article": article,
                    "sentence_index": int(index) if index else None})
    return article, int(count), out
