"""The Wikinews gold set: 70 news articles annotated exhaustively, split into a tune and a test half.

``extract/data/gold/wikinews/`` (see its README) holds 70 English Wikinews articles (50 chosen for
their politics, 20 at random) and every actor-to-actor relation a reader found in them. The scoring
is the annotation's own (README, "Scoring"): article by article, a predicted actor pair is right when
it matches a gold pair of the same article,

- a gold ``state`` by a predicted ``state`` of that country (officials and forces are the state);
- a gold ``igo`` by a predicted ``igo`` of the same acronym or name;
- a gold ``group`` or ``person`` by a predicted actor with the same id or sharing a name word (in its
  id, label or mention text; "the", "of" and "and" do not count),

in either direction when either side is symmetric. Precision counts distinct predicted pairs per
article, recall distinct gold pairs; "signed" also asks for the gold's polarity.

:func:`split` divides the articles by a fixed seed (:data:`SEED`), political and random ones evenly,
into a tune half (the only one whose errors are read while the extractor changes) and a test half
(the one the README quotes). The scoring functions are pure: plain records in, numbers out.
"""

from __future__ import annotations

import json
import random
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from extract.loaders import Article

__all__ = ["WIKINEWS_DIR", "SEED", "GoldArticle", "ArticleScores", "load_gold", "load_articles", "split",
           "score_articles", "article_errors"]

WIKINEWS_DIR = Path(__file__).parent / "data" / "gold" / "wikinews"
#: The seed of the tune/test split; changing it would let the test half's errors be read.
SEED = 2026
_IGNORED_WORDS = frozenset({"the", "of", "and"})


@dataclass(frozen=True)
class GoldArticle:
    """An annotated article: its id, how it was chosen (``political`` or ``random``) and its relations."""

    id: str
    chosen_as: str
    relations: tuple[Mapping[str, Any], ...]


@dataclass(frozen=True)
class ArticleScores:
    """Article-level scores of actor pairs: unsigned and signed (pair and polarity right), and how many
    political articles yielded no relation at all."""

    precision: float
    recall: float
    f1: float
    signed_precision: float
    signed_recall: float
    signed_f1: float
    tp: int
    fp: int
    fn: int
    articles: int
    political: int
    political_silent: int


def _read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@lru_cache(maxsize=1)
def load_gold() -> tuple[GoldArticle, ...]:
    """The 70 annotated articles with their gold relations, in file order."""
    relations: dict[str, list[dict]] = defaultdict(list)
    for rel in _read_jsonl(WIKINEWS_DIR / "gold_relations.jsonl"):
        relations[rel["article"]].append(rel)
    return tuple(GoldArticle(a["article"], a["chosen_as"], tuple(relations.get(a["article"], ())))
                 for a in _read_jsonl(WIKINEWS_DIR / "gold_articles.jsonl"))


def load_articles() -> dict[str, Article]:
    """The annotated articles' texts, by id."""
    return {a["id"]: Article(a["id"], a["text"], a.get("title"), a.get("date"), a.get("url"))
            for a in _read_jsonl(WIKINEWS_DIR / "articles.jsonl")}


def split(gold: Iterable[GoldArticle] | None = None, seed: int = SEED) -> dict[str, list[GoldArticle]]:
    """``{"tune": [...], "test": [...]}``: each kind of article (political, random) shuffled by ``seed``
    and halved, so both halves have the same mix.

    >>> halves = split()
    >>> len(halves["tune"]), len(halves["test"])
    (35, 35)
    >>> sum(a.chosen_as == "political" for a in halves["test"])
    25
    """
    gold = load_gold() if gold is None else tuple(gold)
    halves: dict[str, list[GoldArticle]] = {"tune": [], "test": []}
    rng = random.Random(seed)
    for kind in sorted({a.chosen_as for a in gold}):
        group = sorted((a for a in gold if a.chosen_as == kind), key=lambda a: a.id)
        rng.shuffle(group)
        cut = (len(group) + 1) // 2
        halves["tune"].extend(group[:cut])
        halves["test"].extend(group[cut:])
    return halves


# -- matching actors -----------------------------------------------------------------------------

def _name_words(*names: str) -> frozenset[str]:
    words = set()
    for name in names:
        words.update(w for w in re.findall(r"\w+", (name or "").lower()) if w not in _IGNORED_WORDS)
    return frozenset(words)


