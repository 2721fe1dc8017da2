"""The on-disk Oxigraph store behind an ``rdflib.Dataset``, and article ingestion.

``open_store`` returns an ``rdflib.Dataset`` on oxrdflib's ``OxigraphStore`` whose default graph is
the union of all named graphs, so SPARQL without ``GRAPH`` sees every article. The embedded store has
one writer per directory (RocksDB lock); the app opens it read-only. A read-only handle sees the store
as it was when opened (reopen to see later ingests). pyoxigraph 0.5 has no secondary (following)
reader and calls opening read-only while another process writes "undefined behavior"; in RocksDB terms
the reader reads the files the writer had committed when it opened, and an open that races the writer's
compaction can find a listed file gone. So: the writer commits one short transaction per article and
flushes every :data:`FLUSH_SECONDS` (a reader's open replays little log); a read-only open that hits
a vanished file is retried (:data:`READ_ONLY_ATTEMPTS`); readers reopen when the store's files change
(the app does, keyed on a fingerprint of the files). A reader never writes, so it cannot harm the
writer's store. ``close_store`` drops the last
reference to the ``pyoxigraph.Store``, which is what releases the lock (pyoxigraph has no ``close``).

``add_article`` writes one named graph per article, named by a hash of its text:

- ``"unchanged"``: the graph for this text exists and holds the same metadata and records, or it holds
  another article with identical text (a duplicate: stored once so its relations are not counted twice);
- ``"replaced"``: the article id had a graph with other text, or the same text with other records or
  metadata; the old graph is dropped and the new one written in the same transaction;
- ``"added"`` otherwise.

Each article is written atomically: one ``Store.extend`` call (new article) or one SPARQL Update
``DROP GRAPH <old> ; INSERT DATA {...}`` (replacement), each one Oxigraph transaction, so a process
killed at any moment leaves the article's old graph or its new one, whole, never a part. Both bypass
oxrdflib's ``addN``, which also walks the quads through rdflib's in-memory event hook one by one.
The article node records ``ag:relationCount`` (its number of ``ag:Relation`` nodes), so a reader can
check that a graph is complete, and the graph holds the article's per-dyad summaries
(:func:`dyad_summary_quads`, described in :mod:`graph.model`), which the actor graph reads instead of
aggregating every relation, and its relation rows in one literal (:mod:`graph.packed_rows`), which the
alignment analysis reads instead of every relation's properties. Deciding added / unchanged / replaced
(:func:`_decide`) takes one query (:func:`_lookup`: the graphs holding this article id, and the article
already stored under this text), run on ``pyoxigraph`` directly on the embedded store; :mod:`graph.bulk`
asks the same query for a batch of articles and decides each the same way.

One writer: a second process opening the store for writing gets :class:`StoreError` "in use by
another ingest" (RocksDB's lock), never a shared or corrupted store.
"""

from __future__ import annotations

import errno
import fnmatch
import hashlib
import os
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import RDF, XSD, BNode, Dataset, Literal, Namespace, URIRef

from .model import _FALSE, ACTOR, AG, ID, NAMESPACES, RecordError, article_iri, article_quads
from .packed_rows import relation_fields, relation_rows_quad

__all__ = ["STORE_ENV", "STORE_FILES", "StoreError", "RecordError", "default_store_path", "open_store", "close_store",
           "add_article", "stored_quads", "dyad_summary_quads", "store_files", "storage_error", "is_storage_failure"]

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


