"""Which SPARQL a user may run: the size and nesting limits, and the parse that decides read-only.

Two steps, in this order, so that no parser sees a text that could exhaust it:

1. :func:`check_limits` looks at the text without parsing it: at most :data:`MAX_QUERY_CHARS`
   characters, no NUL, brackets nested at most :data:`MAX_NESTING` deep (:func:`nesting_depth`, one
   linear pass). A parser recurses once per bracket level, and ten thousand levels overflow a native
   parser's stack.
2. :func:`check_query` parses the text with rdflib's SPARQL 1.1 grammar and decides from the parse
   tree: a query, or an update (refused unless allowed); ``SERVICE`` (a request to another host) and
   ``LOAD`` (a download) are refused always. A text the grammar cannot read is refused, never guessed
   at: Oxigraph's extensions (``LATERAL``, SPARQL 1.2 triple terms) are not accepted, because a
   classification that scans text instead of parsing it can be fooled (an escaped ``\\#`` in a
   prefixed name once hid a ``SERVICE`` from such a scan).

The parse runs where the query runs (a query worker, :mod:`graph.query_pool`), never in a server's
own process; rdflib's parser needs more than Python's default recursion limit for
:data:`MAX_NESTING` levels, which the worker sets (:data:`RECURSION_LIMIT`). A second, independent
layer keeps the engine itself off the network (:mod:`graph.sandbox`).

>>> check_query("SELECT ?s WHERE { ?s ?p ?o }", allow_update=False)
'query'
>>> check_query("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", allow_update=False)
Traceback (most recent call last):
...
graph.query_safety.QueryRefused: SERVICE is not allowed: queries may not reach other hosts
"""

from __future__ import annotations

import re
from functools import lru_cache

from pyparsing import ParseBaseException, ParseResults
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

__all__ = ["MAX_QUERY_CHARS", "MAX_NESTING", "RECURSION_LIMIT", "QueryRefused", "nesting_depth",
           "check_limits", "check_query"]

#: The longest query text accepted, in characters.
MAX_QUERY_CHARS = 1_000_000
#: The deepest nesting of ``( { [`` accepted; real queries stay under ten.
MAX_NESTING = 64
#: rdflib's parser takes about 40 Python frames per nesting level.
RECURSION_LIMIT = 10_000


class QueryRefused(ValueError):
    """A text that is not run: too big, too deep, unreadable, an update where none is allowed, or a
    network access. ``reason`` is ``"syntax"`` (with ``line`` and ``column`` when known),
    ``"update"`` (an update sent where only queries go), or ``"refused"``."""

    def __init__(self, message: str, reason: str = "refused", line: int | None = None, column: int | None = None):
        super().__init__(message)
        self.reason = reason
        self.line = line
        self.column = column


# -- step 1: limits, without a parser -------------------------------------------------------------

