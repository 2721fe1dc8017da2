"""Text for a person's terminal: control characters and bidirectional overrides shown, not obeyed.

A file name, title or sentence holding ``ESC [31m`` recolours (or rewrites) the terminal, U+202E shows
text backwards, and a newline in a file name forges another ``skipped ...`` line. :func:`printable`
writes each such character as an escape (``\\x1b``, ``\\u202e``, ``\\n``); :func:`console` gives the
rich console every human-facing line of the CLI goes through, which applies it to every string it
renders (messages, table cells and titles) and reads no markup or emoji codes in them. CSV and JSON
output are written as they are, byte for byte, not through it.
"""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

__all__ = ["console", "printable"]

_SHORT = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
#: C0 controls (with ESC), DEL, C1 controls (with CSI), the line and paragraph separators, and the
#: bidirectional marks, embeddings, overrides and isolates.
_HIDDEN = [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0), 0x061C, 0x200E, 0x200F, 0x2028, 0x2029,
           *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
_ESCAPES = {c: _SHORT.get(chr(c)) or (f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}") for c in _HIDDEN}


def printable(text: object) -> str:
    """``text`` with every control or bidirectional character written as an escape, so it prints on one line as is.

    >>> printable("a\\nb\\x1b[31mc\\u202ed\\x9b")
    'a\\\\nb\\\\x1b[31mc\\\\u202ed\\\\x9b'
    >>> printable("Genève — Bakı, «ok»"), printable(None)
    ('Genève — Bakı, «ok»', '')
    """
    return "" if text is None else str(text).translate(_ESCAPES)


class _PrintableConsole(Console):
    """A rich console that renders every string through :func:`printable` (public ``render_str`` hook)."""

    def render_str(self, text: str, **kwargs) -> Text:
        return super().render_str(printable(text), **kwargs)


def console(stderr: bool = False) -> Console:
    """The CLI's console on stdout or stderr: strings escaped, no markup, emoji codes or highlighting."""
    return _PrintableConsole(stderr=stderr, soft_wrap=True, markup=False, emoji=False, highlight=False)
