"""Extraction throughput against the bare spaCy pipeline on the same texts.

    .venv/bin/python -m bench.ingest_bench [--articles 400] [--repeats 3] [--batch-size 16]

The corpus is generated from real sentences: the demo articles' paragraphs and
the PETRARCH gold sentences, recombined (with a fixed seed) into news-like
articles with a headline, a dateline and paragraphs separated by blank lines.
Each round times ``nlp.pipe`` of the bare model (the same installed pipeline,
without alliancegraph's components) and :func:`extract.pipeline.extract_articles`
over the same texts, alternating which runs first; the medians give the ratio.
Results are printed and written as JSON to ``bench/results/`` (not committed).
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

import spacy

from extract.evaluate import GOLD_DIR, load_petrarch_gold
from extract.loaders import Article
from extract.model import find_model, load_model
from extract.pipeline import build_pipeline, extract_articles

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).resolve().parent / "results"


def _demo_paragraphs() -> list[str]:
    paragraphs = []
    for path in sorted((GOLD_DIR / "seed_articles").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        paragraphs += [p.strip() for p in text.split("\n") if len(p.strip()) > 80]
    return paragraphs


def make_corpus(n_articles: int = 400, seed: int = 13) -> list[Article]:
    """``n_articles`` articles recombined from the demo paragraphs and the PETRARCH sentences.

    >>> arts = make_corpus(3)
    >>> len(arts), arts[0].id, "\\n\\n" in arts[0].text
    (3, 'bench-0000', True)
    """
    rng = random.Random(seed)
    sentences = [g.text for g in load_petrarch_gold()]
    paragraphs = _demo_paragraphs()
    articles = []
    for n in range(n_articles):
        headline = rng.choice(sentences).rstrip(". ")
        body = []
        for _ in range(rng.randint(4, 8)):
            if rng.random() < 0.5:
                body.append(rng.choice(paragraphs))
            else:
                body.append(" ".join(rng.sample(sentences, rng.randint(2, 4))))
        text = f"{headline}\n\nPublished on July {rng.randint(1, 28)}, 2025\n\n" + "\n\n".join(body) + "\n"
        articles.append(Article(id=f"bench-{n:04d}", text=text, date="2025-07-01"))
    return articles


def _time_bare(nlp, texts: list[str], batch_size: int) -> float:
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass
    return time.perf_counter() - start


def _time_extract(nlp, articles: list[Article], batch_size: int) -> tuple[float, int]:
    start = time.perf_counter()
    n = 0
    for _, records in extract_articles(articles, nlp, batch_size=batch_size):
        n += len(records)
    return time.perf_counter() - start, n


def run(n_articles: int = 400, repeats: int = 3, batch_size: int = 16, model: str | None = None) -> dict:
    """Time both pipelines ``repeats`` times each, interleaved; return the result dict."""
    articles = make_corpus(n_articles)
    texts = [a.text for a in articles]
    name = find_model(model)
    bare = load_model(name)
    full = build_pipeline(name)
    # warm-up: first calls allocate and build lookup tables
    _time_bare(bare, texts[:20], batch_size)
    _time_extract(full, articles[:20], batch_size)
    bare_times, full_times, n_records = [], [], 0
    for r in range(repeats):
        if r % 2 == 0:
            bare_times.append(_time_bare(bare, texts, batch_size))
            t, n_records = _time_extract(full, articles, batch_size)
            full_times.append(t)
        else:
            t, n_records = _time_extract(full, articles, batch_size)
            full_times.append(t)
            bare_times.append(_time_bare(bare, texts, batch_size))
    n_chars = sum(len(t) for t in texts)
    n_tokens = sum(len(d) for d in bare.tokenizer.pipe(texts))
    bare_med, full_med = statistics.median(bare_times), statistics.median(full_times)
    return {
        "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "model": name, "spacy": spacy.__version__, "python": platform.python_version(),
        "machine": platform.machine(), "articles": n_articles, "chars": n_chars, "tokens": n_tokens,
        "batch_size": batch_size, "repeats": repeats, "records": n_records,
        "bare_pipe_components": bare.pipe_names, "extract_components": full.pipe_names,
        "bare_seconds": [round(t, 3) for t in bare_times],
        "extract_seconds": [round(t, 3) for t in full_times],
        "bare_median": round(bare_med, 3), "extract_median": round(full_med, 3),
        "bare_tokens_per_second": round(n_tokens / bare_med), "extract_tokens_per_second": round(n_tokens / full_med),
        "ratio": round(full_med / bare_med, 3),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.ingest_bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--model", default=None)
    args = parser.parse_args(argv)
    result = run(args.articles, args.repeats, args.batch_size, args.model)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"ingest_{datetime.now().strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"{result['articles']} articles, {result['tokens']} tokens, {result['records']} records; "
          f"model {result['model']}, batch {result['batch_size']}, {result['repeats']} rounds")
    print(f"bare nlp.pipe      median {result['bare_median']:7.2f} s  ({result['bare_tokens_per_second']} tokens/s)  "
          f"runs {result['bare_seconds']}")
    print(f"extract_articles   median {result['extract_median']:7.2f} s  ({result['extract_tokens_per_second']} tokens/s)  "
          f"runs {result['extract_seconds']}")
    print(f"ratio {result['ratio']:.3f} (overhead {100 * (result['ratio'] - 1):+.1f}%)  -> {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
