"""Article text never reaches the explorer's Markdown as markup.

``explorer.safe_markdown`` is checked by rendering its output with a real CommonMark parser
(markdown-it-py, the one rich uses) on hostile input: escaped text comes back as the same text in one
paragraph, a code span as one code element, and a link as at most one ``<a>`` to an http(s) host and
never an ``<img>``. Then the explorer's own code is scanned: every argument that Streamlit renders as
Markdown (``st.markdown``, ``st.caption``, message boxes, expander and widget labels, progress text)
must be a literal, a numeric format, a constant, or go through the helper.
"""

from __future__ import annotations

import ast
import html
import re
import urllib.parse
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from explorer.safe_markdown import escape_markdown, markdown_code, markdown_link, safe_url

ROOT = Path(__file__).resolve().parents[1]
MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])

HOSTILE_TEXT = [
    "https://a.example/)![p](http://127.0.0.1:9/PIXEL.png",
    "](http://127.0.0.1:9/x) ![p](http://127.0.0.1:9/p.png) [x](javascript:alert(1))",
    "<img src=http://127.0.0.1:9/p.png onerror=alert(1)> <script>alert(1)</script> <b>bold</b>",
    "`code` ``two`` *em* _em_ **strong** __strong__ ~~strike~~ \\*not\\* \\",
    "[ref][1]\n\n[1]: http://127.0.0.1:9/p.png",
    "line\n# heading\n> quote\n- item\n1. item\n    code\n===\n---\n| a | b |\n|---|---|",
    "\r\n\r\n![p](http://127.0.0.1:9/p.png)\u2028![q](x)\x0b\x0c\x85",
    "    indented start", "$x^2$ :red[red] :material/home: :smile: &copy; &#x41; <!-- c -->",
    "data:text/html,<script>alert(1)</script> javascript:alert(1) www.example.org a@b.example",
    "\x1b[31mred\x1b[0m \u202eevil\u202c \x00 \x7f \x9b", "", "  ", "]]]]]((((((", "!" * 50 + "[" * 50,
]


def _text_of(rendered: str) -> str:
    """The text a reader sees (the word joiners that keep bare URLs from linking are invisible)."""
    return html.unescape(re.sub(r"<[^>]*>", "", rendered)).replace("\u2060", "").strip()


def _expected(text: str) -> str:
    return re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]", " ", text).replace("\u2060", "").strip()


@pytest.mark.parametrize("text", HOSTILE_TEXT)
def test_escaped_text_renders_as_itself_in_one_paragraph(text):
    rendered = MD.render(escape_markdown(text))
    tags = set(re.findall(r"</?([a-z0-9]+)", rendered))
    assert tags <= {"p"}, rendered
    assert _text_of(rendered) == _expected(text)
    assert "\n" not in escape_markdown(text) and "\r" not in escape_markdown(text)
    # What GitHub-flavoured Markdown (remark) would still turn into a link in the parsed text:
    parsed = html.unescape(re.sub(r"<[^>]*>", "", rendered))
    assert not re.search(r"(?i)https?://|www\.|[-.\w+]@", parsed), parsed


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(blacklist_categories=["Cs"]), max_size=80))
def test_any_text_renders_as_itself(text):
    rendered = MD.render(escape_markdown(text))
    assert set(re.findall(r"</?([a-z0-9]+)", rendered)) <= {"p"}, rendered
    assert _text_of(rendered) == _expected(text)


@pytest.mark.parametrize("text", HOSTILE_TEXT + ["a`b", "`", "``x``", "`x` y `"])
def test_a_code_span_holds_exactly_the_text(text):
    rendered = MD.render(markdown_code(text))
    if not _expected(text):
        return
    assert rendered.count("<code>") == 1 and set(re.findall(r"</?([a-z0-9]+)", rendered)) <= {"p", "code"}
    inner = html.unescape(rendered.split("<code>")[1].split("</code>")[0])
    assert inner.strip() == re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]", " ", text).strip()


HOSTILE_URLS = {
    # url: the host the link may point at, or None when no link may be made
    "https://a.example/)![p](http://127.0.0.1:9/PIXEL.png": "a.example",
    "https://a.example/x y](http://127.0.0.1:9/p.png)": "a.example",
    "https://a.example/<img src=x>\"'`\\{}|^[]": "a.example",
    "https://a.example/?q=1&copy=2&lt=3#frag)(": "a.example",
    "HTTPS://Bücher.Example:8443/ä?ü#ö": "xn--bcher-kva.example",
    "http://[::1]:8080/x": "[::1]",
    "https://bank.example@evil.example/login": "evil.example",
    "  https://a.example/trimmed  ": "a.example",
    "javascript:alert(1)": None, "JavaScript:alert(1)": None, " javascript:alert(1)": None,
    "java\nscript:alert(1)": None, "https://a.example/\nx": None, "https://a.example/\x1b[31m": None,
    "data:text/html,<script>alert(1)</script>": None, "data:image/png;base64,AAAA": None,
    "vbscript:msgbox(1)": None, "file:///etc/passwd": None, "ftp://a.example/x": None,
    "//evil.example/x": None, "/relative/path": None, "relative": None, "http:/one-slash": None,
    "http://": None, "https://exa mple.org/": None, "https://a.example:99999/": None, "https://[::1/": None,
    "https://a..example/": None, "https://ex\u202eample.org/": None, "https://a.example%2f@b/": "b",
    "": None, None: None, 42: None,
}


