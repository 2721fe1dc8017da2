"""The store as a SPARQL 1.1 Protocol endpoint (``alliancegraph serve-sparql``), on the stdlib HTTP server.

Paths: ``/sparql`` takes queries and (with ``allow_update``) updates, ``/query`` queries only, ``/update``
updates only, so both ``--store http://HOST:PORT/sparql`` and Oxigraph-style ``--store http://HOST:PORT``
clients find it. Operations, as the protocol lists them:

- query: ``GET ?query=...``, ``POST`` form (``query=...``) or ``POST`` ``application/sparql-query``;
  ``default-graph-uri`` and ``named-graph-uri`` are honoured; without them the default graph is the
  union of the named graphs (as for every alliancegraph query) and the :data:`graph.sparql.PREFIXES` are known;
- update: ``POST`` form (``update=...``) or ``POST`` ``application/sparql-update``: 403 unless ``allow_update``.

Results by content negotiation (``Accept``, or a ``format`` parameter ``json|xml|csv|tsv|turtle|ntriples|rdfxml``):
SPARQL JSON (the default), XML, CSV, TSV for ``SELECT`` and ``ASK``; N-Triples (default), Turtle, RDF/XML for
``CONSTRUCT`` and ``DESCRIBE``. Nothing acceptable: 406.

Safety as in :func:`graph.sparql.run_query`: the query is classified by :func:`graph.sparql.query_kind`
first; updates sent as queries are refused (400), updates are refused (403) unless allowed, and
``SERVICE`` is always refused unless updates are allowed. Bodies over 1 MiB get 413.
On the embedded store queries run on Oxigraph's engine, which is thread-safe; on any other store
(a remote one, rdflib's memory store) a lock serialises them, rdflib not being thread-safe.

Limits, as the CLI's ``query`` has them (``serve-sparql --timeout``, ``--limit``): a query gets
``timeout`` seconds (503 "query timed out after N s"), and a result is cut after ``row_limit`` rows
(``SELECT`` solutions, ``CONSTRUCT`` triples), the response then carrying the header
``X-Alliancegraph-Truncated: true`` (with the limit). The limits are enforced in process:
each query runs in a worker thread that collects its rows one by one, checking the limit and a
cancellation flag at each row; at the time limit the handler answers 503 and cancels the worker, which
stops at its next row. pyoxigraph cannot interrupt a query that computes for long before its first row
(a huge ``ORDER BY`` or aggregate): that worker keeps one CPU until it yields a row. That is safe here
and not in the app because of the documented hazard of :mod:`graph.sparql`: closing the store handle under
a running query can abort the process. The server holds one handle for its whole life and never swaps
it; at shutdown :func:`close` waits for the running queries (up to a bound) and leaves the handle to the
process exit, instead of closing it, when one still runs. (The child-process runner
:func:`graph.sparql.run_query_isolated` would also kill such a query, at the cost of a process and a
store open per request.)
"""

from __future__ import annotations

import io
import json
import sys
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from .sparql import DEFAULT_TIMEOUT, QueryError, _Cancelled, _prefix_map, marked_update, query_kind

__all__ = ["make_server", "close", "negotiate", "RESULT_TYPES", "GRAPH_TYPES", "DEFAULT_TIMEOUT",
           "DEFAULT_ROW_LIMIT", "TRUNCATED_HEADER"]

MAX_BODY = 1 << 20
#: The CLI's defaults (``alliancegraph query``): seconds per query (graph.sparql's), rows per result.
DEFAULT_ROW_LIMIT = 10_000
#: Set (to ``true; limit=N``) on a response whose rows were cut at the row limit.
TRUNCATED_HEADER = "X-Alliancegraph-Truncated"

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
    for rank, item in enumerate(accept.split(",")):
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


def _syntax_error(e: Exception) -> str:
    msg = str(e).strip() or type(e).__name__
    return f"SPARQL syntax error: {msg.splitlines()[0]}"


class _Refused(Exception):
    def __init__(self, status: HTTPStatus, message: str):
        super().__init__(message)
        self.status = status


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


