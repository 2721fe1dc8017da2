"""Read articles from files and folders, one at a time.

``iter_articles`` takes files and folders and yields an :class:`Article` for
each article it can read and a :class:`Skipped` (with a one-line reason) for
each one it cannot, so a bad file never stops a run.

Formats: ``.txt``, ``.md``, ``.html``/``.htm`` and ``.jsonl`` (one article a line:
``{"id", "text", "title"?, "date"?, "url"?}``). Folders are read recursively in
sorted order; in a folder, files of other types and hidden entries are passed
over silently, while a file of another type named explicitly is reported as
skipped.
"""

from __future__ import annotations

import codecs
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from extract.dates import find_publication_date, parse_date
from extract.html_text import parse_html

__all__ = ["Article", "Skipped", "iter_articles", "strip_markdown", "SUFFIXES", "MAX_FILE_BYTES"]

#: File types read as articles.
SUFFIXES = (".txt", ".md", ".html", ".htm", ".jsonl")
#: Larger single-article files (not ``.jsonl``) are skipped: they are not articles.
MAX_FILE_BYTES = 20_000_000


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


@dataclass(frozen=True)
class Skipped:
    """An input that gave no article: where (``path`` or ``path:line``) and why, in one line."""

    path: str
    reason: str


class _Unreadable(Exception):
    """A file that cannot be read as text; the message is the skip reason."""


def iter_articles(paths: Iterable[str | Path]) -> Iterator[Article | Skipped]:
    """Yield the articles in files and folders, streaming.

    Parameters
    ----------
    paths : iterable of str or Path
        Files and folders. Folders are walked recursively in sorted order;
        symbolic links are followed, each real file and folder at most once.

    Yields
    ------
    Article or Skipped
        An :class:`Article` per article read; a :class:`Skipped` per input
        (file, or JSONL line) that gave none.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("Talks resume\\nPublished: 2025-07-04\\nBaku met Ankara.")
    >>> _ = (folder / "b.jsonl").write_text('{"id": "x1", "text": "Hi"}\\nnot json\\n')
    >>> _ = (folder / "notes.csv").write_text("ignored in a folder")
    >>> for item in iter_articles([folder]):
    ...     print(item.id if isinstance(item, Article) else "skipped: " + item.reason)
    a.txt
    x1
    skipped: line 2 is not valid JSON (Expecting value at column 1)
    >>> next(iter_articles([folder / "a.txt"])).date
    '2025-07-04'
    """
    seen: set[tuple[int, int]] = set()
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
        except OSError as exc:
            yield Skipped(str(path), f"cannot read: {_os_reason(exc)}")
            continue
        if path.suffix.lower() not in SUFFIXES:
            yield Skipped(str(path), f"unsupported file type {path.suffix or '(no extension)'!r}; "
                                     f"expected one of {', '.join(SUFFIXES)}")
            continue
        if _first_visit(path, seen):
            yield from _read_file(path, path.name)


