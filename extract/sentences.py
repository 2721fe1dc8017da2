"""Sentence starts at line breaks, set before the parser.

News text puts headings, datelines and "Published on ..." lines on lines of
their own, without final punctuation; the parser alone glues them to the next
sentence. The ``line_breaks`` component marks ``is_sent_start`` after a newline
token when

* the break is a blank line (two or more newlines), or
* the line before ends a sentence (``.``, ``!``, ``?``, a closing quote...), or
* the line before reads like a heading: it does not end on a word that needs a
  continuation (a preposition, article, conjunction, comma...) and the next line
  starts with a capital, a digit or a quote.

A line wrapped in the middle of a sentence ("talks between\\nthe two") is left
to the parser. The parser respects the starts set here (spaCy v3).

>>> import spacy
>>> nlp = spacy.blank("en")
>>> _ = nlp.add_pipe("line_breaks")
>>> doc = nlp("Relations nose-dive\\n\\nPublished on July 4\\nThe talks between\\nthe two went on.")
>>> [t.text for t in doc if t.is_sent_start]
['Relations', 'Published', 'The']
"""

from __future__ import annotations

import numpy
from spacy.language import Language
from spacy.tokens import Doc, Span

__all__ = ["LINE_BREAKS_NAME", "mark_line_breaks", "trimmed"]

LINE_BREAKS_NAME = "line_breaks"

_FINAL = frozenset(".!?…:;\"”’)»")
#: Penn tags of words a line cannot end on unless the sentence goes on.
_CONTINUING_TAGS = frozenset({"IN", "DT", "CC", "TO", "PRP$", "POS", "WDT", "WP$", "PDT", ",", "HYPH", "MD"})
_CONTINUING_WORDS = frozenset("of the a an and or but to in on at by for with from between as that "
                              "which who whose its their his her our your".split())


def _line_ends_heading(prev, nxt) -> bool:
    if prev.text[-1] in _FINAL:
        return True
    if prev.tag_ in _CONTINUING_TAGS or prev.lower_ in _CONTINUING_WORDS or prev.text[-1] in ",-–—":
        return False
    first = nxt.text[0]
    return first.isupper() or first.isdigit() or first in "\"'“‘"


def mark_line_breaks(doc: Doc) -> Doc:
    """Set ``is_sent_start`` on the first token of a line that starts a sentence (see the module doc)."""
    if "\n" not in doc.text:
        return doc
    n = len(doc)
    for i in numpy.flatnonzero(doc.to_array("IS_SPACE")).tolist():  # only whitespace tokens
        if i == 0 or i >= n - 1:
            continue
        newlines = doc[i].text.count("\n")
        if not newlines:
            continue
        nxt = doc[i + 1]
        if nxt.is_space:
            continue
        prev = doc[i - 1]
        if newlines >= 2 or prev.is_space or _line_ends_heading(prev, nxt):
            nxt.is_sent_start = True
    return doc


@Language.component(LINE_BREAKS_NAME, assigns=["token.is_sent_start"])
def line_breaks(doc: Doc) -> Doc:
    """Pipeline component: sentence starts after blank lines and heading lines."""
    return mark_line_breaks(doc)


def trimmed(span: Span) -> Span:
    """The span without leading and trailing whitespace tokens.

    >>> import spacy
    >>> doc = spacy.blank("en")("Heading\\n\\nText")
    >>> trimmed(doc[0:2]).text
    'Heading'
    """
    start, end = span.start, span.end
    doc = span.doc
    while start < end and doc[start].is_space:
        start += 1
    while end > start and doc[end - 1].is_space:
        end -= 1
    return doc[start:end]
