"""The store as a SPARQL 1.1 Protocol endpoint (``alliancegraph serve-sparql``), on the stdlib HTTP server.

Paths: ``/sparql`` takes queries and (with ``allow_update``) updates, ``/query`` queries only, ``/update``
updates only, so both ``--store http://HOST:PORT/sparql`` and Oxigraph-style ``--store http://HOST:PORT``
clients find it. Operations, as the protocol lists them:

- query: ``GET ?query=...``, ``POST`` form (``query=...``) or ``POST`` ``application/sparql-query``;
  ``default-graph-uri`` and ``named-graph-uri`` are honoured; without them the default graph is the
  union of the named graphs (as for every alliancegraph query) and the :data:`graph.sparql.PREFIXES` are known;
- update: ``POST`` ``application/sparql-update`` (a form-encoded ``update=...`` only with
  ``allow_form_updates``): 403 unless ``allow_update``.

Results are negotiated as :mod:`graph.protocol` describes.

**The server never parses nor evaluates a query itself.** It checks the size and nesting limits
(:func:`graph.query_safety.check_limits`, a linear scan) and hands the text to a pool of warm worker
processes (:class:`graph.query_pool.QueryPool`), each capped in memory and, on the embedded store, unable
to open a network socket. A query that passes its time limit is killed with its worker (503 "query timed
out"), one that passes the memory limit likewise (503); a crash in native code costs a worker, which is
replaced, and the server answers the next request. ``SERVICE`` and ``LOAD`` are refused (403).
A result is cut after ``row_limit`` rows (``SELECT`` solutions, ``CONSTRUCT`` triples), the response then
carrying the header ``X-Alliancegraph-Truncated: true; limit=N``.

**HTTP.** A request body needs a valid ``Content-Length`` (missing: 411; negative or not a number: 400;
over :data:`MAX_BODY`: 413) and chunked bodies are refused (411). A connection idle for
:data:`IDLE_TIMEOUT` seconds is closed, and at most :data:`MAX_CONNECTIONS` are served at once (the next
gets 503 and is closed), so half-open requests cannot hold the server.

**Who may ask.** The ``Host`` header must name this server (:func:`allowed_hosts`: the loopback names,
the ``--host`` address, and ``--allowed-host`` names; with a wildcard bind, also the machine's names and
any IP address), which defeats DNS rebinding (403 otherwise). An update from a browser page of another
origin (an ``Origin`` or ``Referer`` that is not this server) is refused (403): a cross-site form cannot
change the store, and without ``allow_form_updates`` it could not send one anyway
(``application/sparql-update`` is not a type a form can send without the server's consent, and this
server gives none: it sends no CORS headers).
"""

from __future__ import annotations

import ipaddress
import socket
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from .protocol import GRAPH_TYPES, RESULT_TYPES, negotiate
from .query_pool import DEFAULT_MEMORY_LIMIT, DEFAULT_WORKERS, QueryPool
from .sparql import DEFAULT_TIMEOUT, QueryError

__all__ = ["make_server", "close", "negotiate", "allowed_hosts", "host_allowed", "RESULT_TYPES", "GRAPH_TYPES",
           "DEFAULT_TIMEOUT", "DEFAULT_ROW_LIMIT", "TRUNCATED_HEADER", "MAX_BODY", "IDLE_TIMEOUT", "MAX_CONNECTIONS"]

#: Largest request body accepted, in bytes.
MAX_BODY = 1 << 20
#: Seconds a connection may stay silent (while sending its request, or between requests) before it is closed.
IDLE_TIMEOUT = 10.0
#: Connections served at once; the next is answered 503 and closed.
MAX_CONNECTIONS = 64
#: The CLI's defaults (``alliancegraph query``): rows per result.
DEFAULT_ROW_LIMIT = 10_000
#: Set (to ``true; limit=N``) on a response whose rows were cut at the row limit.
TRUNCATED_HEADER = "X-Alliancegraph-Truncated"

_LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
_WILDCARDS = frozenset({"", "0.0.0.0", "::"})
_STATUS = {"syntax": HTTPStatus.BAD_REQUEST, "update": HTTPStatus.BAD_REQUEST, "refused": HTTPStatus.FORBIDDEN,
           "not_acceptable": HTTPStatus.NOT_ACCEPTABLE, "time": HTTPStatus.SERVICE_UNAVAILABLE,
           "memory": HTTPStatus.SERVICE_UNAVAILABLE, "busy": HTTPStatus.SERVICE_UNAVAILABLE,
           "crashed": HTTPStatus.INTERNAL_SERVER_ERROR, "store": HTTPStatus.INTERNAL_SERVER_ERROR,
           "failed": HTTPStatus.INTERNAL_SERVER_ERROR}


def allowed_hosts(bind: str, extra: tuple[str, ...] = ()) -> tuple[frozenset[str], bool]:
    """The host names a request's ``Host`` may carry, and whether any IP address may (a wildcard bind).

    >>> names, any_ip = allowed_hosts("127.0.0.1")
    >>> sorted(names), any_ip
    (['127.0.0.1', '::1', 'localhost'], False)
    >>> sorted(allowed_hosts("10.0.0.5", ("sparql.example.org",))[0])
    ['10.0.0.5', '127.0.0.1', '::1', 'localhost', 'sparql.example.org']
    """
    names = set(_LOOPBACK_NAMES) | {h.strip().lower().rstrip(".") for h in extra if h.strip()}
    wildcard = bind.strip() in _WILDCARDS
    if wildcard:
        names |= {socket.gethostname().lower(), socket.getfqdn().lower()}
    else:
        names.add(bind.strip().lower().strip("[]"))
    return frozenset(names), wildcard


def host_allowed(host: str | None, names: frozenset[str], any_ip: bool) -> bool:
    """Whether a ``Host`` header (``name``, ``name:port``, ``[v6]:port``) names this server.

    An IP address cannot be rebound by DNS, so a wildcard bind accepts any; a name must be listed.

    >>> names, _ = allowed_hosts("127.0.0.1")
    >>> host_allowed("localhost:8000", names, False), host_allowed("[::1]:8000", names, False)
    (True, True)
    >>> host_allowed("attacker.example:8000", names, False), host_allowed(None, names, False)
    (False, False)
    """
    if not host:
        return False
    try:
        parts = urlsplit(f"//{host.strip()}")
        name, _port = parts.hostname, parts.port
    except ValueError:
        return False
    if not name or parts.username is not None or parts.path or parts.query:
        return False
    name = name.lower().rstrip(".")
    if name in names:
        return True
    if any_ip:
        try:
            ipaddress.ip_address(name)
            return True
        except ValueError:
            return False
    return False


class _Refused(Exception):
    def __init__(self, status: HTTPStatus, message: str):
        super().__init__(message)
        self.status = status


