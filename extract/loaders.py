"""Read articles from files and folders, one at a time.

``iter_articles`` takes files and folders and yields an :class:`Article` for
each article it can read and a :class:`Skipped` (with a one-line reason) for
each one it cannot, so a bad file never stops a run.

Formats: ``.txt``, ``.md``, ``.html``/``.htm`` and ``.jsonl`` (one article a line:
``{"id", "text", "title"?, "date"?, "url"?}``). Folders are read recursively in
sorted order; in a folder, files of other types and hidden entries are passed
over silently, while a file of another type named explicitly is reported as
skipped.

Bad input gives one :class:`Skipped` line and the run goes on:

- encodings: UTF-8 (with or without BOM) and UTF-16 (with a BOM, or without one when the zero bytes
  say so) are read as they are. Bytes that are not UTF-8 are read as Windows-1252 (a superset of the
  printable Latin-1), one invalid byte at a time, so a Latin-1 file and a UTF-8 file with a few Latin-1
  bytes pasted in both come out right; text where more than :data:`MAX_FALLBACK_SHARE` of the bytes
  (and more than 16) need that fallback is not text (skipped as "binary or unknown encoding");
- binary files: known signatures (PDF, images, archives, Office files, executables) are named in
  the reason; other files with NUL or many control bytes are "binary file";
- sizes: a file over :data:`MAX_FILE_BYTES` is skipped before it is read, a JSONL line over
  :data:`extract.jsonl.MAX_LINE_BYTES` too, and an article (of any format) over :data:`MAX_ARTICLE_CHARS`
  characters once read, so memory stays bounded;
- JSONL lines nested deeper than :data:`extract.jsonl.MAX_DEPTH` levels are skipped before they are parsed
  (Python's decoder would recurse once per level);
- language: articles that are clearly not English (by script, or by the share of common function words
  of German, French, Spanish, Italian, Portuguese, Dutch, Turkish, Azerbaijani, Russian) are skipped
  as "not English (looks like de)" rather than mis-extracted by the English model; short texts pass;
- ids: an id seen earlier in the same run (JSONL ``id`` or file name) is skipped with where it was
  first seen, so one article never silently replaces another;
- files that are not regular files (pipes, devices), unreadable files and folders, broken links;
  symbolic-link loops are walked once.

A date outside 1800-01-01 to 2100-12-31 (:mod:`extract.dates`), or a JSONL ``date`` that is not a date,
gives a :class:`Notice` naming the article and the value, and the article is read undated.
"""

from __future__ import annotations

import codecs
import dataclasses
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from extract.dates import checked_date, date_problem, find_publication_date
from extract.html_text import parse_html
from extract.jsonl import MAX_LINE_BYTES, JsonLineError, bounded_lines, loads_line
from extract.markdown_text import strip_markdown

__all__ = ["Article", "Skipped", "Notice", "iter_articles", "strip_markdown", "guess_language", "SUFFIXES",
           "MAX_FILE_BYTES", "MAX_ARTICLE_CHARS", "MAX_FALLBACK_SHARE"]

#: File types read as articles.
SUFFIXES = (".txt", ".md", ".html", ".htm", ".jsonl")
#: Larger single-article files (not ``.jsonl``) are skipped unread: they are not articles.
MAX_FILE_BYTES = 20_000_000
#: Longer article texts are skipped: a news article is a few thousand words; this is a book.
MAX_ARTICLE_CHARS = 1_000_000
#: Share of bytes that may be read as Windows-1252 because they are not UTF-8, before a file is "not text".
MAX_FALLBACK_SHARE = 0.3


@dataclass(frozen=True)
class Article:
    """One article: its text and what is known about it.

    ``date`` is ISO ``yyyy-mm-dd`` or ``None``; ``id`` is the JSONL ``id`` or
    the file name (the path below the folder given, for files in subfolders).
    """

    id: str
    text: str
    title: str | None = None
    date: str | None = None
    url: str | None = None
    path: str | None = None

    def to_dict(self) -> dict:
        """The article as records travel with it: ``id, text, title, date, url`` (not where it was read).

        >>> Article("a1", "Text.", date="2025-07-04", path="in/a1.txt").to_dict()
        {'id': 'a1', 'text': 'Text.', 'title': None, 'date': '2025-07-04', 'url': None}
        """
        return {"id": self.id, "text": self.text, "title": self.title, "date": self.date, "url": self.url}


