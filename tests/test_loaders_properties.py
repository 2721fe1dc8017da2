"""Property-based tests (hypothesis): the loaders never raise and never lose text; extraction records
survive the round trip record -> RDF -> SPARQL -> record."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from extract.loaders import Article, Notice, Skipped, iter_articles

SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def folder():
    path = Path(tempfile.mkdtemp())
    yield path
    shutil.rmtree(path)


def _one(path: Path):
    items = list(iter_articles([path]))
    assert len(items) == 1, items
    assert isinstance(items[0], (Article, Skipped))
    if isinstance(items[0], Skipped):
        assert items[0].reason and "\n" not in items[0].reason
    return items[0]


@SETTINGS
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".txt", ".md", ".html"]))
def test_any_bytes_give_one_article_or_one_skip(folder, data, suffix):
    f = folder / f"any{suffix}"
    f.write_bytes(data)
    item = _one(f)
    if isinstance(item, Article):
        assert item.text.strip() and item.id == f.name


# Latin-script prose that is encodable in every encoding tried (no language flag: few function words).
_LATIN = st.text(alphabet=st.characters(codec="latin-1", categories=["Lu", "Ll", "Nd", "Zs", "Po"]),
                 min_size=1, max_size=400).filter(lambda t: t.strip())


@SETTINGS
@given(text=_LATIN, encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1252"]))
def test_text_comes_back_whatever_the_encoding(folder, text, encoding):
    if encoding in ("latin-1", "cp1252"):  # the documented limit of the Windows-1252 fallback
        assume(sum(c > "\x7f" for c in text) <= max(16, 0.3 * len(text)))
        # A lead byte then a continuation byte ("Ã©") is valid UTF-8 ("é") and read as such: the documented
        # ambiguity, rare in real Latin-1 prose.
        assume(not re.search(rb"[\xc2-\xf4][\x80-\xbf]", text.encode(encoding)))
    f = folder / "enc.txt"
    f.write_bytes(text.encode(encoding))
    item = _one(f)
    if isinstance(item, Article):
        assert item.text == text
    else:  # only a language guess may refuse such text
        assert item.reason.startswith("not English")


@SETTINGS
@given(lines=st.lists(st.one_of(
    st.text(max_size=80),
    st.dictionaries(st.sampled_from(["id", "text", "title", "date", "url", "x"]),
                    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                              st.text(max_size=30), st.lists(st.integers(), max_size=2)),
                    max_size=6).map(json.dumps),
), max_size=12))
def test_any_jsonl_gives_one_item_per_non_blank_line(folder, lines):
    f = folder / "any.jsonl"
    f.write_text("\n".join(line.replace("\n", " ").replace("\r", " ") for line in lines) + "\n")
    items = list(iter_articles([f]))
    content = [line for line in f.read_text().split("\n") if line.strip()]
    if "\x00" in f.read_text():  # NUL bytes mark a binary file: one line for the whole file
        assert items == [Skipped(str(f), "binary file")]
        return
    if not content:
        assert items == [Skipped(str(f), "empty file")]
        return
    # one Article or Skipped per line; a Notice (a date dropped) comes just before its Article
    assert len([i for i in items if not isinstance(i, Notice)]) == len(content)
    assert all(isinstance(nxt, Article) for item, nxt in zip(items, items[1:]) if isinstance(item, Notice))
    ids = [i.id for i in items if isinstance(i, Article)]
    assert len(ids) == len(set(ids))


# -- record -> RDF -> SPARQL -> record ------------------------------------------------------------------

_TEXT = st.text(st.characters(blacklist_categories=["Cs"]), max_size=60)
_ACTORS = {"RUS": ("Russia", "state"), "AZE": ("Azerbaijan", "state"), "NATO": ("NATO", "igo"),
           "AZEGOV": ("Azerbaijan (government)", "group"), "X Y/é?#": ("Odd <script>alert(1)</script>", "org")}


@st.composite
def _mention(draw):
    aid = draw(st.sampled_from(sorted(_ACTORS)))
    label, kind = _ACTORS[aid]
    start = draw(st.integers(0, 10**6))
    mention = {"id": aid, "label": label, "text": draw(_TEXT), "kind": kind,
               "country": None if kind != "state" else aid, "start": start, "end": start + draw(st.integers(0, 50))}
    sector = draw(st.one_of(st.none(), st.sampled_from(["GOV", "COP", "GOVMED", "REB", "CVL"])))
    if sector is not None:  # optional in the record (extract.record): absent, or a CAMEO role code
        mention["sector"] = sector
    return mention


@st.composite
def _records(draw):
    n = draw(st.integers(0, 6))
    date = draw(st.one_of(st.none(), st.dates().map(lambda d: d.isoformat())))
    records = []
    for i in range(n):
        start = draw(st.integers(0, 10**6))
        records.append({
            "article": "a", "sentence": draw(_TEXT), "sentence_index": i, "char_start": start,
            "char_end": start + draw(st.integers(0, 500)), "source": draw(_mention()), "target": draw(_mention()),
            "type": draw(st.sampled_from(["ASSAULT", "ALIGN", "AID", "CONSULT"])),
            "quad_class": draw(st.integers(0, 4)), "polarity": draw(st.sampled_from([-1, 0, 1])),
            "intensity": draw(st.floats(-10, 10, allow_nan=False)), "negated": draw(st.booleans()),
            "symmetric": draw(st.booleans()), "confidence": draw(st.floats(0, 1)),
            "trigger": draw(st.one_of(st.none(), _TEXT)), "date": date,
        })
    return date, records


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    from graph.store import close_store, open_store

    ds = open_store(tmp_path_factory.mktemp("roundtrip") / "store")
    yield ds
    close_store(ds)


@settings(SETTINGS, max_examples=60)
@given(drawn=_records(), text=_TEXT.filter(str.strip), title=st.one_of(st.none(), _TEXT.filter(str.strip)))
def test_records_survive_the_round_trip_through_the_store(store, drawn, text, title):
    from graph.queries import records_of_article
    from graph.store import add_article

    date, records = drawn
    article = {"id": "a", "text": text, "title": title, "date": date, "url": None}
    assert add_article(store, article, records) in ("added", "replaced", "unchanged")
    got = records_of_article(store, "a")
    assert got == records
    assert add_article(store, article, records) == "unchanged"
