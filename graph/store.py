"""The on-disk Oxigraph store behind an ``rdflib.Dataset``, and article ingestion.

``open_store`` returns an ``rdflib.Dataset`` on oxrdflib's ``OxigraphStore`` whose default graph is
the union of all named graphs, so SPARQL without ``GRAPH`` sees every article. The embedded store has
one writer per directory (RocksDB lock); the app opens it read-only. A read-only handle sees the store
as it was when opened (reopen to see later ingests); pyoxigraph calls reading while another process
writes "undefined behavior", so readers should reopen after an ingest rather than read during one. ``close_store`` drops the last
reference to the ``pyoxigraph.Store``, which is what releases the lock (pyoxigraph has no ``close``).

``add_article`` writes one named graph per article, named by a hash of its text:

- ``"unchanged"``: the graph for this text exists and holds the same metadata and records, or it holds
  another article with identical text (a duplicate: stored once so its relations are not counted twice);
- ``"replaced"``: the article id had a graph with other text, or the same text with other records or
  metadata; the old graph is dropped first, then the new one added;
- ``"added"`` otherwise.

Quads go to Oxigraph in one ``Store.extend`` call per article (one transaction), bypassing
oxrdflib's ``addN``, which also walks the quads through rdflib's in-memory event hook one by one.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import BNode, Dataset, Literal, URIRef

from .model import NAMESPACES, RecordError, article_iri, article_quads, content_hash

__all__ = ["STORE_ENV", "StoreError", "RecordError", "default_store_path", "open_store", "close_store", "add_article"]

STORE_ENV = "ALLIANCEGRAPH_STORE"


class StoreError(Exception):
    """The store cannot be opened or used (missing, locked, unreadable). One-line message."""


def default_store_path() -> Path:
    """``$ALLIANCEGRAPH_STORE``, else ``$XDG_DATA_HOME/alliancegraph/store``, else ``~/.local/share/...``."""
    env = os.environ.get(STORE_ENV)
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME")
    base = Path(xdg).expanduser() if xdg else Path.home() / ".local" / "share"
    return base / "alliancegraph" / "store"


def _bind_prefixes(ds: Dataset) -> None:
    for prefix, ns in NAMESPACES.items():
        ds.bind(prefix, ns, override=True, replace=True)


def open_store(path: str | os.PathLike | None = None, *, read_only: bool = False) -> Dataset:
    """Open the Oxigraph store at ``path`` (default :func:`default_store_path`) as an ``rdflib.Dataset``.

    Writing creates the directory. Raises :class:`StoreError` when a read-only store is missing,
    when another process holds the writer lock, or when the directory is not a store.
    """
    path = Path(path).expanduser() if path is not None else default_store_path()
    try:
        if read_only:
            if not (path / "CURRENT").is_file():
                raise StoreError(f"no store at {path}; run `alliancegraph ingest` first")
            inner = ox.Store.read_only(str(path))
        else:
            path.mkdir(parents=True, exist_ok=True)
            inner = ox.Store(str(path))
    except OSError as e:
        msg = str(e)
        if "lock" in msg.lower():
            raise StoreError(f"store at {path} is in use by another process") from None
        raise StoreError(f"cannot open store at {path}: {msg.splitlines()[0] if msg else type(e).__name__}") from None
    ds = Dataset(store=OxigraphStore(store=inner), default_union=True)
    _bind_prefixes(ds)
    return ds


def close_store(ds: Dataset) -> None:
    """Release the store's on-disk lock (drops the ``pyoxigraph.Store``). ``ds`` is unusable afterwards.

    Safe to call twice. Other references to the ``pyoxigraph.Store`` (``ds.store._inner``) would keep the
    lock; this module keeps none.
    """
    store = ds.store
    if isinstance(store, OxigraphStore):
        if getattr(store, "_store", None) is not None:
            try:
                store._store.flush()
            except (OSError, RuntimeError):
                pass  # read-only stores cannot flush; they have nothing to write
            store._store = None  # the only reference: RocksDB closes and releases LOCK here
        return
    store.close()


# -- ingestion ------------------------------------------------------------------------------------

def _ox_term(t):
    if isinstance(t, URIRef):
        return ox.NamedNode(t)
    if isinstance(t, Literal):
        if t.language:
            return ox.Literal(t, language=t.language)
        return ox.Literal(t, datatype=ox.NamedNode(t.datatype) if t.datatype else None)
    if isinstance(t, BNode):
        return ox.BlankNode(t)
    raise TypeError(f"cannot store {t!r}")


def _ox_store(ds: Dataset) -> ox.Store | None:
    store = ds.store
    if isinstance(store, OxigraphStore):
        inner = getattr(store, "_store", None)
        if inner is None:
            raise StoreError("store is closed")
        return inner
    return None


def _graphs_of(ds: Dataset, article_id: str) -> dict[str, str | None]:
    """Named graphs holding this article id -> their content hash."""
    a = article_iri(article_id).n3()  # a minted IRI: safe to put in the query text
    q = f"""SELECT ?g ?content WHERE {{ GRAPH ?g {{ {a} a schema:NewsArticle .
             OPTIONAL {{ {a} ag:contentHash ?content }} }} }}"""
    rows = ds.query(q)
    return {str(row[0]): (str(row[1]) if row[1] is not None else None) for row in rows}


def _article_in_graph(ds: Dataset, g: URIRef) -> str | None:
    q = f"SELECT ?id WHERE {{ GRAPH {g.n3()} {{ ?a a schema:NewsArticle ; schema:identifier ?id }} }} LIMIT 1"
    for row in ds.query(q):
        return str(row[0])
    return None


def _drop_graph(ds: Dataset, g: str) -> None:
    inner = _ox_store(ds)
    if inner is not None:
        inner.remove_graph(ox.NamedNode(g))
    else:
        ds.remove_graph(URIRef(g))


def add_article(ds: Dataset, article: Mapping, records: Sequence[Mapping]) -> str:
    """Store one article and its relation records; return ``"added"``, ``"unchanged"`` or ``"replaced"``.

    Ingesting the same article again adds no triple. Raises ``graph.model.RecordError`` (a
    ``ValueError``) naming the article and record on malformed input, before anything is written.
    """
    g, quads = article_quads(article, records)  # validates first: a bad record writes nothing
    aid = article["id"]
    existing = _graphs_of(ds, aid)
    if str(g) in existing:
        if existing[str(g)] == content_hash(article, records) and len(existing) == 1:
            return "unchanged"
    for old in existing:
        _drop_graph(ds, old)
    if str(g) not in existing and _article_in_graph(ds, g) not in (None, aid):
        # The same text is already stored under another id (a reprint): keep one copy only.
        return "replaced" if existing else "unchanged"
    inner = _ox_store(ds)
    if inner is not None:
        inner.extend([ox.Quad(_ox_term(s), _ox_term(p), _ox_term(o), ox.NamedNode(c)) for s, p, o, c in quads])
    else:
        ds.addN((s, p, o, ds.graph(c)) for s, p, o, c in quads)
    return "replaced" if existing else "added"
