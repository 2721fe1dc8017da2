"""Warm query workers: every user query runs in a child process that is killed at its limits.

A :class:`QueryPool` keeps ``workers`` child processes (:mod:`graph.query_worker`) open on one store.
The caller's process never parses nor evaluates a user's query: it checks the size and nesting
limits (:func:`graph.query_safety.check_limits`, a linear scan), hands the text to an idle worker,
and waits. Each worker

- opens the store once (read-only, or read-write for the one worker of an ``allow_update`` pool),
- caps its own memory (``memory_limit`` bytes, :func:`graph.sandbox.limit_memory`),
- cannot open a network socket when the store is local (:func:`graph.sandbox.deny_network`),
- parses and checks the query (:func:`graph.query_safety.check_query`), evaluates it, and answers.

At the time limit the parent kills the worker (nothing of the query goes on running) and starts a
replacement; a worker that dies (the memory limit, a crash in native code) is replaced the same
way, and the error says which limit was hit. The next query finds a warm worker, so a small query
costs a round trip through a pipe, not a process start.

>>> import tempfile
>>> from graph.store import add_article, close_store, open_store
>>> folder = tempfile.mkdtemp()
>>> ds = open_store(folder); close_store(ds)
>>> with QueryPool(folder, workers=1) as pool:
...     pool.rows("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows
[[0]]
"""

from __future__ import annotations

import os
import queue
import select
import signal
import struct
import subprocess
import sys
import tempfile
import threading
import time

from .query_safety import QueryRefused, check_limits
from .query_worker import write_frame
from .sparql import DEFAULT_TIMEOUT, QueryError, QueryResult

__all__ = ["QueryPool", "DEFAULT_MEMORY_LIMIT", "DEFAULT_WORKERS", "QUERY_MEMORY_ENV", "START_TIMEOUT",
           "describe_size", "memory_limit_from_env"]

#: Bytes of memory a query worker may use (``--memory-limit``).
DEFAULT_MEMORY_LIMIT = 2 << 30
#: The environment variable through which ``alliancegraph app --memory-limit`` reaches the explorer.
QUERY_MEMORY_ENV = "ALLIANCEGRAPH_QUERY_MEMORY"
#: Warm workers of a read-only pool (an ``allow_update`` pool has one: the store has one writer).
DEFAULT_WORKERS = 2
#: Seconds a new worker may take to start and open the store.
START_TIMEOUT = 120.0
_HEADER = struct.Struct(">II")
_MEMORY_SIGNS = ("memory allocation of", "MemoryError", "bad_alloc", "Cannot allocate memory", "out of memory")


def describe_size(nbytes: int) -> str:
    """``2 GiB``, ``512 MiB``: a byte count as the user would write it.

    >>> describe_size(2 << 30), describe_size(3 << 19)
    ('2 GiB', '1.5 MiB')
    """
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if nbytes >= size:
            return f"{nbytes / size:g} {unit}"
    return f"{nbytes} bytes"


def memory_limit_from_env() -> int:
    """Bytes from :data:`QUERY_MEMORY_ENV`, else :data:`DEFAULT_MEMORY_LIMIT`."""
    try:
        value = int(os.environ.get(QUERY_MEMORY_ENV, ""))
    except ValueError:
        return DEFAULT_MEMORY_LIMIT
    return value if value > 0 else DEFAULT_MEMORY_LIMIT


class _Timeout(Exception):
    pass


class _Died(Exception):
    pass


def _read_exact(fd: int, n: int, deadline: float | None) -> bytes:
    chunks, left = [], n
    while left:
        wait = None if deadline is None else deadline - time.monotonic()
        if wait is not None and wait <= 0:
            raise _Timeout()
        ready, _, _ = select.select([fd], [], [], wait)
        if not ready:
            raise _Timeout()
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            raise _Died()
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _read_reply(fd: int, deadline: float | None) -> tuple[dict, bytes]:
    import json

    size, extra = _HEADER.unpack(_read_exact(fd, _HEADER.size, deadline))
    message = json.loads(_read_exact(fd, size, deadline).decode("utf-8"))
    return message, (_read_exact(fd, extra, deadline) if extra else b"")


