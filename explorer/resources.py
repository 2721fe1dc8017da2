"""The one shared read-only store handle and the cached reads the pages make.

Streamlit serves every session from its own thread and reruns the page script on each
interaction. The store is opened once per process (``st.cache_resource``); rdflib's SPARQL
evaluation is not thread-safe, so every read takes the handle's lock. Results are cached
with ``st.cache_data`` keyed on the store path and a fingerprint of its files, so a new
``alliancegraph ingest`` shows up on the next rerun without serving stale answers.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import networkx as nx
import streamlit as st

from explorer.network_html import network_html

__all__ = [
    "SharedStore",
    "StoreUnavailable",
    "analysis",
    "actor_profile",
    "article_index",
    "articles",
    "close_shared_stores",
    "dataset_file",
    "filtered_network",
    "full_layout",
    "graph_file",
    "ingest_pipeline",
    "relation_table",
    "writing",
    "counts",
    "current_store",
    "pair_relations",
    "query",
    "relations",
    "store_fingerprint",
]


class StoreUnavailable(Exception):
    """No store to read: the message, plain text, says what to run."""


@dataclass
class SharedStore:
    path: str
    version: str
    ds: Any
    lock: threading.Lock = field(default_factory=threading.Lock)

    def read(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Call ``fn(ds, *args, **kwargs)`` holding the store lock."""
        with self.lock:
            if self.ds is None:
                raise StoreUnavailable("The store was reopened for an ingest; reload the page.")
            return fn(self.ds, *args, **kwargs)


def store_fingerprint(path: str | Path) -> str:
    """Names, sizes and mtimes of the store's files: changes whenever a writer commits.

    >>> store_fingerprint("/nonexistent/store")
    ''
    """
    root = Path(path)
    if not root.is_dir():
        return ""
    parts = []
    for entry in sorted(root.iterdir()):
        if entry.name.startswith(("LOG", "LOCK")):  # RocksDB info log and lock: not data
            continue
        try:
            stat = entry.stat()
        except OSError:  # a file rotated away while we looked
            continue
        parts.append(f"{entry.name}:{stat.st_size}:{stat.st_mtime_ns}")
    return "|".join(parts)


# Held while the Ingest page writes: pages wait instead of reading a store being written.
_WRITE_LOCK = threading.Lock()
_OPENED: list[SharedStore] = []  # every handle _open_shared made, so an ingest can close them all


@st.cache_resource(show_spinner=False, max_entries=4)
def _open_shared(path: str, version: str) -> SharedStore:
    from graph.store import open_store

    store = SharedStore(path=path, version=version, ds=open_store(path, read_only=True))
    _OPENED.append(store)
    return store


def writing() -> bool:
    """An ingest is writing to the store right now."""
    return _WRITE_LOCK.locked()


def close_shared_stores() -> None:
    """Close every read-only handle (each under its lock) and forget them: the next read reopens."""
    from graph.store import close_store

    _open_shared.clear()
    while _OPENED:
        store = _OPENED.pop()
        with store.lock:
            if store.ds is not None:
                close_store(store.ds)
                store.ds = None


def current_store() -> SharedStore:
    """The shared read-only handle on the store in ``ALLIANCEGRAPH_STORE`` (or the default).

    Raises ``StoreUnavailable`` with a message for the page when there is no store yet.
    """
    from graph.store import StoreError, default_store_path

    path = Path(default_store_path()).expanduser()
    if writing():
        with _WRITE_LOCK:  # wait for the ingest to finish, then read the new store
            pass
    version = store_fingerprint(path)
    if not version:
        raise StoreUnavailable(
            f"No knowledge graph at {path} yet. Build one with: alliancegraph ingest data/demo "
            "(or --store DIR), then reload this page."
        )
    try:
        return _open_shared(str(path), version)
    except StoreError as exc:
        raise StoreUnavailable(f"Cannot open the store at {path}: {exc}") from None


# Cached reads. The leading ``_store`` argument is not hashed (underscore); path + version key the cache.


@st.cache_data(show_spinner=False, max_entries=64)
def counts(_store: SharedStore, path: str, version: str) -> dict:
    from graph.queries import store_counts

    return _store.read(store_counts)


