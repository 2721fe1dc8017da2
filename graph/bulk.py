"""Batched ingestion: many articles per store write, with :func:`graph.store.add_article`'s outcome per article.

``add_article`` costs three round trips per article (an existence query, a transaction, a periodic
flush), and 27k small transactions leave the on-disk store fragmented: many overlapping RocksDB files,
so every later index seek reads several of them (the row query of ``analyze`` was 4x slower before a
compaction than after). :func:`add_articles` works on batches instead:

- one existence query per batch (``VALUES`` over the batch's article IRIs and graph IRIs);
- the outcome of each article decided exactly as ``add_article`` decides it (``"unchanged"`` skipped,
  a reprint under another id kept once, ``"replaced"`` when the id had other text or other records);
- the new articles of the batch written with one ``Store.extend`` (one Oxigraph transaction); each
  replaced article with ``graph.store``'s own replace path (``DROP GRAPH`` + ``INSERT DATA``, one
  transaction per article), so a replaced article is never seen half old, half new.

Two articles of one batch that touch the same article id or named graph are never decided from the
same existence query: the batch is cut before the second, which then sees the first one's write.
The store is therefore the same as after ``add_article`` one by one (tests/test_bulk.py compares quads).

``Store.bulk_extend`` is not used: it is not transactional (a crash or Ctrl-C could leave half a batch
without its ``ag:relationCount`` check failing loudly) and the gain over one ``extend`` per 500
articles is small next to building the quads.

:func:`compact` runs RocksDB's compaction (``pyoxigraph.Store.optimize``); call it after a large import.
"""

from __future__ import annotations

import signal
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import contextmanager

from rdflib import Dataset, URIRef

from .model import RecordError
from .store import _decide, _lookup, _ox_store, _stored_content_hash, _write, flush_now_and_then, is_storage_failure, \
    storage_error, stored_quads

__all__ = ["add_articles", "compact", "COMPACT_AFTER"]

#: Articles written by one import above which the CLI compacts the store (:func:`compact`).
COMPACT_AFTER = 1000

def add_articles(ds: Dataset, items: Iterable[tuple[Mapping, Sequence[Mapping]]], *, batch: int = 500,
                 on_batch: Callable[[list[tuple[Mapping, Sequence[Mapping], str]]], None] | None = None,
                 on_error: Callable[[Mapping, RecordError], None] | None = None) -> Counter:
    """Store ``(article, records)`` pairs, ``batch`` articles per write; count the outcomes.

    Parameters
    ----------
    ds : rdflib.Dataset
        A writable store from :func:`graph.store.open_store` (any rdflib store works, without the speed).
    items : iterable of (dict, list of dict)
        Articles and their records, as :func:`graph.store.add_article` takes them.
    batch : int
        Articles per existence query and per write.
    on_batch : callable, optional
        Called after each batch is stored with its ``(article, records, outcome)`` triples. A Ctrl-C
        that arrives while a batch is written is held until the batch is stored, counted and reported,
        so what was counted is exactly what was stored.
    on_error : callable, optional
        Called with an article and its ``RecordError``; the article is skipped. Without it the error is
        raised and the articles of the current batch are not written (earlier batches are).

    Raises
    ------
    graph.store.StoreError
        When the store cannot write a batch (no space left on device, a damaged file): one line naming the
        batch's first article. Earlier batches are stored and were reported to ``on_batch``; this one is not.

    Returns
    -------
    collections.Counter
        ``added``, ``replaced`` and ``unchanged`` counts.

    Examples
    --------
    >>> from rdflib import Dataset
    >>> ds = Dataset(default_union=True)
    >>> rec = {"source": {"id": "AZE"}, "target": {"id": "TUR"}, "type": "ALIGN", "polarity": 1, "sentence": "s."}
    >>> art = {"id": "a1", "text": "Baku turns to Ankara.", "title": None, "date": None, "url": None}
    >>> sorted(add_articles(ds, [(art, [rec]), (art, [rec])]).items())
    [('added', 1), ('unchanged', 1)]
    """
    if batch < 1:
        raise ValueError(f"batch must be at least 1, got {batch}")
    counts: Counter = Counter()
    pending: list[tuple[Mapping, Sequence[Mapping], URIRef, list]] = []
    keys: set = set()
    for article, records in items:
        try:
            g, quads = stored_quads(article, records)  # validates: a bad article writes nothing
        except RecordError as exc:
            if on_error is None:
                raise
            on_error(article, exc)
            continue
        key_a, key_g = ("a", article["id"]), ("g", str(g))
        while pending and (len(pending) >= batch or key_a in keys or key_g in keys):
            pending = _store_batch(ds, pending, counts, on_batch)
            keys = {k for art, _r, gg, _q in pending for k in (("a", art["id"]), ("g", str(gg)))}
        pending.append((article, records, g, quads))
        keys.update((key_a, key_g))
    while pending:
        pending = _store_batch(ds, pending, counts, on_batch)
    return counts


