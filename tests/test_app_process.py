"""`alliancegraph app` as a user runs and stops it: SIGTERM to it stops Streamlit too, and the port is free."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from conftest import free_port  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def _listening(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(1)
        return s.connect_ex(("127.0.0.1", port)) == 0


def test_sigterm_to_the_app_stops_its_server_and_frees_the_port(demo_store, tmp_path):
    port = free_port()
    env = dict(os.environ, STREAMLIT_BROWSER_GATHER_USAGE_STATS="false")
    app = subprocess.Popen([sys.executable, "-m", "alliancegraph", "app", "--store", str(demo_store), "--port", str(port)],
                           cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                    break
            except OSError:
                assert app.poll() is None and time.monotonic() < deadline, "the app did not start"
                time.sleep(0.3)
        app.send_signal(signal.SIGTERM)
        assert app.wait(timeout=40) == 128 + signal.SIGTERM
        deadline = time.monotonic() + 20
        while _listening(port):
            assert time.monotonic() < deadline, "Streamlit still holds the port after the app was stopped"
            time.sleep(0.3)
    finally:
        if app.poll() is None:
            app.kill()