def _walk(root: Path, folder: Path, seen: set[tuple[int, int]]) -> Iterator[Article | Skipped]:
    if not _first_visit(folder, seen):
        return  # a symbolic link back to a folder already read
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        yield Skipped(str(folder), f"cannot read folder: {_os_reason(exc)}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir()  # follows symbolic links
            is_file = entry.is_file()
        except OSError:
            is_dir = is_file = False
        if is_dir:
            yield from _walk(root, path, seen)
        elif is_file and path.suffix.lower() in SUFFIXES and _first_visit(path, seen):
            yield from _read_file(path, path.relative_to(root).as_posix())


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


def _read_file(path: Path, name: str) -> Iterator[Article | Skipped]:
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
        yield Article(id=name, text=page.text, title=page.title, date=page.date,
                      url=page.url, path=str(path))
        return
    if suffix == ".md":
        text = strip_markdown(text)
    lines = text.splitlines()
    yield Article(id=name, text=text, title=_title_from_lines(lines),
                  date=find_publication_date(lines), url=None, path=str(path))


def _read_jsonl(path: Path) -> Iterator[Article | Skipped]:
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield Skipped(str(path), f"cannot read: {_os_reason(exc)}")
        return
    with handle:
        head = handle.read(4096)
        handle.seek(0)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            lines: Iterable[bytes] = _utf16_lines(handle)
            encoding = "utf-8"  # lines come back re-encoded
        else:
            if b"\x00" in head:
                yield Skipped(str(path), "binary file")
                return
            lines = handle
            encoding = "utf-8-sig"
        ids: dict[str, int] = {}
        any_content = False
        try:
            for lineno, raw in enumerate(lines, 1):
                if lineno > 1 and encoding == "utf-8-sig":
                    encoding = "utf-8"
                where = f"{path}:{lineno}"
                try:
                    line = raw.decode(encoding)
                except UnicodeDecodeError as exc:
                    yield Skipped(where, f"line {lineno} is not UTF-8 text (byte {exc.start + 1})")
                    continue
                if not line.strip():
                    continue
                any_content = True
                item = _jsonl_article(line, lineno, path, ids)
                if isinstance(item, Article):
                    ids[item.id] = lineno
                yield item
        except (OSError, UnicodeDecodeError) as exc:
            yield Skipped(str(path), f"stopped reading: {exc}")
            return
        if not any_content:
            yield Skipped(str(path), "empty file")


def _utf16_lines(handle) -> Iterator[bytes]:
    import io
    for line in io.TextIOWrapper(handle, encoding="utf-16", newline=None):
        yield line.encode("utf-8")


def _jsonl_article(line: str, lineno: int, path: Path, ids: dict[str, int]) -> Article | Skipped:
    where = f"{path}:{lineno}"
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        return Skipped(where, f"line {lineno} is not valid JSON ({exc.msg} at column {exc.colno})")
    if not isinstance(data, dict):
        return Skipped(where, f"line {lineno} is a JSON {type(data).__name__}, not an object")
    missing = [k for k in ("id", "text") if data.get(k) in (None, "")]
    if missing:
        return Skipped(where, f"line {lineno} has no {' or '.join(repr(k) for k in missing)}")
    raw_id, text = data["id"], data["text"]
    if not isinstance(raw_id, (str, int)) or isinstance(raw_id, bool):
        return Skipped(where, f"line {lineno}: 'id' must be a string or a number")
    if not isinstance(text, str):
        return Skipped(where, f"line {lineno}: 'text' must be a string")
    if not text.strip():
        return Skipped(where, f"line {lineno}: 'text' has only whitespace")
    article_id = str(raw_id)
    if article_id in ids:
        return Skipped(where, f"line {lineno} repeats id {article_id!r} from line {ids[article_id]}")
    title = data.get("title") if isinstance(data.get("title"), str) else None
    url = data.get("url") if isinstance(data.get("url"), str) else None
    date = parse_date(data["date"]) if isinstance(data.get("date"), str) else None
    return Article(id=article_id, text=text, title=title or None, date=date,
                   url=url or None, path=str(path))


def _decode(data: bytes) -> str:
    """Bytes to text: UTF-8 (with or without BOM) or UTF-16 with a BOM; else a skip reason."""
    if data.startswith(codecs.BOM_UTF8):
        encodings = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ["utf-16"]
    else:
        if b"\x00" in data[:8192]:
            raise _Unreadable("binary file")
        encodings = ["utf-8"]
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError as exc:
            if _looks_binary(data):
                raise _Unreadable("binary file") from None
            raise _Unreadable(f"not UTF-8 or UTF-16 text (undecodable byte at offset {exc.start})") from None
    raise AssertionError("unreachable")


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return control > len(sample) * 0.05


_TITLE_LABEL = re.compile(r"^\s*(?:#+\s*|title\s*:\s*)+", re.I)


def _title_from_lines(lines: list[str]) -> str | None:
    for line in lines:
        if line.strip():
            title = _TITLE_LABEL.sub("", line).strip().strip("*_").strip()
            return title or None
    return None


_MD_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_MD_REF_LINK = re.compile(r"\[([^\]]+)\]\[[^\]]*\]")
_MD_REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+.*$", re.M)
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+\s*)?$", re.M)
_MD_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MD_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$", re.M)
_MD_QUOTE = re.compile(r"^\s{0,3}>\s?", re.M)
_MD_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)


def strip_markdown(text: str) -> str:
    """Lightly remove markdown syntax: heading markers, links, images, bold, quotes.

    Examples
    --------
    >>> print(strip_markdown("# Talks resume\\nSee [the deal](https://x.org) and **more**."))
    Talks resume
    See the deal and more.
    """
    text = _MD_HTML_COMMENT.sub("", text)
    text = _MD_REF_DEF.sub("", text)
    text = _MD_IMAGE.sub(r"\1", text)
    text = _MD_LINK.sub(r"\1", text)
    text = _MD_REF_LINK.sub(r"\1", text)
    text = _MD_HEADING.sub(r"\1", text)
    text = _MD_SETEXT.sub("", text)
    text = _MD_QUOTE.sub("", text)
    text = _MD_EMPHASIS.sub(r"\2", text)
    return text


def _os_reason(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()
