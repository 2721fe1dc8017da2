"""All five benchmarks in one run: ``make bench`` or ``.venv/bin/python -m bench``.

    .venv/bin/python -m bench [--only ingest,store,analysis,memory,endpoint] [--quick]

1. ingest: end-to-end ingestion (JSONL loading, spaCy, extraction, RDF, the on-disk store) against
   the bare ``nlp.pipe`` of the same model on the same texts (:mod:`bench.ingest_bench` gives the
   extractor-alone ratio and the corpus), and ``n_process=2`` against one process;
2. store: :mod:`bench.store_bench`, 100k and 1M triples, Oxigraph beside rdflib's memory store;
3. analysis: :mod:`bench.memory_bench`, ``analyze`` on 10k, 100k and 1M relations;
4. memory: :mod:`bench.memory_bench`, peak memory of ``ingest`` on 1,000 and 10,000 articles;
5. endpoint: :mod:`bench.endpoint_bench`, ``serve-sparql`` (every query in a worker process) beside
   Oxigraph's own server on the same store.

Prints each benchmark's figures, then one table of the goals, and writes everything to
``bench/results/bench_<timestamp>.json``. ``--quick`` shrinks every size (a smoke run, minutes);
its figures are not the ones to quote. The full run takes about 15 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).resolve().parent / "results"

FULL = {"ingest_articles": 200, "ingest_repeats": 3, "store_sizes": (100_000, 1_000_000), "store_repeats": 20,
        "analysis_sizes": (10_000, 100_000, 1_000_000), "memory_articles": (1_000, 10_000),
        "endpoint_triples": 100_000, "endpoint_requests": 300}
QUICK = {"ingest_articles": 40, "ingest_repeats": 1, "store_sizes": (20_000,), "store_repeats": 3,
         "analysis_sizes": (2_000, 10_000), "memory_articles": (100, 500),
         "endpoint_triples": 20_000, "endpoint_requests": 50}


def _end_to_end(articles_path: Path, nlp, n_process: int, store_dir: Path) -> tuple[float, int]:
    """``ingest`` as the CLI does it, model already loaded: read, extract, store per batch; returns (s, records)."""
    from extract.loaders import Article, iter_articles
    from extract.pipeline import extract_articles
    from graph.bulk import add_articles
    from graph.store import close_store, open_store

    start = time.perf_counter()
    ds = open_store(store_dir)
    n = 0
    try:
        stream = (a for a in iter_articles([articles_path]) if isinstance(a, Article))
        pairs = ((a.to_dict(), records)
                 for a, records in extract_articles(stream, nlp, batch_size=16, n_process=n_process))
        counted = []
        add_articles(ds, pairs, batch=16, on_batch=lambda batch: counted.extend(len(r) for _a, r, _o in batch))
        n = sum(counted)
    finally:
        close_store(ds)
    return time.perf_counter() - start, n


def ingest(n_articles: int, repeats: int) -> dict:
    from bench.ingest_bench import _time_bare, make_corpus
    from bench.ingest_bench import run as extractor_ratio
    from extract.model import find_model, load_model
    from extract.pipeline import build_pipeline

    result = {"extractor": extractor_ratio(n_articles, repeats)}
    articles = make_corpus(n_articles)
    name = find_model(None)
    bare, full = load_model(name), build_pipeline(name)
    texts = [a.text for a in articles]
    with tempfile.TemporaryDirectory(prefix="ag-ingest-bench-") as tmp:
        path = Path(tmp) / "corpus.jsonl"
        path.write_text("".join(json.dumps({"id": a.id, "text": a.text, "date": a.date}) + "\n" for a in articles),
                        encoding="utf-8")
        _time_bare(bare, texts[:20], 16)
        bare_t, one_t, two_t = [], [], []
        for r in range(repeats):
            bare_t.append(_time_bare(bare, texts, 16))
            t, records = _end_to_end(path, full, 1, Path(tmp) / f"s1-{r}")
            one_t.append(t)
            t, records2 = _end_to_end(path, full, 2, Path(tmp) / f"s2-{r}")
            two_t.append(t)
    b, one, two = statistics.median(bare_t), statistics.median(one_t), statistics.median(two_t)
    result.update({"articles": n_articles, "tokens": result["extractor"]["tokens"], "repeats": repeats,
                   "bare_seconds": [round(x, 2) for x in bare_t], "end_to_end_seconds": [round(x, 2) for x in one_t],
                   "n_process_2_seconds": [round(x, 2) for x in two_t], "records": records,
                   "records_n_process_2": records2,
                   "end_to_end_vs_bare": round(b / one, 3), "n_process_2_speedup": round(one / two, 2),
                   "bare_tokens_per_s": round(result["extractor"]["tokens"] / b),
                   "end_to_end_tokens_per_s": round(result["extractor"]["tokens"] / one)})
    return result


def _goal(ok: bool) -> str:
    return "met" if ok else "NOT MET"


def summary(res: dict) -> list[str]:
    from bench import store_bench

    rows = [("benchmark", "figure", "goal", "")]
    if "ingest" in res:
        i = res["ingest"]
        rows.append(("ingest, extractor alone", f"{1 / i['extractor']['ratio']:.2f} of bare nlp.pipe", ">= 0.85",
                     _goal(1 / i["extractor"]["ratio"] >= 0.85)))
        rows.append(("ingest, end to end", f"{i['end_to_end_vs_bare']:.2f} of bare nlp.pipe "
                     f"({i['end_to_end_tokens_per_s']:,} vs {i['bare_tokens_per_s']:,} tokens/s)", ">= 0.85",
                     _goal(i["end_to_end_vs_bare"] >= 0.85)))
        rows.append(("ingest, --n-process 2", f"x{i['n_process_2_speedup']:.2f} of one process", ">= x1.6",
                     _goal(i["n_process_2_speedup"] >= 1.6)))
    for s in res.get("store", {}).get("sizes", []):
        ox, tag = s["oxigraph"], f"{s['triples'] / 1e6:.2f}M triples" if s["triples"] >= 1e6 else f"{s['triples'] / 1e3:.0f}k triples"
        rows.append((f"store load, {tag}", f"{ox['load_triples_per_s']:,} triples/s"
                     + (f" (rdflib {s['rdflib_memory']['load_triples_per_s']:,})" if "rdflib_memory" in s else ""), "", ""))
        for q in store_bench.QUERIES:
            if q not in ox:
                continue
            speed = s.get("speedup_p50", {}).get(q)
            big = s["target_triples"] >= 1_000_000
            latency, aggregate = q != "sparql_aggregates", q in ("actor_graph", "alignment_series", "sparql_aggregates")
            goal = ", ".join((["p95 < 300 ms"] if latency else []) + ([">= x20 rdflib"] if aggregate else []))
            met = (not latency or ox[q]["p95_ms"] < 300) and (not aggregate or speed is None or speed >= 20)
            rows.append((f"  {q}, {tag}", f"p95 {ox[q]['p95_ms']:,.0f} ms" + (f", x{speed} rdflib" if speed else ""),
                         goal if big else "", _goal(met) if big else ""))
    for a in res.get("analysis", []):
        growth = f", x{a['time_growth']} time per x{a['size_growth']:.0f}" if "time_growth" in a else ""
        rows.append((f"analyze, {a['relations']:,} relations", f"{a['seconds']:.1f} s, peak {a['peak_rss_mb']:,} MB{growth}",
                     "near-linear", _goal(a.get("time_growth", 0) <= 1.3 * a.get("size_growth", 1)) if "time_growth" in a else ""))
    mem = res.get("memory", [])
    for m in mem:
        rows.append((f"ingest memory, {m['articles']:,} articles", f"peak {m['peak_rss_mb']:,} MB, {m['seconds']:.0f} s",
                     "flat, << 2 GB", _goal(m["peak_rss_mb"] < 2048 and m["peak_rss_mb"] <= 1.25 * mem[0]["peak_rss_mb"])))
    for name, q in res.get("endpoint", {}).get("queries", {}).items():
        small = name.startswith("small")
        rows.append((f"serve-sparql, {name}", f"median {q['serve_sparql']['median_ms']:.1f} ms, "
                     f"x{q['ratio_median']} oxigraph serve-read-only", "median < 10 ms" if small else "",
                     _goal(q["serve_sparql"]["median_ms"] < 10) if small else ""))
    widths = [max(len(r[c]) for r in rows) for c in range(4)]
    return ["  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip() for r in rows]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", default="ingest,store,analysis,memory,endpoint")
    parser.add_argument("--quick", action="store_true", help="Small sizes: a smoke run, not figures to quote.")
    args = parser.parse_args(argv)
    cfg = QUICK if args.quick else FULL
    only = set(args.only.split(","))
    res: dict = {"when": datetime.now(timezone.utc).isoformat(timespec="seconds"), "quick": args.quick,
                 "python": platform.python_version(), "machine": platform.machine(), "config": cfg, "seconds": {}}
    from bench import endpoint_bench, memory_bench, store_bench

    def step(name, fn, lines):
        t = time.perf_counter()
        print(f"== {name}", flush=True)
        try:
            res[name] = fn()
        except Exception as e:  # noqa: BLE001 - one failed benchmark must not lose the others' figures
            res.setdefault("errors", {})[name] = f"{type(e).__name__}: {e}"
            print(f"   failed: {res['errors'][name]}", flush=True)
            res.pop(name, None)
            return
        finally:
            res["seconds"][name] = round(time.perf_counter() - t)
        print("\n".join(lines(res[name])) + f"\n   ({res['seconds'][name]} s)", flush=True)

    if "ingest" in only:
        step("ingest", lambda: ingest(cfg["ingest_articles"], cfg["ingest_repeats"]),
             lambda r: [f"bare nlp.pipe {statistics.median(r['bare_seconds']):.1f} s, extractor alone ratio "
                        f"{r['extractor']['ratio']:.3f}, end to end {statistics.median(r['end_to_end_seconds']):.1f} s, "
                        f"n_process=2 {statistics.median(r['n_process_2_seconds']):.1f} s"])
    if "store" in only:
        step("store", lambda: store_bench.run(cfg["store_sizes"], cfg["store_repeats"]), store_bench.table)
    if "analysis" in only:
        step("analysis", lambda: memory_bench.analysis_scaling(cfg["analysis_sizes"]),
             lambda r: memory_bench.table(None, r))
    if "memory" in only:
        step("memory", lambda: memory_bench.ingest_memory(cfg["memory_articles"]), lambda r: memory_bench.table(r, None))
    if "endpoint" in only:
        step("endpoint", lambda: endpoint_bench.run(cfg["endpoint_triples"], cfg["endpoint_requests"]),
             endpoint_bench.table)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"bench_{datetime.now().strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    print("\n" + "\n".join(summary(res)))
    print(f"\n-> {out.relative_to(ROOT)} (total {sum(res['seconds'].values())} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