# One token a match, tried left to right; anything else is one character.
_TOKEN = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*(?:"""|$)'       # long strings (an unclosed one runs to the end)
    r"|'''(?:[^'\\]|\\.|'(?!''))*(?:'''|$)"
    r'|"(?:[^"\\\n]|\\.)*"?'                     # strings
    r"|'(?:[^'\\\n]|\\.)*'?"
    r"|<[^<>\"{}|^`\\\x00-\x20]*>"               # IRIs
    r"|#[^\n]*"                                  # comments
    r"|\\.",                                     # an escaped character in a prefixed name (actor:a\#)
    re.DOTALL,
)
_OPEN, _CLOSE = "({[", ")}]"


def nesting_depth(text: str) -> int:
    """The deepest nesting of brackets in ``text``, counted so that it is never less than what a
    parser will see.

    Brackets inside strings do not count. Inside IRIs and comments they do, as if they were real,
    except that a closing one never brings the depth below where the IRI or comment began: a parser
    that reads ``<`` as less-than, or does not see the comment, then finds at most this depth.

    >>> nesting_depth("SELECT * WHERE { FILTER((1)) }")
    3
    >>> nesting_depth('SELECT * WHERE { ?s ?p "(((((" }')
    1
    >>> nesting_depth("SELECT * WHERE { ?s ?p ?o # ))))\\n FILTER((((1)))) }")
    5
    """
    depth = deepest = 0
    pos, end = 0, len(text)
    while pos < end:
        ch = text[pos]
        if ch in _OPEN:
            depth += 1
            deepest = max(deepest, depth)
            pos += 1
            continue
        if ch in _CLOSE:
            depth = max(depth - 1, 0)
            pos += 1
            continue
        token = _TOKEN.match(text, pos) if ch in "\"'<#\\" else None
        if token is None:
            pos += 1
            continue
        if ch in "<#":
            floor = depth
            for c in token.group():
                if c in _OPEN:
                    depth += 1
                    deepest = max(deepest, depth)
                elif c in _CLOSE:
                    depth = max(depth - 1, floor)
        pos = token.end()
    return deepest


def check_limits(text: str) -> None:
    """Refuse a text no parser should see: empty, over :data:`MAX_QUERY_CHARS`, holding NUL, or nested
    over :data:`MAX_NESTING` deep. Linear in the text, no parsing.

    >>> check_limits("SELECT * WHERE { FILTER(" + "(" * 100 + "1" + ")" * 100 + ") }")
    Traceback (most recent call last):
    ...
    graph.query_safety.QueryRefused: the query nests brackets 102 deep; the limit is 64
    """
    if not isinstance(text, str) or not text.strip():
        raise QueryRefused("empty query", "syntax")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryRefused(f"the query is {len(text):,} characters long; the limit is {MAX_QUERY_CHARS:,}")
    if "\x00" in text:
        raise QueryRefused("the query contains a NUL character", "syntax")
    depth = nesting_depth(text)
    if depth > MAX_NESTING:
        raise QueryRefused(f"the query nests brackets {depth} deep; the limit is {MAX_NESTING}")


# -- step 2: the parse ----------------------------------------------------------------------------

_NETWORK = {"ServiceGraphPattern": "SERVICE", "Load": "LOAD"}


def _network_access(tree) -> str | None:
    """The first ``SERVICE`` or ``LOAD`` in an rdflib parse tree, else ``None``."""
    stack = [tree]
    while stack:
        node = stack.pop()
        name = getattr(node, "name", None)
        if isinstance(name, str) and name in _NETWORK:
            return _NETWORK[name]
        if isinstance(node, ParseResults):
            if node.getName() in _NETWORK:
                return _NETWORK[node.getName()]
            stack.extend(node)
            stack.extend(node.values())
        elif isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, (list, tuple)):
            stack.extend(node)
    return None


def _parse(text: str):
    """``("query" | "update", tree)``; raises :class:`QueryRefused` (``syntax``) when neither grammar reads it."""
    try:
        return "query", parseQuery(text)
    except RecursionError:
        raise QueryRefused(f"the query nests too deeply to be read (the limit is {MAX_NESTING} levels)") from None
    except Exception as e:  # noqa: BLE001 - besides ParseException, rdflib raises odd errors on odd input
        query_error = e
    try:
        return "update", parseUpdate(text)
    except Exception:  # noqa: BLE001 - the query's error is the one to report
        pass
    suffix = "(the query must be SPARQL 1.1; extensions such as LATERAL are not accepted)"
    if isinstance(query_error, ParseBaseException):
        line, column = query_error.lineno, query_error.col
        raise QueryRefused(f"SPARQL syntax error at line {line}, column {column}: {query_error.msg} {suffix}",
                           "syntax", line, column)
    raise QueryRefused(f"SPARQL syntax error: {str(query_error) or type(query_error).__name__} {suffix}", "syntax")


def _classify(text: str) -> tuple[str, str | None]:
    kind, tree = _parse(text)
    return kind, _network_access(tree)


# rdflib's parser takes 5-30 ms a query; clients often repeat theirs (a dashboard, a page's examples)
_CACHED_CHARS = 10_000
_classified = lru_cache(maxsize=512)(_classify)


def check_query(text: str, *, allow_update: bool) -> str:
    """``"query"`` or ``"update"`` when ``text`` may run; else :class:`QueryRefused` saying why.

    Updates run only with ``allow_update``; ``SERVICE`` and ``LOAD`` never do.

    >>> check_query("INSERT DATA { <urn:a> <urn:b> <urn:c> }", allow_update=False)
    Traceback (most recent call last):
    ...
    graph.query_safety.QueryRefused: updates are not allowed here: this would change the store (read-only; INSERT, DELETE, LOAD, CLEAR, DROP, CREATE, ADD, MOVE and COPY are refused)
    >>> check_query('SELECT ?x WHERE { BIND("SERVICE" AS ?x) }', allow_update=False)
    'query'
    """
    check_limits(text)
    kind, access = _classified(text) if len(text) <= _CACHED_CHARS else _classify(text)
    if kind == "update" and not allow_update:
        raise QueryRefused("updates are not allowed here: this would change the store (read-only; INSERT, "
                           "DELETE, LOAD, CLEAR, DROP, CREATE, ADD, MOVE and COPY are refused)", "update")
    if access is not None:
        raise QueryRefused(f"{access} is not allowed: queries may not reach other hosts")
    return kind