@lru_cache(maxsize=1)
def _igo_names() -> dict[str, frozenset[str]]:
    """Predicted IGO id -> its names (label, aliases), upper-cased, as the scorer compares them."""
    from extract.actors import actor_registry, alias_table

    names: dict[str, set[str]] = defaultdict(set)
    for actor in actor_registry().values():
        if actor.kind == "igo":
            names[actor.id].update({actor.id.upper(), actor.label.upper()})
    for alias, code, _label in alias_table():
        if code in names:
            names[code].add(alias.upper())
    return {code: frozenset(n) for code, n in names.items()}


def _acronym(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"\w+", name) if w.lower() not in _IGNORED_WORDS).upper()


@dataclass
class _Predicted:
    """A predicted actor of one article: its id, kind, country and every name it was seen under."""

    id: str
    kind: str
    country: str | None
    names: set[str]


def _matches(gold: Mapping[str, Any], pred: _Predicted) -> bool:
    kind, gid = gold.get("kind"), str(gold.get("id") or "")
    if kind == "state":
        return pred.kind == "state" and pred.country == gid
    if kind == "igo":
        if pred.kind != "igo":
            return False
        known = _igo_names().get(pred.id, frozenset()) | {n.upper() for n in pred.names}
        wanted = {gid.upper(), str(gold.get("text") or "").upper()} - {""}
        return bool(wanted & known) or gid.upper() in {_acronym(n) for n in known}
    if pred.id == gid:
        return True
    return bool(_name_words(gid, str(gold.get("text") or "")) & _name_words(pred.id, *pred.names))


def _pair_matches(gold: Mapping[str, Any], src: _Predicted, tgt: _Predicted, symmetric: bool) -> bool:
    if _matches(gold["source"], src) and _matches(gold["target"], tgt):
        return True
    return (symmetric or bool(gold.get("symmetric"))) and _matches(gold["source"], tgt) and _matches(gold["target"], src)


# -- scoring -------------------------------------------------------------------------------------

def _sign(x: float) -> int:
    return (x > 0) - (x < 0)


def _predicted_pairs(records: Iterable[Mapping[str, Any]]) -> dict[str, dict[tuple, dict]]:
    """Article -> distinct predicted (source id, target id, polarity) -> actors and symmetry."""
    actors: dict[tuple[str, str], _Predicted] = {}
    pairs: dict[str, dict[tuple, dict]] = defaultdict(dict)
    for rec in records:
        article = str(rec.get("article"))
        ends = []
        for side in ("source", "target"):
            m = rec.get(side) or {}
            key = (article, str(m.get("id")))
            found = actors.setdefault(key, _Predicted(str(m.get("id")), str(m.get("kind")), m.get("country"), set()))
            found.names.update(n for n in (m.get("label"), m.get("text")) if n)
            ends.append(found)
        polarity = _sign(rec.get("polarity") or 0)
        symmetric = bool(rec.get("symmetric"))
        key = (ends[0].id, ends[1].id, polarity)
        if symmetric:
            key = (*sorted((ends[0].id, ends[1].id)), polarity)
        entry = pairs[article].setdefault(key, {"source": ends[0], "target": ends[1], "symmetric": symmetric,
                                                "polarity": polarity, "records": []})
        entry["records"].append(rec)
    return pairs


def _gold_pairs(article: GoldArticle) -> dict[tuple, Mapping[str, Any]]:
    """Distinct gold (source id, target id, polarity) of an article (symmetric ones in either order)."""
    out: dict[tuple, Mapping[str, Any]] = {}
    for rel in article.relations:
        s, t = str(rel["source"]["id"]), str(rel["target"]["id"])
        ends = tuple(sorted((s, t))) if rel.get("symmetric") else (s, t)
        out.setdefault((*ends, int(rel.get("polarity") or 0)), rel)
    return out


def _prf(hit_pred: int, n_pred: int, hit_gold: int, n_gold: int) -> tuple[float, float, float]:
    p = hit_pred / n_pred if n_pred else 0.0
    r = hit_gold / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return round(p, 4), round(r, 4), round(f, 4)