def _store_batch(ds, pending: list, counts: Counter, on_batch) -> list:
    """Decide and write the longest prefix of ``pending`` one existence query can decide; return the rest."""
    existing, other = _lookup(ds, [a["id"] for a, *_ in pending], [g for _a, _r, g, _q in pending])
    touched: set[tuple[str, str]] = set()
    new_quads: list[tuple] = []
    replacements: list[tuple[list[str], list[tuple]]] = []
    done: list[tuple[Mapping, Sequence[Mapping], str]] = []
    for n, (article, records, g, quads) in enumerate(pending):
        aid, gs = article["id"], str(g)
        mine = existing.get(aid, {})
        depends = {("a", aid), ("g", gs)} | {("g", x) for x in mine}
        if touched & depends:
            break  # an earlier article of this batch wrote or dropped what this one's outcome depends on
        touched |= depends
        outcome, drop, write = _decide(aid, gs, _stored_content_hash(quads), mine, other.get(gs))
        if drop:
            replacements.append((drop, quads if write else []))
        elif write:
            new_quads += quads
        done.append((article, records, outcome))
    else:
        n = len(pending)
    with _interrupt_held():
        try:
            _write_batch(ds, new_quads, replacements)
        except (OSError, RuntimeError) as exc:  # a full disk, a damaged file: the batch's transaction did not commit
            if not is_storage_failure(exc):
                raise
            more = f" (and {len(done) - 1} more articles of its batch)" if len(done) > 1 else ""
            raise storage_error(exc, writing=f"article {done[0][0]['id']!r}{more}") from None
        counts.update(outcome for _a, _r, outcome in done)
        if on_batch is not None:
            on_batch(done)
    try:  # the batch is committed (in the log) and counted; a failing flush loses none of it
        flush_now_and_then(ds)
    except (OSError, RuntimeError) as exc:
        if not is_storage_failure(exc):
            raise
        raise storage_error(exc, writing=f"to the store after article {done[-1][0]['id']!r}") from None
    return pending[n:]


def _write_batch(ds, new_quads: list[tuple], replacements: list[tuple[list[str], list[tuple]]]) -> None:
    _write(ds, drop=[], quads=new_quads, flush=False)  # the new articles: one transaction
    for drop, quads in replacements:
        _write(ds, drop=drop, quads=quads, flush=False)  # one transaction per replaced article


@contextmanager
def _interrupt_held():
    """Hold a Ctrl-C (SIGINT) until the block ends, then raise it: a batch is stored and counted together."""
    if threading.current_thread() is not threading.main_thread() or \
            signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        yield
        return
    caught = []
    previous = signal.signal(signal.SIGINT, lambda *args: caught.append(args))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        raise KeyboardInterrupt


def compact(ds: Dataset) -> bool:
    """Compact the on-disk store (RocksDB's full compaction, ``pyoxigraph.Store.optimize``).

    Worth it after an import of many articles: reads over the store (``analyze``'s row query) were
    4x faster after it. ``False`` when ``ds`` is not on the embedded store.
    """
    inner = _ox_store(ds)
    if inner is None:
        return False
    inner.optimize()
    return True
