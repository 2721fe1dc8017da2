"""A query worker: the child process in which a user's SPARQL is parsed and evaluated.

Started by :class:`graph.query_pool.QueryPool` as ``python -m graph.query_worker``. It reads its
configuration (the store, read-only or not, the memory limit) as the first frame on stdin, limits
itself (:func:`graph.sandbox.limit_memory`, and on the embedded store :func:`graph.sandbox.deny_network`),
opens the store once, says it is ready, then answers one request at a time until stdin closes. The
parent kills it at a query's time limit and starts another; a watchdog thread ends the worker when its
parent is gone, or when a request runs well past its time limit (``timeout`` in the request).

Frames, both ways: an 8-byte header (the JSON part's length, then the binary part's length, each a
big-endian unsigned 32-bit integer), a UTF-8 JSON object, then the binary part (a protocol answer's
body; usually empty). Requests:

- ``{"op": "rows", "query", "row_limit"}``: the rows of :func:`graph.sparql.run_query` as
  ``{"columns", "rows", "truncated"}``;
- ``{"op": "answer", "query", "row_limit", "accept", "format", "default_graphs", "named_graphs"}``: a
  SPARQL Protocol answer (:func:`graph.protocol.answer`): ``{"media", "truncated"}`` and the body;
- ``{"op": "update", "query"}``: runs an update (only in a worker opened with ``allow_update``): ``{"done": true}``.

Every request also carries ``timeout`` (seconds, or ``null``), for the watchdog.

A failure is ``{"error", "reason", "line", "column"}``; ``reason`` is one of ``syntax``, ``update``
(an update sent as a query, or a query as an update), ``refused``, ``not_acceptable``, ``store``,
``memory`` or ``failed``.
"""

from __future__ import annotations

import json
import os
import struct
import sys
import threading
import time

from .sparql import QueryError

__all__ = ["read_frame", "write_frame", "main"]

_HEADER = struct.Struct(">II")


def write_frame(fd: int, message: dict, payload: bytes = b"") -> None:
    """Write one frame to the file descriptor ``fd`` (blocking until all is written)."""
    data = json.dumps(message, ensure_ascii=False).encode("utf-8")
    view = memoryview(_HEADER.pack(len(data), len(payload)) + data + payload)
    while view:
        view = view[os.write(fd, view):]


def _read_exact(fd: int, n: int) -> bytes | None:
    chunks, left = [], n
    while left:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def read_frame(fd: int) -> tuple[dict, bytes] | None:
    """The next frame from ``fd`` as ``(message, payload)``; ``None`` at end of input."""
    head = _read_exact(fd, _HEADER.size)
    if head is None:
        return None
    size, extra = _HEADER.unpack(head)
    data = _read_exact(fd, size)
    payload = _read_exact(fd, extra) if extra else b""
    if data is None or payload is None:
        return None
    return json.loads(data.decode("utf-8")), payload


def _failure(message: str, reason: str, line: int | None = None, column: int | None = None) -> dict:
    return {"error": message, "reason": reason, "line": line, "column": column}


def _first_line(e: BaseException) -> str:
    text = str(e).strip()
    return text.splitlines()[0] if text else type(e).__name__


def _engine_position(text: str) -> QueryError | None:
    """Oxigraph's syntax error for a text rdflib's grammar refused: it points at the offending token
    where rdflib points at the start of the clause. Only in a worker that cannot reach the network, on
    an empty in-memory store, and the answer is never read: the text stays refused either way."""
    import pyoxigraph as ox

    from .sparql import _syntax_error

    try:
        ox.Store().query(text)
    except SyntaxError as e:
        error = _syntax_error(e)
        return error if error.line is not None else None
    except Exception:  # noqa: BLE001 - only a syntax error is of use here
        return None
    return None