def open_store(path: str | os.PathLike | None = None, *, read_only: bool = False,
               require_whole: bool = False) -> Dataset:
    """Open the Oxigraph store at ``path`` (default :func:`default_store_path`) as an ``rdflib.Dataset``.

    Writing creates the directory and a new store in it, but only where there is none: a directory holding
    a store's files (:data:`STORE_FILES`) is opened read-only first, and if that fails (a missing
    ``CURRENT``, a corrupted manifest or table file) :class:`StoreError` says so and nothing in the
    directory is changed (RocksDB would otherwise start a new store over the old files, or rewrite its
    manifest). With ``require_whole`` (``ingest``), a store holding an article that is not whole
    (:func:`graph.health.incomplete_articles`) is refused the same way.
    Raises :class:`StoreError` when a read-only store is missing, when another process holds the writer lock,
    or when the directory holds a store that cannot be opened.
    An ``http(s)://`` location is a SPARQL 1.1 server instead (:mod:`graph.remote`).
    """
    from .remote import is_url, open_remote_store
    if is_url(location := str(path) if path is not None else os.environ.get(STORE_ENV, "")):
        return open_remote_store(location, read_only=read_only)
    path = Path(path).expanduser() if path is not None else default_store_path()
    found = store_files(path)
    if found and not (path / "CURRENT").is_file():
        raise StoreError(f"the store at {path} is damaged: its CURRENT file is missing ({len(found)} other store "
                         f"files are there); nothing was changed. {_advice(path)}")
    try:
        if read_only:
            if not found:
                raise StoreError(f"no store at {path}; run `alliancegraph ingest` first")
            inner = _open_read_only(path)
        else:
            if found:
                _probe(path, require_whole)
            path.mkdir(parents=True, exist_ok=True)
            inner = ox.Store(str(path))
    except (OSError, RuntimeError) as e:
        if not is_storage_failure(e):
            raise
        raise storage_error(e, path) from None
    ds = Dataset(store=OxigraphStore(store=inner), default_union=True)
    _bind_prefixes(ds)
    return ds


def _advice(path) -> str:
    """What a damaged store's message advises: nothing that writes to it."""
    check = f"`alliancegraph check --store {path}`" if path is not None else "`alliancegraph check`"
    return f"Keep the folder as it is (copy it before any repair); {check} reports what it finds"

#: The files of a store (RocksDB): a directory holding any of them is a store, whole or damaged.
STORE_FILES = ("CURRENT", "MANIFEST-*", "*.sst", "*.log", "OPTIONS-*", "LOCK", "IDENTITY")


def store_files(path: Path) -> list[str]:
    """The names of the store files (:data:`STORE_FILES`) in ``path``; empty when it is no store or no directory.

    >>> store_files(Path("/nonexistent/store"))
    []
    """
    try:
        names = [p.name for p in path.iterdir()] if path.is_dir() else []
    except OSError:
        return []
    return sorted(n for n in names if any(fnmatch.fnmatchcase(n, pattern) for pattern in STORE_FILES))


def _probe(path: Path, require_whole: bool) -> None:
    """Open an existing store read-only (which writes nothing) before opening it for writing: a store RocksDB
    cannot open, or with articles that are not whole when ``require_whole``, raises here, untouched."""
    probe = Dataset(store=OxigraphStore(store=_open_read_only(path)), default_union=True)
    try:
        if require_whole:
            from .health import describe_incomplete, incomplete_articles

            incomplete = incomplete_articles(probe)
            if incomplete:
                raise StoreError(f"the store at {path} is damaged: {describe_incomplete(incomplete)}; nothing was "
                                 f"written. {_advice(path)}")
    finally:
        close_store(probe)


def is_storage_failure(exc: BaseException) -> bool:
    """Whether an exception reports the store's files (an ``OSError``, RocksDB's "Corruption" or "IO error",
    also when a query error carries it), not a bug.

    >>> is_storage_failure(RuntimeError("Corruption: block checksum mismatch")), is_storage_failure(KeyError("x"))
    (True, False)
    """
    if isinstance(exc, OSError):
        return True
    text = str(exc)
    return any(mark in text for mark in ("Corruption:", "IO error:")) or \
        (isinstance(exc, RuntimeError) and text.startswith("Invalid argument: Column family not found"))


