"""extract.loaders: every format and every kind of bad input, on real files."""

from __future__ import annotations

import codecs
import dataclasses
import os
from pathlib import Path

import pytest

from extract.dates import find_publication_date, parse_date
from extract.html_text import parse_html
from extract.loaders import Article, Skipped, iter_articles, strip_markdown

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo"


def articles(items):
    return [i for i in items if isinstance(i, Article)]


def skipped(items):
    return [i for i in items if isinstance(i, Skipped)]


def only(paths):
    items = list(iter_articles(paths))
    assert len(items) == 1, items
    return items[0]


# -- the demo corpus -------------------------------------------------------

def test_demo_titles_and_dates():
    items = list(iter_articles([DEMO]))
    assert [i.id for i in items] == ["000_d556f14b6f535caa.txt", "004_e9f209920a997efe.txt"]
    first, second = items
    assert first.title == "Shock in Moscow: Azerbaijan Turns Its Back on Russia!"
    assert first.date is None
    assert second.title == "Relations nose-dive between Russia and former close ally Azerbaijan"
    assert second.date == "2025-07-04"
    assert second.path == str(DEMO / "004_e9f209920a997efe.txt")


def test_article_is_frozen():
    a = Article(id="x", text="t", title=None, date=None, url=None, path=None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.text = "other"  # type: ignore[misc]


def test_iter_articles_is_a_generator(tmp_path):
    (tmp_path / "a.txt").write_text("A")
    it = iter_articles([tmp_path])
    assert iter(it) is it


# -- txt and md --------------------------------------------------------------

def test_txt_title_label_and_published_line(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("\n\nTitle: Talks resume\nPublished: 2025-07-04\n\nOn March 3, 2020 nothing happened.\n")
    a = only([f])
    assert (a.id, a.title, a.date, a.url) == ("a.txt", "Talks resume", "2025-07-04", None)
    assert "nothing happened" in a.text


def test_txt_body_dates_are_not_publication_dates(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Talks fail\nOn July 4, 2025 Russia shot down a plane.\nMore on March 1, 2024.\n")
    assert only([f]).date is None


def test_txt_updated_line_when_no_published_line(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("Talks fail\nUpdated 12 March 2024, 10:00\nBody.\n")
    assert only([f]).date == "2024-03-12"


def test_md_strips_headings_and_links(tmp_path):
    f = tmp_path / "note.md"
    f.write_text("# Baku and Ankara sign a deal #\n\n*Published on Jan. 5th, 2024*\n\n"
                 "Read [the statement](https://example.org/s) and ![map](m.png).\n## Reaction\n")
    a = only([f])
    assert a.title == "Baku and Ankara sign a deal"
    assert a.date == "2024-01-05"
    assert "Read the statement and map." in a.text
    assert "](" not in a.text and "#" not in a.text


def test_strip_markdown_keeps_plain_text():
    assert strip_markdown("Plain text, no marks.") == "Plain text, no marks."


# -- html --------------------------------------------------------------------

PAGE = """<!doctype html><html><head>
<title>World | Daily</title>
<meta property="og:url" content="https://daily.example/a1">
<style>p{color:red}</style><script>var x = "Russia attacks";</script>
</head><body>
<header>Daily News Home</header><nav><a href="/">Home</a> World</nav>
<main><article>
<h1>Ankara backs Baku</h1>
<time datetime="2025-07-04T10:00:00Z">4 July</time>
<p>Turkey &amp; Azerbaijan signed a <b>defence</b> pact.</p>
<p>Russia protested.</p>
<aside>Related: other stories</aside><form>Subscribe</form>
</article></main>
<footer>&copy; Daily</footer></body></html>"""


def test_html_main_text_title_date_url(tmp_path):
    f = tmp_path / "page.html"
    f.write_text(PAGE)
    a = only([f])
    assert a.text == "Ankara backs Baku\n4 July\nTurkey & Azerbaijan signed a defence pact.\nRussia protested."
    assert a.title == "World | Daily"
    assert a.date == "2025-07-04"
    assert a.url == "https://daily.example/a1"


def test_html_og_title_and_published_meta_win(tmp_path):
    f = tmp_path / "page.htm"
    f.write_text('<html><head><title>T | Site</title><meta property="og:title" content="Real title">'
                 '<meta property="article:published_time" content="2024-02-01"></head>'
                 '<body><time datetime="2020-01-01">x</time><p>Body text.</p></body></html>')
    a = only([f])
    assert (a.title, a.date, a.text) == ("Real title", "2024-02-01", "x\nBody text.")


def test_html_without_article_keeps_body_minus_boilerplate():
    page = parse_html("<body><nav>Menu</nav><div>One</div><div>Two<br>Three</div>"
                      "<script>junk()</script></body>")
    assert page.text == "One\nTwo\nThree"
    assert page.title is None and page.date is None


def test_html_json_ld_date():
    page = parse_html('<script type="application/ld+json">{"@type": "NewsArticle", '
                      '"datePublished": "2023-05-06T00:00:00Z"}</script><p>Body</p>')
    assert page.date == "2023-05-06"
    assert page.text == "Body"


def test_html_with_only_boilerplate_is_skipped(tmp_path):
    f = tmp_path / "empty.html"
    f.write_text("<html><body><nav>Menu</nav><script>x()</script></body></html>")
    s = only([f])
    assert isinstance(s, Skipped) and "no text" in s.reason


# -- jsonl -------------------------------------------------------------------

def test_jsonl_good_bad_and_duplicate_lines(tmp_path):
    f = tmp_path / "batch.jsonl"
    f.write_text(
        '{"id": "a1", "text": "Russia and Azerbaijan.", "title": "T", "date": "2025-07-04", "url": "u"}\n'
        "\n"
        "{not json\n"
        '{"id": "a2"}\n'
        '{"text": "no id"}\n'
        '["a", "list"]\n'
        '{"id": 7, "text": "numeric id", "date": "sometime"}\n'
        '{"id": "a1", "text": "again"}\n'
        '{"id": "a3", "text": "last one"}\n'
    )
    items = list(iter_articles([f]))
    got = [(i.id, i.title, i.date, i.url) for i in articles(items)]
    assert got == [("a1", "T", "2025-07-04", "u"), ("7", None, None, None), ("a3", None, None, None)]
    assert all(a.path == str(f) for a in articles(items))
    bad = {s.path: s.reason for s in skipped(items)}
    assert set(bad) == {f"{f}:{n}" for n in (3, 4, 5, 6, 8)}
    assert "not valid JSON" in bad[f"{f}:3"]
    assert "'text'" in bad[f"{f}:4"]
    assert "'id'" in bad[f"{f}:5"]
    assert "not an object" in bad[f"{f}:6"]
    assert "repeats id 'a1' from line 1" in bad[f"{f}:8"]


def test_jsonl_undecodable_line_does_not_stop_the_file(tmp_path):
    f = tmp_path / "b.jsonl"
    garbage = bytes(range(0x80, 0xC0)) * 2
    f.write_bytes(b'{"id": "1", "text": "ok"}\n{"id": "2", "text": "' + garbage + b'"}\n{"id": "3", "text": "ok"}\n')
    items = list(iter_articles([f]))
    assert [a.id for a in articles(items)] == ["1", "3"]
    assert skipped(items) == [Skipped(f"{f}:2", "line 2 is not text (binary or unknown encoding)")]


def test_jsonl_latin1_line_is_read_as_windows_1252(tmp_path):
    f = tmp_path / "b.jsonl"
    f.write_bytes('{"id": "1", "text": "Genève talks \u2013 “resumed”"}\n'.encode("cp1252"))
    assert only([f]).text == "Genève talks – “resumed”"


def test_jsonl_utf16_with_bom(tmp_path):
    f = tmp_path / "c.jsonl"
    f.write_bytes(codecs.BOM_UTF16_LE + '{"id": "é", "text": "Genève"}\n'.encode("utf-16-le"))
    a = only([f])
    assert (a.id, a.text) == ("é", "Genève")


def test_empty_jsonl_is_skipped(tmp_path):
    f = tmp_path / "d.jsonl"
    f.write_text("\n  \n")
    assert only([f]) == Skipped(str(f), "empty file")


# -- encodings and bad input -------------------------------------------------

@pytest.mark.parametrize("data", [
    "Genève talks\nBody.".encode("utf-8"),
    codecs.BOM_UTF8 + "Genève talks\nBody.".encode("utf-8"),
    "Genève talks\nBody.".encode("utf-16"),  # with BOM
    codecs.BOM_UTF16_BE + "Genève talks\nBody.".encode("utf-16-be"),
])
def test_encodings(tmp_path, data):
    f = tmp_path / "e.txt"
    f.write_bytes(data)
    a = only([f])
    assert a.title == "Genève talks"
    assert a.text == "Genève talks\nBody."


def test_binary_file_is_skipped(tmp_path):
    f = tmp_path / "image.txt"
    f.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert only([f]) == Skipped(str(f), "binary file (PNG image), not text")


def test_latin1_text_is_read_as_windows_1252(tmp_path):
    f = tmp_path / "latin1.txt"
    f.write_bytes("Genève talks resume after a long pause.".encode("latin-1"))
    assert only([f]).text == "Genève talks resume after a long pause."


def test_undecodable_text_is_skipped(tmp_path):
    f = tmp_path / "noise.txt"
    f.write_bytes(bytes(range(0x80, 0x100)) * 40)
    s = only([f])
    assert isinstance(s, Skipped) and s.reason.startswith("not text (binary or unknown encoding")


@pytest.mark.parametrize("content, reason", [("", "empty file"), ("  \n\t\n", "file has only whitespace")])
def test_empty_files_are_skipped(tmp_path, content, reason):
    f = tmp_path / "e.md"
    f.write_text(content)
    assert only([f]) == Skipped(str(f), reason)


def test_missing_path_is_skipped(tmp_path):
    s = only([tmp_path / "nope.txt"])
    assert s == Skipped(str(tmp_path / "nope.txt"), "no such file or folder")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs file permissions")
def test_unreadable_file_and_folder_are_skipped(tmp_path):
    f = tmp_path / "secret.txt"
    f.write_text("x")
    f.chmod(0)
    sub = tmp_path / "locked"
    sub.mkdir()
    sub.chmod(0)
    try:
        items = list(iter_articles([tmp_path]))
    finally:
        f.chmod(0o644)
        sub.chmod(0o755)
    reasons = {Path(s.path).name: s.reason for s in skipped(items)}
    assert reasons["secret.txt"].startswith("cannot read")
    assert reasons["locked"].startswith("cannot read folder")


def test_unknown_extension_ignored_in_folder_but_reported_when_named(tmp_path):
    (tmp_path / "data.csv").write_text("a,b")
    (tmp_path / "a.txt").write_text("A")
    assert [i.id for i in iter_articles([tmp_path])] == ["a.txt"]
    s = only([tmp_path / "data.csv"])
    assert isinstance(s, Skipped) and "unsupported file type '.csv'" in s.reason


# -- folders ------------------------------------------------------------------

def test_folders_recursive_sorted_hidden_skipped(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("hidden")
    (tmp_path / "b" / "2.txt").write_text("B2")
    (tmp_path / "a" / "9.md").write_text("A9")
    (tmp_path / "a" / "1.txt").write_text("A1")
    (tmp_path / "z.txt").write_text("Z")
    assert [i.id for i in iter_articles([tmp_path])] == ["a/1.txt", "a/9.md", "b/2.txt", "z.txt"]


def test_symlink_loop_terminates_and_files_are_read_once(tmp_path):
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "a.txt").write_text("A")
    (sub / "loop").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "alias.txt").symlink_to(sub / "a.txt")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "missing.txt")
    items = list(iter_articles([tmp_path, sub]))
    assert [a.text for a in articles(items)] == ["A"]


def test_explicit_broken_symlink_is_skipped(tmp_path):
    link = tmp_path / "x.txt"
    link.symlink_to(tmp_path / "missing.txt")
    assert only([link]).reason == "broken symbolic link"


# -- dates --------------------------------------------------------------------

@pytest.mark.parametrize("text, iso", [
    ("2025-07-04", "2025-07-04"), ("2025/7/4", "2025-07-04"), ("July 4, 2025", "2025-07-04"),
    ("4 July 2025", "2025-07-04"), ("Friday, July 4th 2025", "2025-07-04"), ("Sept. 30, 2024", "2024-09-30"),
    ("20080804", "2008-08-04"), ("2025-13-01", None), ("yesterday", None), ("", None), (None, None),
])
def test_parse_date(text, iso):
    assert parse_date(text) == iso


def test_publication_date_only_from_the_header():
    lines = ["Title"] + ["Body line."] * 20 + ["Published: 2025-07-04"]
    assert find_publication_date(lines) is None
    assert find_publication_date(["Title", "July 4, 2025", "Body"]) == "2025-07-04"
    assert find_publication_date(["July 4, 2025 was a Friday"]) is None


def test_read_error_is_skipped_even_as_root(tmp_path, monkeypatch):
    f = tmp_path / "a.txt"
    f.write_text("A")

    def deny(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", deny)
    assert only([f]) == Skipped(str(f), "cannot read: permission denied")