@pytest.mark.parametrize("url, host", list(HOSTILE_URLS.items()))
def test_links_point_only_at_the_web_host_given(url, host):
    rendered = MD.render(markdown_link("the [title](x) ![i](y)", url))
    assert "<img" not in rendered
    hrefs = [html.unescape(h) for h in re.findall(r'<a href="([^"]*)"', rendered)]
    if host is None:
        assert hrefs == [] and safe_url(url) is None
        return
    assert len(hrefs) == 1 and hrefs[0] == safe_url(url)
    parts = urllib.parse.urlsplit(hrefs[0])
    assert parts.scheme in ("http", "https") and parts.netloc.rsplit(":", 1)[0] in (host, host.strip("[]"))
    assert parts.netloc.split(":")[0] == host or parts.netloc.startswith(host)
    assert not set(hrefs[0]) & set(" ()<>\"`\\{}|^[]\n") - ({"[", "]"} if host.startswith("[") else set())
    assert _text_of(rendered) == "the [title](x) ![i](y)"


def test_a_safe_url_keeps_what_the_link_means():
    assert safe_url("https://a.example/p?q=1&r=2#f") == "https://a.example/p?q=1&r=2#f"
    assert urllib.parse.unquote(safe_url("https://a.example/a b(c)")) == "https://a.example/a b(c)"


# -- the explorer's code ------------------------------------------------------------------------

#: Streamlit calls whose text argument is rendered as Markdown: (argument positions, keywords).
MARKDOWN_CALLS = {
    **{name: ((0,), ("body",)) for name in ("markdown", "write", "caption", "info", "warning", "error", "success",
                                            "toast", "title", "header", "subheader")},
    **{name: ((0,), ("label",)) for name in (
        "expander", "button", "download_button", "link_button", "checkbox", "toggle", "radio", "selectbox",
        "multiselect", "slider", "select_slider", "text_input", "text_area", "number_input", "date_input",
        "file_uploader", "metric", "form_submit_button", "popover", "status", "page_link")},
    "progress": ((1,), ("text",)),
}
SAFE_HELPERS = {"escape_markdown", "markdown_code", "markdown_link", "evidence_markdown"}
NUMERIC = {"len", "int", "float", "round", "sum", "abs"}
#: str methods that keep a safe value safe.
SAME = {"capitalize", "lower", "upper", "title", "strip"}
CHOICE = {"radio", "selectbox"}  # returns one of its options


def _constant_name(name: str) -> bool:
    return name.isupper() or (name.startswith("_") and name[1:].isupper())


def _literal_strings(node: ast.AST) -> bool:
    return isinstance(node, (ast.Tuple, ast.List, ast.Set)) and all(
        isinstance(e, ast.Constant) or _literal_strings(e) for e in node.elts)


class _Checker:
    """Decides whether an expression is safe Markdown, following local names within their function."""

    def __init__(self, function: ast.AST):
        self.assigned: dict[str, list[ast.AST]] = {}
        self.loop_safe: set[str] = set()
        for node in ast.walk(function):
            if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
                for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                    if isinstance(target, ast.Name):
                        self.assigned.setdefault(target.id, []).append(node.value)
            elif isinstance(node, ast.AugAssign) and isinstance(node.target, ast.Name):
                self.assigned.setdefault(node.target.id, []).append(node.value)
            elif isinstance(node, ast.For):
                self._loop(node.target, node.iter)
        self.parameters = {a.arg for a in ast.walk(function) if isinstance(a, ast.arg)}

    def _loop(self, target: ast.AST, iterable: ast.AST) -> None:
        if isinstance(target, ast.Name) and _literal_strings(iterable):
            self.loop_safe.add(target.id)
        elif (isinstance(target, ast.Tuple) and isinstance(iterable, ast.Call)
              and isinstance(iterable.func, ast.Name) and iterable.func.id == "zip"):
            for t, arg in zip(target.elts, iterable.args):
                self._loop(t, arg)

    def safe(self, node: ast.AST, seen: frozenset = frozenset()) -> bool:
        if isinstance(node, ast.Constant):
            return True
        if isinstance(node, ast.JoinedStr):
            return all(self.safe(v, seen) for v in node.values)
        if isinstance(node, ast.FormattedValue):
            spec = "".join(v.value for v in getattr(node.format_spec, "values", []) if isinstance(v, ast.Constant))
            return bool(re.search(r"[,_]|[bdeEfFgGnoxX%]$", spec)) or self.safe(node.value, seen)
        if isinstance(node, ast.Name):
            if _constant_name(node.id) or node.id in self.loop_safe:
                return True
            if node.id in seen or node.id in self.parameters or node.id not in self.assigned:
                return False
            return all(self.safe(v, seen | {node.id}) for v in self.assigned[node.id])
        if isinstance(node, ast.Subscript):
            return isinstance(node.value, ast.Name) and _constant_name(node.value.id)
        if isinstance(node, ast.IfExp):
            return self.safe(node.body, seen) and self.safe(node.orelse, seen)
        if isinstance(node, ast.BinOp):
            return self.safe(node.left, seen) and self.safe(node.right, seen)
        if isinstance(node, ast.BoolOp):
            return all(self.safe(v, seen) for v in node.values)
        if isinstance(node, ast.Compare):
            return True  # a bool
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name in SAFE_HELPERS or (isinstance(func, ast.Name) and name in NUMERIC):
                return True
            if isinstance(func, ast.Attribute) and name in SAME:
                return self.safe(func.value, seen)
            if isinstance(func, ast.Attribute) and name in CHOICE and len(node.args) > 1:
                options = node.args[1]
                if (isinstance(options, ast.Call) and isinstance(options.func, ast.Name)
                        and options.func.id == "list" and len(options.args) == 1):
                    options = options.args[0]
                return _literal_strings(options) or (isinstance(options, ast.Name) and _constant_name(options.id))
        return False


