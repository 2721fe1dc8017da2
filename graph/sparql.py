"""SPARQL over the store: safe by default, plain Python values out.

``run_query`` sends the query to the store's own engine. On the embedded store (a ``Dataset`` on
oxrdflib's ``OxigraphStore``, :func:`oxigraph_of`) it calls ``pyoxigraph`` directly and turns its terms
into Python values itself (:func:`ox_value`), without rdflib terms: the same values, a fraction of the
time. On any other store (a remote SPARQL server, rdflib's memory store) it goes through
``Dataset.query`` (rdflib's slow, thread-unsafe evaluator is not involved for the remote store).
:func:`native_rows` is the fast path for the library's own trusted queries (no safety parsing, no limit). The prefixes in
:data:`PREFIXES` are known to every query: they are handed to the parser as default prefixes, which is
the same as prepending the missing ``PREFIX`` lines but keeps error line numbers equal to the user's
text. A ``PREFIX`` the query declares itself wins.

Read-only by default: :func:`graph.query_safety.check_query` parses the text first (rdflib's SPARQL 1.1
grammar) and refuses updates unless allowed, ``SERVICE`` and ``LOAD`` always, and any text it cannot
read; a keyword inside a string literal or an IRI does not matter.

Limits: every query has a row limit (``row_limit``), a size limit on the rows collected
(:data:`BYTE_LIMIT`; ``truncated`` says when either cut the result) and a time limit (``timeout``,
default :data:`DEFAULT_TIMEOUT` seconds). :func:`run_query` is the in-process runner for library code
and the library's own queries: it gives up waiting at the limit, but pyoxigraph cannot be
interrupted, so an abandoned query runs on in a thread. A user's query never runs that way: the CLI,
the explorer and ``serve-sparql`` run it in a worker process that is killed at its time limit and has
a memory cap (:class:`graph.query_pool.QueryPool`; :func:`run_query_isolated` for one query).

Values: IRIs -> ``str``; ``xsd:integer`` (and friends) -> ``int``; ``xsd:decimal``, ``xsd:double`` ->
``float``; ``xsd:boolean`` -> ``bool``; dates and times -> ISO ``str``; other literals -> ``str``;
unbound -> ``None``; blank nodes -> ``"_:id"``. ``ASK`` gives one column ``ask``; ``CONSTRUCT`` and
``DESCRIBE`` give columns ``subject, predicate, object``.

``result_to_json`` writes ``{"columns": [...], "rows": [{column: value, ...}, ...], "truncated": bool}``:
a list of objects (easy for pandas and jq) with the truncation note kept.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

import pyoxigraph as ox
import rdflib.plugins.sparql
from rdflib import BNode, Literal, URIRef

from .model import EDIT_MARK_UPDATE, NAMESPACES
from .query_safety import QueryRefused, check_query

# rdflib's own evaluator (the memory store) would download the graphs a query names in FROM.
rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False

__all__ = ["PREFIXES", "EXAMPLE_QUERIES", "QueryResult", "QueryError", "run_query", "run_query_isolated",
           "trusted_rows", "literal_texts", "marked_update", "result_to_csv", "result_to_json", "DEFAULT_TIMEOUT", "BYTE_LIMIT", "oxigraph_of",
           "native_rows", "ox_value"]

#: Seconds a query may run (``timeout=None`` lifts it, for trusted batch work).
DEFAULT_TIMEOUT = 60.0
#: Rows are collected until their text adds up to this many characters; the result is then truncated.
BYTE_LIMIT = 64_000_000

_QUERY_PREFIXES = ("ag", "actor", "article", "relation", "place", "schema", "prov", "rdf", "rdfs", "xsd")

#: The prefixes every query may use without declaring them.
PREFIXES = "".join(f"PREFIX {p}: <{NAMESPACES[p]}>\n" for p in _QUERY_PREFIXES)

EXAMPLE_QUERIES: dict[str, str] = {
    "Relations of Azerbaijan, with evidence": """\
