"""The main text, title, date and address of an HTML page, with the stdlib parser only.

Boilerplate (scripts, styles, navigation, page header and footer, asides, forms)
is dropped; when the page marks its story with ``<article>`` or ``<main>`` only
that part is kept.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from extract.dates import parse_date

__all__ = ["HtmlPage", "parse_html"]

_DROP = {"script", "style", "nav", "header", "footer", "aside", "form",
         "noscript", "template", "svg", "iframe", "button", "select", "textarea"}
_BLOCK = {"p", "div", "section", "article", "main", "br", "li", "ul", "ol", "h1", "h2",
          "h3", "h4", "h5", "h6", "blockquote", "pre", "tr", "table", "figcaption",
          "figure", "dd", "dt", "dl", "hr", "body", "title", "td", "th"}
_VOID = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed",
         "source", "track", "wbr"}
_TITLE_META = ("og:title", "twitter:title", "dc.title", "dcterms.title", "citation_title")
_DATE_META = ("article:published_time", "og:published_time", "datepublished",
              "date", "pubdate", "publishdate", "publish_date", "publication_date",
              "dc.date", "dc.date.issued", "dcterms.date", "dcterms.issued",
              "citation_publication_date", "sailthru.date", "parsely-pub-date")
_URL_META = ("og:url",)


@dataclass(frozen=True)
class HtmlPage:
    """What :func:`parse_html` reads from a page."""

    text: str
    title: str | None
    date: str | None
    url: str | None


def parse_html(source: str) -> HtmlPage:
    """Read the main text, title, publication date and canonical address of a page.

    Parameters
    ----------
    source : str
        The page's HTML.

    Returns
    -------
    HtmlPage
        ``text`` has one block (paragraph, heading, list item) a line.

    Examples
    --------
    >>> page = parse_html('''<html><head><title>Talks | Site</title>
    ... <meta property="og:title" content="Talks resume">
    ... <meta property="article:published_time" content="2025-07-04T08:00:00Z"></head>
    ... <body><nav>Home | World</nav><article><h1>Talks resume</h1>
    ... <p>Baku and Ankara <b>signed</b> a deal.</p><script>track()</script></article>
    ... <footer>(c) Site</footer></body></html>''')
    >>> page.title, page.date
    ('Talks resume', '2025-07-04')
    >>> print(page.text)
    Talks resume
    Baku and Ankara signed a deal.
    """
    parser = _PageParser()
    # No close(): before Python 3.11.13 it re-reads the rest of the page for every unterminated tag or
    # comment (quadratic); HTML drops what follows one anyway. The newline lets trailing text, held
    # back for a possible "&..." reference, through. "<![" + an unknown word makes the stdlib raise:
    # read it as what HTML makes of it, a bogus comment up to the next ">".
    parser.feed(source.replace("<![", "<!-[") + "\n")
    return parser.page()


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._drop = 0          # depth inside dropped elements
        self._in_title = False
        self._title_parts: list[str] = []
        self._article = 0       # depth inside <article>
        self._main = 0          # depth inside <main>
        self._body: list[str] = []
        self._article_text: list[str] = []
        self._main_text: list[str] = []
        self._meta: dict[str, str] = {}
        self._time_dates: list[str] = []
        self._h1: list[str] = []
        self._in_h1 = False
        self._canonical: str | None = None
        self._in_ldjson = False
        self._ldjson: list[str] = []

    # -- events ---------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key and "content" in a:
                self._meta.setdefault(key, a["content"].strip())
            return
        if tag == "link" and "canonical" in a.get("rel", "").lower().split():
            self._canonical = self._canonical or a.get("href") or None
            return
        if tag == "time" and a.get("datetime"):
            # a <time> marked as the publication date goes first
            if "pubdate" in a or a.get("itemprop", "").lower() == "datepublished":
                self._time_dates.insert(0, a["datetime"])
            else:
                self._time_dates.append(a["datetime"])
        if tag == "script" and a.get("type", "").lower() == "application/ld+json":
            self._in_ldjson = True
        if tag == "title" and not self._drop:
            self._in_title = True
            return
        if tag in _VOID:
            if tag in _BLOCK:
                self._emit("\n")
            return
        if tag in _DROP:
            self._drop += 1
            return
        if tag == "article":
            self._article += 1
        elif tag == "main":
            self._main += 1
        elif tag == "h1":
            self._in_h1 = True
        if tag in _BLOCK:
            self._emit("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # <br/>, <meta .../>: never opens an element
        if tag in _DROP and tag not in _VOID:
            return
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and tag not in ("meta", "link"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_ldjson = False
        if tag == "title":
            self._in_title = False
            return
        if tag in _DROP:
            self._drop = max(0, self._drop - 1)
            return
        if tag == "article":
            self._article = max(0, self._article - 1)
        elif tag == "main":
            self._main = max(0, self._main - 1)
        elif tag == "h1":
            self._in_h1 = False
        if tag in _BLOCK:
            self._emit("\n")

    def handle_data(self, data: str) -> None:
        if self._in_ldjson:
            self._ldjson.append(data)
            return
        if self._in_title:
            self._title_parts.append(data)
            return
        if self._drop:
            return
        if self._in_h1:
            self._h1.append(data)
        self._emit(data)

    # -- helpers --------------------------------------------------------
    def _emit(self, chunk: str) -> None:
        if self._drop:
            return
        self._body.append(chunk)
        if self._article:
            self._article_text.append(chunk)
        if self._main:
            self._main_text.append(chunk)

    def page(self) -> HtmlPage:
        for parts in (self._article_text, self._main_text, self._body):
            text = _tidy("".join(parts))
            if text:
                break
        title = _first(self._meta.get(k) for k in _TITLE_META)
        title = title or _squash("".join(self._title_parts)) or _squash("".join(self._h1))
        date = _first(parse_date(self._meta.get(k)) for k in _DATE_META)
        date = date or _first(parse_date(d) for d in self._time_dates)
        date = date or _ldjson_date("".join(self._ldjson))
        url = _first(self._meta.get(k) for k in _URL_META) or self._canonical
        return HtmlPage(text=text, title=title or None, date=date, url=url or None)


def _first(values) -> str | None:
    for v in values:
        if v:
            return v
    return None


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _tidy(text: str) -> str:
    lines = (_squash(line) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _ldjson_date(blob: str) -> str | None:
    if not blob.strip():
        return None
    try:
        data = json.loads(blob)
    except ValueError:
        m = re.search(r'"datePublished"\s*:\s*"([^"]+)"', blob)
        return parse_date(m.group(1)) if m else None
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if isinstance(item.get("datePublished"), str):
                return parse_date(item["datePublished"])
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(reversed(item))
    return None
