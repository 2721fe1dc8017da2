"""Text from articles and user files into Streamlit Markdown, shown as it is and never as markup.

Every string the explorer did not write itself (titles, URLs, actor names, sentences, triggers, file
names, error messages quoting them) reaches ``st.markdown``, ``st.caption``, an expander label or a
message box through one of these functions:

- :func:`escape_markdown` for text: every ASCII punctuation character backslash-escaped (CommonMark
  lets any of them be), so no link, image, emphasis, code, heading, HTML tag, LaTeX (``$``), emoji or
  colour directive (``:``) can start; line breaks and other control characters become spaces, and the
  ends are stripped, so no new block (a heading, a quote, an indented code block) can start either;
  an invisible word joiner (U+2060) keeps bare ``http://``, ``www.`` and ``a@b`` text from becoming links;
- :func:`markdown_code` for an inline code span that no backtick in the text can close;
- :func:`safe_url` for a link target: an absolute http(s) URL with a host, parsed with ``urllib``,
  rebuilt from its parts, with the characters Markdown reads in a link destination percent-encoded;
  anything else (``javascript:``, ``data:``, relative, malformed) is no link at all;
- :func:`markdown_link` for ``[text](url)`` from the two above, or the escaped text alone.

``tests/test_safe_markdown.py`` checks them on hostile input and scans the explorer's code for a
Markdown call given article text any other way.
"""

from __future__ import annotations

import ipaddress
import re
import string
import urllib.parse

__all__ = ["escape_markdown", "markdown_code", "markdown_link", "safe_url"]

_CONTROL = [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0), 0x2028, 0x2029]
_CONTROL_SET = frozenset(_CONTROL)
# GitHub-flavoured Markdown links bare "http://...", "www.x" and "a@b.c" after escapes are read (remark
# finds them in the parsed text): an invisible word joiner before "//", "." or "@" stops it.
_BARE_LINK = re.compile(r"(?<=:)(?=//)|(?<=www)(?=\.)|(?=@)", re.I)
_WORD_JOINER = "\u2060"
_ESCAPES = str.maketrans({**{c: "\\" + c for c in string.punctuation}, **{c: " " for c in map(chr, _CONTROL)}})


def escape_markdown(text: object) -> str:
    """``text`` as Markdown that renders as exactly that text, on one line (``None`` is empty).

    >>> escape_markdown("$5 *bn* deal: [link](x)")
    '\\\\$5 \\\\*bn\\\\* deal\\\\: \\\\[link\\\\]\\\\(x\\\\)'
    >>> escape_markdown("Title\\n# not a heading"), escape_markdown(None)
    ('Title \\\\# not a heading', '')
    """
    if text is None:
        return ""
    # Stripped: leading blanks would start an indented code block, and "** x **" is no bold.
    return _BARE_LINK.sub(_WORD_JOINER, str(text)).translate(_ESCAPES).strip()


def markdown_code(text: object) -> str:
    """``text`` as an inline code span: fenced by more backticks than any run inside it, on one line.

    >>> markdown_code("ASSAULT"), markdown_code("a`b"), markdown_code("`x`")
    ('`ASSAULT`', '``a`b``', '`` `x` ``')
    """
    body = "" if text is None else str(text).translate({c: " " for c in _CONTROL})
    longest = run = 0
    for char in body:
        run = run + 1 if char == "`" else 0
        longest = max(longest, run)
    fence = "`" * (longest + 1)
    pad = " " if body.startswith("`") or body.endswith("`") else ""
    return f"{fence}{pad}{body}{pad}{fence}"


# Kept as they are in a path, query or fragment; every other character is percent-encoded: the
# space, ( ) < > [ ] " ` \ { } | ^ (Markdown reads them in a link destination) and non-ASCII text.
_URL_SAFE = "/:@!$&'*+,;=%~-._?"
_HOST_CHARS = frozenset(string.ascii_letters + string.digits + ".-_")


def safe_url(url: object) -> str | None:
    """The URL if it is an absolute http(s) link to a host, rebuilt for a Markdown link; else ``None``.

    No ``javascript:``, ``data:`` or relative links from articles; the user name and password part
    (``https://bank.example@evil.example``) is dropped.

    >>> safe_url("https://example.org/a"), safe_url("javascript:alert(1)"), safe_url(None)
    ('https://example.org/a', None, None)
    >>> safe_url("HTTPS://A.example/x y)![p](http://127.0.0.1/p.png")
    'https://a.example/x%20y%29!%5Bp%5D%28http://127.0.0.1/p.png'
    """
    if not isinstance(url, str):
        return None
    url = url.strip()
    if not _CONTROL_SET.isdisjoint(map(ord, url)):
        return None
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
    except ValueError:  # a bad port or IPv6 literal
        return None
    if parts.scheme.lower() not in ("http", "https"):
        return None
    host = _host(parts.hostname)
    if host is None:
        return None
    netloc = host + (f":{port}" if port is not None else "")
    path, query, fragment = (urllib.parse.quote(p, safe=_URL_SAFE) for p in (parts.path, parts.query, parts.fragment))
    return urllib.parse.urlunsplit((parts.scheme.lower(), netloc, path, query, fragment))


def _host(hostname: str | None) -> str | None:
    """The host as it goes in a URL (IDNA for non-ASCII names, brackets for IPv6), or ``None`` if invalid."""
    if not hostname:
        return None
    if ":" in hostname:
        try:
            return f"[{ipaddress.IPv6Address(hostname)}]"
        except ValueError:
            return None
    try:
        ascii_host = hostname.encode("idna").decode("ascii")
    except UnicodeError:
        return None
    return ascii_host if ascii_host and set(ascii_host) <= _HOST_CHARS else None


def markdown_link(text: object, url: object) -> str:
    """``[text](url)`` with the text escaped and the URL made safe; the escaped text alone when the URL is not.

    >>> markdown_link("Crash [video]", "https://example.org/a?x=1&copy=2")
    '[Crash \\\\[video\\\\]](https://example.org/a?x=1\\\\&copy=2)'
    >>> markdown_link("Crash", "javascript:alert(1)")
    'Crash'
    """
    label, target = escape_markdown(text), safe_url(url)
    if target is None:
        return label
    target = target.replace("&", "\\&")  # "&copy" would be read as the character reference ©
    return f"[{label}]({target})"