def _handle(ds, request: dict, allow_update: bool, network_denied: bool) -> tuple[dict, bytes]:
    from .protocol import answer
    from .query_safety import QueryRefused, check_query
    from .sparql import _run_update, run_query

    op, text = request.get("op"), request.get("query")
    try:
        if op == "rows":
            result = run_query(ds, text, row_limit=request["row_limit"], allow_update=allow_update, timeout=None)
            return {"columns": result.columns, "rows": result.rows, "truncated": result.truncated}, b""
        if op == "answer":
            if check_query(text, allow_update=True) == "update":
                raise QueryRefused("this is an update: send it as an update operation", "update")
            media, body, truncated = answer(ds, text, default_graphs=request.get("default_graphs") or [],
                                            named_graphs=request.get("named_graphs") or [],
                                            accept=request.get("accept"), fmt=request.get("format"),
                                            row_limit=request.get("row_limit"))
            return {"media": media, "truncated": truncated}, body
        if op == "update":
            if not allow_update:
                raise QueryRefused("updates are not allowed here: the store is open read-only", "refused")
            if check_query(text, allow_update=True) == "query":
                raise QueryRefused("this is a query: send it as a query operation", "update")
            _run_update(ds, text)
            return {"done": True}, b""
        return _failure(f"unknown operation {op!r}", "failed"), b""
    except (QueryRefused, QueryError) as e:
        if e.reason == "syntax" and network_denied and (better := _engine_position(text)) is not None:
            e = better
        return _failure(str(e), e.reason, e.line, e.column), b""
    except SyntaxError as e:  # the engine's parser, after rdflib's accepted the text
        return _failure(f"SPARQL syntax error: {_first_line(e)}", "syntax"), b""
    except MemoryError:
        raise
    except Exception as e:  # noqa: BLE001 - an evaluation error is the query's answer, not the worker's end
        return _failure(f"query failed: {_first_line(e)}", "failed"), b""


class _Watchdog(threading.Thread):
    """Ends the worker when its parent is gone (a killed server must not leave a query running), or when
    a request runs :data:`_GRACE` seconds past its own time limit (the parent kills it first, normally)."""

    def __init__(self):
        super().__init__(name="watchdog", daemon=True)
        self.parent = os.getppid()
        self.deadline: float | None = None

    def run(self) -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != self.parent:
                os._exit(0)
            deadline = self.deadline
            if deadline is not None and time.monotonic() > deadline:
                os._exit(4)


_GRACE = 10.0


def main() -> None:
    """Serve requests from stdin until it closes (see the module doc)."""
    out = os.dup(1)
    os.dup2(2, 1)  # anything a library prints goes to stderr; stdout carries only frames
    first = read_frame(0)
    if first is None:
        return
    config = first[0]

    import rdflib.plugins.sparql

    from .query_safety import RECURSION_LIMIT
    from .remote import is_url
    from .sandbox import deny_network, limit_memory
    from .store import StoreError, close_store, open_store

    sys.setrecursionlimit(RECURSION_LIMIT)
    rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False  # rdflib's evaluator would download FROM <url>
    if config.get("memory_limit"):
        limit_memory(int(config["memory_limit"]))
    # a remote store is reached over the network: there the server's own settings govern SERVICE
    network_denied = False if is_url(config["store"]) else deny_network()
    allow_update = bool(config.get("allow_update"))
    try:
        ds = open_store(config["store"], read_only=not allow_update)
    except StoreError as e:
        write_frame(out, _failure(str(e), "store"))
        return
    except MemoryError:
        write_frame(out, _failure("the store could not be opened within the memory limit", "memory"))
        return
    write_frame(out, {"ready": True, "pid": os.getpid(), "network_denied": network_denied})
    watchdog = _Watchdog()
    watchdog.start()
    try:
        while (request := read_frame(0)) is not None:
            limit = request[0].get("timeout")
            watchdog.deadline = None if limit is None else time.monotonic() + limit + _GRACE
            try:
                message, payload = _handle(ds, request[0], allow_update, network_denied)
            except MemoryError:
                write_frame(out, _failure("the query needed more memory than the limit", "memory"))
                os._exit(3)  # Python's state after a MemoryError is not worth trusting: a fresh worker follows
            watchdog.deadline = None
            write_frame(out, message, payload)
    finally:
        close_store(ds)


if __name__ == "__main__":
    main()
