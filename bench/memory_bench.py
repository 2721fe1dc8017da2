"""Peak memory and time: ``ingest`` of 1,000 and 10,000 articles, ``analyze`` of 10k, 100k and 1M relations.

    .venv/bin/python -m bench.memory_bench [--articles 1000,10000] [--relations 10000,100000,1000000]

Every measurement runs in a child process of its own and reports that process's peak resident memory
(``ru_maxrss``), so one run's garbage cannot hide in another's figure.

- Ingest: the real command, ``python -m alliancegraph ingest corpus.jsonl --store DIR``, on short
  news-like articles (a headline, a dateline and two to four paragraphs of real sentences: the demo
  articles' paragraphs and the PETRARCH gold sentences, recombined with a fixed seed). Streaming
  ingestion should keep the peak flat as the corpus grows tenfold.
- Analysis: :func:`graph.analysis.analyze` (window ``quarter``) on the rows of
  :func:`bench.analyze_bench.generate` (200 actors, five years), as :func:`graph.queries.relation_rows`
  returns them; the child reports the rows' own memory (before) and the peak (after), and the time.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).resolve().parent / "results"


def write_corpus(path: Path, n_articles: int, seed: int = 7) -> int:
    """Short articles of real sentences as JSONL; returns the characters written."""
    from bench.ingest_bench import _demo_paragraphs
    from extract.evaluate import load_petrarch_gold

    rng = random.Random(seed)
    sentences = [g.text for g in load_petrarch_gold()]
    paragraphs = _demo_paragraphs()
    chars = 0
    with path.open("w", encoding="utf-8") as f:
        for n in range(n_articles):
            body = [rng.choice(paragraphs) if rng.random() < 0.3 else " ".join(rng.sample(sentences, 2))
                    for _ in range(rng.randint(2, 4))]
            text = f"{rng.choice(sentences).rstrip('. ')}\n\nPublished on July {rng.randint(1, 28)}, 2025\n\n" + "\n\n".join(body)
            chars += len(text)
            f.write(json.dumps({"id": f"mem-{n:05d}", "text": text, "date": f"2025-07-{rng.randint(1, 28):02d}"}) + "\n")
    return chars


def _child_peak_mb(command: list[str], timeout: float) -> tuple[float, float, subprocess.CompletedProcess]:
    """Run ``command``; return (seconds, its peak RSS in MB, the completed process)."""
    # RUSAGE_CHILDREN holds the largest peak of the children waited for so far: run each in a fresh helper
    probe = ("import resource,subprocess,sys,time,json;t=time.perf_counter();"
             "p=subprocess.run(sys.argv[1:],capture_output=True,text=True);"
             "print(json.dumps({'s':time.perf_counter()-t,'kb':resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,"
             "'rc':p.returncode,'err':p.stderr[-3000:],'out':p.stdout[-3000:]}))")
    done = subprocess.run([sys.executable, "-c", probe, *command], capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    info = json.loads(done.stdout)
    proc = subprocess.CompletedProcess(command, info["rc"], info["out"], info["err"])
    return info["s"], info["kb"] / 1024, proc


def ingest_memory(sizes=(1_000, 10_000), timeout: float = 1800) -> list[dict]:
    out = []
    with tempfile.TemporaryDirectory(prefix="ag-mem-bench-") as tmp:
        for n in sizes:
            corpus = Path(tmp) / f"corpus-{n}.jsonl"
            chars = write_corpus(corpus, n)
            seconds, peak, proc = _child_peak_mb([sys.executable, "-m", "alliancegraph", "ingest", str(corpus),
                                                  "--store", str(Path(tmp) / f"store-{n}")], timeout)
            if proc.returncode != 0:
                raise RuntimeError(f"ingest of {n} articles failed: {proc.stderr}")
            out.append({"articles": n, "chars": chars, "seconds": round(seconds, 1), "peak_rss_mb": round(peak),
                        "articles_per_s": round(n / seconds, 1), "summary": proc.stderr.strip().splitlines()[-1]})
    return out


_ANALYZE_CHILD = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
from bench.analyze_bench import generate
from graph.analysis import analyze
recs = generate({n}, 200, 1)
rows = [{{"source": r["source"]["id"], "target": r["target"]["id"], "type": r["type"], "polarity": r["polarity"],
         "intensity": r["intensity"], "date": r["date"], "symmetric": r["symmetric"], "negated": r["negated"],
         "article": r["article"], "sentence": r["sentence"]}} for r in recs]
del recs
import gc; gc.collect()
def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20
before = rss()
t = time.perf_counter()
result = analyze(rows, None, window="quarter")
print(json.dumps({{"seconds": time.perf_counter() - t, "rss_before_mb": before,
                  "windows": len(result["windows"]), "shifts": len(result["shifts"]), "dyads": len(result["dyads"])}}))
"""


def analysis_scaling(sizes=(10_000, 100_000, 1_000_000), timeout: float = 1800) -> list[dict]:
    out = []
    for n in sizes:
        _s, peak, proc = _child_peak_mb([sys.executable, "-c", _ANALYZE_CHILD.format(root=str(ROOT), n=n)], timeout)
        if proc.returncode != 0:
            raise RuntimeError(f"analyze on {n} relations failed: {proc.stderr}")
        info = json.loads(proc.stdout.strip().splitlines()[-1])
        out.append({"relations": n, "seconds": round(info["seconds"], 2), "peak_rss_mb": round(peak),
                    "rows_rss_mb": round(info["rss_before_mb"]), "windows": info["windows"], "dyads": info["dyads"],
                    "shifts": info["shifts"]})
    for prev, cur in zip(out, out[1:]):
        cur["time_growth"] = round(cur["seconds"] / prev["seconds"], 2)
        cur["size_growth"] = round(cur["relations"] / prev["relations"], 2)
    return out


def table(ingest: list[dict] | None, analysis: list[dict] | None) -> list[str]:
    lines = []
    for r in ingest or []:
        lines.append(f"ingest {r['articles']:>6,} articles: {r['seconds']:7.1f} s ({r['articles_per_s']} articles/s), "
                     f"peak RSS {r['peak_rss_mb']:,} MB")
    for r in analysis or []:
        growth = f", x{r['time_growth']} time for x{r['size_growth']} relations" if "time_growth" in r else ""
        lines.append(f"analyze {r['relations']:>9,} relations: {r['seconds']:8.2f} s, peak RSS {r['peak_rss_mb']:,} MB "
                     f"(rows alone {r['rows_rss_mb']:,} MB){growth}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.memory_bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", default="1000,10000", help="Corpus sizes for ingest ('' to skip).")
    parser.add_argument("--relations", default="10000,100000,1000000", help="Sizes for analyze ('' to skip).")
    args = parser.parse_args(argv)
    ingest = ingest_memory(tuple(int(x) for x in args.articles.split(",") if x)) if args.articles else None
    analysis = analysis_scaling(tuple(int(x) for x in args.relations.split(",") if x)) if args.relations else None
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"memory_{datetime.now().strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps({"ingest": ingest, "analysis": analysis}, indent=2) + "\n", encoding="utf-8")
    print("\n".join(table(ingest, analysis)))
    print(f"-> {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