class _Endpoint:
    """Runs operations on one ``Dataset``; shared by the handler threads."""

    def __init__(self, ds, *, allow_update: bool, timeout: float | None = DEFAULT_TIMEOUT,
                 row_limit: int | None = DEFAULT_ROW_LIMIT):
        self.ds = ds
        self.allow_update = allow_update
        self.timeout = timeout
        self.row_limit = row_limit
        self.inner = getattr(ds.store, "_store", None)  # the pyoxigraph.Store of the embedded store
        self.lock = threading.Lock()
        self.running = 0  # queries whose worker has not finished (abandoned ones included)
        self.running_lock = threading.Lock()

    def query(self, text: str, default_graphs: list[str], named_graphs: list[str], accept: str | None,
              fmt: str | None) -> tuple[str, bytes, bool]:
        """``(media type, body, truncated)``; raises ``_Refused`` or ``QueryError`` (503 on the time limit)."""
        kind, service = query_kind(text)
        if kind == "update":
            raise _Refused(HTTPStatus.BAD_REQUEST, "this is an update: send it as an update operation")
        if service and not self.allow_update:
            raise _Refused(HTTPStatus.FORBIDDEN, "SERVICE is not allowed here: queries may not reach other endpoints")
        cancel = threading.Event()
        box: dict = {}

        def work() -> None:
            try:
                if self.inner is not None:
                    box["result"] = self._native_query(text, default_graphs, named_graphs, accept, fmt, cancel)
                else:
                    box["result"] = self._rdflib_query(text, default_graphs, accept, fmt, cancel)
            except BaseException as e:  # noqa: BLE001 - handed to the handler's thread
                box["error"] = e
            finally:
                with self.running_lock:
                    self.running -= 1

        with self.running_lock:
            self.running += 1
        worker = threading.Thread(target=work, name="sparql-query", daemon=True)
        worker.start()
        worker.join(self.timeout)
        if worker.is_alive():
            cancel.set()
            raise _Refused(HTTPStatus.SERVICE_UNAVAILABLE, f"query timed out after {self.timeout:g} s "
                           "(the server's time limit, serve-sparql --timeout)")
        e = box.get("error")
        if e is None:
            return box["result"]
        if isinstance(e, (QueryError, _Refused)):
            raise e
        if isinstance(e, _Cancelled):
            raise _Refused(HTTPStatus.SERVICE_UNAVAILABLE, f"query timed out after {self.timeout:g} s")
        if isinstance(e, SyntaxError):
            raise _Refused(HTTPStatus.BAD_REQUEST, str(_syntax_error(e))) from None
        raise QueryError(f"query failed: {str(e).splitlines()[0] if str(e) else type(e).__name__}") from None

    def _limited(self, items, cancel: threading.Event) -> tuple[list, bool]:
        """Up to ``row_limit`` items, checking the cancellation flag at each; and whether more were left."""
        out = []
        limit = self.row_limit
        for item in items:
            if cancel.is_set():
                raise _Cancelled()
            if limit is not None and len(out) >= limit:
                return out, True
            out.append(item)
        return out, False

    def wait_idle(self, seconds: float) -> bool:
        """Wait up to ``seconds`` for running queries to finish; ``True`` when none runs."""
        deadline = time.monotonic() + seconds
        while True:
            with self.running_lock:
                if self.running == 0:
                    return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)

    def _choose(self, offered: dict, accept: str | None, fmt: str | None) -> str:
        if fmt:
            media = _FORMAT_PARAM.get(fmt.lower(), fmt)
            if media not in offered:
                raise _Refused(HTTPStatus.NOT_ACCEPTABLE, f"format {fmt!r} is not offered for this query: "
                               + ", ".join(offered))
            return media
        media = negotiate(accept, list(offered))
        if media is None:
            raise _Refused(HTTPStatus.NOT_ACCEPTABLE, "none of the accepted types is offered: " + ", ".join(offered))
        return media

    def _native_query(self, text, default_graphs, named_graphs, accept, fmt, cancel) -> tuple[str, bytes, bool]:
        options = {"prefixes": _prefix_map()}
        if default_graphs:
            options["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
        else:
            options["use_default_graph_as_union"] = True
        if named_graphs:
            options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        result = self.inner.query(text, **options)
        if isinstance(result, ox.QueryTriples):
            media = self._choose(GRAPH_TYPES, accept, fmt)
            triples, truncated = self._limited(result, cancel)
            return media, ox.serialize(triples, format=GRAPH_TYPES[media]), truncated
        media = self._choose(RESULT_TYPES, accept, fmt)
        if isinstance(result, ox.QueryBoolean):
            return media, result.serialize(format=RESULT_TYPES[media]), False
        variables = [v.value for v in result.variables]
        solutions, truncated = self._limited(result, cancel)
        rows = [{name: _term_json(sol[i]) for i, name in enumerate(variables) if sol[i] is not None}
                for sol in solutions]
        data = json.dumps({"head": {"vars": variables}, "results": {"bindings": rows}}, ensure_ascii=False).encode()
        if media != "application/sparql-results+json":
            data = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON).serialize(format=RESULT_TYPES[media])
        return media, data, truncated

    def _rdflib_query(self, text, default_graphs, accept, fmt, cancel) -> tuple[str, bytes, bool]:
        if default_graphs:
            raise _Refused(HTTPStatus.BAD_REQUEST, "default-graph-uri is only supported on the embedded store")
        truncated = False
        with self.lock:
            if cancel.is_set():
                raise _Cancelled()
            result = self.ds.query(text, initNs=_prefix_map())
            if result.type in ("CONSTRUCT", "DESCRIBE"):
                media = self._choose(GRAPH_TYPES, accept, fmt)
                triples, truncated = self._limited(result.graph, cancel)
                from rdflib import Graph

                g = Graph()
                for t in triples:
                    g.add(t)
                data = g.serialize(format={"application/n-triples": "nt", "text/turtle": "turtle",
                                           "application/rdf+xml": "xml"}[media], encoding="utf-8")
                return media, data, truncated
            media = self._choose(RESULT_TYPES, accept, fmt)
            buf = io.BytesIO()
            result.serialize(buf, format="json")
        body = buf.getvalue()
        if result.type == "SELECT" and self.row_limit is not None:
            parsed = json.loads(body)
            bindings = parsed["results"]["bindings"]
            if len(bindings) > self.row_limit:
                parsed["results"]["bindings"], truncated = bindings[: self.row_limit], True
                body = json.dumps(parsed, ensure_ascii=False).encode()
        if media == "application/sparql-results+json":
            return media, body, truncated
        parsed = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        return media, parsed.serialize(format=RESULT_TYPES[media]), truncated

    def update(self, text: str) -> None:
        if not self.allow_update:
            raise _Refused(HTTPStatus.FORBIDDEN, "updates are not allowed here: the endpoint is read-only "
                           "(start it with --allow-update)")
        kind, _service = query_kind(text)
        if kind == "query":
            raise _Refused(HTTPStatus.BAD_REQUEST, "this is a query: send it as a query operation")
        try:
            if self.inner is not None:
                marked_update(lambda t: self.inner.update(t, prefixes=_prefix_map()), text)
            else:
                with self.lock:
                    marked_update(lambda t: self.ds.update(t, initNs=_prefix_map()), text)
        except SyntaxError as e:
            raise _Refused(HTTPStatus.BAD_REQUEST, str(_syntax_error(e))) from None
        except Exception as e:  # noqa: BLE001
            raise QueryError(f"update failed: {str(e).splitlines()[0] if str(e) else type(e).__name__}") from None


