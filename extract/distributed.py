"""Extraction on a Dask distributed cluster: ``alliancegraph ingest --dask tcp://scheduler:8786``.

:func:`extract_distributed` has the contract of :func:`extract.pipeline.extract_articles`: it streams
``(article, records)`` in input order. Articles go to the workers in batches (one task per batch of
``articles_per_task``); each worker process builds the pipeline once, on its first task, and keeps it
in a module global (:func:`_worker_pipeline`), so a model is loaded once per worker, not per task.
The client keeps at most ``max_in_flight`` batches submitted, so memory stays flat however many
articles stream in; it writes the results to the store itself (workers never touch the store).

The workers need alliancegraph and the spaCy model installed, the same versions as the client
(``pip install 'alliancegraph[distributed]'`` on every machine). No RDF here: records are plain dicts.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

__all__ = ["extract_distributed", "DaskUnavailable", "worker_stats"]

#: Pipelines built in this (worker) process, by model name: loaded once per worker.
_PIPELINES: dict[str | None, Any] = {}
#: How many times this process built a pipeline (the tests check it is once per worker).
_LOADS = 0


class DaskUnavailable(RuntimeError):
    """``dask[distributed]`` is not installed, or the scheduler cannot be reached. One-line message."""


def _worker_pipeline(model: str | None):
    global _LOADS
    nlp = _PIPELINES.get(model)
    if nlp is None:
        from extract.pipeline import build_pipeline

        nlp = _PIPELINES[model] = build_pipeline(model)
        _LOADS += 1
    return nlp


def _extract_batch(batch: list, model: str | None, batch_size: int) -> list[list[dict]]:
    """Runs on a worker: the records of each article of ``batch``, in order."""
    from extract.pipeline import extract_articles

    nlp = _worker_pipeline(model)
    return [records for _article, records in extract_articles(batch, nlp, batch_size=batch_size)]


def worker_stats() -> dict:
    """Runs on a worker (``client.run(worker_stats)``): its pid and how many pipelines it built."""
    return {"pid": os.getpid(), "loads": _LOADS, "models": list(_PIPELINES)}


def _client(scheduler, timeout: str = "20s"):
    try:
        from distributed import Client
    except ImportError:
        raise DaskUnavailable("--dask needs dask's distributed scheduler: pip install 'alliancegraph[distributed]'") from None
    if not isinstance(scheduler, str):
        return scheduler, False  # a Client (or anything with submit/gather) given by the caller
    try:
        return Client(scheduler, timeout=timeout), True
    except (OSError, TimeoutError) as e:
        raise DaskUnavailable(f"cannot reach the Dask scheduler at {scheduler}: {str(e).splitlines()[0] if str(e) else type(e).__name__}") from None


def extract_distributed(articles: Iterable[Any], scheduler, *, model: str | None = None, batch_size: int = 16,
                        articles_per_task: int = 64, max_in_flight: int | None = None,
                        connect_timeout: str = "20s") -> Iterator[tuple[Any, list[dict]]]:
    """Stream ``(article, records)`` for each article, in input order, extracted on a Dask cluster.

    Parameters
    ----------
    articles : iterable of Article
        Anything picklable with ``.id``, ``.text`` and ``.date`` (:class:`extract.loaders.Article`).
    scheduler : str or distributed.Client
        ``tcp://host:8786``, or a connected ``Client`` (left open).
    model : str, optional
        The spaCy pipeline the workers load (see :func:`extract.model.load_model`).
    batch_size : int
        ``nlp.pipe`` batch size on the workers.
    articles_per_task : int
        Articles per task: large enough to amortise scheduling, small enough to spread the work.
    max_in_flight : int, optional
        Batches submitted and not yet yielded; default twice the cluster's worker threads (at least 2).
    connect_timeout : str
        How long to try reaching the scheduler (a Dask duration, e.g. ``"20s"``).

    Raises
    ------
    DaskUnavailable
        Dask is missing or the scheduler cannot be reached.
    """
    client, owned = _client(scheduler, connect_timeout)  # connect now: an unreachable scheduler fails here, not mid-stream
    return _stream(client, owned, articles, model, batch_size, articles_per_task, max_in_flight)


def _stream(client, owned, articles, model, batch_size, articles_per_task, max_in_flight):
    try:
        if max_in_flight is None:
            threads = sum((client.nthreads() or {}).values()) if hasattr(client, "nthreads") else 1
            max_in_flight = max(2, 2 * threads)
        it = iter(articles)
        pending: deque = deque()

        def submit() -> bool:
            batch = list(islice(it, articles_per_task))
            if not batch:
                return False
            pending.append((batch, client.submit(_extract_batch, batch, model, batch_size, pure=False)))
            return True

        while len(pending) < max_in_flight and submit():
            pass
        while pending:
            batch, future = pending.popleft()
            results = future.result()
            future.release()
            submit()
            yield from zip(batch, results)
    finally:
        if owned:
            client.close()
