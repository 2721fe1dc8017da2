"""Bad input through the real `alliancegraph ingest` (spaCy and the store): one line per bad input, the run
goes on, a 200,000-character sentence without punctuation neither crashes nor blows up memory."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.model

ROOT = Path(__file__).resolve().parents[1]
GOOD = ("Turkey backs Azerbaijan\nPublished: 2025-07-04\n\n"
        "Turkey signed a defence agreement with Azerbaijan on Monday. Russia condemned the agreement.\n")


def test_bad_inputs_are_named_and_the_rest_goes_in(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(GOOD)
    random.seed(7)
    words = "russia azerbaijan turkey talks signed deal baku moscow army border trade the of and with".split()
    sentence = "Russia " + " ".join(random.choice(words) for _ in range(40_000))
    (corpus / "long.txt").write_text(sentence[:200_000])
    with (corpus / "huge.txt").open("wb") as f:
        f.write(b"Russia attacked Azerbaijan " * (20 * 2**20 // 27 + 1))
    (corpus / "paper.txt").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + os.urandom(2000))
    (corpus / "german.txt").write_text(
        "Die Regierung in Baku hat am Montag mitgeteilt, dass die Gespräche mit der Türkei über eine engere "
        "Zusammenarbeit bei der Verteidigung fortgesetzt werden und dass auch Russland eingeladen ist.\n" * 3)
    (corpus / "empty.md").write_text("")
    (corpus / "latin1.txt").write_bytes(GOOD.replace("Monday", "Monday in Genève").encode("latin-1"))
    store = tmp_path / "store"
    exe = Path(sys.executable).parent / "alliancegraph"
    proc = subprocess.Popen([str(exe), "ingest", str(corpus), "--store", str(store)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _pid, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read()
    assert proc.returncode == 1, err  # some inputs were skipped
    assert "Traceback" not in err
    skipped = {line.split(":", 1)[0].rsplit("/", 1)[-1]: line for line in err.splitlines() if line.startswith("skipped ")}
    assert set(skipped) == {"huge.txt", "paper.txt", "german.txt", "empty.md"}, err
    assert "file too large for one article" in skipped["huge.txt"]
    assert "binary file (PDF)" in skipped["paper.txt"]
    assert "not English (looks like de)" in skipped["german.txt"]
    assert "3 added, 0 replaced, 0 unchanged, 4 skipped" in err
    assert usage.ru_maxrss < 2_000_000  # KiB: the long sentence parses in well under 2 GB