def unsafe_markdown_calls(source: str, filename: str = "<code>") -> list[str]:
    """``file:line: code`` for every Markdown-rendering call given an argument not proven safe."""
    tree = ast.parse(source, filename=filename)
    found = []
    functions = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))]
    owner = {}
    for function in sorted(functions, key=lambda f: (f.lineno, -(f.end_lineno or 0))):
        for node in ast.walk(function):
            owner[id(node)] = function  # the innermost function wins (visited last)
    checkers: dict[int, _Checker] = {}
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in MARKDOWN_CALLS and (node.args or node.keywords)):
            continue
        positions, keywords = MARKDOWN_CALLS[node.func.attr]
        args = [node.args[i] for i in positions if i < len(node.args)]
        args += [k.value for k in node.keywords if k.arg in keywords]
        scope = owner.get(id(node), tree)
        checker = checkers.setdefault(id(scope), _Checker(scope))
        for arg in args:
            if not checker.safe(arg):
                found.append(f"{filename}:{node.lineno}: {ast.get_source_segment(source, node)}")
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg == "unsafe_allow_html":
            if not (isinstance(node.value, ast.Constant) and node.value.value is False):
                found.append(f"{filename}:{node.value.lineno}: unsafe_allow_html")
        if isinstance(node, ast.Attribute) and node.attr == "html" and isinstance(node.value, ast.Name) \
                and node.value.id in ("st", "components"):
            found.append(f"{filename}:{node.lineno}: {node.value.id}.html")
    return found


EXPLORER_CODE = sorted((ROOT / "explorer").glob("*.py")) + [ROOT / "app.py"]


@pytest.mark.parametrize("path", EXPLORER_CODE, ids=lambda p: p.name)
def test_the_explorer_gives_markdown_only_safe_text(path):
    found = unsafe_markdown_calls(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert not found, "article text may reach Markdown unescaped (use explorer.safe_markdown):\n" + "\n".join(found)


@pytest.mark.parametrize("code", [
    'st.markdown(f"[{title}]({url})")',
    'def f(row):\n    st.caption(row["title"])',
    'def f(name):\n    head = f"Skipped {name}"\n    st.warning(head)',
    'def f(x):\n    with st.expander(x.title()):\n        pass',
    'st.markdown(f"{name:>20}")',
    'st.progress(0.5, text=f"reading {name}")',
    'def f(s):\n    col.metric(str(s), 1)',
    'st.markdown(text, unsafe_allow_html=True)',
    'st.html(page)',
    'st.caption(CENTRALITY_NAMES.get(by, by))',
])
def test_the_scan_catches_unescaped_article_text(code):
    assert unsafe_markdown_calls(code), code


@pytest.mark.parametrize("code", [
    'st.markdown(markdown_link(title, url) + f" · {escape_markdown(date)}")',
    'def f(rows):\n    n = len(rows)\n    st.markdown(f"**{n}** rows, {SHOWN:,} shown, {rows[0]:.2f}")',
    'def f(name):\n    st.warning(f"Skipped {escape_markdown(name)}")',
    'for col, name in zip(cols, ("articles", "actors")):\n    col.metric(name.capitalize(), 1)',
    'fmt = st.radio("Format", list(FORMATS))\nst.download_button(f"Download {fmt}", b"")',
    'st.markdown(evidence_markdown(row))',
])
def test_the_scan_lets_safe_text_through(code):
    assert not unsafe_markdown_calls(code), code
