"""A SPARQL 1.1 server as the store: ``open_store("http://host:port/...")``.

The same ``rdflib.Dataset`` interface as the embedded store, on rdflib's ``SPARQLUpdateStore``:
queries go to the server's query endpoint, ``add_article`` writes one ``INSERT DATA { GRAPH <g> {...} }``
per article (one request) and replaces an article with ``DROP SILENT GRAPH``. Nothing is evaluated in
Python: the server's engine runs every query.

Endpoints from the URL (:func:`endpoints`):

- ``http://host:7878`` or ``http://host:7878/``: Oxigraph's layout, ``/query`` and ``/update``;
- ``http://host:7878/query``: that query endpoint, and ``/update`` beside it;
- anything else (``http://host:3030/ds/sparql``, ``http://host:8000/sparql``): one endpoint for both.

The app's queries use no ``GRAPH``: they expect the default graph to be the union of the named
graphs, as the embedded store does. :func:`open_remote_store` checks that on a non-empty store and
says how to fix it (``oxigraph serve --union-default-graph``; Fuseki: ``tdb2:unionDefaultGraph true``).
Errors reach the caller as :class:`graph.store.StoreError` (opening) or as the exception of a query,
with the server's own first line, never rdflib's "You did something wrong".
"""

from __future__ import annotations

import json
import re
from io import BytesIO
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode, urlsplit, urlunsplit
from urllib.request import Request, urlopen

from rdflib import Dataset
from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore
from rdflib.query import Result

from .model import NAMESPACES

__all__ = ["is_url", "endpoints", "RemoteStore", "RemoteError", "open_remote_store"]

_URL = re.compile(r"^https?://", re.IGNORECASE)

#: Seconds before a request to the server gives up.
DEFAULT_TIMEOUT = 300.0


class RemoteError(RuntimeError):
    """The server refused or failed a request; the message is its first line."""


def is_url(location) -> bool:
    """True for an ``http(s)://`` store location.

    >>> is_url("http://127.0.0.1:7878/query"), is_url("/var/lib/store"), is_url(None)
    (True, False, False)
    """
    return isinstance(location, str) and bool(_URL.match(location))


def endpoints(url: str) -> tuple[str, str]:
    """The ``(query, update)`` endpoints named by a store URL.

    >>> endpoints("http://127.0.0.1:7878")
    ('http://127.0.0.1:7878/query', 'http://127.0.0.1:7878/update')
    >>> endpoints("http://127.0.0.1:7878/query")
    ('http://127.0.0.1:7878/query', 'http://127.0.0.1:7878/update')
    >>> endpoints("http://127.0.0.1:3030/ds/sparql")
    ('http://127.0.0.1:3030/ds/sparql', 'http://127.0.0.1:3030/ds/sparql')
    """
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    if not path:
        base = urlunsplit((parts.scheme, parts.netloc, "", "", ""))
        return base + "/query", base + "/update"
    if path.endswith("/query"):
        return (urlunsplit((parts.scheme, parts.netloc, path, parts.query, "")),
                urlunsplit((parts.scheme, parts.netloc, path[: -len("query")] + "update", parts.query, "")))
    same = urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))
    return same, same


def _first_line(e: Exception) -> str:
    if isinstance(e, HTTPError):
        try:
            body = e.read().decode("utf-8", "replace").strip()
        except OSError:
            body = ""
        line = body.splitlines()[0] if body else (e.reason or "")
        return f"HTTP {e.code}: {line}"[:500]
    if isinstance(e, URLError):
        return str(e.reason)
    text = str(e).strip()
    return text.splitlines()[0] if text else type(e).__name__


