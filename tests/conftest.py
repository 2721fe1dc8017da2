"""Shared fixtures: a small real Oxigraph store built from hand-written records (no spaCy), and the
real app served on a free loopback port for the browser tests."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

_STATES = {
    "RUS": "Russia",
    "AZE": "Azerbaijan",
    "TUR": "Turkey",
    "ISR": "Israel",
}


def _actor(actor_id: str, text: str | None = None) -> dict:
    label = _STATES[actor_id]
    return {"id": actor_id, "label": label, "text": text or label, "kind": "state",
            "country": actor_id, "start": 0, "end": len(text or label)}


def _relation(article: str, sentence: str, source: str, target: str, type_: str, quad_class: int,
              polarity: int, intensity: float, trigger: str, date: str, index: int = 0,
              symmetric: bool = False) -> dict:
    return {
        "article": article, "sentence": sentence, "sentence_index": index,
        "char_start": 0, "char_end": len(sentence),
        "source": _actor(source), "target": _actor(target),
        "type": type_, "quad_class": quad_class, "polarity": polarity, "intensity": intensity,
        "negated": False, "symmetric": symmetric, "confidence": 0.8, "trigger": trigger, "date": date,
    }


PLANE_SENTENCE = "A Russian missile shot down an Azerbaijani passenger plane over Grozny."
ALIGN_SENTENCE = "Azerbaijan and Turkey reaffirmed their alliance in Baku."
AID_SENTENCE = "Israel supplied Azerbaijan with drones and air-defence systems."


def demo_articles() -> list[tuple[dict, list[dict]]]:
    """Three articles resembling the demo corpus, with their relation records."""
    a1 = {"id": "000_plane.txt", "title": "Azerbaijan blames Russia for airliner crash",
          "date": "2025-07-04", "url": "https://example.org/news/plane",
          "text": PLANE_SENTENCE + " Baku summoned the Russian ambassador."}
    a2 = {"id": "001_align.txt", "title": "Baku and Ankara reaffirm alliance",
          "date": "2025-07-10", "url": "https://example.org/news/align",
          "text": ALIGN_SENTENCE + " " + AID_SENTENCE}
    a3 = {"id": "002_sanctions.txt", "title": "Moscow threatens Baku",
          "date": "2025-07-12", "url": None,
          "text": "Russia threatened Azerbaijan with trade restrictions."}
    return [
        (a1, [
            _relation(a1["id"], PLANE_SENTENCE, "RUS", "AZE", "ASSAULT", 4, -1, -9.5, "shot down", a1["date"]),
            _relation(a1["id"], "Baku summoned the Russian ambassador.", "AZE", "RUS", "PROTEST", 3, -1, -2.0,
                      "summoned", a1["date"], index=1),
        ]),
        (a2, [
            _relation(a2["id"], ALIGN_SENTENCE, "AZE", "TUR", "ALIGN", 1, 1, 5.0, "reaffirmed", a2["date"],
                      symmetric=True),
            _relation(a2["id"], AID_SENTENCE, "ISR", "AZE", "AID", 2, 1, 7.0, "supplied", a2["date"], index=1),
        ]),
        (a3, [
            _relation(a3["id"], a3["text"], "RUS", "AZE", "THREATEN", 3, -1, -4.0, "threatened", a3["date"]),
        ]),
    ]


def build_store(path: Path) -> Path:
    """Write the demo articles into a new store at ``path`` and release the writer lock."""
    from graph.store import add_article, close_store, open_store

    ds = open_store(path)
    try:
        for article, records in demo_articles():
            add_article(ds, article, records)
    finally:
        close_store(ds)
    return path


@pytest.fixture(scope="session")
def nlp():
    """The real pipeline (spaCy's English model and alliancegraph's components), built once per run."""
    from extract.pipeline import build_pipeline

    return build_pipeline()


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory) -> Path:
    """A closed Oxigraph store with the hand-written demo records (RUS, AZE, TUR, ISR)."""
    return build_store(tmp_path_factory.mktemp("store") / "store")


@pytest.fixture
def app_env(monkeypatch, demo_store):
    """Point the app at the demo store and start from empty Streamlit caches."""
    import streamlit as st

    monkeypatch.setenv("ALLIANCEGRAPH_STORE", str(demo_store))
    st.cache_data.clear()
    st.cache_resource.clear()
    yield demo_store
    st.cache_data.clear()
    st.cache_resource.clear()


# -- the real app for the browser tests -------------------------------------------------------

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"


def require_chromium(path: str = CHROMIUM) -> None:
    """Skip when Chromium is missing, or fail when CI says it must be there."""
    if Path(path).exists():
        return
    if os.environ.get("ALLIANCEGRAPH_REQUIRE_BROWSER") == "1":
        pytest.fail(f"Chromium not found at {path} and ALLIANCEGRAPH_REQUIRE_BROWSER=1")
    pytest.skip("Chromium not installed: browser tests skipped (apt-get install chromium)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_sparql_server(store, *extra: str, timeout: float = 60) -> tuple[subprocess.Popen, str]:
    """A real ``alliancegraph serve-sparql`` on ``store`` and a free loopback port: ``(process, base URL)``."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "alliancegraph", "serve-sparql", "--store", str(store),
                             "--port", str(port), *extra],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"serve-sparql exited {proc.returncode}: {proc.stderr.read()}")
        try:
            urllib.request.urlopen(url + "/", timeout=2).close()
            return proc, url
        except OSError:
            if time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError(f"serve-sparql did not answer within {timeout:g} s") from None
            time.sleep(0.1)


def stop_process(proc: subprocess.Popen) -> tuple[int, str]:
    """Stop a server as a user would (Ctrl-C, then a kill if it lingers): ``(exit status, stderr)``."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
    return proc.returncode, proc.stderr.read() if proc.stderr else ""


def _app_command(store: Path, port: int) -> list[str]:
    cli = Path(sys.executable).parent / "alliancegraph"
    if cli.exists():
        return [str(cli), "app", "--store", str(store), "--port", str(port)]
    return [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
            "--server.port", str(port), "--browser.gatherUsageStats", "false", "--server.address", "127.0.0.1"]


@contextlib.contextmanager
def serve_app(store: Path, tmp_path: Path):
    """The real app on ``store`` on a free port (via ``alliancegraph app`` when the CLI has it), stopped afterwards."""
    port = free_port()
    env = dict(os.environ, ALLIANCEGRAPH_STORE=str(store), STREAMLIT_BROWSER_GATHER_USAGE_STATS="false")
    log_path = tmp_path / "server.log"
    log = log_path.open("w")
    # Own session: the CLI runs streamlit as a child, so we stop the whole group we started.
    proc = subprocess.Popen(_app_command(store, port), cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                            start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                pytest.fail(f"app exited with {proc.returncode}:\n{log_path.read_text()}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"app did not answer /_stcore/health:\n{log_path.read_text()}")
            time.sleep(0.3)
        yield url
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        log.close()


@pytest.fixture
def chromium_check():
    """:func:`require_chromium`, for tests: skip without Chromium, fail when CI requires it."""
    return require_chromium


@pytest.fixture
def app_server():
    """:func:`serve_app` after the Chromium check: ``with app_server(store, tmp_path) as url: ...``."""
    require_chromium()
    return serve_app
