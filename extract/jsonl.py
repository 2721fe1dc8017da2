"""JSON lines read safely: every line bounded in length and in nesting before ``json.loads`` sees it.

Python's ``json`` decoder recurses once per nested array or object, so a line of 100,000 ``[`` raises
``RecursionError`` (and a deep enough one can exhaust the C stack); and a line is read whole before it is
parsed, so a file without newlines is read whole into memory. Both are a property of the line, not of the
file: the line is skipped with the reason and the lines around it are read.

- :data:`MAX_LINE_BYTES`: a longer line is skipped unread (its bytes are consumed in bounded pieces);
- :data:`MAX_DEPTH`: a line nested deeper is skipped before it is parsed (:func:`nesting_depth`, one linear
  pass); a ``RecursionError`` from the decoder is caught as well, whatever the limit.

Articles (``{"id", "text", ...}``) and relation records are three levels deep; 64 is generous.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from typing import IO

__all__ = ["MAX_DEPTH", "MAX_LINE_BYTES", "JsonLineError", "bounded_lines", "nesting_depth", "loads_line"]

#: Deepest nesting of arrays and objects read from one line.
MAX_DEPTH = 64
#: Longest line read (bytes, or characters for text streams): a JSON-escaped article of the longest text
#: ``extract.loaders`` accepts (1,000,000 characters) fits, a file with no line breaks does not.
MAX_LINE_BYTES = 20_000_000

_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


class JsonLineError(ValueError):
    """A line that is not usable JSON; the message is the reason, without the line number."""


def bounded_lines(stream: IO, limit: int = MAX_LINE_BYTES) -> Iterator[tuple[object, bool]]:
    """``(line, too_long)`` for each line of a binary or text stream, never holding more than ``limit`` of one.

    A line longer than ``limit`` comes back as ``(its first `limit` bytes or characters, True)``; the rest of
    it is read in ``limit``-sized pieces and dropped, so the next line is the next one in the file.

    >>> import io
    >>> [(line, long) for line, long in bounded_lines(io.BytesIO(b"ab\\n" + b"x" * 9 + b"\\ncd"), limit=4)]
    [(b'ab\\n', False), (b'xxxx', True), (b'cd', False)]
    """
    newline = None
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if newline is None:
            newline = b"\n" if isinstance(line, bytes) else "\n"
        if len(line) <= limit or line.endswith(newline):
            yield line, False
            continue
        yield line[:limit], True
        while line and not line.endswith(newline):
            line = stream.readline(limit)


def nesting_depth(text: str) -> int:
    """How deeply arrays and objects nest in a JSON text, in one linear pass (brackets in strings do not count).

    Strings are skipped with the ``json`` module's own C string scanner, and the running depth over the
    brackets left is summed in C (``itertools.accumulate``), so a 10 MB line takes well under a second.
    Malformed text gives a depth that may be off, never an error: the decoder reports such text.

    >>> nesting_depth('{"a": [1, {"b": "[[[["}]}'), nesting_depth("[" * 100_000), nesting_depth("3")
    (3, 100000, 0)
    """
    structure = []
    pos = 0
    while (quote := text.find('"', pos)) >= 0:
        structure.append(_NOT_BRACKET.sub("", text[pos:quote]))
        try:
            pos = json.decoder.scanstring(text, quote + 1)[1]
        except ValueError:  # an unterminated string: nothing after it is JSON structure
            pos = len(text)
            break
    structure.append(_NOT_BRACKET.sub("", text[pos:]))
    return max(itertools.accumulate(map(_STEP.__getitem__, "".join(structure)), initial=0))


def loads_line(line: str, max_depth: int = MAX_DEPTH):
    """``json.loads`` of one line, refusing nesting deeper than ``max_depth``; :class:`JsonLineError` otherwise.

    >>> loads_line('{"id": 1}')
    {'id': 1}
    >>> loads_line("[" * 100 + "]" * 100)
    Traceback (most recent call last):
    ...
    extract.jsonl.JsonLineError: JSON nested deeper than 64 levels
    >>> loads_line("{oops")
    Traceback (most recent call last):
    ...
    extract.jsonl.JsonLineError: not valid JSON (Expecting property name enclosed in double quotes at column 2)
    """
    # fewer brackets than the limit cannot nest deeper than it: most lines skip the scan
    if line.count("[") + line.count("{") > max_depth and nesting_depth(line) > max_depth:
        raise JsonLineError(f"JSON nested deeper than {max_depth} levels")
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        raise JsonLineError(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    except RecursionError:  # the pre-scan bounds the depth; this guards a smaller stack than expected
        raise JsonLineError("JSON nested too deeply to read") from None