@dataclass(frozen=True)
class Skipped:
    """An input that gave no article: where (``path`` or ``path:line``) and why, in one line."""

    path: str
    reason: str


@dataclass(frozen=True)
class Notice:
    """An article that is read, with something of it left out (a date out of range): where and what, in one line.

    It comes just before its :class:`Article`.
    """

    path: str
    message: str


def _stated_date(value, article_id: str) -> tuple[str | None, str | None]:
    """An article's date as stated, checked (:func:`extract.dates.checked_date`): ``(date, None)`` or
    ``(None, the warning naming the article and the value)``."""
    date, problem = checked_date(value)
    return date, (f"article {article_id!r}: {problem}; stored undated" if problem else None)


class _Unreadable(Exception):
    """A file that cannot be read as text; the message is the skip reason."""


def iter_articles(paths: Iterable[str | Path]) -> Iterator[Article | Skipped | Notice]:
    """Yield the articles in files and folders, streaming.

    Parameters
    ----------
    paths : iterable of str or Path
        Files and folders. Folders are walked recursively in sorted order;
        symbolic links are followed, each real file and folder at most once.

    Yields
    ------
    Article or Skipped or Notice
        An :class:`Article` per article read; a :class:`Skipped` per input
        (file, or JSONL line) that gave none; a :class:`Notice` just before an article
        read with something left out (a date outside 1800-01-01 to 2100-12-31: the article is undated).

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("Talks resume\\nPublished: 2025-07-04\\nBaku met Ankara.")
    >>> _ = (folder / "b.jsonl").write_text('{"id": "x1", "text": "Hi"}\\nnot json\\n')
    >>> _ = (folder / "notes.csv").write_text("ignored in a folder")
    >>> _ = (folder / "c.jsonl").write_text('{"id": "x2", "text": "Hi", "date": "9999-12-31"}\\n' + "[" * 99999)
    >>> for item in iter_articles([folder]):
    ...     print(item.id if isinstance(item, Article) else getattr(item, "reason", None) or item.message)
    a.txt
    x1
    line 2: not valid JSON (Expecting value at column 1)
    article 'x2': date '9999-12-31' is outside 1800-01-01 to 2100-12-31; stored undated
    x2
    line 2: JSON nested deeper than 64 levels
    >>> next(iter_articles([folder / "a.txt"])).date
    '2025-07-04'
    """
    seen: set[tuple[int, int]] = set()
    ids: dict[str, str] = {}  # article id -> where it was first read, across the whole run
    notices: list[Notice] = []  # held until their article is known not to repeat an id
    for item in _iter_paths(paths, seen):
        if isinstance(item, Notice):
            notices.append(item)
            continue
        if isinstance(item, Article):
            if item.id in ids:
                notices.clear()
                yield Skipped(item.path or item.id, f"repeats article id {item.id!r} already read from {ids[item.id]}")
                continue
            ids[item.id] = item.path or item.id
            yield from notices
            notices.clear()
        yield item


def _iter_paths(paths: Iterable[str | Path], seen: set[tuple[int, int]]) -> Iterator[Article | Skipped | Notice]:
    for given in paths:
        path = Path(given)
        try:
            if path.is_dir():
                yield from _walk(path, path, seen)
                continue
            if not path.exists():
                reason = "broken symbolic link" if path.is_symlink() else "no such file or folder"
                yield Skipped(str(path), reason)
                continue
            regular = path.is_file()
        except OSError as exc:
            yield Skipped(str(path), f"cannot read: {_os_reason(exc)}")
            continue
        if path.suffix.lower() not in SUFFIXES:
            yield Skipped(str(path), f"unsupported file type {path.suffix or '(no extension)'!r}; "
                                     f"expected one of {', '.join(SUFFIXES)}")
            continue
        if not regular:
            yield Skipped(str(path), "not a regular file (a pipe, socket or device)")
            continue
        if _first_visit(path, seen):
            yield from _read_file(path, path.name)


