"""Each article's relation rows packed in one literal, so the alignment analysis reads a store in one scan.

:func:`graph.queries.relation_rows` needs about ten properties of every relation. Read as triples, that
is one index seek per property per relation: 6 s of engine time for 60,000 relations (1.2M triples) on
the on-disk store. :func:`graph.store.add_article` therefore also writes, on the article and in its
graph, ``ag:relationRows``: one line per row the row query would give for that article, fields
separated by tabs::

    SOURCE  TARGET  TYPE  polarity  intensity  date  symmetric  negated  sentenceIndex

Actor ids are percent-encoded as in their IRIs (no tab, no newline), booleans ``1``/``0``, a missing
value is empty. Sentences are not packed (they would double the store); rows read this way carry their
sentence index, and :func:`graph.queries.load_sentences` adds the few sentences evidence needs.

The literal lives in the article's graph and is written in the same transaction as the relations, so it
is replaced or dropped with them. A reader trusts it only when every article has one and the articles'
``ag:relationCount`` add up to the ``ag:Relation`` nodes in the store (:data:`COVERAGE_QUERY`); a store
written by older code, or changed by a SPARQL update, is read from the relations themselves.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from urllib.parse import unquote

from rdflib import RDF, XSD, Literal, URIRef
from rdflib.namespace import PROV

from .model import ACTOR, AG

__all__ = ["pack_relation_rows", "unpack_relation_rows", "relation_rows_quad", "COVERAGE_QUERY", "ROWS_QUERY"]

#: The row fields read from each relation, in packed order (after source and target, which are IRIs).
_FIELDS = {AG.source: 0, AG.target: 1, AG.relationType: 2, AG.polarity: 3, AG.intensity: 4, AG.date: 5,
           AG.symmetric: 6, AG.negated: 7, AG.sentenceIndex: 8, PROV.wasDerivedFrom: 9}
_REQUIRED = (0, 1, 2, 3, 9)  # the row query's non-optional patterns

#: Every article's identifier and packed rows (each article's graph on its own: no cross-graph join).
ROWS_QUERY = "SELECT ?article ?rows WHERE { GRAPH ?g { ?a ag:relationRows ?rows ; schema:identifier ?article } }"

#: When the packed rows are the whole truth: every article has them and their relation counts add up.
COVERAGE_QUERY = """\
SELECT ?articles ?packed ?declared ?relations WHERE {
  { SELECT (COUNT(*) AS ?articles) WHERE { ?a a schema:NewsArticle } }
  { SELECT (COUNT(*) AS ?packed) (SUM(?n) AS ?declared)
    WHERE { GRAPH ?g { ?a ag:relationRows ?x ; ag:relationCount ?n } } }
  { SELECT (COUNT(*) AS ?relations) WHERE { ?r a ag:Relation } }
}"""


def _field(term) -> str:
    """One packed field from an RDF term of the row query."""
    if isinstance(term, Literal):
        if term.datatype == XSD.boolean:
            return "1" if term.toPython() is True else "0"
        if term.datatype == XSD.double:
            return repr(float(term))
        return str(term)
    text = str(term)
    if text.startswith(ACTOR):
        return text[len(ACTOR):]  # percent-encoded already
    return text[len(AG):] if text.startswith(AG) else text


def pack_relation_rows(article: URIRef, quads: Iterable[tuple]) -> str:
    """The ``ag:relationRows`` text of one article graph's quads (see the module docstring).

    A relation with two values of one property (two records that mint the same relation IRI) gives one
    line per combination, as the row query's join does.

    Examples
    --------
    >>> from graph.model import article_quads
    >>> art = {"id": "a1", "text": "Baku thanks Ankara.", "title": None, "date": "2025-03-01", "url": None}
    >>> rec = {"source": {"id": "AZE"}, "target": {"id": "TUR"}, "type": "PRAISE", "polarity": 1,
    ...        "sentence": "Baku thanks Ankara.", "sentence_index": 0, "intensity": 2.5}
    >>> g, quads = article_quads(art, [rec])
    >>> pack_relation_rows(quads[0][0], quads).split("\\t")
    ['AZE', 'TUR', 'PRAISE', '1', '2.5', '2025-03-01', '0', '0', '0']
    """
    values: dict = {}
    relations = []
    for s, p, o, _g in quads:
        if p == RDF.type and o == AG.Relation:
            relations.append(s)
        i = _FIELDS.get(p)
        if i is not None:
            values.setdefault(s, [[] for _ in range(10)])[i].append(o)
    lines = []
    for r in dict.fromkeys(relations):
        fields = values.get(r)
        if fields is None or any(not fields[i] for i in _REQUIRED) or article not in fields[9]:
            continue
        columns = [sorted({_field(v) for v in values}) or [""] for values in fields[:9]]
        lines += ("\t".join(combo) for combo in itertools.product(*columns))
    return "\n".join(sorted(lines))


def relation_rows_quad(article: URIRef, g: URIRef, quads: Sequence[tuple]) -> tuple:
    """The quad ``article ag:relationRows "<packed rows>"`` in graph ``g`` (written also when empty)."""
    return (article, AG.relationRows, Literal(pack_relation_rows(article, quads)), g)


def unpack_relation_rows(article: str, text: str, ids: dict | None = None) -> list[tuple]:
    """Rows ``(source, target, type, polarity, intensity, date, symmetric, negated, article, index)`` as
    :func:`graph.queries.relation_rows`'s query gives them, from one article's packed text.

    ``ids`` caches decoded actor ids across articles.

    >>> unpack_relation_rows("a1", "AZE\\tTUR\\tPRAISE\\t1\\t2.5\\t2025-03-01\\t0\\t\\t0")
    [('AZE', 'TUR', 'PRAISE', 1, 2.5, '2025-03-01', False, None, 'a1', 0)]
    """
    if not text:
        return []
    ids = {} if ids is None else ids
    out = []
    for line in text.split("\n"):
        s, t, name, polarity, intensity, date, symmetric, negated, index = line.split("\t")
        source = ids.get(s)
        if source is None:
            source = ids[s] = unquote(s)
        target = ids.get(t)
        if target is None:
            target = ids[t] = unquote(t)
        out.append((source, target, name, int(polarity), float(intensity) if intensity else None, date or None,
                    None if not symmetric else symmetric == "1", None if not negated else negated == "1",
                    article, int(index) if index else None))
    return out