SELECT ?source ?type ?target ?polarity ?sentence ?article ?title ?date WHERE {
  { ?r ag:source actor:AZE } UNION { ?r ag:target actor:AZE }
  ?r ag:source ?s ; ag:target ?t ; ag:relationType ?rt ; ag:polarity ?polarity ;
     ag:evidence ?sentence ; prov:wasDerivedFrom ?a .
  ?s rdfs:label ?source . ?t rdfs:label ?target .
  ?a schema:identifier ?article .
  OPTIONAL { ?a schema:headline ?title }
  OPTIONAL { ?r ag:date ?date }
  OPTIONAL { ?r ag:sentenceIndex ?index }
  BIND(STRAFTER(STR(?rt), STR(ag:)) AS ?type)
}
ORDER BY ?date ?article ?index""",
    "Conflictual pairs": """\
SELECT ?source ?target (COUNT(?r) AS ?relations) WHERE {
  ?r a ag:Relation ; ag:polarity -1 ; ag:negated false ; ag:source ?s ; ag:target ?t .
  ?s rdfs:label ?source . ?t rdfs:label ?target .
}
GROUP BY ?s ?t ?source ?target
ORDER BY DESC(?relations) ?source ?target""",
    "Relations by type": """\
SELECT ?type (COUNT(?r) AS ?relations) (AVG(?polarity) AS ?mean_polarity) WHERE {
  ?r a ag:Relation ; ag:relationType ?rt ; ag:polarity ?polarity .
  BIND(STRAFTER(STR(?rt), STR(ag:)) AS ?type)
}
GROUP BY ?type
ORDER BY DESC(?relations) ?type""",
}


@dataclass
class QueryResult:
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    truncated: bool = False


class QueryError(Exception):
    """A query that cannot run: malformed (``line``/``column`` set when the parser says), refused or failed.

    ``reason`` says which: ``syntax``, ``update`` (an update where a query goes, or the reverse),
    ``refused`` (not allowed, or over a size or nesting limit), ``time`` and ``memory`` (a limit hit
    while running), ``crashed``, ``busy``, ``store`` (the store cannot be opened) or ``failed``.
    """

    def __init__(self, message: str, line: int | None = None, column: int | None = None, *, reason: str = "failed"):
        super().__init__(message)
        self.line = line
        self.column = column
        self.reason = reason


# -- errors ---------------------------------------------------------------------------------------

_POSITION = re.compile(r"(?:error at |line )(\d+):(\d+)")


def _syntax_error(e: Exception) -> QueryError:
    msg = str(e).strip() or type(e).__name__
    m = _POSITION.search(msg)
    if m:
        return QueryError(f"SPARQL syntax error at line {m[1]}, column {m[2]}: {msg}", int(m[1]), int(m[2]),
                          reason="syntax")
    return QueryError(f"SPARQL syntax error: {msg}", reason="syntax")


# -- values ---------------------------------------------------------------------------------------

def _py(term):
    if term is None:
        return None
    if isinstance(term, URIRef):
        return str(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, bool):
            return value
        if isinstance(value, int):
            return value
        if isinstance(value, (float, Decimal)):
            return float(value)
        if isinstance(value, (_dt.date, _dt.datetime, _dt.time)):
            return str(term)  # the lexical form is already ISO 8601
        return str(term)
    if isinstance(term, tuple):  # an RDF-star quoted triple
        return " ".join(str(_py(t)) for t in term)
    return str(term)


# -- the embedded store's fast path ---------------------------------------------------------------
#
# On the embedded store the query goes to pyoxigraph directly and its terms become Python values here:
# oxrdflib would first build an rdflib term for each value (``URIRef``, ``Literal`` with its lexical
# normalisation), and ``_py`` then calls ``Literal.toPython``; that was most of the time of the app's
# queries. The values are the same as ``_py(from_ox(term))`` (tests/test_store_fastpath.py): the common
# datatypes whose lexical form is already canonical are converted here, anything else (a non-canonical
# integer such as "01", a date-time rdflib would normalise, an ill-typed literal) goes through rdflib.

_XSD = "http://www.w3.org/2001/XMLSchema#"
_CANONICAL_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_DOUBLE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _by_rdflib(term: ox.Literal):
    if term.language:
        return str(term.value)
    return _py(Literal(term.value, datatype=URIRef(term.datatype.value)))


def _int(term):
    v = term.value
    return int(v) if _CANONICAL_INT.fullmatch(v) else _by_rdflib(term)


def _float(pattern):
    def convert(term):
        v = term.value
        return float(v) if pattern.fullmatch(v) else _by_rdflib(term)
    return convert


def _bool(term):
    v = term.value
    return True if v == "true" else False if v == "false" else _by_rdflib(term)


def _date(term):
    v = term.value
    return v if _DATE.fullmatch(v) else _by_rdflib(term)


def _string(term):
    return term.value


_LITERALS = {ox.NamedNode(_XSD + "string"): _string, ox.NamedNode(_XSD + "integer"): _int,
             ox.NamedNode(_XSD + "double"): _float(_DOUBLE), ox.NamedNode(_XSD + "float"): _float(_DOUBLE),
             ox.NamedNode(_XSD + "decimal"): _float(_DECIMAL), ox.NamedNode(_XSD + "boolean"): _bool,
             ox.NamedNode(_XSD + "date"): _date,
             ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"): _string}


def ox_value(term):
    """A pyoxigraph term (or ``None``) as the Python value :func:`run_query` gives (see the module doc).

    >>> ox_value(ox.NamedNode("https://example.org/a")), ox_value(ox.Literal("01", datatype=ox.NamedNode(_XSD + "integer")))
    ('https://example.org/a', 1)
    """
    if term is None:
        return None
    kind = type(term)
    if kind is ox.NamedNode:
        return term.value
    if kind is ox.Literal:
        return _LITERALS.get(term.datatype, _by_rdflib)(term)
    if kind is ox.BlankNode:
        return f"_:{term.value}"
    if kind is ox.Triple:  # an RDF-star quoted triple, as _py writes it
        return " ".join(str(ox_value(t)) for t in (term.subject, term.predicate, term.object))
    return str(term)


def oxigraph_of(ds) -> ox.Store | None:
    """The ``pyoxigraph.Store`` of a ``Dataset`` on the embedded store whose default graph is the union of
    the named graphs (what :func:`graph.store.open_store` returns), else ``None`` (a remote store, rdflib's
    memory store: they keep rdflib's path)."""
    from oxrdflib import OxigraphStore

    store = getattr(ds, "store", None)
    if not isinstance(store, OxigraphStore) or not getattr(ds, "default_union", False):
        return None
    return getattr(store, "_store", None)


def native_rows(ds, query: str) -> list[tuple] | None:
    """Our own trusted ``SELECT`` (the :data:`PREFIXES` known) on the embedded store, as tuples of Python values.

    The fast path for library code: no parsing for safety, no row limit, the same values as
    :func:`run_query` (:func:`ox_value`). ``None`` when ``ds`` is not on the embedded store (then call
    :func:`run_query`). No time limit: for trusted work.
    """
    inner = oxigraph_of(ds)
    if inner is None:
        return None
    solutions = inner.query(query, prefixes=_prefix_map(), use_default_graph_as_union=True)
    width = len(solutions.variables)
    value = ox_value
    return [tuple(value(sol[i]) for i in range(width)) for sol in solutions]


def trusted_rows(ds, query: str) -> list:
    """Every row of our own trusted ``SELECT`` on any store: :func:`native_rows` on the embedded store,
    else :func:`run_query` without a row limit."""
    fast = native_rows(ds, query)
    return fast if fast is not None else run_query(ds, query, row_limit=10**12).rows


def literal_texts(ds, query: str) -> list[str]:
    """The lexical forms of the first column of our own trusted ``SELECT`` (literals only, every row): the
    packed per-article literals, read without any conversion on the embedded store."""
    inner = oxigraph_of(ds)
    if inner is None:
        return [str(row[0]) for row in run_query(ds, query, row_limit=10**12).rows]
    return [sol[0].value for sol in inner.query(query, prefixes=_prefix_map(), use_default_graph_as_union=True)]


def _native_prefixes(ds) -> dict:
    # the same prefixes oxrdflib hands the engine: the dataset's bindings, then ours
    store = ds.store
    bound = getattr(store, "_namespace_for_prefix", None)
    base = {p: str(ns) for p, ns in (bound.items() if bound is not None else ds.namespaces())}
    return dict(base, **_prefix_map())


def _native_evaluate(ds, inner: ox.Store, query: str, row_limit: int, cancel: threading.Event) -> QueryResult:
    result = inner.query(query, prefixes=_native_prefixes(ds), use_default_graph_as_union=True)
    if isinstance(result, ox.QueryBoolean):
        return QueryResult(["ask"], [[bool(result)]], False)
    value = ox_value
    if isinstance(result, ox.QueryTriples):
        columns = ["subject", "predicate", "object"]
        seen: set = set()

        def distinct():  # rdflib collects CONSTRUCT results in a Graph: a set, in first-seen order
            for t in result:
                key = (t.subject, t.predicate, t.object)
                if key not in seen:
                    seen.add(key)
                    yield [value(t.subject), value(t.predicate), value(t.object)]
        values = distinct()
    else:
        columns = [v.value for v in result.variables]
        width = len(columns)
        values = ([value(sol[i]) for i in range(width)] for sol in result)
    return _gather(columns, values, row_limit, cancel)


# -- running --------------------------------------------------------------------------------------

def _prefix_map() -> dict:
    return {p: str(NAMESPACES[p]) for p in _QUERY_PREFIXES}


def run_query(ds, query: str, *, row_limit: int = 10_000, allow_update: bool = False,
              timeout: float | None = DEFAULT_TIMEOUT) -> QueryResult:
    """Run a SPARQL query on the store's engine and return plain Python rows.

    Parameters
    ----------
    ds : rdflib.Dataset
        From :func:`graph.store.open_store`.
    query : str
        SPARQL 1.1; the prefixes of :data:`PREFIXES` may be used undeclared.
    row_limit : int
        At most this many rows; ``truncated`` says when more were available.
    allow_update : bool
        Permit SPARQL Update. Updates return an empty result (and run without time limit: an update is
        never abandoned half-way). ``SERVICE`` and ``LOAD`` are refused either way.
    timeout : float or None
        Seconds before a :class:`QueryError` ends the wait (see the module doc); ``None``: no limit.

    Raises
    ------
    QueryError
        Malformed (with ``line`` and ``column``), refused (an update, SERVICE, LOAD, over a limit), too
        slow, or failed in evaluation; ``reason`` says which.
    """
    try:
        kind = check_query(query, allow_update=allow_update)
    except QueryRefused as e:
        raise QueryError(str(e), e.line, e.column, reason=e.reason) from None
    if kind == "update":
        return _run_update(ds, query)
    if timeout is None:
        return _evaluate(ds, query, row_limit, threading.Event())
    cancel = threading.Event()
    box: dict = {}

    def work() -> None:
        try:
            box["result"] = _evaluate(ds, query, row_limit, cancel)
        except BaseException as e:  # noqa: BLE001 - handed to the caller's thread
            # without its traceback and context: their frames hold pyoxigraph's results, which must be
            # dropped in the thread that made them ("unsendable")
            e.__context__ = e.__cause__ = None
            box["error"] = e.with_traceback(None)

    worker = threading.Thread(target=work, name="sparql-query", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        cancel.set()
        raise QueryError(f"query stopped: it ran longer than the time limit of {timeout:g} s", reason="time")
    if "error" in box:
        raise box["error"]
    return box["result"]


class _Cancelled(Exception):
    pass


def _evaluate(ds, query: str, row_limit: int, cancel: threading.Event) -> QueryResult:
    inner = oxigraph_of(ds)
    try:
        if inner is not None:  # the embedded store: pyoxigraph directly, no rdflib terms
            return _native_evaluate(ds, inner, query, row_limit, cancel)
        result = ds.query(query, initNs=_prefix_map())
    except SyntaxError as e:
        raise _syntax_error(e) from None
    except _Cancelled:
        raise QueryError("query stopped: time limit", reason="time") from None
    except Exception as e:  # noqa: BLE001 - Oxigraph evaluation errors surface as OSError/RuntimeError
        raise QueryError(f"query failed: {str(e).splitlines()[0] if str(e) else type(e).__name__}") from None
    try:
        return _collect(result, row_limit, cancel)
    except _Cancelled:
        raise QueryError("query stopped: time limit", reason="time") from None
    except Exception as e:  # noqa: BLE001 - evaluation is lazy: errors surface while iterating
        raise QueryError(f"query failed: {str(e).splitlines()[0] if str(e) else type(e).__name__}") from None


def _size(row: list) -> int:
    return sum(len(v) if isinstance(v, str) else 8 for v in row)


def _collect(result, row_limit: int, cancel: threading.Event | None = None) -> QueryResult:
    if result.type == "ASK":
        return QueryResult(["ask"], [[bool(result.askAnswer)]], False)
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        columns = ["subject", "predicate", "object"]
        values = ([_py(s), _py(p), _py(o)] for s, p, o in result.graph)
    else:
        variables = list(result.vars or [])
        columns = [str(v) for v in variables]
        values = ([_py(b.get(v)) for v in variables] for b in result.bindings)
    return _gather(columns, values, row_limit, cancel)


def _gather(columns: list[str], values, row_limit: int, cancel: threading.Event | None = None) -> QueryResult:
    rows: list[list] = []
    size = 0
    truncated = False
    for row in values:
        if cancel is not None and cancel.is_set():
            raise _Cancelled()
        if len(rows) >= row_limit or size > BYTE_LIMIT:
            truncated = True
            break
        rows.append(row)
        size += _size(row)
    return QueryResult(columns, rows, truncated)


def run_query_isolated(store_path, query: str, *, row_limit: int = 10_000, allow_update: bool = False,
                       timeout: float | None = DEFAULT_TIMEOUT, memory_limit: int | None = None) -> QueryResult:
    """:func:`run_query` for one user query, in a worker process on the store at ``store_path``
    (:class:`graph.query_pool.QueryPool` of one): killed at the time limit, capped at ``memory_limit``
    bytes (default :data:`graph.query_pool.DEFAULT_MEMORY_LIMIT`), off the network. Raises
    :class:`QueryError` for every failure, including a store that cannot be opened.
    """
    from .query_pool import DEFAULT_MEMORY_LIMIT, QueryPool

    with QueryPool(store_path, workers=1, allow_update=allow_update,
                   memory_limit=memory_limit or DEFAULT_MEMORY_LIMIT) as pool:
        return pool.rows(query, row_limit=row_limit, timeout=timeout)


def marked_update(execute: Callable[[str], None], update: str) -> None:
    """Run a user's SPARQL update with ``execute``, between two edit marks (:data:`graph.model.EDIT_MARK_UPDATE`):
    whatever it changed, the derived per-article literals are not trusted from then on, even if it fails
    half-way or removes the first mark."""
    for text in (EDIT_MARK_UPDATE, update, EDIT_MARK_UPDATE):
        execute(text)


def _run_update(ds, update: str) -> QueryResult:
    inner = getattr(ds.store, "_store", None)
    try:
        if inner is not None:  # Oxigraph: one transaction, native evaluation
            marked_update(lambda text: inner.update(text, prefixes=_prefix_map()), update)
        else:
            marked_update(lambda text: ds.update(text, initNs=_prefix_map()), update)
    except SyntaxError as e:
        raise _syntax_error(e) from None
    except Exception as e:  # noqa: BLE001
        raise QueryError(f"update failed: {str(e).splitlines()[0] if str(e) else type(e).__name__}") from None
    return QueryResult([], [], False)


# -- output ---------------------------------------------------------------------------------------

def result_to_csv(result: QueryResult) -> str:
    """CSV with a header row; ``None`` as an empty cell, booleans as ``true``/``false``."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(result.columns)
    for row in result.rows:
        writer.writerow(["" if v is None else ("true" if v is True else "false" if v is False else v) for v in row])
    return buf.getvalue()


def result_to_json(result: QueryResult) -> str:
    """``{"columns": [...], "rows": [{column: value}, ...], "truncated": bool}`` as indented JSON."""
    return json.dumps(
        {"columns": result.columns, "rows": [dict(zip(result.columns, row)) for row in result.rows],
         "truncated": result.truncated},
        ensure_ascii=False, indent=2,
    )
