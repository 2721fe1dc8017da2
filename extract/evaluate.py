"""Score the extractor on the gold sets shipped in ``extract/data/gold/``.

Three gold sets (see ``extract/data/gold/README.md`` for origin and license):

* PETRARCH-2 validation sentences: expected CAMEO events, scored as directed
  country dyads per sentence (:func:`load_petrarch_gold`, :func:`score_dyads`);
* the two seed articles: required and acceptable relations annotated by hand
  (:func:`load_seed_gold`, :func:`score_seed_articles`);
* 60 alliance sentences written for the project (issue 3), same schema and
  scoring as the PETRARCH sentences (:func:`load_alliance_gold`);
* 70 Wikinews articles annotated exhaustively, split into a tune and a test half, scored
  article by article on actor pairs (:mod:`extract.wikinews`);
* the actor-name table: names as news text writes them and the actor each should
  resolve to, scored by :mod:`extract.actor_names`.

:func:`evaluate` runs the real pipeline and a naive co-occurrence baseline
(:func:`baseline_records`) on the first three, and the pipeline on the name table;
:func:`format_table` prints them side by side.
The scoring functions are pure: they take plain records (see :mod:`extract.record`).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from extract.loaders import Article

__all__ = [
    "GOLD_DIR", "Dyad", "GoldSentence", "PredictedDyad", "Scores",
    "country_codes", "cameo_actor", "quad_polarity",
    "load_petrarch_gold", "load_alliance_gold", "load_seed_gold", "seed_articles",
    "predicted_dyads", "score_dyads", "score_seed_articles",
    "baseline_records", "evaluate", "format_table",
]

GOLD_DIR = Path(__file__).parent / "data" / "gold"
_CAMEO_DIR = Path(__file__).parent / "data" / "cameo"

Dyad = tuple[str, str]


@dataclass(frozen=True)
class GoldSentence:
    """A PETRARCH validation sentence and the directed dyads it should give.

    ``dyads`` are (source, target) actor codes in the gold's order, without
    repeats; ``polarity`` maps each to +1, -1 or 0.
    """

    id: str
    text: str
    dyads: tuple[Dyad, ...]
    polarity: Mapping[Dyad, int] = field(default_factory=dict)
    real_news: bool = False


@dataclass(frozen=True)
class PredictedDyad:
    """One predicted actor pair in a sentence; ``symmetric`` pairs match either direction."""

    source: str
    target: str
    polarity: int = 0
    symmetric: bool = False


@dataclass(frozen=True)
class Scores:
    """Dyad scores. ``tp`` counts gold dyads found, ``fp`` predicted pairs matching none,
    ``fn`` gold dyads missed; ``polarity_accuracy`` is over the ``tp`` dyads
    (``None`` when there are none)."""

    precision: float
    recall: float
    f1: float
    polarity_accuracy: float | None
    tp: int
    fp: int
    fn: int


# -- actor codes ---------------------------------------------------------------

@lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    """The ISO 3166-1 alpha-3 codes of the CAMEO country table.

    >>> {"RUS", "AZE", "PSE"} <= country_codes()
    True
    """
    codes = set()
    with open(_CAMEO_DIR / "cameo_countries.txt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) > 1 and parts[1]:
                codes.add(parts[1])
    return frozenset(codes)


@lru_cache(maxsize=1)
def _organisation_codes() -> frozenset[str]:
    from extract.actors import actor_registry

    return frozenset(a.id for a in actor_registry().values() if a.kind in ("igo", "org", "group") and not a.country)


def cameo_actor(code: str) -> str:
    """The dyad actor of a CAMEO actor code: its country, else the organisation, else the whole code.

    Role codes after a country ("RUSGOV") or after a known organisation
    ("IGOUNOMIL", UN troops) are dropped, as CAMEO's primary code is the actor.

    >>> cameo_actor("RUSGOV"), cameo_actor("USA"), cameo_actor("IGOEUREEC"), cameo_actor("---REB")
    ('RUS', 'USA', 'IGOEUREEC', '---REB')
    >>> cameo_actor("IGOUNOMIL"), cameo_actor("IMGMUSISI")
    ('IGOUNO', 'IMGMUSISI')
    """
    head = code[:3]
    if head in country_codes():
        return head
    known = _organisation_codes()
    for cut in range(len(code) - 3, 5, -3):  # longest known organisation prefix
        if code not in known and code[:cut] in known:
            return code[:cut]
    return code


def quad_polarity(quad_class: int) -> int:
    """Polarity of a CAMEO quad class: cooperation (1, 2) +1, conflict (3, 4) -1, neutral 0.

    >>> [quad_polarity(q) for q in (0, 1, 2, 3, 4)]
    [0, 1, 1, -1, -1]
    """
    return {1: 1, 2: 1, 3: -1, 4: -1}.get(int(quad_class), 0)


# -- gold sets -----------------------------------------------------------------

def load_petrarch_gold(path: str | Path | None = None) -> list[GoldSentence]:
    """Load the PETRARCH-2 validation sentences with their expected directed dyads.

    When one sentence codes the same dyad twice, the first event's polarity counts.

    >>> gold = load_petrarch_gold()
    >>> len(gold), gold[0].dyads, gold[0].polarity[("USA", "CHN")]
    (78, (('USA', 'CHN'),), 1)
    """
    path = Path(path) if path else GOLD_DIR / "petrarch2_gsr_validation.jsonl"
    sentences = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            row = json.loads(line)
            polarity: dict[Dyad, int] = {}
            for event in row.get("events") or []:
                dyad = (cameo_actor(event["source"]), cameo_actor(event["target"]))
                polarity.setdefault(dyad, quad_polarity(event["quad_class"]))
            sentences.append(GoldSentence(
                id=str(row["id"]), text=row["text"], dyads=tuple(polarity), polarity=polarity,
                real_news=bool(row.get("real_news_sentence")),
            ))
    return sentences


def load_alliance_gold(path: str | Path | None = None) -> list[GoldSentence]:
    """Load the 60 alliance sentences written for the project (issue 3).

    Same schema as the PETRARCH file, read by :func:`load_petrarch_gold`;
    13 sentences have no relation (``noevents``).

    >>> gold = load_alliance_gold()
    >>> len(gold), sum(1 for g in gold if not g.dyads), gold[0].dyads
    (60, 13, (('TUR', 'HUN'), ('HUN', 'TUR')))
    """
    return load_petrarch_gold(Path(path) if path else GOLD_DIR / "alliance_sentences.jsonl")


def load_seed_gold(path: str | Path | None = None) -> dict[str, dict[str, Any]]:
    """Load the hand annotation of the seed articles: article id -> ``{date, required, acceptable}``.

    Each relation is a dict with ``source``, ``target``, ``polarity``, ``quad``,
    ``directed`` and ``evidence``.

    >>> gold = load_seed_gold()
    >>> sorted(gold), len(gold["004_e9f209920a997efe.txt"]["required"])
    (['000_d556f14b6f535caa.txt', '004_e9f209920a997efe.txt'], 5)
    """
    path = Path(path) if path else GOLD_DIR / "seed_articles_gold.json"
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return {
        article_id: {
            "date": entry.get("date"),
            "required": list(entry.get("required", [])),
            "acceptable": list(entry.get("acceptable", [])),
        }
        for article_id, entry in data["articles"].items()
    }


def seed_articles() -> list[Article]:
    """The two seed articles the seed gold annotates, read with :func:`extract.loaders.iter_articles`."""
    from extract.loaders import iter_articles

    folder = GOLD_DIR / "seed_articles"
    return [a for a in iter_articles([folder]) if isinstance(a, Article)]


# -- scoring -------------------------------------------------------------------

def _actor(mention: Mapping[str, Any] | None) -> str | None:
    if not mention:
        return None
    return mention.get("country") or mention.get("id")


def predicted_dyads(records: Iterable[Mapping[str, Any]]) -> dict[str, list[PredictedDyad]]:
    """Group relation records into predicted dyads by article id.

    The actor is the mention's ``country``, else its ``id``.

    >>> recs = [{"article": "s1", "source": {"id": "Erdogan", "country": "TUR"},
    ...          "target": {"id": "ARM", "country": "ARM"}, "polarity": 1, "symmetric": True}]
    >>> predicted_dyads(recs)
    {'s1': [PredictedDyad(source='TUR', target='ARM', polarity=1, symmetric=True)]}
    """
    out: dict[str, list[PredictedDyad]] = defaultdict(list)
    for rec in records:
        src, tgt = _actor(rec.get("source")), _actor(rec.get("target"))
        if src and tgt:
            out[str(rec.get("article"))].append(PredictedDyad(
                src, tgt, int(rec.get("polarity") or 0), bool(rec.get("symmetric"))))
    return dict(out)


def _sign(x: float) -> int:
    return (x > 0) - (x < 0)


def _match_sentence(predicted: Iterable[PredictedDyad], gold: GoldSentence) -> tuple[int, int, int, int]:
    """(tp, fp, fn, polarity hits) for one sentence."""
    directed: dict[Dyad, int] = defaultdict(int)
    symmetric: dict[frozenset, int] = defaultdict(int)
    for p in predicted:
        if p.symmetric:
            symmetric[frozenset((p.source, p.target))] += p.polarity
        else:
            directed[(p.source, p.target)] += p.polarity
    # a symmetric pair already asserted by a directed prediction adds nothing
    for pair in [s for s in symmetric if any(frozenset(d) == s for d in directed)]:
        del symmetric[pair]
    used_directed: set[Dyad] = set()
    used_symmetric: set[frozenset] = set()
    tp = hits = 0
    for dyad in gold.dyads:
        pair = frozenset(dyad)
        if dyad in directed:
            polarity = _sign(directed[dyad])
            used_directed.add(dyad)
        elif pair in symmetric:
            polarity = _sign(symmetric[pair])
            used_symmetric.add(pair)
        else:
            continue
        tp += 1
        hits += polarity == gold.polarity.get(dyad, 0)
    fp = (len(directed) - len(used_directed)) + (len(symmetric) - len(used_symmetric))
    return tp, fp, len(gold.dyads) - tp, hits


def score_dyads(predicted: Mapping[str, Iterable[PredictedDyad]] | Iterable[Mapping[str, Any]],
                gold: Iterable[GoldSentence]) -> Scores:
    """Score predicted dyads against gold sentences.

    A gold dyad is found when the same sentence has a prediction with the same
    source and target, or a symmetric prediction with the two in either order
    (one symmetric prediction can find both directions). Predictions for one
    pair are merged; their polarity is the sign of the sum. Predictions for
    sentences not in ``gold`` are ignored.

    Parameters
    ----------
    predicted : mapping of sentence id to PredictedDyad list, or relation records
        Records are grouped with :func:`predicted_dyads`.
    gold : iterable of GoldSentence

    Returns
    -------
    Scores
        ``precision = tp / (tp + fp)``, ``recall = tp / (tp + fn)``.

    Examples
    --------
    >>> gold = [GoldSentence("s1", "...", (("RUS", "AZE"), ("AZE", "RUS")),
    ...                      {("RUS", "AZE"): -1, ("AZE", "RUS"): -1})]
    >>> score_dyads({"s1": [PredictedDyad("RUS", "AZE", -1), PredictedDyad("RUS", "TUR", 1)]}, gold)
    Scores(precision=0.5, recall=0.5, f1=0.5, polarity_accuracy=1.0, tp=1, fp=1, fn=1)
    """
    if not isinstance(predicted, Mapping):
        predicted = predicted_dyads(predicted)
    tp = fp = fn = hits = 0
    for sentence in gold:
        t, f, n, h = _match_sentence(predicted.get(sentence.id, ()), sentence)
        tp, fp, fn, hits = tp + t, fp + f, fn + n, hits + h
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(round(precision, 4), round(recall, 4), round(f1, 4),
                  round(hits / tp, 4) if tp else None, tp, fp, fn)


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]{3,}", text.lower()))


def _pair_matches(rel: Mapping[str, Any], src: str, tgt: str, symmetric: bool) -> bool:
    if (rel["source"], rel["target"]) == (src, tgt):
        return True
    return (not rel.get("directed", True) or symmetric) and (rel["target"], rel["source"]) == (src, tgt)


def score_seed_articles(records: Iterable[Mapping[str, Any]],
                        gold: Mapping[str, Mapping[str, Any]] | None = None) -> dict[str, Any]:
    """Check relation records against the seed articles' hand annotation.

    A required relation is found by a record of its article with the same
    polarity and the same countries: in its direction when the gold is
    ``directed`` (a ``symmetric`` record matches either way), in either
    direction otherwise. Each record finds at most one required relation (the
    one whose evidence shares most words with the record's sentence). A false
    positive is a record between two different countries that matches no
    required or acceptable relation of its article, polarity included.

    Returns
    -------
    dict
        ``required_found``, ``required_total``, ``missing`` (the gold relations
        not found) and ``false_positives`` (short dicts: ``article, source,
        target, polarity, type, sentence``).

    Examples
    --------
    >>> gold = {"a": {"required": [{"source": "TUR", "target": "ARM", "polarity": 1,
    ...                             "directed": False, "evidence": "meeting"}], "acceptable": []}}
    >>> recs = [{"article": "a", "source": {"country": "ARM"}, "target": {"country": "TUR"},
    ...          "polarity": 1, "symmetric": False, "type": "CONSULT", "sentence": "They met."},
    ...         {"article": "a", "source": {"country": "RUS"}, "target": {"country": "TUR"},
    ...          "polarity": -1, "symmetric": False, "type": "ACCUSE", "sentence": "Moscow accused."}]
    >>> result = score_seed_articles(recs, gold)
    >>> result["required_found"], result["required_total"], len(result["false_positives"])
    (1, 1, 1)
    """
    gold = load_seed_gold() if gold is None else gold
    by_article: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for rec in records:
        by_article[str(rec.get("article"))].append(rec)

    found = 0
    missing: list[dict[str, Any]] = []
    false_positives: list[dict[str, Any]] = []
    for article_id, entry in gold.items():
        recs = [r for r in by_article.get(article_id, [])
                if (r.get("source") or {}).get("country") and (r.get("target") or {}).get("country")]

        def matches(rel, rec):
            return (_sign(rec.get("polarity") or 0) == rel["polarity"]
                    and _pair_matches(rel, rec["source"]["country"], rec["target"]["country"],
                                      bool(rec.get("symmetric"))))

        required = entry.get("required", [])
        candidates = {i: [j for j, rec in enumerate(recs) if matches(rel, rec)]
                      for i, rel in enumerate(required)}
        used: set[int] = set()
        for i in sorted(candidates, key=lambda i: len(candidates[i])):
            evidence = _words(required[i].get("evidence", ""))
            free = [j for j in candidates[i] if j not in used]
            if free:
                used.add(max(free, key=lambda j: len(evidence & _words(recs[j].get("sentence", "")))))
                found += 1
            else:
                missing.append(dict(required[i], article=article_id))
        listed = required + list(entry.get("acceptable", []))
        for rec in recs:
            if rec["source"]["country"] == rec["target"]["country"]:
                continue
            if not any(matches(rel, rec) for rel in listed):
                false_positives.append({
                    "article": article_id, "source": rec["source"]["country"],
                    "target": rec["target"]["country"], "polarity": rec.get("polarity"),
                    "type": rec.get("type"), "sentence": rec.get("sentence"),
                })
    return {
        "required_found": found,
        "required_total": sum(len(e.get("required", [])) for e in gold.values()),
        "missing": missing,
        "false_positives": false_positives,
    }


# -- the co-occurrence baseline -----------------------------------------------

_CONFLICT = (
    "attack", "assault", "kill", "bomb", "shell", "shot", "shoot", "fire", "strike", "struck",
    "invade", "invasion", "war", "fight", "clash", "battle", "raid", "arrest", "detain", "seize",
    "accuse", "condemn", "criticis", "criticiz", "denounce", "blame", "protest", "reject", "refuse",
    "deny", "threat", "warn", "sanction", "expel", "ban", "boycott", "demand", "tension", "hostil",
    "dispute", "against", "retaliat", "punish", "violat", "oppos", "deteriorat", "rift", "spy",
    "espionage", "summon", "freez", "cut ties", "sever", "downed", "dead", "wounded", "killed",
)
_COOPERATION = (
    "agree", "agreement", "deal", "accord", "treaty", "sign", "meet", "meeting", "met ", "talks",
    "visit", "host", "welcome", "praise", "support", "aid", "assist", "help", "donat", "provid",
    "cooperat", "partner", "ally", "alliance", "ties", "friend", "invest", "trade", "joint",
    "mediat", "negotiat", "peace", "ceasefire", "release", "grant", "offer", "thank", "congratulat",
    "closer", "deepen", "strengthen", "pledge", "promis", "endorse", "backing", "recogni",
)


def _keyword_polarity(sentence: str) -> int:
    low = sentence.lower()
    conflict = sum(low.count(k) for k in _CONFLICT)
    cooperation = sum(low.count(k) for k in _COOPERATION)
    return _sign(cooperation - conflict)


@lru_cache(maxsize=1)
def _country_pattern() -> tuple[re.Pattern, dict[str, str]]:
    aliases: dict[str, str] = {}
    with open(_CAMEO_DIR / "cameo_countries.txt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            parts = line.rstrip("\n").split("\t")
            alias = parts[0].replace("_", " ").strip()
            if len(parts) > 1 and alias and parts[1]:
                aliases.setdefault(alias.upper(), parts[1])
    alternation = "|".join(re.escape(a) for a in sorted(aliases, key=len, reverse=True))
    return re.compile(rf"(?<![\w.])(?:{alternation})(?!\w)", re.I), aliases


def _countries_in(sentence: str) -> list[tuple[str, int, int, str]]:
    pattern, aliases = _country_pattern()
    found = []
    for m in pattern.finditer(sentence):
        text = m.group(0)
        # names are capitalised; short aliases (US, UAE) must be written in capitals
        if not text[0].isupper() or (len(text.replace(".", "")) <= 3 and not text.isupper()):
            continue
        found.append((aliases[text.upper()], m.start(), m.end(), text))
    return found


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'“A-Z0-9])|\n+")


def _sentences(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        if text[start:m.start()].strip():
            spans.append((start, m.start()))
        start = m.end()
    if text[start:].strip():
        spans.append((start, len(text)))
    return spans


def baseline_records(articles: Iterable[Article]) -> list[dict[str, Any]]:
    """The co-occurrence baseline: every ordered pair of distinct countries named in a sentence.

    Countries are found by the CAMEO country aliases; each pair's polarity is
    the sentence's balance of cooperation and conflict keywords. The records
    have the fields :func:`score_dyads` and :func:`score_seed_articles` read.

    >>> recs = baseline_records([Article("a", "Turkey and Azerbaijan signed a deal. Fine weather.")])
    >>> [(r["source"]["country"], r["target"]["country"], r["polarity"]) for r in recs]
    [('TUR', 'AZE', 1), ('AZE', 'TUR', 1)]
    """
    records = []
    for article in articles:
        for index, (start, end) in enumerate(_sentences(article.text)):
            sentence = article.text[start:end]
            mentions = _countries_in(sentence)
            polarity = None
            for i, (src, s0, s1, stext) in enumerate(mentions):
                for tgt, t0, t1, ttext in mentions:
                    if src == tgt:
                        continue
                    if polarity is None:
                        polarity = _keyword_polarity(sentence)
                    records.append({
                        "article": article.id, "sentence": sentence, "sentence_index": index,
                        "char_start": start, "char_end": end,
                        "source": _mention(src, stext, start + s0, start + s1),
                        "target": _mention(tgt, ttext, start + t0, start + t1),
                        "type": "COOCCUR", "quad_class": 0, "polarity": polarity,
                        "intensity": 0.0, "negated": False, "symmetric": False,
                        "confidence": 0.1, "trigger": "", "date": article.date,
                    })
    # one record per ordered pair and sentence
    unique: dict[tuple, dict[str, Any]] = {}
    for rec in records:
        key = (rec["article"], rec["sentence_index"], rec["source"]["id"], rec["target"]["id"])
        unique.setdefault(key, rec)
    return list(unique.values())


def _mention(code: str, text: str, start: int, end: int) -> dict[str, Any]:
    return {"id": code, "label": code, "text": text, "kind": "state", "country": code,
            "start": start, "end": end}


# -- running it -----------------------------------------------------------------

def evaluate(nlp=None, *, baseline: bool = True, names: bool = True) -> dict[str, Any]:
    """Run the extractor (and the baseline) on the gold sets and score them.

    Parameters
    ----------
    nlp : spacy.Language, optional
        A pipeline from :func:`extract.pipeline.build_pipeline`; built when omitted.
    baseline : bool
        Also score :func:`baseline_records`.
    names : bool
        Also score the actor-name table (:mod:`extract.actor_names`; the extractor only).

    Returns
    -------
    dict
        ``{"petrarch": {system: Scores}, "petrarch_real": {system: Scores},
        "alliance": {system: Scores}, "seed": {system: seed result}, "wikinews_tune" and
        "wikinews_test": {system: ArticleScores}, "names": {"extractor": NameScores}, "sizes": {...}}`` with systems
        ``extractor`` and (optionally) ``baseline``.
    """
    from extract import wikinews
    from extract.pipeline import build_pipeline, extract_articles

    nlp = build_pipeline() if nlp is None else nlp
    gold = load_petrarch_gold()
    real = [g for g in gold if g.real_news]
    alliance = load_alliance_gold()
    sentence_articles = [Article(id=g.id, text=g.text) for g in gold + alliance]
    seeds = seed_articles()
    news = list(wikinews.load_articles().values())
    halves = wikinews.split()

    systems: dict[str, tuple[list, list, list]] = {}
    systems["extractor"] = tuple(
        [r for _, recs in extract_articles(articles, nlp) for r in recs] for articles in (sentence_articles, seeds, news))
    if baseline:
        systems["baseline"] = (baseline_records(sentence_articles), baseline_records(seeds), baseline_records(news))

    report: dict[str, Any] = {"petrarch": {}, "petrarch_real": {}, "alliance": {}, "seed": {},
                              "wikinews_tune": {}, "wikinews_test": {},
                              "sizes": {"petrarch": len(gold), "petrarch_real": len(real),
                                        "alliance": len(alliance), "seed_articles": len(seeds),
                                        "wikinews_tune": len(halves["tune"]), "wikinews_test": len(halves["test"])}}
    for name, (sentence_records, seed_records, news_records) in systems.items():
        predicted = predicted_dyads(sentence_records)
        report["petrarch"][name] = score_dyads(predicted, gold)
        report["petrarch_real"][name] = score_dyads(predicted, real)
        report["alliance"][name] = score_dyads(predicted, alliance)
        report["seed"][name] = score_seed_articles(seed_records)
        for half in ("tune", "test"):
            report[f"wikinews_{half}"][name] = wikinews.score_articles(news_records, halves[half])
    if names:
        from extract.actor_names import load_names, resolve_names, score_names

        rows = load_names()
        report["names"] = {"extractor": score_names(resolve_names(rows, nlp))}
        report["sizes"]["names"] = len(rows)
    return report


def format_table(report: Mapping[str, Any]) -> str:
    """The report as a plain-text table, one row per gold set and system; the Wikinews halves in a
    second table (article-level actor pairs: unsigned, signed, and political articles with no relation).

    >>> s = Scores(0.5, 0.25, 0.3333, 1.0, 1, 1, 3)
    >>> seed = {"required_found": 2, "required_total": 11, "missing": [], "false_positives": [{}]}
    >>> from extract.actor_names import NameScores
    >>> names = NameScores(resolved=3, total=4, by_category={}, failures=())
    >>> print(format_table({"petrarch": {"extractor": s}, "seed": {"extractor": seed},
    ...                     "names": {"extractor": names}, "sizes": {"petrarch": 78, "names": 4}}))
    gold set             system     precision  recall  F1    polarity  tp  fp  fn
    -------------------  ---------  ---------  ------  ----  --------  --  --  --
    PETRARCH (78 sent.)  extractor  0.50       0.25    0.33  1.00      1   1   3
    seed articles        extractor  required found 2/11, false positives 1
    actor names (4)      extractor  resolved 3/4 (0.75)
    """
    sizes = report.get("sizes", {})
    header = ("gold set", "system", "precision", "recall", "F1", "polarity", "tp", "fp", "fn")
    rows: list[tuple[str, ...]] = []
    labels = {"petrarch": "PETRARCH", "petrarch_real": "PETRARCH real news",
              "alliance": "alliance sentences"}
    for key, label in labels.items():
        for system, s in report.get(key, {}).items():
            n = sizes.get(key)
            name = f"{label} ({n} sent.)" if n is not None else label
            pol = "-" if s.polarity_accuracy is None else f"{s.polarity_accuracy:.2f}"
            rows.append((name, system, f"{s.precision:.2f}", f"{s.recall:.2f}", f"{s.f1:.2f}",
                         pol, str(s.tp), str(s.fp), str(s.fn)))
    names_label = f"actor names ({sizes['names']})" if "names" in sizes else "actor names"
    widths = [max(len(r[i]) for r in rows + [header]) for i in range(len(header))]
    widths[0] = max(widths[0], len("seed articles"), len(names_label) if report.get("names") else 0)
    widths[1] = max([widths[1]] + [len(s) for s in (*report.get("seed", {}), *report.get("names", {}))])

    def line(cells):
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()

    out = [line(header), line(tuple("-" * w for w in widths))]
    out += [line(r) for r in rows]
    for system, result in report.get("seed", {}).items():
        out.append(line(("seed articles", system)).ljust(widths[0] + widths[1] + 2) + "  "
                   + f"required found {result['required_found']}/{result['required_total']}, "
                   f"false positives {len(result['false_positives'])}")
    for system, names in report.get("names", {}).items():
        out.append(line((names_label, system)).ljust(widths[0] + widths[1] + 2) + "  "
                   + f"resolved {names.resolved}/{names.total} ({names.share:.2f})")
    news = _news_table(report)
    return "\n".join(out + ([""] + news if news else []))


def _news_table(report: Mapping[str, Any]) -> list[str]:
    sizes = report.get("sizes", {})
    header = ("Wikinews articles", "system", "precision", "recall", "F1", "signed P", "signed R", "signed F1",
              "silent political")
    rows = []
    for half in ("test", "tune"):
        for system, s in report.get(f"wikinews_{half}", {}).items():
            rows.append((f"{half} half ({sizes.get(f'wikinews_{half}', s.articles)} art.)", system,
                         f"{s.precision:.2f}", f"{s.recall:.2f}", f"{s.f1:.2f}", f"{s.signed_precision:.2f}",
                         f"{s.signed_recall:.2f}", f"{s.signed_f1:.2f}", f"{s.political_silent}/{s.political}"))
    if not rows:
        return []
    widths = [max(len(r[i]) for r in rows + [header]) for i in range(len(header))]

    def line(cells):
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()

    return [line(header), line(tuple("-" * w for w in widths))] + [line(r) for r in rows]
