"""Bad input for extract.loaders, on real files: each gives one clear Skipped line and the run goes on."""

from __future__ import annotations

import codecs
import os
import time
from pathlib import Path

import pytest

from extract.loaders import MAX_FILE_BYTES, Article, Skipped, guess_language, iter_articles

ENGLISH = ("Turkey and Azerbaijan signed a defence agreement on Monday, and the ministers said that they "
           "would hold further talks with Russia after the summit, which was held in Baku.\n")
GERMAN = ("Die Regierung in Baku hat am Montag mitgeteilt, dass die Gespräche mit der Türkei über eine "
          "engere Zusammenarbeit bei der Verteidigung fortgesetzt werden und dass auch Russland eingeladen ist.\n")
FRENCH = ("Le gouvernement de l'Azerbaïdjan a annoncé lundi que les discussions avec la Turquie sur une "
          "coopération plus étroite dans le domaine de la défense se poursuivront et que la Russie est invitée.\n")
RUSSIAN = "Президент Азербайджана заявил, что переговоры с Россией и Турцией будут продолжены на следующей неделе.\n"


def items_of(paths):
    return list(iter_articles(paths))


def by_name(items):
    return {Path(i.path.split(":")[0]).name: i for i in items}


def test_latin1_utf16_and_mixed_encodings_are_read(tmp_path):
    text = "Genève talks resume\nThe ministers met in Genève and Zürich."
    (tmp_path / "latin1.txt").write_bytes(text.encode("latin-1"))
    (tmp_path / "cp1252.txt").write_bytes((text + " \u201cGood\u201d \u2013 said one.").encode("cp1252"))
    (tmp_path / "utf16le-bom.txt").write_bytes(text.encode("utf-16"))
    (tmp_path / "utf16be-nobom.txt").write_bytes(text.encode("utf-16-be"))
    (tmp_path / "utf16le-nobom.txt").write_bytes(text.encode("utf-16-le"))
    (tmp_path / "mixed.txt").write_bytes(text.encode("utf-8") + " Café".encode("latin-1"))
    got = {n: i.text for n, i in by_name(items_of([tmp_path])).items()}
    assert got["latin1.txt"] == text
    assert got["cp1252.txt"] == text + " \u201cGood\u201d \u2013 said one."
    assert got["utf16le-bom.txt"] == got["utf16be-nobom.txt"] == got["utf16le-nobom.txt"] == text
    assert got["mixed.txt"] == text + " Café"


@pytest.mark.parametrize("data, reason", [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>stream\x00\x01\x02endstream", "binary file (PDF), not text"),
    (b"PK\x03\x04\x14\x00\x06\x00" + bytes(200), "binary file (ZIP archive or Office document), not text"),
    (b"\x1f\x8b\x08\x00" + os.urandom(500), "binary file (gzip archive), not text"),
    (os.urandom(4096).replace(b"\x00", b"\x01"), None),  # random bytes: binary or not text, either way skipped
])
def test_binary_files_and_pdfs_are_skipped(tmp_path, data, reason):
    f = tmp_path / "x.txt"
    f.write_bytes(data)
    (item,) = items_of([f])
    assert isinstance(item, Skipped)
    if reason:
        assert item.reason == reason
    else:
        assert item.reason == "binary file" or item.reason.startswith("not text")


@pytest.mark.parametrize("text, lang", [(GERMAN * 2, "de"), (FRENCH * 2, "fr"), (RUSSIAN, "ru")])
def test_non_english_articles_are_reported_not_extracted(tmp_path, text, lang):
    (tmp_path / "a.txt").write_text(text)
    (tmp_path / "b.jsonl").write_text('{"id": "j1", "text": %s}\n' % __import__("json").dumps(text))
    (tmp_path / "c.html").write_text(f"<html><body><article><p>{text}</p></article></body></html>")
    items = items_of([tmp_path])
    assert [type(i) for i in items] == [Skipped] * 3
    assert all(i.reason.endswith(f"not English (looks like {lang})") for i in items)


def test_english_with_foreign_names_and_quotes_stays_english(tmp_path):
    text = ENGLISH + "« Nous sommes prêts », said the French minister, and Baku agreed. " * 2 + ENGLISH
    assert guess_language(text) == "en"
    (tmp_path / "a.txt").write_text(text)
    assert isinstance(items_of([tmp_path / "a.txt"])[0], Article)


def test_html_scripts_styles_and_navigation_are_not_text(tmp_path):
    f = tmp_path / "page.html"
    f.write_text("<html><head><style>body{x:'Russia attacked Turkey'}</style>"
                 "<script>document.write('</p>Russia attacked Turkey'); var s = '<article>';</script></head>"
                 "<body><nav>Home Russia Turkey</nav><header>Menu</header><main><p>" + ENGLISH + "</p>"
                 "<noscript>Enable JS</noscript><template><p>Hidden</p></template></main>"
                 "<footer>Contact</footer></body></html>")
    (a,) = items_of([f])
    assert a.text == ENGLISH.strip()