class _Handler(BaseHTTPRequestHandler):
    server_version = "alliancegraph-sparql"
    protocol_version = "HTTP/1.1"
    endpoint: _Endpoint  # set on the subclass made by make_server
    quiet = False

    # -- plumbing --------------------------------------------------------------------------------

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        if not self.quiet:
            sys.stderr.write(f"{self.address_string()} {format % args}\n")

    def _send(self, status: HTTPStatus, body: bytes, content_type: str, headers: dict | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: HTTPStatus, message: str) -> None:
        self._send(status, (message.strip() + "\n").encode("utf-8"), "text/plain; charset=utf-8")

    def _body(self) -> bytes:
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            raise _Refused(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"request body over {MAX_BODY} bytes")
        return self.rfile.read(length) if length else b""

    # -- operations ------------------------------------------------------------------------------

    def do_GET(self):  # noqa: N802 - the stdlib's name
        url = urlsplit(self.path)
        params = parse_qs(url.query, keep_blank_values=True)
        if url.path == "/" and "query" not in params:
            self._send(HTTPStatus.OK, b"alliancegraph SPARQL 1.1 endpoint: /sparql (queries: /query, updates: /update)\n",
                       "text/plain; charset=utf-8")
            return
        if url.path not in ("/sparql", "/query", "/"):
            self._error(HTTPStatus.NOT_FOUND, f"no such endpoint: {url.path}; use /sparql")
            return
        if "update" in params:
            self._error(HTTPStatus.BAD_REQUEST, "updates must be POSTed")
            return
        self._run(params, None)

    do_HEAD = do_GET

    def do_POST(self):  # noqa: N802
        url = urlsplit(self.path)
        if url.path not in ("/sparql", "/query", "/update", "/"):
            self._error(HTTPStatus.NOT_FOUND, f"no such endpoint: {url.path}; use /sparql")
            return
        params = parse_qs(url.query, keep_blank_values=True)
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        try:
            body = self._body()
        except _Refused as e:
            self._error(e.status, str(e))
            return
        charset = "utf-8"
        if ctype == "application/x-www-form-urlencoded":
            form = parse_qs(body.decode(charset, "replace"), keep_blank_values=True)
            for key, values in form.items():
                params.setdefault(key, []).extend(values)
            self._run(params, None, path=url.path)
        elif ctype == "application/sparql-query":
            self._run(params, body.decode(charset, "replace"), path=url.path)
        elif ctype == "application/sparql-update":
            params["update"] = [body.decode(charset, "replace")]
            self._run(params, None, path=url.path)
        else:
            self._error(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "send application/sparql-query, application/sparql-update "
                        "or application/x-www-form-urlencoded")

    def _run(self, params: dict, query: str | None, path: str | None = None) -> None:
        path = path or urlsplit(self.path).path
        if query is None and "query" in params:
            query = params["query"][0]
        update = params.get("update", [None])[0]
        try:
            if query is not None and update is not None:
                raise _Refused(HTTPStatus.BAD_REQUEST, "send either a query or an update, not both")
            if update is not None:
                if path == "/query":
                    raise _Refused(HTTPStatus.BAD_REQUEST, "updates go to /update or /sparql")
                self.endpoint.update(update)
                self._send(HTTPStatus.OK, b"", "text/plain; charset=utf-8")
                return
            if query is None or not query.strip():
                raise _Refused(HTTPStatus.BAD_REQUEST, "no query: pass query=... (or update=... with POST)")
            if path == "/update":
                raise _Refused(HTTPStatus.BAD_REQUEST, "queries go to /query or /sparql")
            media, data, truncated = self.endpoint.query(query, params.get("default-graph-uri", []),
                                              params.get("named-graph-uri", []), self.headers.get("Accept"),
                                              params.get("format", [None])[0])
        except _Refused as e:
            self._error(e.status, str(e))
            return
        except QueryError as e:
            status = HTTPStatus.BAD_REQUEST if e.line is not None or "syntax" in str(e) else HTTPStatus.INTERNAL_SERVER_ERROR
            self._error(status, str(e))
            return
        charset = "" if media == "application/rdf+xml" else "; charset=utf-8"
        extra = {TRUNCATED_HEADER: f"true; limit={self.endpoint.row_limit}"} if truncated else None
        self._send(HTTPStatus.OK, data, media + charset, extra)