def score_articles(records: Iterable[Mapping[str, Any]], gold: Iterable[GoldArticle]) -> ArticleScores:
    """Article-level scores of ``records`` (relation records, any article) against ``gold``.

    Examples
    --------
    >>> gold = [GoldArticle("a", "political", ({"source": {"id": "USA", "kind": "state"},
    ...     "target": {"id": "Hong Kong protesters", "kind": "group", "text": "protesters"},
    ...     "polarity": 1, "symmetric": False},))]
    >>> rec = {"article": "a", "polarity": 1, "symmetric": False,
    ...        "source": {"id": "USA", "kind": "state", "country": "USA", "label": "United States", "text": "US"},
    ...        "target": {"id": "HKGOPP", "kind": "group", "country": "HKG", "label": "Hong Kong (opposition)",
    ...                   "text": "protesters"}}
    >>> s = score_articles([rec], gold)
    >>> s.precision, s.recall, s.signed_f1, s.political_silent
    (1.0, 1.0, 1.0, 0)
    """
    gold = list(gold)
    wanted = {g.id for g in gold}
    predicted = _predicted_pairs(r for r in records if str(r.get("article")) in wanted)
    n_pred = hit_pred = n_gold = hit_gold = 0
    s_pred = s_hit_pred = s_gold = s_hit_gold = 0
    silent = 0
    for article in gold:
        preds = predicted.get(article.id, {})
        golds = _gold_pairs(article)
        if article.chosen_as == "political" and not preds:
            silent += 1
        # unsigned: distinct pairs regardless of polarity
        upreds = {k[:2]: v for k, v in preds.items()}
        ugolds = {k[:2]: v for k, v in golds.items()}
        n_pred += len(upreds)
        n_gold += len(ugolds)
        hit_pred += sum(any(_pair_matches(g, p["source"], p["target"], p["symmetric"]) for g in ugolds.values())
                        for p in upreds.values())
        hit_gold += sum(any(_pair_matches(g, p["source"], p["target"], p["symmetric"]) for p in upreds.values())
                        for g in ugolds.values())
        s_pred += len(preds)
        s_gold += len(golds)
        s_hit_pred += sum(any(p["polarity"] == int(g.get("polarity") or 0)
                              and _pair_matches(g, p["source"], p["target"], p["symmetric"]) for g in golds.values())
                          for p in preds.values())
        s_hit_gold += sum(any(p["polarity"] == int(g.get("polarity") or 0)
                              and _pair_matches(g, p["source"], p["target"], p["symmetric"]) for p in preds.values())
                          for g in golds.values())
    p, r, f = _prf(hit_pred, n_pred, hit_gold, n_gold)
    sp, sr, sf = _prf(s_hit_pred, s_pred, s_hit_gold, s_gold)
    return ArticleScores(p, r, f, sp, sr, sf, hit_gold, n_pred - hit_pred, n_gold - hit_gold, len(gold),
                         sum(a.chosen_as == "political" for a in gold), silent)


def article_errors(records: Iterable[Mapping[str, Any]], gold: Iterable[GoldArticle]) -> list[dict[str, Any]]:
    """Per article: the predicted pairs that match no gold pair (with their sentences) and the gold
    pairs no prediction found, for reading the errors of the tune half."""
    gold = list(gold)
    wanted = {g.id for g in gold}
    predicted = _predicted_pairs(r for r in records if str(r.get("article")) in wanted)
    out = []
    for article in gold:
        preds = predicted.get(article.id, {})
        golds = _gold_pairs(article)
        wrong = [{"source": p["source"].id, "target": p["target"].id, "polarity": p["polarity"],
                  "sentences": sorted({r.get("sentence", "") for r in p["records"]}),
                  "types": sorted({r.get("type", "") for r in p["records"]})}
                 for p in preds.values()
                 if not any(_pair_matches(g, p["source"], p["target"], p["symmetric"]) for g in golds.values())]
        missed = [{"source": g["source"]["id"], "target": g["target"]["id"], "polarity": g.get("polarity"),
                   "type": g.get("type"), "sentence": g.get("sentence"), "notes": g.get("notes", "")}
                  for g in golds.values()
                  if not any(_pair_matches(g, p["source"], p["target"], p["symmetric"]) for p in preds.values())]
        if wrong or missed:
            out.append({"article": article.id, "chosen_as": article.chosen_as, "wrong": wrong, "missed": missed})
    return out