def storage_error(exc: BaseException, path=None, *, writing: str | None = None) -> StoreError:
    """A storage failure of pyoxigraph (:func:`is_storage_failure`) as one line, naming the store ``path``
    and what was being written (``writing``) when known.

    >>> print(storage_error(RuntimeError("Corruption: checksum mismatch\\nmore"), "/s"))
    the store at /s is damaged (Corruption: checksum mismatch); nothing was changed. Keep the folder as it is (copy it before any repair); `alliancegraph check --store /s` reports what it finds
    >>> print(storage_error(OSError(28, "No space left on device"), writing="article 'a1'"))
    no space left on device while writing article 'a1'
    """
    msg = str(exc)
    first = msg.splitlines()[0].strip() if msg.strip() else type(exc).__name__
    low = msg.lower()
    where = f" for the store at {path}" if path is not None else ""
    during = f" while writing {writing}" if writing else where
    if getattr(exc, "errno", None) == errno.ENOSPC or "no space left" in low:
        return StoreError(f"no space left on device{during}")
    if "/lock:" in low or "lock hold by" in low:  # RocksDB's LOCK file is held ("block" is no lock)
        return StoreError(f"store{' at ' + str(path) if path is not None else ''} is in use by another ingest "
                          "(another process is writing to it); wait for it to finish")
    if "corruption" in low or "checksum" in low or "size mismatch" in low or "column family not found" in low:
        store = f"the store at {path}" if path is not None else "the store"
        advice = _advice(path)
        if writing:
            return StoreError(f"{store} is damaged ({first}) while writing {writing}; that write did not happen. "
                              f"{advice}")
        return StoreError(f"{store} is damaged ({first}); nothing was changed. {advice}")
    return StoreError(f"cannot {'write' if writing else 'open'} the store{' at ' + str(path) if path else ''}"
                      f"{' while writing ' + writing if writing else ''}: {first}")


#: A read-only open that races a writer's compaction (a file listed in the manifest vanishes while it is
#: read) fails transiently; it is retried this many times, a little later each time.
READ_ONLY_ATTEMPTS = 8


def _open_read_only(path: Path) -> ox.Store:
    """``Store.read_only`` with retries: the reader may open while an ingest writes (see the module doc)."""
    for attempt in range(READ_ONLY_ATTEMPTS):
        try:
            return ox.Store.read_only(str(path))
        except (OSError, RuntimeError) as e:
            msg = str(e).lower()
            transient = "no such file" in msg or "corruption" in msg
            if not transient or attempt == READ_ONLY_ATTEMPTS - 1:
                if isinstance(e, RuntimeError):
                    raise OSError(str(e)) from None
                raise
            time.sleep(0.05 * (attempt + 1))
    raise AssertionError("unreachable")


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


def _ox_quads(quads: Sequence[tuple]) -> list[ox.Quad]:
    """rdflib quads as pyoxigraph quads; each distinct term converted once (actors, predicates, graphs and
    recurring literals repeat across a batch)."""
    terms: dict = {}

    def term(t):
        o = terms.get(t)
        if o is None:
            o = terms[t] = _ox_term(t)
        return o

    return [ox.Quad(term(s), term(p), term(o), term(c)) for s, p, o, c in quads]


def _ox_store(ds: Dataset) -> ox.Store | None:
    store = ds.store
    if isinstance(store, OxigraphStore):
        inner = getattr(store, "_store", None)
        if inner is None:
            raise StoreError("store is closed")
        return inner
    return None


_LOOKUP = """SELECT ?a ?g ?content ?x ?other WHERE {{
  {{ VALUES ?a {{ {articles} }} GRAPH ?g {{ ?a a schema:NewsArticle . OPTIONAL {{ ?a ag:contentHash ?content }} }} }}
  UNION
  {{ VALUES ?g {{ {graphs} }} GRAPH ?g {{ ?x a schema:NewsArticle ; schema:identifier ?other }} }}
}}"""

_LOOKUP_PREFIXES = {"schema": str(NAMESPACES["schema"]), "ag": str(AG)}