def _walk(root: Path, folder: Path, seen: set[tuple[int, int]]) -> Iterator[Article | Skipped | Notice]:
    """Depth first, sorted, without recursion (deep trees cannot exhaust the stack)."""
    stack: list[Iterator[os.DirEntry]] = []
    entries = _entries(folder, seen)
    if isinstance(entries, Skipped):
        yield entries
        return
    stack.append(iter(entries))
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()  # follows symbolic links
            is_file = entry.is_file()
        except OSError:
            is_dir = is_file = False
        if is_dir:
            entries = _entries(path, seen)
            if isinstance(entries, Skipped):
                yield entries
            else:
                stack.append(iter(entries))
        elif is_file and path.suffix.lower() in SUFFIXES and _first_visit(path, seen):
            yield from _read_file(path, path.relative_to(root).as_posix())


def _entries(folder: Path, seen: set[tuple[int, int]]) -> list[os.DirEntry] | Skipped:
    if not _first_visit(folder, seen):
        return []  # a symbolic link back to a folder already read
    try:
        with os.scandir(folder) as it:
            return sorted(it, key=lambda e: e.name)
    except OSError as exc:
        return Skipped(str(folder), f"cannot read folder: {_os_reason(exc)}")


def _first_visit(path: Path, seen: set[tuple[int, int]]) -> bool:
    try:
        st = path.stat()
    except OSError:
        return True  # reading it will report the problem
    key = (st.st_dev, st.st_ino)
    if key in seen:
        return False
    seen.add(key)
    return True


def _read_file(path: Path, name: str) -> Iterator[Article | Skipped | Notice]:
    suffix = path.suffix.lower()
    if suffix == ".jsonl":
        yield from _read_jsonl(path)
        return
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _Unreadable(f"file too large for one article ({size:,} bytes)")
        text = _decode(path.read_bytes())
    except _Unreadable as exc:
        yield Skipped(str(path), str(exc))
        return
    except OSError as exc:
        yield Skipped(str(path), f"cannot read: {_os_reason(exc)}")
        return
    if not text.strip():
        yield Skipped(str(path), "empty file" if not text else "file has only whitespace")
        return
    if suffix in (".html", ".htm"):
        page = parse_html(text)
        if not page.text:
            yield Skipped(str(path), "no text in the page once markup and navigation are removed")
            return
        article = Article(id=name, text=page.text, title=page.title, date=page.date,
                          url=page.url, path=str(path))
    else:
        if suffix == ".md":
            text = strip_markdown(text)
            if not text.strip():
                yield Skipped(str(path), "no text once the markdown syntax is removed")
                return
        lines = text.splitlines()
        article = Article(id=name, text=text, title=_title_from_lines(lines),
                          date=find_publication_date(lines), url=None, path=str(path))
    problem = _text_problem(article.text)
    if problem:
        yield Skipped(str(path), problem)
        return
    if article.date and date_problem(article.date):  # stated in the page's metadata or the text's header
        yield Notice(str(path), f"article {name!r}: {date_problem(article.date)}; stored undated")
        article = dataclasses.replace(article, date=None)
    yield article


def _text_problem(text: str) -> str | None:
    """Why an article text should not go to the English pipeline, or ``None``."""
    if len(text) > MAX_ARTICLE_CHARS:
        return f"article too long ({len(text):,} characters; the limit is {MAX_ARTICLE_CHARS:,})"
    language = guess_language(text)
    if language not in (None, "en"):
        return f"not English (looks like {language})"
    return None