class _Handler(BaseHTTPRequestHandler):
    server_version = "alliancegraph-sparql"
    protocol_version = "HTTP/1.1"
    timeout = IDLE_TIMEOUT  # socketserver sets it on the connection: silent clients are dropped
    disable_nagle_algorithm = True  # headers and body go out as two writes: without it, 40 ms of delayed ACK
    pool: QueryPool  # set on the subclass made by make_server
    row_limit: int | None = DEFAULT_ROW_LIMIT
    query_timeout: float | None = DEFAULT_TIMEOUT
    allow_update = False
    allow_form_updates = False
    hosts: frozenset[str] = _LOOPBACK_NAMES
    any_ip = False
    quiet = False

    # -- plumbing --------------------------------------------------------------------------------

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
        if not self.quiet:
            text = (format % args).encode("ascii", "backslashreplace").decode("ascii")
            sys.stderr.write(f"{self.address_string()} {text}\n")

    def _send(self, status: HTTPStatus, body: bytes, content_type: str, headers: dict | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept")
        self.send_header("X-Content-Type-Options", "nosniff")
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: HTTPStatus, message: str, *, close: bool = False) -> None:
        if close:
            self.close_connection = True
        self._send(status, (message.strip() + "\n").encode("utf-8"), "text/plain; charset=utf-8")

    def _body(self) -> bytes:
        """The request body, read only when its length is stated, valid and within :data:`MAX_BODY`."""
        if self.headers.get("Transfer-Encoding"):
            raise _Refused(HTTPStatus.LENGTH_REQUIRED, "chunked bodies are not accepted: send Content-Length")
        values = self.headers.get_all("Content-Length") or []
        if not values:
            raise _Refused(HTTPStatus.LENGTH_REQUIRED, "a request body needs a Content-Length")
        text = values[0].strip()
        if len(set(v.strip() for v in values)) != 1 or not text.isascii() or not text.isdigit():
            raise _Refused(HTTPStatus.BAD_REQUEST, f"Content-Length must be one number of bytes, not {text[:40]!r}")
        length = int(text)
        if length > MAX_BODY:
            raise _Refused(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"request body over {MAX_BODY} bytes")
        data = self.rfile.read(length) if length else b""
        if len(data) != length:
            raise _Refused(HTTPStatus.BAD_REQUEST, "the request body ended before its Content-Length")
        return data

    def _same_origin(self) -> bool:
        """An ``Origin`` (or, without one, a ``Referer``) names this server, or the client sent neither."""
        origin = self.headers.get("Origin")
        source = origin if origin is not None else self.headers.get("Referer")
        if source is None:
            return True  # not a browser's cross-site request: browsers send Origin with every cross-site POST
        try:
            parts = urlsplit(source.strip())
        except ValueError:
            return False
        return parts.scheme in ("http", "https") and parts.netloc.lower() == (self.headers.get("Host") or "").lower()

    def handle_one_request(self):
        try:
            super().handle_one_request()
        except (TimeoutError, ConnectionError):
            self.close_connection = True  # a client that went silent or away mid-request

    def _admitted(self) -> bool:
        if host_allowed(self.headers.get("Host"), self.hosts, self.any_ip):
            return True
        self._error(HTTPStatus.FORBIDDEN, "this server does not answer to that Host name "
                    "(serve-sparql --allowed-host NAME adds one)", close=True)
        return False

    # -- operations ------------------------------------------------------------------------------

    def do_GET(self):  # noqa: N802 - the stdlib's name
        if not self._admitted():
            return
        url = urlsplit(self.path)
        params = parse_qs(url.query, keep_blank_values=True)
        if url.path == "/" and "query" not in params:
            self._send(HTTPStatus.OK, b"alliancegraph SPARQL 1.1 endpoint: /sparql (queries: /query, updates: /update)\n",
                       "text/plain; charset=utf-8")
            return
        if url.path not in ("/sparql", "/query", "/"):
            self._error(HTTPStatus.NOT_FOUND, "no such endpoint; use /sparql")
            return
        if "update" in params:
            self._error(HTTPStatus.BAD_REQUEST, "updates must be POSTed")
            return
        self._run(params, None, url.path)

    do_HEAD = do_GET

    def do_POST(self):  # noqa: N802
        if not self._admitted():
            return
        url = urlsplit(self.path)
        try:
            body = self._body()
        except _Refused as e:
            self._error(e.status, str(e), close=True)
            return
        if url.path not in ("/sparql", "/query", "/update", "/"):
            self._error(HTTPStatus.NOT_FOUND, "no such endpoint; use /sparql")
            return
        params = parse_qs(url.query, keep_blank_values=True)
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        text = body.decode("utf-8", "replace")
        if ctype == "application/x-www-form-urlencoded":
            form = parse_qs(text, keep_blank_values=True)
            if "update" in form and self.allow_update and not self.allow_form_updates:
                self._error(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "send updates as application/sparql-update "
                            "(form-encoded updates need serve-sparql --allow-form-updates)")
                return
            for key, values in form.items():
                params.setdefault(key, []).extend(values)
            self._run(params, None, url.path)
        elif ctype == "application/sparql-query":
            self._run(params, text, url.path)
        elif ctype == "application/sparql-update":
            params["update"] = [text]
            self._run(params, None, url.path)
        else:
            self._error(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "send application/sparql-query, application/sparql-update "
                        "or application/x-www-form-urlencoded")

    def do_OPTIONS(self):  # noqa: N802 - no CORS: a browser page of another origin gets no permission
        if self._admitted():
            self._error(HTTPStatus.METHOD_NOT_ALLOWED, "cross-origin requests are not offered")

    def _run(self, params: dict, query: str | None, path: str) -> None:
        if query is None and "query" in params:
            query = params["query"][0]
        update = params.get("update", [None])[0]
        try:
            if query is not None and update is not None:
                raise _Refused(HTTPStatus.BAD_REQUEST, "send either a query or an update, not both")
            if update is not None:
                self._update(update, path)
                self._send(HTTPStatus.OK, b"", "text/plain; charset=utf-8")
                return
            if query is None or not query.strip():
                raise _Refused(HTTPStatus.BAD_REQUEST, "no query: pass query=... (or update=... with POST)")
            if path == "/update":
                raise _Refused(HTTPStatus.BAD_REQUEST, "queries go to /query or /sparql")
            media, data, truncated = self.pool.answer(
                query, accept=self.headers.get("Accept"), fmt=params.get("format", [None])[0],
                default_graphs=params.get("default-graph-uri", []), named_graphs=params.get("named-graph-uri", []),
                row_limit=self.row_limit, timeout=self.query_timeout)
        except _Refused as e:
            self._error(e.status, str(e))
            return
        except QueryError as e:
            message = str(e)
            if e.reason == "time":
                message = (f"query timed out after {self.query_timeout:g} s (the server's time limit, "
                           "serve-sparql --timeout); it was stopped")
            self._error(_STATUS.get(e.reason, HTTPStatus.INTERNAL_SERVER_ERROR), message)
            return
        charset = "" if media == "application/rdf+xml" else "; charset=utf-8"
        extra = {TRUNCATED_HEADER: f"true; limit={self.row_limit}"} if truncated else None
        self._send(HTTPStatus.OK, data, media + charset, extra)

    def _update(self, text: str, path: str) -> None:
        if path == "/query":
            raise _Refused(HTTPStatus.BAD_REQUEST, "updates go to /update or /sparql")
        if not self.allow_update:
            raise _Refused(HTTPStatus.FORBIDDEN, "updates are not allowed here: the endpoint is read-only "
                           "(start it with --allow-update)")
        if not self._same_origin():
            raise _Refused(HTTPStatus.FORBIDDEN, "updates from a page of another origin are refused")
        self.pool.update(text)


