"""Store: bulk load rate and the latency of the app's own queries, Oxigraph beside rdflib's memory store.

    .venv/bin/python -m bench.store_bench [--sizes 100000,1000000] [--repeats 20] [--rdflib-max 1000000]

The data: relation records from :func:`bench.analyze_bench.generate` (200 actors in drifting camps,
five years of dates, news-like repetition) whose evidence sentences are real ones (the PETRARCH gold
sentences), grouped into articles and turned into quads by :func:`graph.model.article_quads`, about
16 triples per relation; a size is the number of triples. Both stores get the same quads:

- Oxigraph: the CLI's path (``alliancegraph ingest --format relations``): :func:`graph.bulk.add_articles`
  (500 articles per lookup and transaction) into an on-disk store, then :func:`graph.bulk.compact`, as the
  CLI does after an import of more than :data:`graph.bulk.COMPACT_AFTER` articles (the load time includes it);
- rdflib: ``rdflib.Dataset(default_union=True)`` (the default ``Memory`` store), ``addN`` per article of the
  quads ``add_article`` writes (:func:`graph.store.stored_quads`: the model's quads, the relation count and
  the per-dyad summaries), so both stores hold the same data and run the same code.

Queries, each the app's own function on the ``Dataset``: the network projection
(:func:`graph.projection.actor_graph`, an aggregate), the relations of the most active actor
(:func:`graph.queries.relations_of`), the rows of the alignment analysis (``alignment_rows``:
:func:`graph.queries.relation_rows` without sentences, as the app and ``analyze`` read them), the
alignment series (those rows, then :func:`graph.windows.series_windows` and
:func:`graph.alignment.alignment_series` by quarter: the store read plus the computation), and the
two aggregate examples of the explorer's SPARQL page run as a user runs them (``sparql_aggregates``:
:func:`graph.sparql.run_query`, plain SPARQL ``GROUP BY`` over every relation, no derived literal).
Latency is reported as p50 and p95 of ``repeats`` runs on Oxigraph (3 on rdflib at 100k, 1 at 1M: its runs are long).
The profile gives each Oxigraph query's main SPARQL through ``pyoxigraph``, results consumed natively
(the engine's share): the summary scan of ``actor_graph``, the match and property reads of
``relations_of``, the packed-rows scan of ``relation_rows`` (and, for comparison, the row query that read
every relation's properties before), the SPARQL examples; the rest is Python (values, pandas, networkx,
analysis).
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).resolve().parent / "results"
TRIPLES_PER_RELATION = 16.3  # measured on the generated data: relation node, direct triple, article share


def make_articles(n_triples: int, seed: int = 1) -> list[tuple[dict, list[dict]]]:
    """Articles with their records, about ``n_triples`` triples in all, evidence from real sentences."""
    from bench.analyze_bench import generate
    from extract.evaluate import load_petrarch_gold

    sentences = [g.text for g in load_petrarch_gold()]
    rng = random.Random(seed)
    records = generate(max(1, int(n_triples / TRIPLES_PER_RELATION)), 200, seed)
    by_article: dict[str, list[dict]] = defaultdict(list)
    for i, rec in enumerate(records):
        rec["sentence"] = f"{rng.choice(sentences)} [{i}]"
        by_article[rec["article"]].append(rec)
    articles = []
    for aid, recs in by_article.items():
        dates = [r["date"] for r in recs if r["date"]]
        text = "\n\n".join(r["sentence"] for r in recs)
        articles.append(({"id": aid, "text": text, "title": recs[0]["sentence"][:80], "date": dates[0] if dates else None,
                          "url": f"https://example.org/{aid}"}, recs))
    return articles


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def _time(fn, repeats: int) -> dict:
    from graph.sparql import QueryError

    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        try:
            fn()
        except QueryError as e:  # the app's time limit (graph.sparql.DEFAULT_TIMEOUT): record it, go on
            return {"runs": len(times) + 1, "timed_out": str(e), "p50_ms": float("inf"), "p95_ms": float("inf"),
                    "min_ms": round(1000 * (time.perf_counter() - t), 1)}
        times.append(time.perf_counter() - t)
    return {"runs": repeats, "p50_ms": round(1000 * statistics.median(times), 1),
            "p95_ms": round(1000 * _percentile(times, 95), 1), "min_ms": round(1000 * min(times), 1)}


def _queries(ds, actor: str) -> dict:
    from graph.alignment import alignment_series
    from graph.projection import actor_graph
    from graph.queries import relation_rows, relations_of
    from graph.sparql import EXAMPLE_QUERIES, run_query
    from graph.windows import series_windows

    def series():
        rows = relation_rows(ds, sentences=False)  # as the app and `analyze` read them
        windows, assignment = series_windows(rows, "quarter")
        return alignment_series(rows, assignment, windows)

    def aggregates():  # the SPARQL page's two aggregate examples, through the app's run_query
        return [run_query(ds, EXAMPLE_QUERIES[name], row_limit=10**6) for name in AGGREGATE_EXAMPLES]

    return {"actor_graph": lambda: actor_graph(ds), "relations_of": lambda: relations_of(ds, actor),
            "alignment_rows": lambda: relation_rows(ds, sentences=False), "alignment_series": series,
            "sparql_aggregates": aggregates}


#: The aggregate queries of the explorer's SPARQL page (graph.sparql.EXAMPLE_QUERIES), run as a user runs them.
AGGREGATE_EXAMPLES = ("Conflictual pairs", "Relations by type")

#: The queries each size reports, in table order.
QUERIES = ("actor_graph", "relations_of", "alignment_rows", "alignment_series", "sparql_aggregates")


def _engine_only(inner, actor: str) -> dict:
    """The queries' main SPARQL on pyoxigraph, results consumed without conversion: the engine's share."""
    from graph import queries
    from graph.model import actor_iri
    from graph.packed_rows import ROWS_QUERY
    from graph.projection import SUMMARY_QUERY
    from graph.sparql import EXAMPLE_QUERIES, PREFIXES

    a = actor_iri(actor).n3()
    texts = {"actor_graph": SUMMARY_QUERY,
             "relations_of": f"SELECT ?r ?p ?o WHERE {{ {{ ?r ag:source {a} }} UNION {{ ?r ag:target {a} }} ?r ?p ?o }}",
             "alignment_rows": ROWS_QUERY,
             "alignment_series": ROWS_QUERY,
             # what relation_rows read before the packed rows: a seek per property per relation
             "alignment_rows_by_relation": queries._LEAN_ROWS % {"filter": "", "sentence": "", "evidence": ""}}

    def run(*qs):
        return lambda: sum(1 for q in qs for _ in inner.query(PREFIXES + q, use_default_graph_as_union=True))

    out = {k: run(q) for k, q in texts.items()}
    out["sparql_aggregates"] = run(*(EXAMPLE_QUERIES[name] for name in AGGREGATE_EXAMPLES))
    return out


def _top_actor(articles) -> str:
    counts: dict[str, int] = defaultdict(int)
    for _a, recs in articles:
        for r in recs:
            counts[r["source"]["id"]] += 1
    return max(counts, key=counts.get)


def bench_size(n_triples: int, repeats: int, rdflib_repeats: int, with_rdflib: bool, workdir: Path) -> dict:
    from rdflib import Dataset

    from pyoxigraph import Store as MemoryStore  # without a path: in memory

    from graph.bulk import COMPACT_AFTER, add_articles, compact
    from graph.store import close_store, open_store, stored_quads

    articles = make_articles(n_triples)
    actor = _top_actor(articles)
    out: dict = {"target_triples": n_triples, "articles": len(articles),
                 "relations": sum(len(r) for _, r in articles), "actor": actor}

    ds = open_store(workdir / f"oxigraph-{n_triples}")
    t = time.perf_counter()
    add_articles(ds, articles)
    if len(articles) > COMPACT_AFTER:
        compact(ds)
    load = time.perf_counter() - t
    from graph.queries import store_counts

    triples = store_counts(ds)["triples"]
    close_store(ds)
    # The app's process does not hold the corpus: let the queries run beside a heap of the app's size, not
    # one with a million corpus objects that every full pass of Python's garbage collector would walk.
    del articles
    gc.collect()
    out["triples"] = triples
    ox: dict = {"load_s": round(load, 2), "load_triples_per_s": round(triples / load)}
    ds = open_store(workdir / f"oxigraph-{n_triples}", read_only=True)
    queries = _queries(ds, actor)
    for name, fn in queries.items():
        fn()  # warm-up: caches, first-call imports
        ox[name] = _time(fn, repeats)
    engine = _engine_only(ds.store._store, actor)
    ox["engine_only"] = {name: _time(fn, max(3, repeats // 2)) for name, fn in engine.items()}
    # For scale, not what alliancegraph runs: the same quads in Oxigraph's in-memory store, the SPARQL
    # aggregates through pyoxigraph (no seek per joined triple: the engine against rdflib's, memory to memory).
    memory = MemoryStore()
    memory.bulk_extend(ds.store._store.quads_for_pattern(None, None, None, None))
    ox["engine_in_memory"] = {"sparql_aggregates": _time(_engine_only(memory, actor)["sparql_aggregates"],
                                                         max(3, repeats // 2))}
    del memory
    close_store(ds)
    out["oxigraph"] = ox

    if with_rdflib:
        articles = make_articles(n_triples)  # the same corpus again (fixed seed)
        mem = Dataset(default_union=True)
        t = time.perf_counter()
        graphs: dict = {}
        for article, records in articles:
            _g, quads = stored_quads(article, records)
            mem.addN((s, p, o, graphs.get(c) or graphs.setdefault(c, mem.graph(c))) for s, p, o, c in quads)
        load = time.perf_counter() - t
        rd: dict = {"load_s": round(load, 2), "load_triples_per_s": round(triples / load)}
        for name, fn in _queries(mem, actor).items():
            rd[name] = _time(fn, rdflib_repeats)
        out["rdflib_memory"] = rd
        # a timed-out rdflib query counts at its time limit: the speedup is then at least that
        out["speedup_p50"] = {name: round(min(rd[name]["p50_ms"], rd[name]["min_ms"]) / max(ox[name]["p50_ms"], 0.001), 1)
                              for name in queries}
        del mem, graphs, articles
        gc.collect()
    return out


def run(sizes=(100_000, 1_000_000), repeats: int = 20, rdflib_max: int = 1_000_000) -> dict:
    """Both stores at each size; rdflib's queries stop at the app's time limit (recorded as ``timed_out``)."""
    result = {"when": datetime.now(timezone.utc).isoformat(timespec="seconds"), "sizes": []}
    with tempfile.TemporaryDirectory(prefix="ag-store-bench-") as tmp:
        for n in sizes:
            small = n <= 200_000
            result["sizes"].append(bench_size(n, repeats,
                                              3 if small else 1, n <= rdflib_max, Path(tmp)))
    return result


def table(result: dict) -> list[str]:
    lines = []
    for s in result["sizes"]:
        ox, rd = s["oxigraph"], s.get("rdflib_memory")
        lines.append(f"store, {s['triples']:,} triples ({s['relations']:,} relations, {s['articles']:,} articles):")
        lines.append(f"  load           oxigraph {ox['load_triples_per_s']:>9,} triples/s"
                     + (f"   rdflib memory {rd['load_triples_per_s']:>9,} triples/s" if rd else ""))
        for q in QUERIES:
            line = (f"  {q:<17} oxigraph p50 {ox[q]['p50_ms']:>8.1f} ms p95 {ox[q]['p95_ms']:>8.1f} ms"
                    f" (engine {ox['engine_only'][q]['p50_ms']:.1f} ms)")
            if rd and "timed_out" in rd[q]:
                line += f"   rdflib > {rd[q]['min_ms'] / 1000:.0f} s (time limit)   x{s['speedup_p50'][q]} or more"
            elif rd:
                line += f"   rdflib p50 {rd[q]['p50_ms']:>9.1f} ms   x{s['speedup_p50'][q]}"
            lines.append(line)
        in_memory = ox.get("engine_in_memory", {}).get("sparql_aggregates")
        if in_memory:
            line = f"  (sparql_aggregates on Oxigraph's in-memory store, engine only: {in_memory['p50_ms']:.1f} ms"
            if rd and "timed_out" not in rd["sparql_aggregates"]:
                line += f", x{rd['sparql_aggregates']['p50_ms'] / max(in_memory['p50_ms'], 0.001):.1f} rdflib"
            lines.append(line + ")")
        old = ox["engine_only"].get("alignment_rows_by_relation")
        if old:
            lines.append(f"  (alignment rows read relation by relation, as before the packed rows: engine {old['p50_ms']:.1f} ms)")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.store_bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100000,1000000", help="Triples per store, comma-separated.")
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--rdflib-max", type=int, default=1_000_000, help="Largest size also run on rdflib's memory store.")
    args = parser.parse_args(argv)
    result = run(tuple(int(x) for x in args.sizes.split(",")), args.repeats, args.rdflib_max)
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"store_{datetime.now().strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print("\n".join(table(result)))
    print(f"-> {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
