"""Benchmark: ``analyze`` over 100,000 imported relations.

Generates relation records (about 200 actors in four drifting camps, dates over five years, a
cooperative/conflictual mix that follows the camps with 15% noise, a few actors defecting halfway,
news-like repetition: several reports per article, some events reprinted), writes them as JSONL,
imports them into a temporary store with the relations importer (the path of
``alliancegraph ingest --format relations``: batched writes, then a compaction), then times, side by side in one run: the import, the row
fetch (with and without sentences; ``--old-fetch`` adds the query before the speed-up), ``analyze`` in
memory per window (50 shifts per basis, evidence sentences read afterwards as the CLI does), and
``alliancegraph analyze --format json`` end to end in its own process (default window, quarter, month).
Prints the figures and writes them to ``bench/results/analyze-<relations>-<timestamp>.json``.

    .venv/bin/python bench/analyze_bench.py [--relations 100000] [--actors 200] [--seed 1] [--store DIR]
                                            [--one-by-one] [--old-fetch]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract.importers import import_relations  # noqa: E402
from graph.analysis import analyze  # noqa: E402
from graph.bulk import add_articles, compact  # noqa: E402
from graph.queries import actor_info, load_sentences, relation_rows  # noqa: E402
from graph.store import add_article, close_store, open_store  # noqa: E402

TYPES = {1: ["AGREE", "CONSULT", "COOPERATE", "AID", "ALIGN"], -1: ["ACCUSE", "THREATEN", "SANCTION", "ASSAULT", "DISTANCE"],
         0: ["REQUEST"]}
INTENSITY = {"AGREE": 4.0, "CONSULT": 1.0, "COOPERATE": 3.5, "AID": 7.4, "ALIGN": 3.5, "ACCUSE": -2.0,
             "THREATEN": -4.4, "SANCTION": -8.0, "ASSAULT": -10.0, "DISTANCE": -4.0, "REQUEST": 3.0}


def generate(n: int, n_actors: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    actors = [f"A{i:03d}" for i in range(n_actors)]
    camp = {a: i % 4 for i, a in enumerate(actors)}
    defectors = set(rng.sample(actors, 8))
    start = dt.date(2020, 1, 1)
    days = 5 * 365
    out, article, i = [], 0, 0
    while len(out) < n:
        article += 1
        d = start + dt.timedelta(days=rng.randrange(days))
        undated = rng.random() < 0.03
        for _ in range(rng.randint(1, 9)):
            s, t = rng.sample(actors, 2)
            cs, ct = camp[s], camp[t]
            if d >= start + dt.timedelta(days=days // 2):
                cs = (cs + 1) % 4 if s in defectors else cs
                ct = (ct + 1) % 4 if t in defectors else ct
            pol = 1 if cs == ct else -1
            r = rng.random()
            pol = 0 if r < 0.05 else (-pol if r < 0.20 else pol)
            type_ = rng.choice(TYPES[pol])
            rec = {"article": f"art{article:06d}", "sentence": f"{s} {type_.lower()}s {t} (report {i}).",
                   "sentence_index": i % 50, "source": {"id": s, "label": f"Actor {s}", "kind": "state"},
                   "target": {"id": t, "label": f"Actor {t}", "kind": "state"}, "type": type_, "quad_class": 1,
                   "polarity": pol, "intensity": INTENSITY[type_], "negated": rng.random() < 0.02,
                   "symmetric": type_ == "CONSULT", "date": None if undated else d.isoformat()}
            out.append(rec)
            i += 1
            if rng.random() < 0.1:  # a reprint of the same event in another paper, same day
                article += 1
                out.append({**rec, "article": f"art{article:06d}", "sentence": rec["sentence"] + " (reprint)"})
                i += 1
            if len(out) >= n:
                break
    return out[:n]


def _time(fn):
    t0 = time.perf_counter()
    value = fn()
    return time.perf_counter() - t0, value


#: ``graph.queries.relation_rows``'s query before it was made fast, kept here for the side-by-side figure.
OLD_ROWS_QUERY = """\
SELECT ?source ?target ?type ?polarity ?intensity ?date ?symmetric ?negated ?article ?sentence WHERE {
  ?r a ag:Relation ; ag:source ?source ; ag:target ?target ; ag:relationType ?type ; ag:polarity ?polarity ;
     ag:evidence ?sentence ; prov:wasDerivedFrom ?a .
  ?a schema:identifier ?article .
  OPTIONAL { ?r ag:intensity ?intensity }
  OPTIONAL { ?r ag:symmetric ?symmetric }
  OPTIONAL { ?r ag:negated ?negated }
  OPTIONAL { ?r ag:date ?date }
  OPTIONAL { ?r ag:sentenceIndex ?index }
  %(filter)s
}
ORDER BY (!BOUND(?date)) ?date ?article ?index ?r"""


def _old_fetch(ds) -> int:
    """The row query before the speed-up (ORDER BY, union default graph, sentences): for the comparison."""
    return len(_oxigraph_rows_union(ds, OLD_ROWS_QUERY % {"filter": ""}))


def _oxigraph_rows_union(ds, query: str) -> list:
    from graph.sparql import PREFIXES

    inner = ds.store._store
    return [tuple(sol[i] for i in range(10)) for sol in inner.query(PREFIXES + query, use_default_graph_as_union=True)]


def _import(data: Path, store: Path, one_by_one: bool = False) -> int:
    """The import of ``ingest --format relations`` (batched, :func:`graph.bulk.add_articles`), without the
    compaction that follows it (timed apart); ``one_by_one`` is the import before: ``add_article`` per article."""
    ds = open_store(store)
    try:
        if one_by_one:
            return sum(1 for article, recs in import_relations(data) if add_article(ds, article, recs))
        return sum(add_articles(ds, import_relations(data)).values())
    finally:
        close_store(ds)


def _compact(store: Path) -> None:
    ds = open_store(store)
    try:
        compact(ds)
    finally:
        close_store(ds)


def _cli(store: Path, window: str) -> tuple[float, int]:
    """``alliancegraph analyze --format json`` in its own process: wall time and output size."""
    import subprocess

    cmd = [sys.executable, "-m", "alliancegraph.cli", "analyze", "--store", str(store), "--format", "json"]
    cmd += ["--window", window] if window else []
    t0 = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, cwd=ROOT, check=True)
    return time.perf_counter() - t0, len(done.stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--relations", type=int, default=100_000)
    ap.add_argument("--actors", type=int, default=200)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--windows", default="all,year,quarter,month")
    ap.add_argument("--cli-windows", default="default,quarter,month", help="windows timed through the CLI")
    ap.add_argument("--store", type=Path, help="reuse this store (made by an earlier run with the same "
                    "--relations/--seed) instead of importing; the import is then not timed")
    ap.add_argument("--old-fetch", action="store_true", help="also time the row query before this change")
    ap.add_argument("--one-by-one", action="store_true", help="import with add_article per article (the import "
                    "before graph/bulk.py), to compare")
    args = ap.parse_args()

    figures: dict = {"relations": args.relations, "actors": args.actors, "seed": args.seed,
                     "python": platform.python_version(), "machine": platform.machine(), "cpus": os.cpu_count(),
                     "load_average_1m_start": os.getloadavg()[0], "timings_s": {}}
    t = figures["timings_s"]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        store = args.store or tmp / "store"
        if args.store is None:
            t["generate"], records = _time(lambda: generate(args.relations, args.actors, args.seed))
            data = tmp / "relations.jsonl"
            data.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
            t["import"], figures["articles"] = _time(lambda: _import(data, store, args.one_by_one))
            figures["import_path"] = "add_article one by one" if args.one_by_one else "graph.bulk.add_articles"
            ds = open_store(store, read_only=True)
            try:  # what the compaction buys: the same fetch before it
                t["fetch_rows_before_compact"], _n = _time(lambda: relation_rows(ds, sentences=False))
            finally:
                close_store(ds)
            t["compact"], _none = _time(lambda: _compact(store))

        ds = open_store(store, read_only=True)
        try:
            if args.old_fetch:
                t["fetch_rows_before"], _n = _time(lambda: _old_fetch(ds))
            t["fetch_rows_with_sentences"], _n = _time(lambda: relation_rows(ds))
            t["fetch_rows"], rows = _time(lambda: relation_rows(ds, sentences=False))
            labels = actor_info(ds)
            figures["rows"] = len(rows)
            for window in args.windows.split(","):
                t[f"analyze_{window}"], result = _time(lambda: analyze(rows, labels, window=window, max_shifts=50,
                                                                       load_sentences=lambda some: load_sentences(ds, some)))
                figures[f"windows_{window}"] = len(result["windows"]) or 1
                figures[f"shifts_found_{window}"] = result["shift_counts"]
                figures[f"dyads_{window}"] = len(result["dyads"])
            figures["balance_index_all"] = result["blocs"][0]["balance_index"]
            figures["bloc_sizes_all"] = [len(b["members"]) for b in result["blocs"][0]["blocs"]]
        finally:
            close_store(ds)
        for window in args.cli_windows.split(","):
            name = window or "default"
            t[f"cli_analyze_{name}_json"], figures[f"cli_json_bytes_{name}"] = _cli(store, "" if window == "default" else window)
    figures["load_average_1m_end"] = os.getloadavg()[0]

    for k, v in figures.items():
        if k != "timings_s":
            print(f"{k:>28}: {v}")
    for k, v in t.items():
        print(f"{k:>28}: {v:8.2f} s")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"analyze-{args.relations}-{dt.datetime.now().strftime('%Y%m%dT%H%M%S')}.json"
    path.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(f"written {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