class _Server(ThreadingHTTPServer):
    """A thread per connection, at most :data:`MAX_CONNECTIONS` at once."""

    daemon_threads = True

    def __init__(self, address, handler, max_connections: int):
        self.slots = threading.BoundedSemaphore(max_connections)
        super().__init__(address, handler)

    def process_request(self, request, client_address):
        if not self.slots.acquire(blocking=False):
            try:
                request.settimeout(1.0)
                request.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
                                b"Content-Length: 32\r\nConnection: close\r\n\r\ntoo many connections; try again\n")
            except OSError:
                pass
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.slots.release()
            raise

    def process_request_thread(self, request, client_address):
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()

    def handle_error(self, request, client_address):  # a client's fault is not worth a traceback
        error = sys.exc_info()[1]
        if not isinstance(error, (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


def make_server(location, host: str = "127.0.0.1", port: int = 8000, *, allow_update: bool = False,
                quiet: bool = False, timeout: float | None = DEFAULT_TIMEOUT,
                row_limit: int | None = DEFAULT_ROW_LIMIT, memory_limit: int | None = DEFAULT_MEMORY_LIMIT,
                workers: int = DEFAULT_WORKERS, extra_hosts: tuple[str, ...] = (),
                allow_form_updates: bool = False, max_connections: int = MAX_CONNECTIONS) -> ThreadingHTTPServer:
    """A server for the store at ``location``; call ``serve_forever()``, then :func:`close`.

    The query workers are started first and must open the store (:class:`QueryError` otherwise).
    ``port=0`` picks a free port: read it back from ``server.server_address``. ``timeout`` (seconds),
    ``row_limit`` and ``memory_limit`` (bytes) bound every query (``None``: no limit); see the module doc.
    """
    pool = QueryPool(location, workers=workers, allow_update=allow_update, memory_limit=memory_limit)
    try:
        pool.start()
        names, any_ip = allowed_hosts(host, extra_hosts)
        handler = type("Handler", (_Handler,), {
            "pool": pool, "row_limit": row_limit, "query_timeout": timeout, "allow_update": allow_update,
            "allow_form_updates": allow_form_updates, "hosts": names, "any_ip": any_ip, "quiet": quiet})
        server = _Server((host, port), handler, max_connections)
    except BaseException:
        pool.close()
        raise
    server.pool = pool
    return server


def close(server: ThreadingHTTPServer) -> None:
    """Stop listening and end the query workers (a query still running ends with its worker)."""
    server.server_close()
    server.pool.close()
