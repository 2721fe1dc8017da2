"""The plain text of a Markdown article, in time linear in its length.

Markup is removed lightly and line by line, so the text keeps its lines (the sentence splitter and
the header date finder read them): heading markers, setext underlines, quote markers, reference
definitions, HTML comments, links and images (their text stays) and strong emphasis (``**x**``,
``__x__``). Every step is a scan with ``str.find`` or a walk over the line; no regular expression
with a nested or unbounded lazy quantifier runs over the text, so a hostile file (``'**a ' * 250000``,
``'[' * 10**6``) costs a moment, not an hour (a backtracking regular expression holds the GIL).
"""

from __future__ import annotations

__all__ = ["strip_markdown"]


def strip_markdown(text: str) -> str:
    """Lightly remove Markdown syntax: comments, reference definitions, links, images, headings, quotes, bold.

    Examples
    --------
    >>> print(strip_markdown("# Talks resume #\\nSee [the deal](https://x.org) and **more**.\\n> Quoted."))
    Talks resume
    See the deal and more.
    Quoted.
    >>> strip_markdown("[ref]: https://x.org/r\\n![map](m.png) [Baku][ref], __bold__ and C#")
    '\\nmap Baku, bold and C#'
    """
    text = _without_comments(text)
    text = "\n".join("" if _is_reference_definition(line) else line for line in text.split("\n"))
    text = _replace_links(text, "![", "(", ")", min_label=0)  # ![alt](src)
    text = _replace_links(text, "[", "(", ")", min_label=1)   # [text](url)
    text = _replace_links(text, "[", "[", "]", min_label=1)   # [text][ref]
    return "\n".join(_strip_line(line) for line in text.split("\n"))


def _without_comments(text: str) -> str:
    """``text`` without ``<!-- ... -->`` (across lines); an unclosed comment is left as it is."""
    out, last = [], 0
    while (start := text.find("<!--", last)) >= 0:
        end = text.find("-->", start + 4)
        if end < 0:
            break  # no later comment can close either
        out.append(text[last:start])
        last = end + 3
    out.append(text[last:])
    return "".join(out)


def _dedent(line: str) -> str | None:
    """The line without up to three leading blanks; ``None`` when indented more (Markdown's code block)."""
    body = line.lstrip()
    return body if len(line) - len(body) <= 3 else None


def _is_reference_definition(line: str) -> bool:
    """``[label]: destination ...`` on a line of its own.

    >>> _is_reference_definition("  [1]: https://x.org  'T'"), _is_reference_definition("[1]:nospace")
    (True, False)
    """
    body = _dedent(line)
    if not body or body[0] != "[":
        return False
    close = body.find("]")
    if close < 2 or not body.startswith(":", close + 1):
        return False
    after = body[close + 2:]
    destination = after.lstrip()
    return bool(destination) and len(destination) < len(after)


def _replace_links(text: str, opener: str, middle: str, closer: str, min_label: int) -> str:
    """Replace ``OPENER label ] MIDDLE target CLOSER`` by its label, leftmost first, never nesting.

    The label holds no ``]`` and the target no ``closer`` (either may span lines). The next ``]`` and
    the next ``closer`` are looked up once and kept while the scan has not passed them, so a text of
    openers that never close is read once, not once per opener.

    >>> _replace_links("a [x](u) [[y](v) [](w)", "[", "(", ")", 1)
    'a x [y [](w)'
    """
    out, last, pos = [], 0, 0
    label_end = target_end = -1
    while (start := text.find(opener, pos)) >= 0:
        label_start = start + len(opener)
        if label_end < label_start:
            label_end = text.find("]", label_start)
            if label_end < 0:
                break
        if label_end - label_start >= min_label and text.startswith(middle, label_end + 1):
            if target_end < label_end + 2:
                target_end = text.find(closer, label_end + 2)
                if target_end < 0:
                    break
            out += [text[last:start], text[label_start:label_end]]
            last = pos = target_end + 1
        else:
            pos = start + 1
    out.append(text[last:])
    return "".join(out)


def _strip_line(line: str) -> str:
    heading = _heading_text(line)
    if heading is not None:
        line = heading
    if _is_underline(line):
        return ""
    body = _dedent(line)
    if body is not None and body.startswith(">"):
        line = body[2:] if body[1:2].isspace() else body[1:]
    return _without_strong(line)


def _heading_text(line: str) -> str | None:
    """The text of an ATX heading (``## Title ##``), or ``None`` for any other line.

    >>> _heading_text("## Talks resume ##"), _heading_text("# C#"), _heading_text("#hashtag")
    ('Talks resume', 'C#', None)
    """
    body = _dedent(line)
    if body is None:
        return None
    rest = body.lstrip("#")
    if not 1 <= len(body) - len(rest) <= 6 or not rest[:1].isspace():
        return None
    content = rest.lstrip()
    words = content.rstrip().rstrip("#")
    closed = len(words) < len(content.rstrip()) and (not words or words[-1].isspace())
    return words.rstrip() if closed else content


def _is_underline(line: str) -> bool:
    """A setext underline or thematic break: ``===`` or ``---`` alone on a line."""
    body = _dedent(line)
    mark = body.rstrip() if body else ""
    return bool(mark) and (not mark.strip("=") or not mark.strip("-"))


def _occurrences(line: str, mark: str) -> list[int]:
    found, at = [], line.find(mark)
    while at >= 0:
        found.append(at)
        at = line.find(mark, at + 1)
    return found


def _without_strong(line: str) -> str:
    """``**x**`` and ``__x__`` replaced by ``x`` (not across lines; no blank just inside the marks).

    Each opener takes the nearest closer after it; closers are walked once, in order, for all openers.

    >>> _without_strong("**Bold** and __this__, not ** this** nor **a **b")
    'Bold and this, not ** this** nor **a **b'
    """
    if "**" not in line and "__" not in line:
        return line
    closers = {mark: [e for e in _occurrences(line, mark) if e and not line[e - 1].isspace()]
               for mark in ("**", "__")}
    walked = {"**": 0, "__": 0}
    out, last = [], 0
    for start in sorted(_occurrences(line, "**") + _occurrences(line, "__")):
        if start < last or start + 2 >= len(line) or line[start + 2].isspace():
            continue
        mark = line[start:start + 2]
        ends, i = closers[mark], walked[mark]
        while i < len(ends) and ends[i] < start + 3:
            i += 1
        walked[mark] = i
        if i < len(ends):
            out += [line[last:start], line[start + 2:ends[i]]]
            last = ends[i] + 2
    out.append(line[last:])
    return "".join(out)