def _read_jsonl(path: Path) -> Iterator[Article | Skipped | Notice]:
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield Skipped(str(path), f"cannot read: {_os_reason(exc)}")
        return
    with handle:
        head = handle.read(4096)
        handle.seek(0)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            lines: Iterable[tuple[bytes, bool]] = _utf16_lines(handle)
            encoding = "utf-8"  # lines come back re-encoded
        else:
            kind = _signature(head)
            if kind or b"\x00" in head:
                yield Skipped(str(path), f"binary file ({kind}), not text" if kind else "binary file")
                return
            lines = bounded_lines(handle)
            encoding = "utf-8-sig"
        ids: dict[str, int] = {}
        any_content = False
        try:
            for lineno, (raw, too_long) in enumerate(lines, 1):
                if lineno > 1 and encoding == "utf-8-sig":
                    encoding = "utf-8"
                where = f"{path}:{lineno}"
                if too_long:
                    any_content = True
                    yield Skipped(where, f"line {lineno} is longer than {MAX_LINE_BYTES:,} bytes (not one article)")
                    continue
                if encoding == "utf-8-sig" and raw.startswith(codecs.BOM_UTF8):
                    raw = raw[len(codecs.BOM_UTF8):]
                line, fallback = _decode_utf8_or_cp1252(raw)
                if fallback > max(16, len(raw) * MAX_FALLBACK_SHARE):
                    yield Skipped(where, f"line {lineno} is not text (binary or unknown encoding)")
                    continue
                if not line.strip():
                    continue
                any_content = True
                for item in _jsonl_article(line, lineno, path, ids):
                    if isinstance(item, Article):
                        ids[item.id] = lineno
                    yield item
        except (OSError, UnicodeDecodeError) as exc:
            yield Skipped(str(path), f"stopped reading: {exc}")
            return
        if not any_content:
            yield Skipped(str(path), "empty file")


