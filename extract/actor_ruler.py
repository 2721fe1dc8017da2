"""The actor ruler: an entity ruler before ``ner`` whose patterns carry the entry id.

Every alias of :func:`extract.actor_tables.alias_entries` (some 46,000 with their
generated variants) becomes a pattern. Multi-word and long aliases match
case-insensitively (by their tokens' lower case); short all-caps aliases
("US", "UN") match exact case only, so the pronoun "us" is no actor. Of overlapping
matches the longest wins ("Democratic People's Republic of Korea" before "Korea",
"Republic of China" before "China").

Tokenising the patterns is what costs when the pipeline loads (the first time, some 20
seconds), so the patterns' words are kept in a cache file (JSON) under the user's cache
folder (``$XDG_CACHE_HOME/alliancegraph``, else ``~/.cache/alliancegraph``), named by a
hash of the data files, the patterns, the spaCy version and the model's name and version:
a change of any of them makes a new file. The package folder is never written.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from extract.actor_tables import alias_entries, table_files

__all__ = ["ActorRuler", "RULER_NAME", "add_actor_ruler", "ruler_patterns", "cache_dir"]

RULER_NAME = "alliance_actor_ruler"


def _is_exact_alias(alias: str) -> bool:
    """Short all-caps aliases ("US", "UN", "UAE", "IRAN") match case-sensitively."""
    return " " not in alias and len(alias) <= 4 and alias.upper() == alias


def ruler_patterns() -> list[dict]:
    """EntityRuler patterns with the entry id as pattern ``id``.

    Aliases of up to three letters match in upper case only; four-letter
    single words also in title case ("Iran", "Baku"); the rest
    case-insensitively (the ruler's ``phrase_matcher_attr`` is ``LOWER``).

    >>> pats = ruler_patterns()
    >>> [p for p in pats if p["pattern"] == [{"ORTH": "US"}]][0]["id"]
    'USA'
    >>> any(p["pattern"] == [{"ORTH": "Us"}] for p in pats)
    False
    >>> [p["id"] for p in pats if p["pattern"] == "KREMLIN"]
    ['RUS']
    """
    patterns = []
    for alias, ent_id, label in alias_entries():
        if _is_exact_alias(alias):
            forms = {alias}
            if len(alias) == 4 and alias.isalpha():
                forms.add(alias.title())
            for form in sorted(forms):
                patterns.append({"label": label, "pattern": [{"ORTH": form}], "id": ent_id})
        else:
            patterns.append({"label": label, "pattern": alias.upper(), "id": ent_id})
    return patterns


class ActorRuler:
    """The actor EntityRuler: finds every alias in a ``Doc`` and sets it as an entity with its entry id.

    A dictionary lookup of token sequences, longest first: some 45,000 phrase patterns in
    spaCy's ``PhraseMatcher`` would need a ``Lexeme`` for every pattern word, which takes
    longer to build than the model takes to load. Case-insensitive aliases are looked up by
    their tokens' lower case, exact-case ones by their text; of overlapping matches the
    longest wins, then the first; the ruler's entities replace any already set (as the
    ``EntityRuler`` with ``overwrite_ents``).
    """

    def __init__(self, nlp: Language, name: str = "actor_ruler") -> None:
        self.nlp = nlp
        self.name = name
        self.phrases: dict[tuple[str, ...], tuple[str, str]] = {}
        self.exact: dict[str, tuple[str, str]] = {}
        self._firsts: set[str] = set()
        self._longest = 0

    def __len__(self) -> int:
        return len(self.phrases) + len(self.exact)

    def add_patterns(self, patterns: list[dict], tokens: list[list[str]] | None = None) -> None:
        """Add ``{"label", "pattern", "id"}`` patterns; ``tokens`` (each pattern's words, as the
        tokenizer splits them) spares tokenising them again."""
        if tokens is None:
            tokens = _tokenise(self.nlp, patterns)
        for entry, words in zip(patterns, tokens):
            value = (entry["label"], entry["id"])
            if isinstance(entry["pattern"], list) and len(words) == 1:
                self.exact[words[0]] = value
            elif words:
                key = tuple(w.lower() for w in words)
                self.phrases.setdefault(key, value)
                self._firsts.add(key[0])
                self._longest = max(self._longest, len(key))

    def match(self, doc: Doc) -> list[tuple[int, int, str, str]]:
        """``(start, end, label, ent_id)`` of every match, longest first, then by position."""
        lowers = [t.lower_ for t in doc]
        found = []
        for i, tok in enumerate(doc):
            if tok.text in self.exact:
                found.append((i, i + 1, *self.exact[tok.text]))
            if lowers[i] not in self._firsts:
                continue
            for n in range(min(self._longest, len(doc) - i), 0, -1):
                value = self.phrases.get(tuple(lowers[i:i + n]))
                if value is not None:
                    found.append((i, i + n, *value))
                    break
        return sorted(found, key=lambda m: (m[0] - m[1], m[0]))

    def __call__(self, doc: Doc) -> Doc:
        taken: set[int] = set()
        new = []
        for start, end, label, ent_id in self.match(doc):
            if start in taken or end - 1 in taken:
                continue
            new.append(Span(doc, start, end, label=label, span_id=ent_id))
            taken.update(range(start, end))
        kept = [e for e in doc.ents if not any(i in taken for i in range(e.start, e.end))]
        doc.ents = kept + new
        return doc


def _pattern_text(pattern) -> str:
    return pattern[0]["ORTH"] if isinstance(pattern, list) else pattern


def _tokenise(nlp: Language, patterns: list[dict]) -> list[list[str]]:
    return [[t.text for t in doc] for doc in nlp.tokenizer.pipe(_pattern_text(p["pattern"]) for p in patterns)]


@Language.factory("actor_ruler")
def make_actor_ruler(nlp: Language, name: str) -> ActorRuler:
    """Factory of :class:`ActorRuler` (empty: :func:`add_actor_ruler` adds the patterns)."""
    return ActorRuler(nlp, name)


def cache_dir() -> Path:
    """The user's cache folder for alliancegraph (``$XDG_CACHE_HOME/alliancegraph`` or ``~/.cache/alliancegraph``)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "alliancegraph"


def _cache_key(nlp: Language, patterns: list[dict]) -> str:
    digest = hashlib.sha256()
    for path in table_files():
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    digest.update("\n".join(_pattern_text(p["pattern"]) for p in patterns).encode())
    digest.update(spacy.__version__.encode() + nlp.lang.encode() + nlp.meta.get("name", "").encode()
                  + nlp.meta.get("version", "").encode())
    return digest.hexdigest()[:24]


def _pattern_tokens(nlp: Language, patterns: list[dict]) -> list[list[str]]:
    """The patterns' words, read from the cache when it holds them, else made and cached."""
    path = cache_dir() / f"actor-patterns-{_cache_key(nlp, patterns)}.json"
    try:
        tokens = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(tokens, list) and len(tokens) == len(patterns):
            return tokens
    except (OSError, ValueError):
        pass  # missing or unreadable: make it again
    tokens = _tokenise(nlp, patterns)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(tokens, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        pass  # a read-only home: the cache is only a saving
    return tokens


def add_actor_ruler(nlp: Language) -> None:
    """Add the actor EntityRuler before ``ner`` (or last if there is none); idempotent."""
    if RULER_NAME in nlp.pipe_names:
        return
    where = {"before": "ner"} if "ner" in nlp.pipe_names else {}
    ruler = nlp.add_pipe("actor_ruler", name=RULER_NAME, **where)
    patterns = ruler_patterns()
    ruler.add_patterns(patterns, _pattern_tokens(nlp, patterns))
