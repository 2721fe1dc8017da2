"""SPARQL 1.1 Protocol answers: media types, content negotiation, and a query's result as bytes.

Results by content negotiation (``Accept``, or a ``format`` parameter ``json|xml|csv|tsv|turtle|ntriples|rdfxml``):
SPARQL JSON (the default), XML, CSV, TSV for ``SELECT`` and ``ASK``; N-Triples (default), Turtle, RDF/XML for
``CONSTRUCT`` and ``DESCRIBE``. :func:`answer` runs where the query runs (a query worker,
:mod:`graph.query_worker`), since only the parsed query says which of the two families applies.
"""

from __future__ import annotations

import io
import json

import pyoxigraph as ox

from .query_safety import QueryRefused
from .sparql import _prefix_map, oxigraph_of

__all__ = ["RESULT_TYPES", "GRAPH_TYPES", "negotiate", "answer"]

#: Media types for SELECT and ASK results, in order of preference.
RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
#: Media types for CONSTRUCT and DESCRIBE results, in order of preference.
GRAPH_TYPES = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
_ALIASES = {"application/json": "application/sparql-results+json", "application/xml": "application/sparql-results+xml",
            "text/xml": "application/sparql-results+xml", "text/plain": "application/n-triples"}
_FORMAT_PARAM = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                 "csv": "text/csv", "tsv": "text/tab-separated-values", "turtle": "text/turtle",
                 "ntriples": "application/n-triples", "rdfxml": "application/rdf+xml"}
_RDFLIB_FORMATS = {"application/n-triples": "nt", "text/turtle": "turtle", "application/rdf+xml": "xml"}


def negotiate(accept: str | None, offered: list[str]) -> str | None:
    """The media type of ``offered`` the ``Accept`` header prefers (first offered on ties), or ``None``.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", list(RESULT_TYPES))
    'application/sparql-results+xml'
    >>> negotiate(None, list(RESULT_TYPES))
    'application/sparql-results+json'
    >>> negotiate("image/png", list(RESULT_TYPES)) is None
    True
    """
    if not accept or not accept.strip():
        return offered[0]
    best, best_q = None, 0.0
    for item in accept.split(","):
        media, *params = [p.strip() for p in item.split(";")]
        media = _ALIASES.get(media.lower(), media.lower())
        q = 1.0
        for p in params:
            if p.startswith("q="):
                try:
                    q = float(p[2:])
                except ValueError:
                    q = 0.0
        for candidate in offered:
            kind = candidate.split("/")[0]
            if media in (candidate, "*/*", f"{kind}/*") and q > best_q:
                # an exact type beats a wildcard of the same q
                best, best_q = candidate, q + (0.0001 if media == candidate else 0.0)
                break
    return best


def _choose(offered: dict, accept: str | None, fmt: str | None) -> str:
    if fmt:
        media = _FORMAT_PARAM.get(fmt.lower(), fmt)
        if media not in offered:
            raise QueryRefused(f"format {fmt!r} is not offered for this query: " + ", ".join(offered), "not_acceptable")
        return media
    media = negotiate(accept, list(offered))
    if media is None:
        raise QueryRefused("none of the accepted types is offered: " + ", ".join(offered), "not_acceptable")
    return media


def _term_json(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": _term_json(term.subject), "predicate": _term_json(term.predicate),
                                            "object": _term_json(term.object)}}
    raise TypeError(f"unexpected term {term!r}")


def _limited(items, limit: int | None) -> tuple[list, bool]:
    """Up to ``limit`` items, and whether more were left."""
    out = []
    for item in items:
        if limit is not None and len(out) >= limit:
            return out, True
        out.append(item)
    return out, False


def answer(ds, text: str, *, default_graphs: list[str], named_graphs: list[str], accept: str | None,
           fmt: str | None, row_limit: int | None) -> tuple[str, bytes, bool]:
    """``(media type, body, truncated)`` for a query already checked (:func:`graph.query_safety.check_query`).

    ``default_graphs`` and ``named_graphs`` are the protocol's ``default-graph-uri`` and
    ``named-graph-uri``; without them the default graph is the union of the named graphs. Raises
    :class:`QueryRefused` (``not_acceptable``) when no offered type is accepted, ``SyntaxError`` or
    ``OSError`` from the engine.
    """
    inner = oxigraph_of(ds)
    if inner is None:
        return _rdflib_answer(ds, text, default_graphs, accept, fmt, row_limit)
    options = {"prefixes": _prefix_map()}
    if default_graphs:
        options["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
    else:
        options["use_default_graph_as_union"] = True
    if named_graphs:
        options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    result = inner.query(text, **options)
    if isinstance(result, ox.QueryTriples):
        media = _choose(GRAPH_TYPES, accept, fmt)
        triples, truncated = _limited(result, row_limit)
        return media, ox.serialize(triples, format=GRAPH_TYPES[media]), truncated
    media = _choose(RESULT_TYPES, accept, fmt)
    if isinstance(result, ox.QueryBoolean):
        return media, result.serialize(format=RESULT_TYPES[media]), False
    variables = [v.value for v in result.variables]
    solutions, truncated = _limited(result, row_limit)
    rows = [{name: _term_json(sol[i]) for i, name in enumerate(variables) if sol[i] is not None}
            for sol in solutions]
    data = json.dumps({"head": {"vars": variables}, "results": {"bindings": rows}}, ensure_ascii=False).encode()
    if media != "application/sparql-results+json":
        data = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON).serialize(format=RESULT_TYPES[media])
    return media, data, truncated


def _rdflib_answer(ds, text, default_graphs, accept, fmt, row_limit) -> tuple[str, bytes, bool]:
    # A remote store or rdflib's memory store: the query runs through rdflib's Dataset.
    if default_graphs:
        raise QueryRefused("default-graph-uri is only supported on the embedded store", "syntax")
    result = ds.query(text, initNs=_prefix_map())
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        from rdflib import Graph

        media = _choose(GRAPH_TYPES, accept, fmt)
        triples, truncated = _limited(result.graph, row_limit)
        graph = Graph()
        for t in triples:
            graph.add(t)
        return media, graph.serialize(format=_RDFLIB_FORMATS[media], encoding="utf-8"), truncated
    media = _choose(RESULT_TYPES, accept, fmt)
    buf = io.BytesIO()
    result.serialize(buf, format="json")
    body, truncated = buf.getvalue(), False
    if result.type == "SELECT" and row_limit is not None:
        parsed = json.loads(body)
        bindings = parsed["results"]["bindings"]
        if len(bindings) > row_limit:
            parsed["results"]["bindings"], truncated = bindings[:row_limit], True
            body = json.dumps(parsed, ensure_ascii=False).encode()
    if media == "application/sparql-results+json":
        return media, body, truncated
    parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
    return media, parsed.serialize(format=RESULT_TYPES[media]), truncated
