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
    "actor_network",
    "articles",
    "counts",
    "current_store",
    "network_page_html",
    "pair_relations",
    "query",
    "relations",
    "store_fingerprint",
]


class StoreUnavailable(Exception):
    """No store to read: the message says what to run."""


@dataclass
class SharedStore:
    path: str
    version: str
    ds: Any
    lock: threading.Lock = field(default_factory=threading.Lock)

    def read(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        """Call ``fn(ds, *args, **kwargs)`` holding the store lock."""
        with self.lock:
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


@st.cache_resource(show_spinner=False, max_entries=4)
def _open_shared(path: str, version: str) -> SharedStore:
    from graph.store import open_store

    return SharedStore(path=path, version=version, ds=open_store(path, read_only=True))


def current_store() -> SharedStore:
    """The shared read-only handle on the store in ``ALLIANCEGRAPH_STORE`` (or the default).

    Raises ``StoreUnavailable`` with a message for the page when there is no store yet.
    """
    from graph.store import StoreError, default_store_path

    path = Path(default_store_path()).expanduser()
    version = store_fingerprint(path)
    if not version:
        raise StoreUnavailable(
            f"No knowledge graph at `{path}` yet. Build one with "
            "`alliancegraph ingest data/demo` (or `--store DIR`), then reload this page."
        )
    try:
        return _open_shared(str(path), version)
    except StoreError as exc:
        raise StoreUnavailable(f"Cannot open the store at `{path}`: {exc}") from None


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


@st.cache_data(show_spinner=False, max_entries=128)
def query(_store: SharedStore, path: str, version: str, text: str, row_limit: int):
    """``run_query`` result; a ``QueryError`` propagates (and is not cached)."""
    from graph.sparql import run_query

    return _store.read(run_query, text, row_limit=row_limit)


@st.cache_data(show_spinner=False, max_entries=16)
def actor_network(_store: SharedStore, path: str, version: str) -> tuple[nx.DiGraph, dict, dict]:
    """The full actor graph, its centralities and a seeded layout (stable across filters)."""
    from graph.centrality import actor_centrality
    from graph.projection import actor_graph

    G = _store.read(actor_graph)
    centrality = actor_centrality(G)
    positions = {n: tuple(map(float, xy)) for n, xy in nx.spring_layout(G, seed=7).items()} if len(G) else {}
    return G, centrality, positions


@st.cache_data(show_spinner=False, max_entries=32)  # ~0.7 MB each: vis-network is inlined
def network_page_html(
    _store: SharedStore, path: str, version: str, nodes: tuple[str, ...], min_weight: int,
    polarities: tuple[str, ...], size_by: str, height: int,
) -> str:
    """The pyvis page for one filter state: the iframe is only rebuilt when the filters change."""
    from explorer.views import filter_graph

    G, centrality, positions = actor_network(_store, path, version)
    sub = filter_graph(G, nodes=nodes, min_weight=min_weight, polarities=polarities)
    return network_html(sub, centrality, size_by=size_by, positions=positions, height=height)