def _utf16_lines(handle) -> Iterator[tuple[bytes, bool]]:
    import io
    for line, too_long in bounded_lines(io.TextIOWrapper(handle, encoding="utf-16", newline=None),
                                        MAX_LINE_BYTES // 2):
        yield line.encode("utf-8"), too_long


def _jsonl_article(line: str, lineno: int, path: Path, ids: dict[str, int]) -> Iterator[Article | Skipped | Notice]:
    where = f"{path}:{lineno}"
    try:
        data = loads_line(line)
    except JsonLineError as exc:
        yield Skipped(where, f"line {lineno}: {exc}")
        return
    if not isinstance(data, dict):
        yield Skipped(where, f"line {lineno} is a JSON {type(data).__name__}, not an object")
        return
    missing = [k for k in ("id", "text") if data.get(k) in (None, "")]
    if missing:
        yield Skipped(where, f"line {lineno} has no {' or '.join(repr(k) for k in missing)}")
        return
    raw_id, text = data["id"], data["text"]
    if not isinstance(raw_id, (str, int)) or isinstance(raw_id, bool):
        yield Skipped(where, f"line {lineno}: 'id' must be a string or a number")
        return
    if not isinstance(text, str):
        yield Skipped(where, f"line {lineno}: 'text' must be a string")
        return
    if not text.strip():
        yield Skipped(where, f"line {lineno}: 'text' has only whitespace")
        return
    article_id = str(raw_id)
    if article_id in ids:
        yield Skipped(where, f"line {lineno} repeats id {article_id!r} from line {ids[article_id]}")
        return
    problem = _text_problem(text)
    if problem:
        yield Skipped(where, f"line {lineno}: {problem}")
        return
    title = data.get("title") if isinstance(data.get("title"), str) else None
    url = data.get("url") if isinstance(data.get("url"), str) else None
    date, note = _stated_date(data.get("date"), article_id)
    if note:
        yield Notice(where, note)
    yield Article(id=article_id, text=text, title=title or None, date=date, url=url or None, path=str(path))


def _decode(data: bytes) -> str:
    """Bytes to text (see the module doc: UTF-8, UTF-16, else Windows-1252 byte by byte); else a skip reason."""
    kind = _signature(data)
    if kind:
        raise _Unreadable(f"binary file ({kind}), not text")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise _Unreadable(f"not UTF-16 text despite its byte order mark (bad bytes at offset {exc.start})") from None
    elif b"\x00" in data[:8192]:
        text = _utf16_without_bom(data)
        if text is None:
            raise _Unreadable("binary file")
        return text
    if _looks_binary(data):
        raise _Unreadable("binary file")
    text, fallback = _decode_utf8_or_cp1252(data)
    if fallback > max(16, len(data) * MAX_FALLBACK_SHARE):
        raise _Unreadable("not text (binary or unknown encoding: most bytes are neither UTF-8 nor Windows-1252 "
                          "letters)")
    return text


_SIGNATURES = (
    (b"%PDF-", "PDF"), (b"PK\x03\x04", "ZIP archive or Office document"), (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"), (b"GIF8", "GIF image"), (b"\x1f\x8b", "gzip archive"),
    (b"\xd0\xcf\x11\xe0", "Office document"), (b"\x7fELF", "executable"), (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ", "xz archive"), (b"7z\xbc\xaf", "7-Zip archive"), (b"RIFF", "media file"),
    (b"\x00\x00\x00\x18ftyp", "video"), (b"\x00\x00\x00\x20ftyp", "video"), (b"OggS", "audio"),
    (b"ID3", "MP3 audio"), (b"SQLite format 3", "SQLite database"),
)


def _signature(data: bytes) -> str | None:
    """The kind of a binary file from its first bytes (PDF, PNG, ...), or ``None``."""
    for magic, kind in _SIGNATURES:
        if data.startswith(magic):
            return kind
    return None


_CP1252_UNDEFINED = {0x81, 0x8D, 0x8F, 0x90, 0x9D}

#: ``surrogateescape`` turns each byte that is not valid UTF-8 (always >= 0x80) into U+DC80..U+DCFF: the
#: byte's Windows-1252 character instead (the five bytes it leaves undefined as themselves, Latin-1).
_ESCAPED_AS_CP1252 = {0xDC00 + b: chr(b) if b in _CP1252_UNDEFINED else bytes([b]).decode("cp1252")
                      for b in range(0x80, 0x100)}
_ESCAPED = re.compile("[\udc80-\udcff]")


def _decode_utf8_or_cp1252(data: bytes) -> tuple[str, int]:
    """UTF-8, with each byte that is not part of valid UTF-8 read as Windows-1252; and how many were.

    One decoding pass whatever the number of such bytes.

    >>> _decode_utf8_or_cp1252("Genève “talks” – ".encode("utf-8") + "naïve “quotes”".encode("cp1252"))
    ('Genève “talks” – naïve “quotes”', 3)
    """
    text = data.decode("utf-8", "surrogateescape")
    fallback = len(_ESCAPED.findall(text))
    return (text.translate(_ESCAPED_AS_CP1252) if fallback else text), fallback


def _utf16_without_bom(data: bytes) -> str | None:
    """Text when the NUL bytes sit where UTF-16 puts them for mostly-ASCII text, else ``None``."""
    sample = data[:8192]
    if len(sample) < 4:
        return None
    odd_zeros = sample[1::2].count(0) / len(sample[1::2])
    even_zeros = sample[0::2].count(0) / len(sample[0::2])
    encoding = "utf-16-le" if odd_zeros > 0.6 and even_zeros < 0.1 else \
        "utf-16-be" if even_zeros > 0.6 and odd_zeros < 0.1 else None
    if encoding is None:
        return None
    try:
        text = data[: len(data) // 2 * 2].decode(encoding)
    except UnicodeDecodeError:
        return None
    control = sum(1 for c in text[:4096] if ord(c) < 32 and c not in "\t\n\r\f")
    return None if control > len(text[:4096]) * 0.05 else text


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return control > len(sample) * 0.05


# -- language ---------------------------------------------------------------------------------------

# Common function words that are not English words too ("a", "in", "is", "die", "on" are left out).
_STOPWORDS = {
    "en": "the of and to that for with was were are this from have has been which their by not but "
          "its they would will said after who about more than also into said there".split(),
    "de": "der und den das ist mit sich des auf nicht eine ein dem zu von sie für werden wird auch "
          "nach bei oder wie einer eines aus hatte dass noch über".split(),
    "fr": "le la les des et est une du que qui dans pour pas sur au avec ce il sont ont été cette aux "
          "par plus leur ses mais nous elle".split(),
    "es": "el la los las del que y en un una por con para es se al lo como más su sus pero fue ha "
          "este esta entre sobre también".split(),
    "it": "il la che di e del della per con non una sono gli dei delle le nel alla anche come più "
          "questo dalla ha stato".split(),
    "pt": "o os que de da do das dos em um uma para com não se na no por mais como foi ao pelo pela "
          "também são ele".split(),
    "nl": "de het een en van dat niet op zijn met voor er aan ook als bij door werd naar maar om dan "
          "wordt hij deze".split(),
    "tr": "ve bir bu da için ile olarak daha çok gibi olan ancak ama sonra kadar değil ise ki her "
          "tarafından oldu".split(),
    "az": "və bir bu da üçün ilə olaraq daha çox kimi olan lakin sonra qədər deyil isə ki hər "
          "tərəfindən oldu".split(),
}
_STOPSETS = {lang: frozenset(words) for lang, words in _STOPWORDS.items()}
_WORD = re.compile(r"[^\W\d_]+")
_SCRIPTS = (  # (first, last code point, language it most likely is)
    (0x0370, 0x03FF, "el"), (0x0400, 0x04FF, "ru"), (0x0530, 0x058F, "hy"), (0x0590, 0x05FF, "he"),
    (0x0600, 0x06FF, "ar"), (0x0900, 0x097F, "hi"), (0x0E00, 0x0E7F, "th"), (0x10A0, 0x10FF, "ka"),
    (0x3040, 0x30FF, "ja"), (0x4E00, 0x9FFF, "zh"), (0xAC00, 0xD7AF, "ko"),
)


def guess_language(text: str) -> str | None:
    """A cheap guess at the language of a text: an ISO 639-1 code, or ``None`` when too short to tell.

    Non-Latin scripts are named by the script's most likely language (Cyrillic ``ru``, Arabic ``ar``
    or ``fa``, CJK ``zh``, kana ``ja``); Latin-script text by the share of common function words.
    English unless another language clearly dominates.

    Examples
    --------
    >>> guess_language("The ministers of Turkey and Azerbaijan said that they would sign the deal "
    ...                "after the talks, which were held in Baku, and that it was a good day for the two.")
    'en'
    >>> guess_language("Die Regierung in Baku hat am Montag mitgeteilt, dass die Gespräche mit der "
    ...                "Türkei über eine engere Zusammenarbeit bei der Verteidigung fortgesetzt werden.")
    'de'
    >>> guess_language("Президент Азербайджана заявил, что переговоры с Россией будут продолжены.")
    'ru'
    >>> guess_language("Too short.") is None
    True
    """
    sample = text[:20_000]
    letters = [c for c in sample if c.isalpha()]
    if len(letters) < 40:
        return None
    latin = sum(1 for c in letters if ord(c) < 0x250)
    if latin < len(letters) / 2:
        counts: dict[str, int] = {}
        for c in letters:
            cp = ord(c)
            for first, last, lang in _SCRIPTS:
                if first <= cp <= last:
                    counts[lang] = counts.get(lang, 0) + 1
                    break
        if not counts:
            return "und"
        lang = max(counts, key=counts.get)
        if lang == "ar" and any(c in sample for c in "پچژگ"):
            return "fa"
        if lang == "zh" and counts.get("ja"):
            return "ja"
        return lang
    words = _WORD.findall(sample.lower())
    if len(words) < 12:
        return None
    scores = {lang: sum(1 for w in words if w in stop) / len(words) for lang, stop in _STOPSETS.items()}
    best = max(scores, key=scores.get)
    if best != "en" and scores[best] >= 0.15 and scores[best] > 2.5 * scores["en"]:
        return best
    return "en"


# One label at a time, each match anchored and consumed: no nested quantifier over the title line.
_TITLE_LABEL = re.compile(r"\s*(?:#+|title\s*:)\s*", re.I)


def _title_from_lines(lines: list[str]) -> str | None:
    for line in lines:
        if line.strip():
            start = 0
            while (label := _TITLE_LABEL.match(line, start)) and label.end() > start:
                start = label.end()
            title = line[start:].strip().strip("*_").strip()
            return title or None
    return None


def _os_reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()