@st.cache_data(show_spinner=False, max_entries=16)
def articles(_store: SharedStore, path: str, version: str) -> list[dict]:
    from graph.queries import list_articles

    return _store.read(list_articles)


@st.cache_data(show_spinner=False, max_entries=256)
def relations(_store: SharedStore, path: str, version: str, actor: str) -> list[dict]:
    from graph.queries import relations_of

    return _store.read(relations_of, actor)


@st.cache_data(show_spinner=False, max_entries=256)
def pair_relations(_store: SharedStore, path: str, version: str, a: str, b: str) -> list[dict]:
    from graph.queries import relations_between

    return _store.read(relations_between, a, b)


@st.cache_resource(show_spinner=False, max_entries=4, on_release=lambda pool: pool.close())
def _query_pool(path: str):
    """Warm query workers on the store, shared by every session (:class:`graph.query_pool.QueryPool`)."""
    from graph.query_pool import QueryPool, memory_limit_from_env

    return QueryPool(path, workers=2, memory_limit=memory_limit_from_env())


@st.cache_data(show_spinner=False, max_entries=128)
def query(_store: SharedStore, path: str, version: str, text: str, row_limit: int, timeout: float = 10.0):
    """A workbench query, run in a worker process on the store (:class:`graph.query_pool.QueryPool`).

    The app never parses nor evaluates a user's query itself: a worker does, off the network, with a
    memory cap, and is killed at the time limit, so a runaway query costs nothing afterwards (an
    in-process query stopped at its limit would go on using the shared handle in the background).
    Workers opened before the store changed are replaced before their next query. A ``QueryError``
    (malformed, refused, a limit hit) propagates and is not cached.
    """
    pool = _query_pool(path)
    pool.follow(version)  # a read-only worker sees the store as it was when it opened
    return pool.rows(text, row_limit=row_limit, timeout=timeout)


EVIDENCE_PER_SHIFT = 6

# -- relations, filtered network, analysis (explorer.data over graph/) ---------------------------


@st.cache_data(show_spinner=False, max_entries=8)
def relation_table(_store: SharedStore, path: str, version: str) -> list[dict]:
    """Every relation with labels, quad class, evidence and article (one SPARQL query)."""
    from explorer.data import relation_table as read

    return _store.read(read)


@st.cache_data(show_spinner=False, max_entries=8)
def article_index(_store: SharedStore, path: str, version: str) -> dict[str, dict]:
    """Article id -> ``{title, date, url, relations}``."""
    return {a["id"]: a for a in articles(_store, path, version)}


@st.cache_data(show_spinner=False, max_entries=8)
def full_layout(_store: SharedStore, path: str, version: str) -> dict[str, tuple[float, float]]:
    """Positions of every actor, computed once per store version: filters move no node."""
    G = filtered_network(_store, path, version, None, None, True, None, None)[0].to_undirected()  # unfiltered
    if not len(G):
        return {}
    iterations = 50 if len(G) <= 500 else 20
    return {n: (float(x), float(y)) for n, (x, y) in nx.spring_layout(G, seed=7, iterations=iterations).items()}


@st.cache_data(show_spinner=False, max_entries=64)
def filtered_network(
    _store: SharedStore, path: str, version: str, since: str | None, until: str | None, undated: bool,
    types: tuple[str, ...] | None, quads: tuple[int, ...] | None,
) -> tuple[nx.DiGraph, dict, list[dict]]:
    """The actor graph of the relations passing the filters, its centralities, and those relations."""
    from explorer.data import actor_graph_of, actor_labels, filter_relations
    from graph.centrality import actor_centrality

    rows = relation_table(_store, path, version)
    kept = filter_relations(rows, since=since, until=until, undated=undated, types=types, quad_classes=quads)
    G = actor_graph_of(kept, actor_labels(rows))
    return G, (actor_centrality(G) if len(G) else {}), kept


@st.cache_data(show_spinner=False, max_entries=16)
def analysis(_store: SharedStore, path: str, version: str, window: str = "quarter") -> dict:
    """``graph.analysis.analyze`` over the store."""
    from graph.analysis import analyze_store

    # rows without their sentences (one scan of the packed rows); the evidence's sentences are read after
    return _store.read(analyze_store, window=window, evidence=EVIDENCE_PER_SHIFT)


