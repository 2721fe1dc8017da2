"""A full disk, for real: `alliancegraph ingest` writes its store on a small tmpfs (mounted in a private mount
namespace, so nothing outside the test sees it) until the kernel answers ENOSPC. One line says so, the
summary counts what went in, the status is 2, and the store holds exactly the articles counted, whole.

Needs Linux and either root or unprivileged user namespaces (to mount the tmpfs); elsewhere the tests skip
and say why."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def cli() -> list[str]:
    exe = Path(sys.executable).parent / "alliancegraph"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "alliancegraph"]


def _namespace() -> list[str]:
    """The command prefix that runs a shell in a private mount namespace where mounting a tmpfs works."""
    unshare = shutil.which("unshare")
    if sys.platform != "linux" or unshare is None:
        pytest.skip("a real full disk needs Linux and unshare(1) to mount a small tmpfs")
    prefix = [unshare, "--mount"] if os.geteuid() == 0 else [unshare, "--user", "--map-root-user", "--mount"]
    probe = subprocess.run([*prefix, "sh", "-c", "mount -t tmpfs -o size=1m tmpfs /mnt && umount /mnt"],
                           capture_output=True, text=True, timeout=60)
    if probe.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root or user namespaces): {probe.stderr.strip()[:200]}")
    return prefix


def fill_the_disk(tmp_path: Path, size: str, ingest_args: list[str]) -> dict:
    """Run ``ingest ... --store MNT/store`` with a ``size`` tmpfs at MNT, then ``check`` and a count of the
    stored articles on it, all in one private mount namespace; their outputs land in ``tmp_path``."""
    prefix = _namespace()
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    store = mnt / "store"
    ag = " ".join(shlex.quote(c) for c in cli())
    count = "SELECT (COUNT(?a) AS ?n) WHERE { ?a a schema:NewsArticle }"
    script = f"""
mount -t tmpfs -o size={size} tmpfs {shlex.quote(str(mnt))} || exit 99
{ag} ingest {' '.join(shlex.quote(a) for a in ingest_args)} --store {shlex.quote(str(store))} \\
    > {tmp_path}/ingest.out 2> {tmp_path}/ingest.err; echo $? > {tmp_path}/ingest.rc
df -k {shlex.quote(str(mnt))} > {tmp_path}/df.out
{ag} check --store {shlex.quote(str(store))} > {tmp_path}/check.out 2>&1; echo $? > {tmp_path}/check.rc
{ag} query {shlex.quote(count)} --store {shlex.quote(str(store))} --format json > {tmp_path}/count.out
"""
    done = subprocess.run([*prefix, "sh", "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert done.returncode != 99, done.stderr
    read = lambda name: (tmp_path / name).read_text()  # noqa: E731
    rows = json.loads(read("count.out"))["rows"]
    return {"rc": int(read("ingest.rc")), "stderr": read("ingest.err"), "check_rc": int(read("check.rc")),
            "check": read("check.out"), "stored": int(rows[0][0] if isinstance(rows[0], list) else rows[0]["n"]),
            "df": read("df.out")}


def _assert_one_line_and_a_true_summary(result: dict) -> int:
    err = result["stderr"]
    assert result["rc"] == 2, err
    assert "Traceback" not in err, err
    errors = [line for line in err.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and re.match(r"error: no space left on device while writing (to the store after )?"
                                         r"article '", errors[0]), err
    summary = [line for line in err.splitlines() if " added, " in line]
    assert len(summary) == 1, err
    added = int(summary[0].split(" added")[0])
    assert added > 0, err  # some batches went in before the disk filled
    assert result["stored"] == added, (result["stored"], err)  # the summary says exactly what went in
    assert result["check_rc"] == 0 and "the store is whole" in result["check"], result["check"]
    return added


def test_import_on_a_full_disk_says_so_in_one_line_and_counts_what_went_in(tmp_path):
    records = tmp_path / "records.jsonl"
    with records.open("w") as out:
        for i in range(3000):
            out.write(json.dumps({"article": f"e{i:05d}", "source": {"id": "AZE"},
                                  "target": {"id": ("TUR", "RUS", "ISR")[i % 3]}, "type": "CONSULT", "polarity": 1,
                                  "sentence": f"Azerbaijan consulted its partner, report {i}.",
                                  "date": "2025-07-04"}) + "\n")
    added = _assert_one_line_and_a_true_summary(fill_the_disk(tmp_path, "16m", ["--format", "relations",
                                                                                 str(records)]))
    assert added < 3000


@pytest.mark.model
def test_ingest_on_a_full_disk_says_so_in_one_line_and_counts_what_went_in(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    states = ["Russia", "Azerbaijan", "Turkey", "Israel", "Armenia", "Georgia", "Iran", "France"]
    for i in range(120):
        a, b = states[i % 8], states[(i * 3 + 1) % 8]
        a, b = (a, b) if a != b else (a, states[(i + 2) % 8])
        (corpus / f"art_{i:03d}.txt").write_text(
            f"Talks {i}\nPublished: 2025-0{1 + i % 9}-1{i % 10}\n\n{a} signed a defence agreement with {b} on "
            f"Monday. {b} thanked {a} after meeting number {i}. Russia condemned the agreement.\n")
    added = _assert_one_line_and_a_true_summary(fill_the_disk(tmp_path, "2m", [str(corpus)]))
    assert added < 120