def _lookup(ds: Dataset, article_ids: list[str], graphs: list[URIRef]):
    """One query for many articles: article id -> {graph holding it: its content hash}, and graph -> the id of
    an article already stored in it (the same text), the smallest when there are several."""
    by_iri = {str(article_iri(a)): a for a in article_ids}
    query = _LOOKUP.format(articles=" ".join(URIRef(a).n3() for a in by_iri),  # minted IRIs: safe in the text
                           graphs=" ".join(g.n3() for g in graphs))
    existing: dict[str, dict[str, str | None]] = {}
    other: dict[str, str] = {}
    inner = _ox_store(ds)
    if inner is not None:  # pyoxigraph directly: no rdflib terms
        rows = ([t.value if t is not None else None for t in sol]
                for sol in inner.query(query, prefixes=_LOOKUP_PREFIXES))
    else:
        rows = ([str(t) if t is not None else None for t in row] for row in ds.query(query, initNs=_LOOKUP_PREFIXES))
    for a, g, content, _x, oth in rows:
        if a is not None:
            existing.setdefault(by_iri[a], {})[g] = content
        elif oth is not None:
            other.setdefault(g, min(oth, other.get(g, oth)))
    return existing, other


def _decide(aid: str, g: str, content: str, existing: dict[str, str | None], other: str | None):
    """``(outcome, graphs to drop, write the quads?)`` for article ``aid`` whose text's graph is ``g`` and whose
    content hash is ``content``, given what :func:`_lookup` found (see the module docstring)."""
    if g in existing and len(existing) == 1 and existing[g] == content:
        return "unchanged", [], False
    if g not in existing and other not in (None, aid):
        # the same text is already stored under another id (a reprint): keep one copy only
        return ("replaced" if existing else "unchanged"), list(existing), False
    return ("replaced" if existing else "added"), list(existing), True


def _stored_content_hash(quads: Sequence[tuple]) -> str:
    """The ``ag:contentHash`` that :func:`stored_quads` wrote among the first quads."""
    for _s, p, o, _g in quads:
        if p == AG.contentHash:
            return str(o)
    raise AssertionError("stored_quads always writes ag:contentHash")


#: Minted IRIs of the per-dyad summaries: ``id/dyad/<hash of graph, source, target>``.
DYAD = Namespace(ID + "dyad/")


def dyad_summary_quads(g: URIRef, article: URIRef, fields: dict) -> list[tuple]:
    """The ``ag:DyadSummary`` nodes of one article graph (see :mod:`graph.model`), from
    :func:`graph.packed_rows.relation_fields` of its quads.

    One node per (source, target) pair of the article's non-negated relations, with exactly the sums
    the projection's aggregate over the relations gives (:data:`graph.projection.EDGE_QUERY`), and the
    article's ``ag:dyadSummaries`` (all of them in one literal, also when empty: it marks the article as
    summarised).
    """
    sums: dict[tuple, list] = {}
    for v in fields.values():
        # v: source, target, type, polarity, intensity, date, symmetric, negated, index, article (sets)
        if _FALSE not in v[7]:
            continue  # the aggregate keeps ag:negated false only
        syms = [o.toPython() for o in v[6]] or [False]
        ints = [float(o.toPython()) for o in v[4]] or [None]
        for s in v[0]:
            for t in v[1]:
                acc = sums.setdefault((s, t), [0, 0, 0.0, 0, 0, 0, 0])  # count pol isum icount pos neg sym
                for pol in v[3]:
                    pol = int(pol.toPython())
                    for sym in syms:
                        for i in ints:
                            acc[0] += 1
                            acc[1] += pol
                            if i is not None:
                                acc[2] += i
                                acc[3] += 1
                            acc[4] += pol > 0
                            acc[5] += pol < 0
                            acc[6] += sym is True
    out = []
    lines = []
    for (s, t), (n, pol, isum, icount, pos, neg, sym) in sorted(sums.items()):
        d = DYAD[hashlib.sha256(f"{g} {s} {t}".encode()).hexdigest()[:24]]
        stats = f"{n} {pol} {isum!r} {icount} {pos} {neg} {sym}"
        out += [(d, RDF.type, AG.DyadSummary, g), (d, AG.dyadSource, s, g), (d, AG.dyadTarget, t, g),
                (d, AG.dyadStats, Literal(stats), g)]
        lines.append(f"{str(s)[len(ACTOR):]} {str(t)[len(ACTOR):]} {stats}")  # percent-encoded ids: no spaces
    out.append((article, AG.dyadSummaries, Literal("\n".join(lines)), g))
    return out