@st.cache_data(show_spinner=False, max_entries=64)
def actor_profile(_store: SharedStore, path: str, version: str, window: str, actor: str) -> list[dict]:
    """An actor's allies and adversaries per window (``graph.shifts.actor_profile``), from the cached analysis
    of ``window``: choosing another actor does not run the analysis again."""
    from graph.analysis import ALL
    from graph.shifts import actor_profile as profile

    result = analysis(_store, path, version, window)
    series: dict[str, dict] = {ALL: {}, **{w["id"]: {} for w in result["windows"]}}
    for d in result["dyads"]:
        series[d["window"]][(d["a"], d["b"])] = d
    return profile(series, actor)


@st.cache_data(show_spinner=False, max_entries=64)  # ~0.7 MB each: vis-network is inlined
def filtered_network_html(
    _store: SharedStore, path: str, version: str, filters: tuple, nodes: tuple[str, ...], min_weight: int,
    polarities: tuple[str, ...], size_by: str, colour_by_bloc: bool, height: int,
) -> str:
    """The pyvis page for one filter state, with the evidence panel: rebuilt only when a filter changes."""
    from explorer.data import bloc_of, edge_evidence
    from explorer.views import filter_graph

    G, centrality, kept = filtered_network(_store, path, version, *filters)
    sub = filter_graph(G, nodes=nodes, min_weight=min_weight, polarities=polarities)
    positions = full_layout(_store, path, version)
    blocs = bloc_of(analysis(_store, path, version)) if colour_by_bloc else None
    edges = set(sub.edges)
    evidence = {tuple(k.split("|", 1)): v for k, v in edge_evidence(
        r for r in kept if (r["source"], r["target"]) in edges).items()}
    return network_html(sub, centrality, size_by=size_by, positions=positions, height=height,
                        blocs=blocs, evidence=evidence)


# -- exports --------------------------------------------------------------------------------------


@st.cache_data(show_spinner=False, max_entries=8)
def dataset_file(_store: SharedStore, path: str, version: str, fmt: str) -> bytes:
    from explorer.data import dataset_export

    return _store.read(dataset_export, fmt)


@st.cache_data(show_spinner=False, max_entries=8)
def graph_file(_store: SharedStore, path: str, version: str, fmt: str) -> bytes:
    from explorer.data import bloc_of, graph_export

    G, centrality, _kept = filtered_network(_store, path, version, None, None, True, None, None)
    return graph_export(G, fmt, centrality, bloc_of(analysis(_store, path, version)))


# -- ingest ---------------------------------------------------------------------------------------


@st.cache_resource(show_spinner=False)
def ingest_pipeline():
    """The spaCy pipeline, loaded once per process (the first ingest waits for it)."""
    from extract.pipeline import build_pipeline

    return build_pipeline()


def write_articles(path: str, articles: list, progress: Callable[[int, int, str], None]) -> dict:
    """Extract and store ``articles`` (``extract.loaders.Article``) through a short-lived writer handle.

    The store has one writer and reading it during a write is undefined, so every read-only handle
    is closed first and pages wait on the write lock; the next read opens the new store.
    Returns the tally ``{added, replaced, unchanged, relations}``.
    """
    from extract.pipeline import extract_articles
    from graph.bulk import add_articles
    from graph.store import close_store, open_store

    nlp = ingest_pipeline()
    tally = {"added": 0, "replaced": 0, "unchanged": 0, "relations": 0}

    def stored(batch) -> None:  # graph.bulk's report of each batch written
        for article, records, outcome in batch:
            tally[outcome] += 1
            if outcome != "unchanged":
                tally["relations"] += len(records)
        done = tally["added"] + tally["replaced"] + tally["unchanged"]
        progress(done, len(articles), batch[-1][0]["title"] or batch[-1][0]["id"])

    with _WRITE_LOCK:
        close_shared_stores()
        ds = open_store(path, require_whole=True)  # never write over a damaged store
        try:
            # one lookup and one transaction per spaCy batch, as `alliancegraph ingest` writes
            add_articles(ds, ((article.to_dict(), records) for article, records in extract_articles(articles, nlp)),
                         batch=16, on_batch=stored)
        finally:
            close_store(ds)
    return tally
