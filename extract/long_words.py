"""The model's tokenizer in time linear in the text, whatever the text.

spaCy's tokenizer peels prefixes and suffixes off a whitespace-free run one character at a time and
searches the rest again each time: 8,000 ``(`` in a row took 17 s and a million would take days, holding
the GIL. No word is that long; a run of more than :data:`LONGEST_WORD` characters (junk, a data blob, a
very long URL) is cut into pieces of that length, taken as tokens as they are, and the text between such
runs goes to the model's tokenizer. The Doc's text is the article's, character for character, so every
offset stays right; text without such a run is tokenized exactly as before.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

__all__ = ["LONGEST_WORD", "BoundedTokenizer"]

#: Longest whitespace-free run handed to spaCy's tokenizer (which costs ~0.6 s per MB of 100-character runs).
LONGEST_WORD = 100

_RUN = re.compile(r"\S+")  # one greedy class: each character is read once


class BoundedTokenizer:
    """Wraps a spaCy tokenizer: runs longer than ``longest`` characters become ``longest``-character tokens.

    >>> import spacy
    >>> tokenize = BoundedTokenizer(spacy.blank("en").tokenizer, longest=4)
    >>> [t.text for t in tokenize("Baku ((((((((((x) said.")]
    ['Baku', '((((', '((((', '((x)', 'said', '.']
    >>> tokenize("Baku ((((((((((x) said.").text
    'Baku ((((((((((x) said.'
    """

    def __init__(self, tokenizer, longest: int = LONGEST_WORD):
        self.tokenizer = tokenizer
        self.longest = longest

    def __getattr__(self, name: str):
        if name == "tokenizer":  # not set yet (while unpickling): no recursion
            raise AttributeError(name)
        return getattr(self.tokenizer, name)  # vocab, explain, to_bytes, ... as the model's tokenizer has them

    def __call__(self, text: str) -> Doc:
        if max(map(len, text.split()), default=0) <= self.longest:
            return self.tokenizer(text)
        parts, done = [], 0
        for run in _RUN.finditer(text):
            start, end = run.span()
            if end - start <= self.longest:
                continue
            if done < start:
                parts.append(self.tokenizer(text[done:start]))
            words = [text[i:min(i + self.longest, end)] for i in range(start, end, self.longest)]
            spaces = [False] * len(words)
            if text.startswith(" ", end):  # the space after a run belongs to its last piece, as spaCy does
                spaces[-1] = True
                end += 1
            parts.append(Doc(self.tokenizer.vocab, words=words, spaces=spaces))
            done = end
        if done < len(text):
            parts.append(self.tokenizer(text[done:]))
        return Doc.from_docs(parts, ensure_whitespace=False)