def make_server(ds, host: str = "127.0.0.1", port: int = 8000, *, allow_update: bool = False,
                quiet: bool = False, timeout: float | None = DEFAULT_TIMEOUT,
                row_limit: int | None = DEFAULT_ROW_LIMIT) -> ThreadingHTTPServer:
    """A ``ThreadingHTTPServer`` serving ``ds``; call ``serve_forever()`` (and ``shutdown()`` from another thread).

    ``port=0`` picks a free port: read it back from ``server.server_address``. ``timeout`` (seconds) and
    ``row_limit`` bound every query (``None``: no limit); see the module doc. ``server.endpoint`` runs them.
    """
    endpoint = _Endpoint(ds, allow_update=allow_update, timeout=timeout, row_limit=row_limit)
    handler = type("Handler", (_Handler,), {"endpoint": endpoint, "quiet": quiet})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    server.endpoint = endpoint
    return server


#: At shutdown, seconds to wait for running queries before leaving the store handle to the process exit.
CLOSE_WAIT = 5.0


def close(server: ThreadingHTTPServer, ds) -> bool:
    """Stop listening, then close the store unless a (timed-out, abandoned) query still runs on it.

    Returns whether the store was closed; when not, the process exit releases it (closing the handle
    under a running query can abort the process, see :mod:`graph.sparql`).
    """
    from .store import close_store

    server.server_close()
    endpoint = getattr(server, "endpoint", None)
    if endpoint is not None and not endpoint.wait_idle(CLOSE_WAIT):
        return False
    close_store(ds)
    return True
