"""The extraction pipeline: model + actor ruler + relation component, streamed over articles.

``extract_articles`` runs ``nlp.pipe`` over the articles as ``(text, article)``
tuples and yields each article with its records as soon as it is parsed, so
memory does not grow with the number of articles. Texts longer than the
pipeline's ``max_length`` are cut into chunks at paragraph (or sentence) ends
and their records shifted back to article offsets.

A headline is a sentence too: news titles carry the article's main event ("Mexico sues gun makers").
The title is parsed on its own (unless the text opens with it) and its relations come first, with
``sentence_index`` -1 and offsets in the title (:mod:`extract.record`); the analysis counts a relation the title and the body both state
as one event (:func:`graph.alignment.report_weights`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

import extract.relations  # noqa: F401  (registers the "alliance_relations" factory)
from extract.actors import ARTICLE_DATE, add_actor_ruler
from extract.long_words import BoundedTokenizer
from extract.sentences import LINE_BREAKS_NAME
from extract.model import load_model

__all__ = ["build_pipeline", "extract_articles", "RELATIONS_NAME", "CHUNK_CHARS", "TITLE_INDEX", "split_text"]

RELATIONS_NAME = "alliance_relations"
#: Longest text handed to the parser in one piece. The parser's memory grows with the piece
#: (a 200,000-character piece peaked near 775 MB) and ``nlp.pipe`` holds a whole batch, so pieces
#: stay small: news paragraphs are far shorter, and cuts fall at paragraph or sentence ends.
CHUNK_CHARS = 20_000


def build_pipeline(model: str | None = None, nlp: Language | None = None) -> Language:
    """The model with line-break sentence starts before ``parser``, the actor EntityRuler
    before ``ner`` and the relation component last; its tokenizer cuts runs of junk
    (:class:`extract.long_words.BoundedTokenizer`).

    Parameters
    ----------
    model : str, optional
        An installed pipeline name (see :func:`extract.model.load_model`).
    nlp : Language, optional
        An already loaded pipeline to extend instead (in place).
    """
    if nlp is None:
        nlp = load_model(model)
    if not isinstance(nlp.tokenizer, BoundedTokenizer):  # a run of junk costs linear time, not quadratic
        nlp.tokenizer = BoundedTokenizer(nlp.tokenizer)
    add_actor_ruler(nlp)
    if LINE_BREAKS_NAME not in nlp.pipe_names:
        where = {"before": "parser"} if "parser" in nlp.pipe_names else {"first": True}
        nlp.add_pipe(LINE_BREAKS_NAME, **where)
    if RELATIONS_NAME not in nlp.pipe_names:
        nlp.add_pipe(RELATIONS_NAME, last=True)
    nlp.max_length = max(nlp.max_length, CHUNK_CHARS + 1)
    return nlp


def split_text(text: str, limit: int = CHUNK_CHARS) -> list[tuple[int, str]]:
    """Cut a text into ``(offset, chunk)`` pieces of at most ``limit`` chars at paragraph or sentence ends.

    >>> split_text("aaa. bbb.\\n\\nccc.", limit=10)
    [(0, 'aaa. bbb.\\n'), (10, '\\nccc.')]
    >>> split_text("short")
    [(0, 'short')]
    """
    pieces = []
    start = 0
    while len(text) - start > limit:
        window = text[start:start + limit]
        cut = max(window.rfind("\n"), window.rfind(". "))
        if cut <= limit // 4:
            cut = window.rfind(" ")
        cut = cut + 1 if cut > 0 else limit
        pieces.append((start, text[start:start + cut]))
        start += cut
    pieces.append((start, text[start:]))
    return pieces


def _shift(record: dict, offset: int, index_offset: int) -> dict:
    if offset:
        record["char_start"] += offset
        record["char_end"] += offset
        for side in ("source", "target"):
            record[side]["start"] += offset
            record[side]["end"] += offset
    record["sentence_index"] += index_offset
    return record


#: ``sentence_index`` of the relations read from an article's title.
TITLE_INDEX = -1


def _chunks(articles: Iterable[Any], limit: int, nlp: Language) -> Iterator[tuple[Doc, tuple[Any, int, int, bool]]]:
    """Each article's title (piece ``TITLE_INDEX``, when it has one) and the pieces of its text."""
    for article in articles:
        pieces = split_text(article.text or "", limit)
        title = (getattr(article, "title", None) or "").strip()
        if title and title in (article.text or "")[:len(title) + 200]:
            title = ""  # a title read from the text's own first line is read there
        parts = [(TITLE_INDEX, 0, title[:limit])] if title else []
        parts += [(n, offset, chunk) for n, (offset, chunk) in enumerate(pieces)]
        for k, (n, offset, chunk) in enumerate(parts):
            doc = nlp.make_doc(chunk)
            doc._.set(ARTICLE_DATE, getattr(article, "date", None))  # people's roles depend on it
            yield doc, (article, offset, n if k else 0, k == len(parts) - 1, n == TITLE_INDEX)


def extract_articles(articles: Iterable[Any], nlp: Language, *, batch_size: int = 16,
                     n_process: int = 1) -> Iterator[tuple[Any, list[dict]]]:
    """Stream ``(article, records)`` for each article, in input order.

    Parameters
    ----------
    articles : iterable of Article
        Anything with ``.id``, ``.text`` and ``.date``.
    nlp : Language
        A pipeline from :func:`build_pipeline`.
    batch_size, n_process
        Passed to ``nlp.pipe``; keep ``n_process=1`` unless tested on your platform.

    Yields
    ------
    (article, list of dict)
        The records of :mod:`extract.record`, with ``article`` = ``article.id``
        and ``date`` = ``article.date``. The date also reaches the pipeline as
        ``doc._.article_date``: people's roles are read on it.
    """
    if RELATIONS_NAME not in nlp.pipe_names:
        raise ValueError("the pipeline has no alliance_relations component; build it with build_pipeline()")
    limit = min(CHUNK_CHARS, nlp.max_length - 1)
    current = None
    records: list[dict] = []
    sent_offset = 0
    for doc, (article, offset, n, last, is_title) in nlp.pipe(_chunks(articles, limit, nlp), as_tuples=True,
                                                             batch_size=batch_size, n_process=n_process):
        if n == 0 and (is_title or current is not article):
            current, records, sent_offset = article, [], 0
        for rel in doc._.relations or ():
            if is_title:  # one sentence, however the parser cut it; offsets stay in the title
                rel["sentence_index"], rel["char_start"], rel["char_end"] = TITLE_INDEX, 0, len(doc.text)
                rel["sentence"] = doc.text
                record = {"article": article.id, **rel, "date": article.date}
            else:
                record = {"article": article.id, **_shift(rel, offset, sent_offset), "date": article.date}
            records.append(record)
        if not is_title:
            sent_offset += sum(1 for _ in doc.sents) if not last else 0
        if last:
            yield current, records
            current, records = None, []
