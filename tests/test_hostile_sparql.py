"""A hostile tester against the SPARQL surfaces, each attack on a real process: ``alliancegraph query``,
``serve-sparql``, the explorer's SPARQL page, and the query workers behind them.

What must hold (README, Guarantees): nothing a query does reaches another host (two layers: the parse
refuses, and the worker cannot open a socket); no single request stops the server; every query is
killed at its time and memory limits; the HTTP layer refuses malformed lengths and drops idle
connections; only requests addressed to this server, and no cross-site page, can use it.
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from graph.query_pool import QueryPool
from graph.sandbox import network_denied
from graph.server import IDLE_TIMEOUT, MAX_CONNECTIONS
from graph.sparql import QueryError

sys.path.insert(0, str(Path(__file__).resolve().parent))
from conftest import build_store, start_sparql_server, stop_process  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
# a string that doubles forty times: a terabyte, unless something stops it
DOUBLING = ("SELECT (STRLEN(?o40) AS ?n) WHERE { BIND(\"0123456789\" AS ?o0) "
            + " ".join(f"BIND(CONCAT(?o{i}, ?o{i}) AS ?o{i + 1})" for i in range(40)) + " }")
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
SMALL = "SELECT ?l WHERE { actor:RUS rdfs:label ?l }"


class Listener:
    """A loopback HTTP listener that counts every connection made to it (a leak's destination)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/leak/"
        self.hits: list[bytes] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(2)
                try:
                    self.hits.append(conn.recv(4096))
                    body = b'{"head": {"vars": []}, "results": {"bindings": []}}'
                    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                                 b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
                except OSError:
                    pass

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def listener():
    ear = Listener()
    yield ear
    ear.close()


def attacks(leak: str) -> list[str]:
    """Ways to make the engine call ``leak``: one class of fault, many spellings."""
    headline_leak = (f'?a schema:headline ?h BIND(IRI(CONCAT("{leak}", ENCODE_FOR_URI(?h))) AS ?e)')
    return [
        f"SELECT * WHERE {{ {headline_leak} LATERAL {{ SERVICE ?e {{ ?s ?p ?o }} }} }}",
        f"SELECT * WHERE {{ ?x actor:a\\# ?y . {headline_leak} SERVICE ?e {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?r ag:evidence ?x }} # {{\nSELECT * WHERE {{ SERVICE <{leak}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ BIND(<<( <urn:a> <urn:b> <urn:c> )>> AS ?t) SERVICE <{leak}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ sErViCe   SILENT <{leak}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ ?a ?b ?c OPTIONAL {{ SERVICE#\n<{leak}> {{ ?s ?p ?o }} }} }}",
        f"SELECT * WHERE {{ ?a ?b ?c FILTER EXISTS {{ SERVICE <{leak}> {{ ?s ?p ?o }} }} }}",
        f"SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{leak}> {{ ?s ?p ?o }} }} }} }}",
        f"SELECT * WHERE {{ {{ ?a ?b ?c }} UNION {{ SERVICE <{leak}> {{ ?s ?p ?o }} }} MINUS {{ SERVICE <{leak}> {{ ?s ?p ?o }} }} }}",
        f"PREFIX l: <{leak}> SELECT * WHERE {{ VALUES ?e {{ l:x }} SERVICE ?e {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE <{leak}> {{ ?s ?p ?o }} }}",
        f"ASK {{ SERVICE <{leak}> {{ ?s ?p ?o }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{leak}> {{ ?s ?p ?o }} }}",
        f"DESCRIBE ?s WHERE {{ SERVICE <{leak}> {{ ?s ?p ?o }} }}",
    ]


def write_attacks(leak: str) -> list[str]:
    """Updates that would fetch ``leak`` even where updates are allowed."""
    return [
        f"LOAD <{leak}>",
        f"LOAD SILENT <{leak}> INTO GRAPH <urn:g>",
        f"INSERT {{ GRAPH <urn:g> {{ ?s ?p ?o }} }} WHERE {{ SERVICE <{leak}> {{ ?s ?p ?o }} }}",
    ]


def cli(*args: str, timeout: float = 120, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "alliancegraph", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout, env=env)


def fetch(url: str, *, data: bytes | None = None, headers: dict | None = None, timeout: float = 30):
    req = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as res:
            return res.status, res.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def raw(url: str, request: bytes, *, wait: float = 5.0) -> bytes:
    """Send bytes as they are and read what comes back until the server closes or ``wait`` passes."""
    host, port = urllib.parse.urlsplit(url).hostname, urllib.parse.urlsplit(url).port
    with socket.create_connection((host, port), timeout=wait) as s:
        s.sendall(request)
        chunks = []
        try:
            while chunk := s.recv(65536):
                chunks.append(chunk)
        except TimeoutError:
            pass
        return b"".join(chunks)


def children(pid: int) -> list[int]:
    """The process ids whose parent is ``pid``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def running(pid: int) -> bool:
    """The process exists and is not a zombie waiting to be reaped."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def threads(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("Threads:"):
            return int(line.split()[1])
    raise AssertionError("no thread count")


def wait_for(predicate, seconds: float = 30.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return predicate()


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    return build_store(tmp_path_factory.mktemp("hostile") / "store")


@pytest.fixture(scope="module")
def endpoint(store):
    proc, url = start_sparql_server(store, "--timeout", "3", "--memory-limit", "300M")
    yield proc, url
    stop_process(proc)


# -- 1. nothing leaves: the parse refuses, and the worker cannot reach the network ----------------

def test_query_cli_refuses_every_network_access_and_makes_no_request(store, listener):
    for text in attacks(listener.url):
        done = cli("query", text, "--store", str(store))
        assert done.returncode == 2, (text, done.stdout)
        assert done.stderr.startswith("error: ") and "Traceback" not in done.stderr, done.stderr
    for text in write_attacks(listener.url):
        done = cli("query", text, "--store", str(store), "--allow-update")
        assert done.returncode == 2 and "not allowed" in done.stderr, (text, done.stderr)
    assert listener.hits == []


def test_serve_sparql_refuses_every_network_access_and_makes_no_request(endpoint, listener):
    _proc, url = endpoint
    for text in attacks(listener.url):
        status, body = fetch(f"{url}/sparql?query={urllib.parse.quote(text)}")
        assert status in (400, 403), (text, status, body)
        status, body = fetch(f"{url}/sparql", data=text.encode(), headers={"Content-Type": "application/sparql-query"})
        assert status in (400, 403), (text, status, body)
    assert listener.hits == []
    assert fetch(f"{url}/sparql?query={urllib.parse.quote(SMALL)}")[0] == 200


def test_the_explorer_refuses_every_network_access_and_makes_no_request(app_env, listener):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_string("from explorer.pages import sparql_page\nsparql_page()\n", default_timeout=60)
    at.run()
    for text in attacks(listener.url):
        at.text_area(key="sparql_query").set_value(text)
        at.button[0].click().run()
        assert not at.exception and at.error, text
        assert not at.dataframe
    assert listener.hits == []


_SANDBOXED_SERVICE = """
import sys
from graph.sandbox import deny_network
if sys.argv[2] == "sandboxed":
    assert deny_network()
import pyoxigraph
try:
    list(pyoxigraph.Store().query("SELECT * WHERE { SERVICE <%s> { ?s ?p ?o } }" % sys.argv[1]))
    print("answered")
except OSError as e:
    print("refused:", e)
import urllib.request
try:
    urllib.request.urlopen(sys.argv[1], timeout=5)
    print("fetched")
except OSError as e:
    print("refused:", e)
"""


def test_a_service_call_that_slipped_past_the_parse_still_makes_no_request(listener):
    """The second layer alone: Oxigraph evaluates a SERVICE in a sandboxed process; nothing arrives.
    The same code outside the sandbox does reach the listener, so the test can fail."""
    run = lambda mode: subprocess.run([sys.executable, "-c", _SANDBOXED_SERVICE, listener.url, mode],  # noqa: E731
                                      capture_output=True, text=True, timeout=60, cwd=ROOT)
    done = run("sandboxed")
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("refused:") == 2 and "ermission denied" in done.stdout, done.stdout
    assert listener.hits == []
    assert run("open").returncode == 0
    assert wait_for(lambda: len(listener.hits) >= 2, 10)


def test_every_query_worker_runs_without_network(store, endpoint):
    with QueryPool(store, workers=2) as pool:
        pool.start()
        assert pool.worker_pids() and all(network_denied(pid) for pid in pool.worker_pids())
    proc, _url = endpoint
    workers = children(proc.pid)
    assert len(workers) == 2 and all(network_denied(pid) for pid in workers)
    assert not network_denied(proc.pid)  # the server itself: only its workers are confined


# -- 2. one request cannot kill the server ---------------------------------------------------------

@pytest.mark.parametrize("shape", ["FILTER({})", "{}", "?s ?p {}"])
def test_deep_nesting_is_refused_before_any_parser_and_the_server_answers_on(endpoint, shape):
    _proc, url = endpoint
    opener, closer = {"FILTER({})": ("(", ")"), "{}": ("{", "}"), "?s ?p {}": ("[ <urn:p> ", "]")}[shape]
    deep = "SELECT * WHERE { " + shape.format(opener * 10_000 + "1" + closer * 10_000) + " }"
    started = time.monotonic()
    status, body = fetch(f"{url}/sparql", data=deep.encode(), headers={"Content-Type": "application/sparql-query"})
    assert status == 403 and b"nests brackets" in body and time.monotonic() - started < 5
    assert fetch(f"{url}/sparql?query={urllib.parse.quote(SMALL)}")[0] == 200


def test_brackets_inside_strings_do_not_count_as_nesting(endpoint):
    _proc, url = endpoint
    text = 'SELECT ?x WHERE { BIND("' + "(" * 5000 + '" AS ?x) }'
    status, body = fetch(f"{url}/sparql?query={urllib.parse.quote(text)}")
    assert status == 200 and json.loads(body)["results"]["bindings"]


def test_a_crashed_worker_costs_one_answer_and_the_server_answers_the_next(endpoint):
    """A native crash (SIGSEGV, as the stack overflow gave) in a worker mid-query: 500, then service as usual."""
    proc, url = endpoint
    before = {pid: _cpu_seconds(pid) for pid in children(proc.pid)}
    answer: dict = {}
    worker = threading.Thread(target=lambda: answer.update(r=fetch(f"{url}/sparql?query={urllib.parse.quote(SLOW)}")))
    worker.start()
    busy = lambda: [pid for pid, cpu in before.items() if _cpu_seconds(pid) > cpu + 0.2]  # noqa: E731
    assert wait_for(lambda: busy(), 2.5), "no worker took the query"
    os.kill(busy()[0], 11)
    worker.join(30)
    status, body = answer["r"]
    assert status == 500 and b"SIGSEGV" in body
    assert fetch(f"{url}/sparql?query={urllib.parse.quote(SMALL)}")[0] == 200
    assert wait_for(lambda: len(children(proc.pid)) == 2) and set(children(proc.pid)) != set(before)


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# -- 3. time and memory limits stop the work, not only the wait ------------------------------------

def test_the_time_limit_kills_the_query_and_its_process(endpoint):
    proc, url = endpoint
    before = set(children(proc.pid))
    status, body = fetch(f"{url}/sparql?query={urllib.parse.quote(SLOW)}")
    assert status == 503 and b"query timed out after 3 s" in body
    gone = before - set(children(proc.pid))
    assert len(gone) == 1 and not running(gone.pop())  # nothing keeps computing
    assert fetch(f"{url}/sparql?query={urllib.parse.quote(SMALL)}")[0] == 200


def test_a_killed_server_leaves_no_query_running(store):
    """SIGKILL gives the server no chance to stop its workers: they notice their parent is gone and end."""
    proc, url = start_sparql_server(store, "--timeout", "600")
    workers = children(proc.pid)
    def ask() -> None:
        try:
            fetch(f"{url}/sparql?query={urllib.parse.quote(SLOW)}", timeout=60)
        except OSError:  # the server is killed under it
            pass

    threading.Thread(target=ask, daemon=True).start()
    time.sleep(1.0)
    proc.kill()
    proc.wait()
    assert wait_for(lambda: not any(running(pid) for pid in workers), 10)


def test_the_memory_limit_stops_a_query_and_says_so(endpoint, store):
    proc, url = endpoint
    status, body = fetch(f"{url}/sparql?query={urllib.parse.quote(DOUBLING)}")
    assert status == 503 and b"memory" in body and b"300 MiB" in body, body
    rss_kb = int(next(line for line in Path(f"/proc/{proc.pid}/status").read_text().splitlines()
                      if line.startswith("VmRSS:")).split()[1])
    assert rss_kb < 300_000  # the server never held the query's data
    assert fetch(f"{url}/sparql?query={urllib.parse.quote(SMALL)}")[0] == 200
    done = cli("query", DOUBLING, "--store", str(store), "--memory-limit", "300M")
    assert done.returncode == 2 and "the limit of 300 MiB (--memory-limit)" in done.stderr and "Traceback" not in done.stderr
    done = cli("query", SMALL, "--store", str(store), "--memory-limit", "lots")
    assert done.returncode == 2 and "not a size" in done.stderr


def test_the_explorer_reports_the_memory_limit(app_env, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("ALLIANCEGRAPH_QUERY_MEMORY", str(300 << 20))
    at = AppTest.from_string("from explorer.pages import sparql_page\nsparql_page()\n", default_timeout=60)
    at.run()
    at.text_area(key="sparql_query").set_value(DOUBLING)
    at.button[0].click().run()
    assert not at.exception and "the limit of 300 MiB" in at.warning[0].value


def test_a_pool_answers_after_each_limit(store):
    with QueryPool(store, workers=1, memory_limit=300 << 20) as pool:
        for text, reason in ((SLOW, "time"), (DOUBLING, "memory"), ("SELECT * WHERE { ?s ?p }", "syntax")):
            with pytest.raises(QueryError) as e:
                pool.rows(text, timeout=2)
            assert e.value.reason == reason
            assert pool.rows(SMALL).rows == [["Russia"]]


# -- 4. the HTTP layer -----------------------------------------------------------------------------

def _post(length_header: str, body: bytes = b"") -> bytes:
    return (b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
            + length_header.encode() + body)


@pytest.mark.parametrize("header, status", [
    ("Content-Length: -1\r\n\r\n", b"400"),
    ("Content-Length: abc\r\n\r\n", b"400"),
    ("Content-Length: +5\r\n\r\n", b"400"),
    ("Content-Length: 5\r\nContent-Length: 6\r\n\r\n", b"400"),
    ("\r\n", b"411"),
    ("Transfer-Encoding: chunked\r\n\r\n5\r\nASK {\r\n0\r\n\r\n", b"411"),
    (f"Content-Length: {10 ** 12}\r\n\r\n", b"413"),
])
def test_bad_body_lengths_are_answered_at_once(endpoint, header, status):
    _proc, url = endpoint
    started = time.monotonic()
    reply = raw(url, _post(header))
    assert reply.startswith(b"HTTP/1.1 " + status), reply[:200]
    assert b"Traceback" not in reply and time.monotonic() - started < IDLE_TIMEOUT


def test_idle_and_half_open_connections_are_dropped_and_bounded(endpoint):
    proc, url = endpoint
    host, port = "127.0.0.1", urllib.parse.urlsplit(url).port
    held = []
    for _ in range(200):
        s = socket.create_connection((host, port), timeout=5)
        s.sendall(_post("Content-Length: 100\r\n\r\n", b"ASK {"))  # and then nothing more
        held.append(s)
    time.sleep(1)
    assert threads(proc.pid) <= MAX_CONNECTIONS + 16
    try:
        deadline = time.monotonic() + IDLE_TIMEOUT + 10
        while True:  # once the idle ones are dropped, service resumes
            try:
                if fetch(f"{url}/sparql?query={urllib.parse.quote(SMALL)}", timeout=5)[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "the server did not recover from half-open connections"
            time.sleep(0.5)
        for s in held:  # each was answered (503) or closed; one left hanging raises TimeoutError here
            s.settimeout(IDLE_TIMEOUT + 5)
            try:
                s.recv(65536)
            except ConnectionError:
                pass
    finally:
        for s in held:
            s.close()


# -- 9. who may ask ---------------------------------------------------------------------------------

def _status(url: str, *, host: str, method: str = "GET", body: bytes | None = None, headers: dict | None = None) -> int:
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        conn.putrequest(method, parts.path + ("?" + parts.query if parts.query else ""), skip_host=True)
        conn.putheader("Host", host)
        for name, value in (headers or {}).items():
            conn.putheader(name, value)
        if body is not None:
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body)
        return conn.getresponse().status
    finally:
        conn.close()


def test_only_requests_addressed_to_this_server_are_answered(endpoint):
    _proc, url = endpoint
    port = urllib.parse.urlsplit(url).port
    query = f"{url}/sparql?query={urllib.parse.quote(SMALL)}"
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}", "localhost"):
        assert _status(query, host=host) == 200, host
    for host in (f"attacker.example:{port}", "attacker.example", f"127.0.0.1.attacker.example:{port}",
                 f"user@127.0.0.1:{port}", "", f"10.1.2.3:{port}"):
        assert _status(query, host=host) == 403, host


def test_updates_only_from_this_origin_and_never_form_encoded(tmp_path):
    store = build_store(tmp_path / "store")
    proc, url = start_sparql_server(store, "--allow-update")
    port = urllib.parse.urlsplit(url).port
    insert = b"INSERT DATA { GRAPH <urn:g> { <urn:s> <urn:p> <urn:o> } }"
    ask = f"{url}/sparql?query={urllib.parse.quote('ASK { <urn:s> <urn:p> <urn:o> }')}"
    try:
        update = lambda **headers: _status(f"{url}/update", host=f"127.0.0.1:{port}", method="POST",  # noqa: E731
                                           body=insert, headers={"Content-Type": "application/sparql-update", **headers})
        assert update(Origin="http://attacker.example") == 403
        assert update(Origin="null") == 403
        assert update(Referer="http://attacker.example/page.html") == 403
        assert update(Origin=f"http://127.0.0.1:{port + 1}") == 403  # another port is another origin
        form = b"update=" + urllib.parse.quote_plus(insert.decode()).encode()
        assert _status(f"{url}/update", host=f"127.0.0.1:{port}", method="POST", body=form,
                       headers={"Content-Type": "application/x-www-form-urlencoded"}) == 415
        assert json.loads(fetch(ask)[1])["boolean"] is False
        assert update(Origin=f"http://127.0.0.1:{port}") == 200
        assert json.loads(fetch(ask)[1])["boolean"] is True
    finally:
        stop_process(proc)


_ATTACK_PAGE = """<!doctype html><html><body>
<form id="f" method="POST" action="{target}/update" enctype="application/x-www-form-urlencoded">
<input type="hidden" name="update" value="INSERT DATA {{ GRAPH &lt;urn:g&gt; {{ &lt;urn:form&gt; &lt;urn:p&gt; &lt;urn:o&gt; }} }}">
</form>
<script>
fetch("{target}/update", {{method: "POST", mode: "no-cors", headers: {{"Content-Type": "text/plain"}},
      body: "INSERT DATA {{ GRAPH <urn:g> {{ <urn:fetch> <urn:p> <urn:o> }} }}"}});
fetch("{target}/update", {{method: "POST", headers: {{"Content-Type": "application/sparql-update"}},
      body: "INSERT DATA {{ GRAPH <urn:g> {{ <urn:cors> <urn:p> <urn:o> }} }}"}}).catch(() => {{}});
setTimeout(() => document.getElementById("f").submit(), 500);
</script></body></html>"""


def test_a_page_of_another_origin_cannot_change_the_store_in_a_real_browser(tmp_path, chromium_check):
    """CSRF and DNS rebinding with a real Chromium: a page on another origin posts a form and fetches;
    a rebound name (attacker.test resolving to 127.0.0.1) reads through the Host check. Nothing changes."""
    chromium_check()
    from playwright.sync_api import sync_playwright

    store = build_store(tmp_path / "store")
    proc, url = start_sparql_server(store, "--allow-update", "--allow-form-updates")
    port = urllib.parse.urlsplit(url).port
    page_dir = tmp_path / "attacker"
    page_dir.mkdir()
    (page_dir / "index.html").write_text(_ATTACK_PAGE.format(target=f"http://127.0.0.1:{port}"))
    attacker = subprocess.Popen([sys.executable, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1",
                                 "--directory", str(page_dir)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True)
    try:
        attacker_port = int(attacker.stdout.readline().split("port ")[1].split()[0])
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--host-resolver-rules=MAP attacker.test 127.0.0.1"])
            try:
                page = browser.new_page()
                page.goto(f"http://attacker.test:{attacker_port}/index.html")
                page.wait_for_timeout(2500)  # the form submits after 500 ms
                rebound = page.goto(f"http://attacker.test:{port}/sparql?query={urllib.parse.quote(SMALL)}")
                assert rebound.status == 403
            finally:
                browser.close()
        for subject in ("form", "fetch", "cors"):
            ask = f"ASK {{ <urn:{subject}> ?p ?o }}"
            assert json.loads(fetch(f"{url}/sparql?query={urllib.parse.quote(ask)}")[1])["boolean"] is False, subject
    finally:
        attacker.terminate()
        attacker.wait(10)
        stop_process(proc)


def _websocket_handshake(url: str, host: str, origin: str) -> int:
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        conn.putrequest("GET", "/_stcore/stream", skip_host=True)
        for name, value in {"Host": host, "Origin": origin, "Upgrade": "websocket", "Connection": "Upgrade",
                            "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version": "13"}.items():
            conn.putheader(name, value)
        conn.endheaders()
        return conn.getresponse().status
    finally:
        conn.close()


def test_the_explorer_refuses_a_rebound_host(app_server, demo_store, tmp_path):
    with app_server(demo_store, tmp_path) as url:
        port = urllib.parse.urlsplit(url).port
        assert _websocket_handshake(url, f"127.0.0.1:{port}", f"http://127.0.0.1:{port}") == 101
        assert _websocket_handshake(url, f"localhost:{port}", f"http://localhost:{port}") == 101
        assert _websocket_handshake(url, f"attacker.test:{port}", f"http://attacker.test:{port}") != 101
        assert _websocket_handshake(url, f"127.0.0.1:{port}", "http://attacker.test") != 101