class RemoteStore(SPARQLUpdateStore):
    """``SPARQLUpdateStore`` with POSTed queries (no URL length limit), a timeout, server errors as
    :class:`RemoteError`, and named graphs that exist by holding triples (no ``CREATE GRAPH``).
    """

    def __init__(self, query_endpoint: str, update_endpoint: str | None, *, timeout: float = DEFAULT_TIMEOUT):
        super().__init__(query_endpoint, update_endpoint, returnFormat="json", method="POST",
                         autocommit=True, context_aware=True)
        self.timeout = timeout

    # -- the protocol, one POST per request --------------------------------------------------------

    def _post(self, url: str, body: str, content_type: str, accept: str, params: dict | None = None):
        if params:
            url += ("&" if "?" in url else "?") + urlencode(params)
        req = Request(url, data=body.encode("utf-8"), method="POST",
                      headers={"Content-Type": f"{content_type}; charset=UTF-8", "Accept": accept})
        try:
            return urlopen(req, timeout=self.timeout)
        except (HTTPError, URLError, OSError) as e:
            raise RemoteError(f"{url}: {_first_line(e)}") from None

    def _query(self, *args, **kwargs) -> Result:  # SPARQLStore.query -> self._query(query, default_graph=...)
        query = args[0] if args else kwargs["query"]
        default_graph = kwargs.get("default_graph")
        params = {"default-graph-uri": default_graph} if isinstance(default_graph, str) and default_graph else None
        with self._post(self.query_endpoint, query, "application/sparql-query",
                        "application/sparql-results+json, application/n-triples;q=0.9, "
                        "application/sparql-results+xml;q=0.8, application/rdf+xml;q=0.5", params) as res:
            content_type = (res.headers.get("Content-Type") or "application/sparql-results+json").split(";")[0]
            data = res.read()
        if content_type == "application/n-triples":
            from rdflib import Graph

            g = Graph()
            g.parse(data=data, format="nt")
            result = Result("CONSTRUCT")
            result.graph = g
            return result
        return Result.parse(BytesIO(data), content_type=content_type)

    def _update(self, update: str) -> None:
        if not self.update_endpoint:
            raise RemoteError("this store was opened read-only: no update endpoint")
        self._updates += 1
        with self._post(self.update_endpoint, update, "application/sparql-update", "*/*") as res:
            res.read()

    # -- graphs ------------------------------------------------------------------------------------

    def add_graph(self, graph) -> None:
        """No-op: a named graph exists by holding triples (``CREATE GRAPH`` fails on existing ones)."""

    def remove_graph(self, graph) -> None:
        self.update(f"DROP SILENT GRAPH {self.node_to_sparql(graph.identifier)}")


def _check_union(store: RemoteStore, url: str) -> None:
    """Raise ``StoreError`` unless a triple of some named graph is visible in the default graph."""
    from .store import StoreError

    res = store.query("SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT 1", {}, {}, None)
    rows = list(res)
    if not rows:
        return  # empty: nothing to tell yet
    s, p, o = (store.node_to_sparql(t) for t in rows[0])
    if not store.query(f"ASK {{ {s} {p} {o} }}", {}, {}, None).askAnswer:
        raise StoreError(f"the SPARQL server at {url} does not query the union of its named graphs by default; "
                         "start Oxigraph with `oxigraph serve --union-default-graph` "
                         "(Fuseki: tdb2:unionDefaultGraph true)")


def open_remote_store(url: str, *, read_only: bool = False, timeout: float = DEFAULT_TIMEOUT) -> Dataset:
    """A ``Dataset`` on the SPARQL server at ``url`` (see :func:`endpoints`).

    Checks that the server answers and that its default graph is the union of the named graphs.
    ``read_only`` opens no update endpoint. Raises :class:`graph.store.StoreError`.
    """
    from .store import StoreError

    query_url, update_url = endpoints(url)
    store = RemoteStore(query_url, None if read_only else update_url, timeout=timeout)
    try:
        store.query("ASK {}", {}, {}, None)
    except RemoteError as e:
        raise StoreError(f"cannot reach the SPARQL endpoint at {query_url}: {str(e).split(': ', 1)[-1]}") from None
    except (ValueError, json.JSONDecodeError) as e:
        raise StoreError(f"{query_url} does not answer as a SPARQL endpoint: {_first_line(e)}") from None
    _check_union(store, query_url)
    ds = Dataset(store=store, default_union=True)
    for prefix, ns in NAMESPACES.items():  # prefixes live in the client: bind them on every open
        ds.bind(prefix, ns, override=True, replace=True)
    return ds
