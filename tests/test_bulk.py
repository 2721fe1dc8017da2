"""graph/bulk.py: batched ingestion gives the store add_article gives one by one (real Oxigraph stores)."""

from __future__ import annotations

from collections import Counter

import pytest

from graph.bulk import add_articles, compact
from graph.model import RecordError, graph_iri
from graph.store import add_article, close_store, open_store


def _mention(aid: str) -> dict:
    return {"id": aid, "label": f"Actor {aid}", "text": aid, "kind": "state"}


def _rec(article: str, src: str, tgt: str, rtype: str, polarity: int, index: int = 0, date: str = "2025-07-04") -> dict:
    return {"article": article, "sentence": f"{src} {rtype.lower()} {tgt} ({article} {index}).", "sentence_index": index,
            "source": _mention(src), "target": _mention(tgt), "type": rtype, "polarity": polarity,
            "intensity": 1.5 * polarity, "negated": False, "symmetric": False, "date": date}


def _art(aid: str, text: str, date: str | None = "2025-07-04") -> dict:
    return {"id": aid, "text": text, "title": f"Title {aid}", "date": date, "url": None}


def _stream() -> list[tuple[dict, list[dict]]]:
    """New articles, repeats, a changed article, a moved text, reprints, inside one batch and across batches."""
    a1 = (_art("a1", "Text one."), [_rec("a1", "AZE", "TUR", "ALIGN", 1), _rec("a1", "AZE", "RUS", "DISTANCE", -1, 1)])
    a2 = (_art("a2", "Text two."), [_rec("a2", "RUS", "ARM", "ACCUSE", -1)])
    a3 = (_art("a3", "Text three."), [_rec("a3", "ARM", "AZE", "CONSULT", 0)])
    return [
        a1, a2, a3,
        a1,                                                               # unchanged
        (_art("a2", "Text two."), [_rec("a2", "RUS", "ARM", "THREATEN", -1)]),  # same text, other records: replaced
        (_art("r1", "Text one."), [_rec("r1", "AZE", "TUR", "ALIGN", 1)]),     # a reprint of a1's text: kept once
        (_art("a3", "Text three, corrected."), [_rec("a3", "ARM", "AZE", "AGREE", 1)]),  # other text: replaced
        (_art("a4", "Text four."), [_rec("a4", "TUR", "AZE", "AID", 1), _rec("a4", "TUR", "ARM", "SANCTION", -1, 2)]),
        (_art("a3", "Text three, corrected."), [_rec("a3", "ARM", "AZE", "AGREE", 1)]),  # unchanged again
        (_art("a5", "Text three."), [_rec("a5", "ARM", "AZE", "CONSULT", 0)]),  # a3's old text, now free: added
        (_art("a1", "Text one."), []),                                      # a1 loses its records: replaced
    ]


def _quads(path) -> set:
    ds = open_store(path)
    try:
        return {tuple(str(t) for t in q) for q in ds.store._store}
    finally:
        close_store(ds)


def _one_by_one(path, items) -> Counter:
    ds = open_store(path)
    try:
        return Counter(add_article(ds, a, r) for a, r in items)
    finally:
        close_store(ds)


def _batched(path, items, batch) -> Counter:
    ds = open_store(path)
    try:
        return add_articles(ds, items, batch=batch)
    finally:
        close_store(ds)


@pytest.mark.parametrize("batch", [1, 2, 3, 500])
def test_same_store_and_counts_as_one_by_one(tmp_path, batch):
    items = _stream()
    expected = _one_by_one(tmp_path / "single", items)
    assert expected == Counter(added=5, replaced=3, unchanged=3)
    assert _batched(tmp_path / "bulk", items, batch) == expected
    assert _quads(tmp_path / "bulk") == _quads(tmp_path / "single")


def test_reimport_is_unchanged_and_writes_nothing(tmp_path):
    items = _stream()[:3]
    assert _batched(tmp_path / "s", items, 500) == Counter(added=3)
    before = _quads(tmp_path / "s")
    assert _batched(tmp_path / "s", items, 2) == Counter(unchanged=3)
    assert _quads(tmp_path / "s") == before


def test_changed_article_replaced_whole(tmp_path):
    old = (_art("a1", "Text one."), [_rec("a1", "AZE", "TUR", "ALIGN", 1), _rec("a1", "AZE", "RUS", "DISTANCE", -1, 1)])
    new = (_art("a1", "Text one, updated."), [_rec("a1", "ARM", "TUR", "ACCUSE", -1)])
    _batched(tmp_path / "s", [old], 500)
    assert _batched(tmp_path / "s", [new], 500) == Counter(replaced=1)
    _one_by_one(tmp_path / "ref", [new])
    quads = _quads(tmp_path / "s")
    old_graph = f"<{graph_iri('Text one.')}>"
    assert not any(q[3] == old_graph for q in quads)  # nothing of the old text is left
    assert quads == _quads(tmp_path / "ref") | {q for q in quads if q[3].endswith("/graph/actors>")}


def test_bad_article_skipped_with_on_error(tmp_path):
    bad = (_art("bad", "Bad."), [{"source": {"id": "X"}}])
    seen = []
    ds = open_store(tmp_path / "s")
    try:
        counts = add_articles(ds, [_stream()[0], bad, _stream()[1]], on_error=lambda a, e: seen.append(a["id"]))
        assert counts == Counter(added=2) and seen == ["bad"]
        with pytest.raises(RecordError):
            add_articles(ds, [bad])
    finally:
        close_store(ds)


def test_on_batch_reports_each_stored_batch(tmp_path):
    reported = []
    ds = open_store(tmp_path / "s")
    try:
        add_articles(ds, _stream()[:5], batch=2, on_batch=lambda done: reported.append([(a["id"], o) for a, _r, o in done]))
        assert compact(ds)
    finally:
        close_store(ds)
    assert reported == [[("a1", "added"), ("a2", "added")], [("a3", "added"), ("a1", "unchanged")], [("a2", "replaced")]]