def test_a_20_mb_article_is_skipped_unread(tmp_path):
    f = tmp_path / "huge.txt"
    with f.open("wb") as out:
        out.write(b"Russia " * (20 * 2**20 // 7 + 1))
    assert f.stat().st_size > MAX_FILE_BYTES
    (item,) = items_of([f])
    assert isinstance(item, Skipped) and item.reason.startswith("file too large for one article")


def test_an_over_long_jsonl_article_is_skipped(tmp_path):
    f = tmp_path / "big.jsonl"
    f.write_text('{"id": "big", "text": "%s"}\n{"id": "ok", "text": "fine"}\n' % ("word " * 250_000))
    items = items_of([f])
    assert isinstance(items[0], Skipped) and "article too long (1,250,000 characters" in items[0].reason
    assert items[1].id == "ok"


def test_jsonl_malformed_missing_mistyped_and_duplicate_ids_across_files(tmp_path):
    (tmp_path / "a.jsonl").write_text('{"id": "x", "text": "one"}\n{"id": 1.5, "text": "two"}\n'
                                      '{"id": "y", "text": ["list"]}\n{"id": "z"}\n{broken\n[1, 2]\n'
                                      '{"id": "t", "text": "ok", "title": 5, "date": 20250101, "url": []}\n')
    (tmp_path / "b.jsonl").write_text('{"id": "x", "text": "again"}\n')
    items = items_of([tmp_path])
    assert [i.id for i in items if isinstance(i, Article)] == ["x", "t"]
    t = next(i for i in items if isinstance(i, Article) and i.id == "t")
    assert (t.title, t.date, t.url) == (None, None, None)  # mistyped optional fields are dropped
    reasons = [i.reason for i in items if isinstance(i, Skipped)]
    assert len(reasons) == 6
    assert reasons[-1] == f"repeats article id 'x' already read from {tmp_path / 'a.jsonl'}"


def test_same_file_name_in_two_folders_is_reported_not_overwritten(tmp_path):
    for folder in ("one", "two"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "a.txt").write_text(ENGLISH + folder)
    items = items_of([tmp_path / "one", tmp_path / "two"])
    assert isinstance(items[0], Article) and items[0].text.endswith("one")
    assert items[1] == Skipped(str(tmp_path / "two" / "a.txt"),
                               f"repeats article id 'a.txt' already read from {tmp_path / 'one' / 'a.txt'}")


def test_a_folder_of_10000_small_files(tmp_path):
    for i in range(10_000):
        sub = tmp_path / f"d{i // 1000}"
        if i % 1000 == 0:
            sub.mkdir()
        (sub / f"{i:05d}.txt").write_text(f"Article {i}\nBaku and Ankara met.\n")
    started = time.monotonic()
    count = 0
    for item in iter_articles([tmp_path]):
        assert isinstance(item, Article)
        count += 1
    assert count == 10_000
    assert time.monotonic() - started < 30


def test_a_pipe_named_as_an_article_is_skipped_not_waited_on(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    (tmp_path / "ok.txt").write_text(ENGLISH)
    items = items_of([fifo, tmp_path])  # in a folder a pipe is passed over; named, it is reported
    assert items[0] == Skipped(str(fifo), "not a regular file (a pipe, socket or device)")
    assert [i.id for i in items[1:]] == ["ok.txt"]


def test_symlink_loops_and_deep_trees(tmp_path):
    levels = [tmp_path]
    for _ in range(1100):  # deeper than Python's recursion limit
        levels.append(levels[-1] / "d")
        levels[-1].mkdir()
    (levels[-1] / "bottom.txt").write_text(ENGLISH)
    (tmp_path / "loop").symlink_to(tmp_path)
    (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")  # a link to itself
    try:
        items = items_of([tmp_path])
    finally:  # bottom up: shutil.rmtree would recurse too deep
        (levels[-1] / "bottom.txt").unlink()
        for level in reversed(levels[1:]):
            level.rmdir()
    assert [i.path.endswith("bottom.txt") for i in items if isinstance(i, Article)] == [True]


def test_unreadable_file_is_skipped_and_the_run_goes_on(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(ENGLISH)
    (tmp_path / "b.txt").write_text(ENGLISH + "b")
    real = Path.read_bytes

    def read_bytes(self):
        if self.name == "a.txt":
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    items = items_of([tmp_path])
    assert items[0] == Skipped(str(tmp_path / "a.txt"), "cannot read: permission denied")
    assert items[1].id == "b.txt"


def test_empty_and_whitespace_files(tmp_path):
    (tmp_path / "e.txt").write_bytes(b"")
    (tmp_path / "w.md").write_text(" \n\t ")
    (tmp_path / "bom.txt").write_bytes(codecs.BOM_UTF8)
    reasons = {n: i.reason for n, i in by_name(items_of([tmp_path])).items()}
    assert reasons == {"e.txt": "empty file", "w.md": "file has only whitespace", "bom.txt": "empty file"}
