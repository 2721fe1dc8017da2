"""The SPARQL endpoint's latency with every query in a worker process, beside Oxigraph's own server.

    .venv/bin/python -m bench.endpoint_bench [--triples 100000] [--requests 300]

One store (relation records from :func:`bench.store_bench.make_articles`, written as the CLI imports
them), served side by side in one run by ``alliancegraph serve-sparql`` (its warm query workers: each
query checked, parsed and evaluated in a child process that is killed at its limits) and by
``oxigraph serve-read-only --union-default-graph`` (Rust, in process, no isolation), both on loopback.
Each query is sent ``requests`` times over one kept-alive HTTP connection per server, the two servers
taking turns request by request so both see the same machine; latency is the client's wall time from
sending to the last byte. Each query is timed twice: ``repeated`` (the same text each time, as a
dashboard polls: serve-sparql's workers keep the safety parse of recent texts) and ``distinct`` (a
comment numbers each request, so every text is new and is parsed). The queries: a label lookup (``small``: one triple pattern, the cost of the
round trip itself), the relations of one actor (``actor``: a join, 10-100 rows), and a ``GROUP BY`` over
every relation (``aggregate``: the engine's time dominates). Goal: ``small`` median under 10 ms, both ways.
"""

from __future__ import annotations

import argparse
import http.client
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).resolve().parent / "results"
PREFIXES = {"ag": "https://w3id.org/alliancegraph/ns#", "actor": "https://w3id.org/alliancegraph/id/actor/",
            "rdfs": "http://www.w3.org/2000/01/rdf-schema#"}
QUERIES = {
    "small": "SELECT ?l WHERE { actor:{actor} rdfs:label ?l }",
    "actor": "SELECT ?r ?t ?p WHERE { ?r ag:source actor:{actor} ; ag:target ?t ; ag:polarity ?p } LIMIT 100",
    "aggregate": "SELECT ?t (COUNT(?r) AS ?n) WHERE { ?r ag:relationType ?t } GROUP BY ?t ORDER BY DESC(?n)",
}
#: The goal for ``small``, in milliseconds (median).
GOAL_MS = 10.0


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(port: int, proc: subprocess.Popen, what: str) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with status {proc.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/")
            conn.getresponse().read()
            conn.close()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{what} did not answer within 120 s")


def _text(template: str, actor: str) -> str:
    declared = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
    return declared + template.replace("{actor}", actor)


def _timed_get(conn: http.client.HTTPConnection, path: str) -> tuple[float, int]:
    t = time.perf_counter()
    conn.request("GET", path, headers={"Accept": "application/sparql-results+json"})
    response = conn.getresponse()
    body = response.read()
    elapsed = time.perf_counter() - t
    if response.status != 200:
        raise RuntimeError(f"HTTP {response.status}: {body[:200]!r}")
    return elapsed, len(json.loads(body)["results"]["bindings"])


def _stats(times: list[float]) -> dict:
    ordered = sorted(times)
    return {"median_ms": round(1000 * statistics.median(ordered), 2),
            "p95_ms": round(1000 * ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))], 2)}


def run(n_triples: int = 100_000, requests: int = 300) -> dict:
    from bench.store_bench import _top_actor, make_articles
    from graph.bulk import add_articles, compact
    from graph.store import close_store, open_store

    oxigraph = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if oxigraph is None:
        raise RuntimeError("the oxigraph server is not installed (pip install oxigraph)")
    with tempfile.TemporaryDirectory(prefix="ag-endpoint-bench-") as tmp:
        store = Path(tmp) / "store"
        articles = make_articles(n_triples)
        actor = _top_actor(articles)
        ds = open_store(store)
        add_articles(ds, articles)
        compact(ds)
        close_store(ds)
        ours_port, theirs_port = _free_port(), _free_port()
        ours = subprocess.Popen([sys.executable, "-m", "alliancegraph", "serve-sparql", "--store", str(store),
                                 "--port", str(ours_port)], cwd=ROOT, stderr=subprocess.DEVNULL)
        theirs = subprocess.Popen([oxigraph, "serve-read-only", "--location", str(store), "--bind",
                                   f"127.0.0.1:{theirs_port}", "--union-default-graph"], stderr=subprocess.DEVNULL)
        try:
            _wait(ours_port, ours, "serve-sparql")
            _wait(theirs_port, theirs, "oxigraph serve-read-only")
            conns = {"serve_sparql": (http.client.HTTPConnection("127.0.0.1", ours_port, timeout=60), "/sparql"),
                     "oxigraph": (http.client.HTTPConnection("127.0.0.1", theirs_port, timeout=60), "/query")}
            result: dict = {"triples": n_triples, "articles": len(articles), "requests": requests, "queries": {}}
            for name, template in QUERIES.items():
                for mode in ("repeated", "distinct"):
                    times: dict[str, list[float]] = {server: [] for server in conns}
                    rows = {}
                    for i in range(requests + 10):  # the first ten warm both up and are not counted
                        text = _text(template, actor) + (f"\n# request {i}" if mode == "distinct" else "")
                        for server, (conn, path) in conns.items():
                            elapsed, rows[server] = _timed_get(conn, f"{path}?query={urllib.parse.quote(text)}")
                            if i >= 10:
                                times[server].append(elapsed)
                    if rows["serve_sparql"] != rows["oxigraph"]:
                        raise RuntimeError(f"{name}: {rows['serve_sparql']} rows against Oxigraph's {rows['oxigraph']}")
                    entry = {server: _stats(t) for server, t in times.items()}
                    entry["rows"] = rows["oxigraph"]
                    entry["ratio_median"] = round(entry["serve_sparql"]["median_ms"] / entry["oxigraph"]["median_ms"], 1)
                    result["queries"][f"{name} {mode}"] = entry
            for conn, _path in conns.values():
                conn.close()
        finally:
            for proc in (ours, theirs):
                proc.terminate()
                proc.wait(30)
    result["goal_small_median_ms"] = GOAL_MS
    result["goal_met"] = all(result["queries"][f"small {mode}"]["serve_sparql"]["median_ms"] < GOAL_MS
                             for mode in ("repeated", "distinct"))
    return result


def table(result: dict) -> list[str]:
    lines = [f"{result['triples']:,} triples, {result['requests']} requests per query and server",
             f"{'query':<19} {'rows':>5}  {'serve-sparql median / p95':>26}  {'oxigraph median / p95':>22}  ratio"]
    for name, q in result["queries"].items():
        ours, theirs = q["serve_sparql"], q["oxigraph"]
        lines.append(f"{name:<19} {q['rows']:>5}  {ours['median_ms']:>12.2f} / {ours['p95_ms']:>8.2f} ms  "
                     f"{theirs['median_ms']:>9.2f} / {theirs['p95_ms']:>7.2f} ms  x{q['ratio_median']}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.endpoint_bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args(argv)
    result = run(args.triples, args.requests)
    print("\n".join(table(result)))
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"endpoint_{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"-> {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
