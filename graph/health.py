"""Is a store whole? The cheap test writers and readers run on opening, and the full check of ``alliancegraph check``.

A store is damaged when an article is not whole (its ``ag:relationCount`` differs from the ``ag:Relation``
nodes derived from it in its graph: a relation deleted by hand, a half-applied edit) or when its derived
literals (:mod:`graph.packed_rows` ``ag:relationRows``, the ``ag:dyadSummaries`` of :mod:`graph.model`) no
longer match its relations while readers still trust them (no SPARQL update mark,
:data:`graph.model.EDIT_MARK_UPDATE`); with the mark, readers aggregate the relations themselves, so stale
literals are reported but are not damage. Files that cannot be opened are :class:`graph.store.StoreError`
before any of this runs.

- :func:`incomplete_articles`: one aggregate query, run by ``ingest`` before it writes and by ``actors`` and
  ``analyze`` before they read, so a damaged store is neither written to nor analysed as if it were whole;
- :func:`check_store`: every quad read once (RocksDB verifies each block's checksum as it reads it), each
  article graph's derived literals computed again exactly as :func:`graph.store.stored_quads` writes them,
  and compared.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from .packed_rows import relation_fields, relation_rows_quad
from .sparql import oxigraph_of, trusted_rows
from .store import dyad_summary_quads

__all__ = ["Damage", "StoreReport", "incomplete_articles", "check_store", "describe_incomplete"]

#: Articles whose recorded relation count differs from the relations found in their graph.
_INCOMPLETE = """\
SELECT ?id ?declared ?found WHERE {
  { SELECT ?g ?a ?declared (COUNT(?r) AS ?found) WHERE {
      GRAPH ?g { ?a ag:relationCount ?declared . OPTIONAL { ?r prov:wasDerivedFrom ?a ; a ag:Relation } }
    } GROUP BY ?g ?a ?declared }
  FILTER(?found != ?declared)
  GRAPH ?g { ?a schema:identifier ?id }
}
ORDER BY ?id"""

#: The relations every article recorded, and the relations there are: equal on a whole store (0.2 s for 100,000).
_TOTALS = """\
SELECT ?declared ?relations WHERE {
  { SELECT (SUM(?c) AS ?declared) WHERE { ?a ag:relationCount ?c } }
  { SELECT (COUNT(*) AS ?relations) WHERE { ?r a ag:Relation } }
}"""

_ARTICLE_GRAPHS = """\
SELECT ?g ?a ?id ?count ?rows ?dyads WHERE {
  GRAPH ?g { ?a a schema:NewsArticle ; schema:identifier ?id .
             OPTIONAL { ?a ag:relationCount ?count } OPTIONAL { ?a ag:relationRows ?rows }
             OPTIONAL { ?a ag:dyadSummaries ?dyads } }
}"""

_COUNTS = """\
SELECT ?articles ?relations ?actors ?edited WHERE {
  { SELECT (COUNT(DISTINCT ?a) AS ?articles) WHERE { ?a a schema:NewsArticle } }
  { SELECT (COUNT(DISTINCT ?r) AS ?relations) WHERE { ?r a ag:Relation } }
  { SELECT (COUNT(DISTINCT ?x) AS ?actors) WHERE { ?x a ag:Actor } }
  { SELECT (COUNT(*) AS ?edited) WHERE { GRAPH ?e { ?s ag:editedBySparqlUpdate ?o } } }
}"""


@dataclass(frozen=True)
class Damage:
    """One article that is not as written: its id, its graph, and what is wrong, in one line."""

    article: str
    graph: str
    problem: str


@dataclass
class StoreReport:
    """What :func:`check_store` found. ``damage`` empty: the store is whole."""

    articles: int = 0
    relations: int = 0
    actors: int = 0
    quads: int = 0
    graphs: int = 0
    edited: bool = False
    damage: list[Damage] = field(default_factory=list)
    notes: list[Damage] = field(default_factory=list)  # harmless: derived literals readers do not use

    @property
    def healthy(self) -> bool:
        return not self.damage


def incomplete_articles(ds) -> list[tuple[str, int, int]]:
    """``(article id, relations recorded, relations found)`` of every article that is not whole, by id.

    Two sums first (a fifth of a second for 100,000 relations); only when they differ (an article lost or
    gained relations, or a relation was added by hand) the per-article count, which takes seconds.
    A relation lost by one article while another gains one keeps the sums equal: ``check_store`` finds it.
    """
    totals = trusted_rows(ds, _TOTALS)
    declared, relations = (int(v or 0) for v in totals[0]) if totals else (0, 0)
    if declared == relations:
        return []
    return [(str(aid), int(declared), int(found)) for aid, declared, found in trusted_rows(ds, _INCOMPLETE)]


def describe_incomplete(incomplete: list[tuple[str, int, int]]) -> str:
    """One line on the articles :func:`incomplete_articles` found.

    >>> describe_incomplete([("a1", 2, 1), ("b", 3, 0)])
    "2 articles hold fewer or more relations than they recorded ('a1': 1 of 2, 'b': 0 of 3)"
    """
    shown = ", ".join(f"{aid!r}: {found} of {declared}" for aid, declared, found in incomplete[:3])
    more = f", and {len(incomplete) - 3} more" if len(incomplete) > 3 else ""
    noun = "article holds" if len(incomplete) == 1 else "articles hold"
    return f"{len(incomplete)} {noun} fewer or more relations than they recorded ({shown}{more})"


def check_store(ds) -> StoreReport:
    """Read every quad of the store and check each article (see the module docstring).

    A storage error while reading (a corrupted file) propagates as the store raised it.
    """
    report = StoreReport()
    articles, relations, actors, edited = (int(v or 0) for v in trusted_rows(ds, _COUNTS)[0])
    report.articles, report.relations, report.actors, report.edited = articles, relations, actors, edited > 0
    stored: dict[str, dict[str, dict]] = {}  # graph -> article IRI -> what it holds
    for g, a, aid, count, rows, dyads in trusted_rows(ds, _ARTICLE_GRAPHS):
        entry = stored.setdefault(g, {}).setdefault(a, {"id": str(aid), "count": set(), "rows": set(), "dyads": set()})
        for key, value in (("count", count), ("rows", rows), ("dyads", dyads)):
            if value is not None:
                entry[key].add(value)
    with _quiet_literals():
        for g, quads in _graphs(ds):  # every quad once: a damaged block fails here even if no article reads it
            report.graphs += g is not None
            report.quads += len(quads)
            for a, entry in sorted(stored.get(g, {}).items(), key=lambda item: item[1]["id"]):
                _check_article(URIRef(g), URIRef(a), quads, entry, report)
    report.damage.sort(key=lambda d: d.article)
    report.notes.sort(key=lambda d: d.article)
    return report


def _graphs(ds):
    """``(graph name or None for the default graph, its quads as rdflib terms)`` for every graph, one at a time."""
    inner = oxigraph_of(ds)
    if inner is None:
        for context in ds.contexts():
            yield str(context.identifier), [(s, p, o, context.identifier) for s, p, o in context]
        return
    for name in list(inner.named_graphs()):
        terms: dict = {}  # each distinct term of a graph converted once
        g = URIRef(name.value)
        yield name.value, [(_term(q.subject, terms), _term(q.predicate, terms), _term(q.object, terms), g)
                           for q in inner.quads_for_pattern(None, None, None, name)]
    yield None, list(inner.quads_for_pattern(None, None, None, ox.DefaultGraph()))


_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _term(t, terms: dict):
    """A pyoxigraph term as the rdflib term ``oxrdflib`` would give (memoised in ``terms``)."""
    r = terms.get(t)
    if r is None:
        if isinstance(t, ox.NamedNode):
            r = URIRef(t.value)
        elif isinstance(t, ox.Literal):
            datatype = t.datatype.value
            r = Literal(t.value, lang=t.language) if t.language else \
                Literal(t.value, datatype=None if datatype == _STRING else URIRef(datatype))
        elif isinstance(t, ox.BlankNode):
            r = BNode(t.value)
        else:  # an RDF-star triple term: no article holds one
            r = Literal(str(t))
        terms[t] = r
    return r


@contextmanager
def _quiet_literals():
    """rdflib logs a traceback for each literal it cannot convert (a date in year 10000); the check compares
    such literals as written and reports what matters, so that log is held back while it reads."""
    logger = logging.getLogger("rdflib.term")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _one(values: set):
    return next(iter(values)) if len(values) == 1 else None


def _check_article(g: URIRef, art: URIRef, quads: list[tuple], entry: dict, report: StoreReport) -> None:
    aid = entry["id"]
    fields = {r: v for r, v in relation_fields(quads).items() if art in v[9]}

    def found(problem: str, *, harmless: bool = False) -> None:
        (report.notes if harmless else report.damage).append(Damage(aid, str(g), problem))

    counts = entry["count"]
    if not counts:
        found("no ag:relationCount (written by an older version): its wholeness cannot be checked", harmless=True)
    elif len(counts) > 1:
        found(f"{len(counts)} values of ag:relationCount")
    elif int(_one(counts)) != len(fields):
        found(f"not whole: ag:relationCount is {int(_one(counts))}, {len(fields)} relations found")
    expected = {"rows": str(relation_rows_quad(art, g, aid, fields)[2]),
                "dyads": str(dyad_summary_quads(g, art, fields)[-1][2])}
    for key, name in (("rows", "ag:relationRows"), ("dyads", "ag:dyadSummaries")):
        values = entry[key]
        if not values:  # readers then aggregate the relations themselves
            found(f"no {name} (written by an older version)", harmless=True)
        elif len(values) > 1 or str(_one(values)) != expected[key]:
            what = f"{len(values)} values of {name}" if len(values) > 1 else f"{name} does not match its relations"
            # after a SPARQL update readers no longer trust the derived literals: stale, not damage
            found(what + (" (not used: the store was edited by a SPARQL update)" if report.edited else ""),
                  harmless=report.edited)