class _Worker:
    """One child process and the pipes to it."""

    def __init__(self, config: dict, generation: int):
        self.generation = generation
        self.ready = False
        self.stderr = tempfile.TemporaryFile()
        env = dict(os.environ, RUST_BACKTRACE="0", PYTHONUNBUFFERED="1")
        self.proc = subprocess.Popen([sys.executable, "-m", "graph.query_worker"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=self.stderr, env=env, close_fds=True)
        self.pid = self.proc.pid
        self.network_denied = False
        write_frame(self.proc.stdin.fileno(), config)

    def start(self, deadline: float) -> None:
        """Wait for the worker's hello; ``QueryError`` when it cannot open the store."""
        if self.ready:
            return
        try:
            hello, _ = _read_reply(self.proc.stdout.fileno(), deadline)
        except _Timeout:
            self.kill()
            raise QueryError("the query process did not start in time", reason="store") from None
        except _Died:
            raise QueryError(self.death(), reason="store") from None
        if "error" in hello:
            self.kill()
            raise QueryError(hello["error"], reason=hello.get("reason", "store"))
        self.network_denied = bool(hello.get("network_denied"))
        self.ready = True

    def call(self, request: dict, deadline: float | None) -> tuple[dict, bytes]:
        try:
            write_frame(self.proc.stdin.fileno(), request)
        except (BrokenPipeError, OSError):
            raise _Died() from None
        return _read_reply(self.proc.stdout.fileno(), deadline)

    def alive(self) -> bool:
        return self.proc.poll() is None

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                stream.close()
            except OSError:
                pass

    def close(self) -> None:
        """Ask the worker to end (its stdin closes), then make sure it has."""
        try:
            self.proc.stdin.close()
            self.proc.wait(timeout=2)
        except (OSError, subprocess.TimeoutExpired):
            pass
        self.kill()
        self.stderr.close()

    def death(self) -> str:
        """What ended the worker, from its exit status and the end of its stderr."""
        self.kill()
        self.stderr.seek(max(0, self.stderr.seek(0, os.SEEK_END) - 4096))
        tail = self.stderr.read().decode("utf-8", "replace")
        status = self.proc.returncode
        if any(sign in tail for sign in _MEMORY_SIGNS):
            return "memory"
        if status is not None and status < 0:
            try:
                return f"signal {signal.Signals(-status).name}"
            except ValueError:
                return f"signal {-status}"
        lines = [line for line in tail.splitlines() if line.strip()]
        return f"status {status}" + (f": {lines[-1].strip()}" if lines else "")


class QueryPool:
    """Warm worker processes on one store (a directory or a SPARQL server's URL); thread-safe.

    Parameters
    ----------
    location : str or Path
        The store, as :func:`graph.store.open_store` takes it.
    workers : int
        Processes kept warm; with ``allow_update`` always one (the store's one writer).
    allow_update : bool
        Open the store read-write and accept updates (:meth:`update`, and updates through :meth:`rows`).
    memory_limit : int or None
        Bytes each worker may allocate (``None``: no cap).
    """

    def __init__(self, location, *, workers: int = DEFAULT_WORKERS, allow_update: bool = False,
                 memory_limit: int | None = DEFAULT_MEMORY_LIMIT):
        self.location = str(location)
        self.allow_update = allow_update
        self.memory_limit = memory_limit
        self.size = 1 if allow_update else max(1, int(workers))
        self._config = {"store": self.location, "allow_update": allow_update, "memory_limit": memory_limit}
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._workers: set[_Worker] = set()
        self._generation = 0
        self._version: str | None = None
        self._closed = False
        for _ in range(self.size):
            self._idle.put(self._spawn())

    # -- life cycle -------------------------------------------------------------------------------

    def _spawn(self) -> _Worker:
        worker = _Worker(self._config, self._generation)
        with self._lock:
            self._workers.add(worker)
        return worker

    def _retire(self, worker: _Worker, *, kill: bool = False) -> None:
        with self._lock:
            self._workers.discard(worker)
        if kill:
            worker.kill()
        worker.close()

    def _replace(self, worker: _Worker, *, kill: bool = False) -> None:
        self._retire(worker, kill=kill)
        if not self._closed:
            self._idle.put(self._spawn())

    def refresh(self) -> None:
        """Workers opened before now are replaced before their next query (the store changed)."""
        with self._lock:
            self._generation += 1

    def follow(self, version: str) -> None:
        """Note the store's version (any text that changes when its data does, such as a fingerprint of
        its files); when it differs from the last one noted, :meth:`refresh`."""
        with self._lock:
            if self._version is not None and version != self._version:
                self._generation += 1
            self._version = version

    def worker_pids(self) -> list[int]:
        """The process ids of the workers (for tests and diagnostics)."""
        with self._lock:
            return sorted(w.pid for w in self._workers)

    def start(self, timeout: float = START_TIMEOUT) -> None:
        """Wait until every worker has opened the store: raises :class:`QueryError` when it cannot."""
        deadline = time.monotonic() + timeout
        taken = []
        try:
            for _ in range(self.size):
                worker = self._acquire(timeout)
                taken.append(worker)
                worker.start(deadline)
        finally:
            for worker in taken:
                self._release(worker)

    def close(self) -> None:
        """End every worker; a query running in one ends with it."""
        self._closed = True
        with self._lock:
            workers = list(self._workers)
            self._workers.clear()
        for worker in workers:
            worker.close()

    def __enter__(self) -> "QueryPool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- running ----------------------------------------------------------------------------------

    def _acquire(self, wait: float) -> _Worker:
        deadline = time.monotonic() + wait
        while True:
            if self._closed:
                raise QueryError("the query service is closed", reason="store")
            try:
                worker = self._idle.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise QueryError(f"every query process was busy for {wait:g} s; try again", reason="busy") from None
            if worker.alive() and worker.generation == self._generation:
                return worker
            self._replace(worker)

    def _release(self, worker: _Worker) -> None:
        if self._closed or not worker.alive():
            self._retire(worker)
        elif worker.generation != self._generation:
            self._replace(worker)
        else:
            self._idle.put(worker)

    def _run(self, request: dict, timeout: float | None) -> tuple[dict, bytes]:
        try:
            check_limits(request["query"])
        except QueryRefused as e:
            raise QueryError(str(e), e.line, e.column, reason=e.reason) from None
        worker = self._acquire(START_TIMEOUT if timeout is None else max(timeout, 1.0))
        try:
            worker.start(time.monotonic() + START_TIMEOUT)
        except QueryError:
            self._replace(worker)
            raise
        request = dict(request, timeout=timeout)
        try:
            reply, payload = worker.call(request, None if timeout is None else time.monotonic() + timeout)
        except _Timeout:
            self._replace(worker, kill=True)
            raise QueryError(f"query stopped: it ran longer than the time limit of {timeout:g} s",
                             reason="time") from None
        except _Died:
            cause = worker.death()
            self._replace(worker)
            if cause == "memory":
                raise QueryError(self._memory_message(), reason="memory") from None
            raise QueryError(f"query stopped: the query process ended ({cause}), as a very long or deeply nested "
                             "query can make it; the next query runs in a new one", reason="crashed") from None
        except BaseException:  # the caller's own failure (an interrupt): the worker's state is unknown
            self._replace(worker, kill=True)
            raise
        if reply.get("reason") == "memory":  # the worker said so, and ends: do not wait for it
            self._replace(worker, kill=True)
            raise QueryError(self._memory_message(), reason="memory")
        self._release(worker)
        if "error" in reply:
            raise QueryError(reply["error"], reply.get("line"), reply.get("column"), reason=reply.get("reason", "failed"))
        return reply, payload

    def _memory_message(self) -> str:
        cap = describe_size(self.memory_limit) if self.memory_limit else "the machine's memory"
        return f"query stopped: it needed more memory than the limit of {cap} (--memory-limit)"

    def rows(self, query: str, *, row_limit: int = 10_000, timeout: float | None = DEFAULT_TIMEOUT) -> QueryResult:
        """The query's rows as :func:`graph.sparql.run_query` gives them, computed in a worker.

        Raises :class:`QueryError` with ``reason`` ``syntax``, ``update``, ``refused``, ``time``,
        ``memory``, ``crashed``, ``busy``, ``store`` or ``failed``.
        """
        reply, _ = self._run({"op": "rows", "query": query, "row_limit": row_limit}, timeout)
        return QueryResult(reply["columns"], reply["rows"], reply["truncated"])

    def answer(self, query: str, *, accept: str | None = None, fmt: str | None = None,
               default_graphs: list[str] | None = None, named_graphs: list[str] | None = None,
               row_limit: int | None = 10_000, timeout: float | None = DEFAULT_TIMEOUT) -> tuple[str, bytes, bool]:
        """A SPARQL Protocol answer ``(media type, body, truncated)`` (:func:`graph.protocol.answer`)."""
        reply, body = self._run({"op": "answer", "query": query, "accept": accept, "format": fmt,
                                 "default_graphs": default_graphs or [], "named_graphs": named_graphs or [],
                                 "row_limit": row_limit}, timeout)
        return reply["media"], body, reply["truncated"]

    def update(self, text: str, *, timeout: float | None = None) -> None:
        """Run a SPARQL update in the writer worker (``allow_update`` pools only).

        No time limit by default: Oxigraph commits an update whole or not at all, so a stopped
        update changes nothing, but a user who asked for one usually wants it done.
        """
        self._run({"op": "update", "query": text}, timeout)
