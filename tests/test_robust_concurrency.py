"""The app reads while a real `alliancegraph ingest` process writes, and the new relations show up."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from conftest import build_store  # noqa: E402
from test_robust_crash import cli, write_corpus  # noqa: E402

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parents[1]

# The app's own read path (explorer.resources: one read-only handle, reopened when the store's files
# change), run in a separate process from the writer, as under `alliancegraph app`.
READER = r"""
import json, sys, time
import streamlit as st
from explorer.resources import current_store, counts
from graph.sparql import run_query
COMPLETE = '''SELECT (SUM(?got) AS ?n) (SUM(?c) AS ?expected) WHERE {
  { SELECT ?a (SAMPLE(?k) AS ?c) (COUNT(DISTINCT ?r) AS ?got) WHERE {
      ?a ag:relationCount ?k . OPTIONAL { ?r prov:wasDerivedFrom ?a } } GROUP BY ?a } }'''
seen = []
end = time.monotonic() + float(sys.argv[1])
while time.monotonic() < end:
    store = current_store()
    c = counts(store, store.path, store.version)
    n, expected = store.read(run_query, COMPLETE).rows[0]
    seen.append([c["articles"], c["relations"], n, expected or 0])
    if c["articles"] == 63:
        break
    time.sleep(0.05)
print(json.dumps(seen))
"""


def test_app_reads_while_ingest_writes_and_sees_new_relations(tmp_path, monkeypatch):
    corpus = write_corpus(tmp_path / "articles")
    store = tmp_path / "store"
    build_store(store)  # the app starts on an existing store: three hand-made articles
    writer = subprocess.Popen([*cli(), "ingest", str(corpus), "--store", str(store), "--batch-size", "1"],
                              cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    reader = subprocess.run([sys.executable, "-c", READER, "90"], cwd=ROOT, capture_output=True, text=True,
                            env={**__import__("os").environ, "ALLIANCEGRAPH_STORE": str(store)}, timeout=180)
    assert writer.wait(timeout=180) == 0, writer.stderr.read()
    assert reader.returncode == 0, reader.stderr
    import json

    seen = json.loads(reader.stdout.strip().splitlines()[-1])
    articles = [s[0] for s in seen]
    assert articles == sorted(articles), "a read went back in time"
    assert articles[-1] == 63, seen  # the finished ingest shows up without restarting the app
    assert any(3 < a < 63 for a in articles), seen  # and reads happened while it wrote
    for _articles, relations, n, expected in seen:
        assert relations == n == expected  # every snapshot holds whole articles