def stored_quads(article: Mapping, records: Sequence[Mapping]) -> tuple[URIRef, list[tuple]]:
    """What :func:`add_article` writes: :func:`graph.model.article_quads`, the article's
    ``ag:relationCount``, its packed relation rows (:mod:`graph.packed_rows`) and its dyad summaries.
    Validates first (``RecordError``)."""
    g, quads = article_quads(article, records)
    art = article_iri(article["id"])
    fields = relation_fields(quads)
    quads.append((art, AG.relationCount, Literal(len(fields), datatype=XSD.integer), g))
    quads.append(relation_rows_quad(art, g, article["id"], fields))
    quads += dyad_summary_quads(g, art, fields)
    return g, quads


def add_article(ds: Dataset, article: Mapping, records: Sequence[Mapping]) -> str:
    """Store one article and its relation records; return ``"added"``, ``"unchanged"`` or ``"replaced"``.

    Ingesting the same article again adds no triple. Raises ``graph.model.RecordError`` (a
    ``ValueError``) naming the article and record on malformed input, before anything is written.
    The write is one transaction: the article is stored whole or not at all.
    """
    g, quads = stored_quads(article, records)  # validates first: a bad record writes nothing
    aid = article["id"]
    existing, other = _lookup(ds, [aid], [g])
    outcome, drop, write = _decide(aid, str(g), _stored_content_hash(quads), existing.get(aid, {}), other.get(str(g)))
    _write(ds, drop=drop, quads=quads if write else [])
    return outcome


def _write(ds: Dataset, *, drop: list[str], quads: list[tuple], flush: bool = True) -> None:
    """Drop the graphs ``drop`` and add ``quads`` in one transaction (then flush now and then, unless not
    ``flush``: a batch writer flushes once its batch is counted, :func:`flush_now_and_then`)."""
    if not drop and not quads:
        return
    inner = _ox_store(ds)
    if inner is not None:
        if drop:
            inner.update(_replace_update(drop, quads))  # Oxigraph runs a whole update request as one transaction
        else:
            inner.extend(_ox_quads(quads))
        if flush:
            _maybe_flush(ds.store, inner)
    elif drop and hasattr(ds.store, "_update"):  # a SPARQL server (graph.remote): one update request
        ds.store._update(_replace_update(drop, quads))
    else:  # another rdflib store (memory): no transaction to lean on
        for old in drop:
            ds.remove_graph(URIRef(old))
        if quads:
            ds.addN((s, p, o, ds.graph(c)) for s, p, o, c in quads)


def _replace_update(drop: list[str], quads: list[tuple]) -> str:
    """``DROP SILENT GRAPH <old> ; ... ; INSERT DATA { GRAPH <g> { ... } }`` (terms are N-Triples, escaped)."""
    ops = [f"DROP SILENT GRAPH {URIRef(old).n3()}" for old in drop]
    if quads:
        by_graph: dict[str, list[str]] = {}
        for s, p, o, c in quads:
            by_graph.setdefault(URIRef(c).n3(), []).append(f"{s.n3()} {p.n3()} {o.n3()} .")
        ops.append("INSERT DATA { " + " ".join(f"GRAPH {g} {{ {' '.join(triples)} }}"
                                                for g, triples in by_graph.items()) + " }")
    return " ;\n".join(ops)


#: A writer flushes its in-memory table to files at most this often, so that a reader opening the
#: store meanwhile replays a short log (opening read-only replays the whole unflushed log).
FLUSH_SECONDS = 2.0


def flush_now_and_then(ds: Dataset) -> None:
    """Flush the embedded store's in-memory table to files if the last flush is :data:`FLUSH_SECONDS` old.

    What was written before is committed whatever this does: a failure here (a full disk) loses nothing.
    """
    inner = _ox_store(ds)
    if inner is not None:
        _maybe_flush(ds.store, inner)


def _maybe_flush(store, inner: ox.Store) -> None:
    now = time.monotonic()
    last = getattr(store, "_ag_last_flush", None)
    if last is None:
        store._ag_last_flush = now
    elif now - last >= FLUSH_SECONDS:
        inner.flush()
        store._ag_last_flush = now
