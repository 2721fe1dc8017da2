"""Text from articles is inert wherever the explorer shows it: actor names, sentences, titles and URLs
carrying <script>, <img onerror=...> and javascript: links run nothing, and Markdown images and links
pointing at a listener on a loopback port load nothing and link nowhere, in a real headless Chromium."""

from __future__ import annotations

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]

PWN = "window.__pwned=(window.__pwned||0)+1;alert(1)"
LABEL = f'Evil <script>{PWN}</script><img src=x onerror="{PWN}"> Republic'
SENTENCE = (f'MARKER-SENTENCE Evil Republic <img src=x onerror="{PWN}"> attacked <b>Russia</b> '
            f'<script>{PWN}</script> [click me](javascript:{PWN}) <a href="javascript:{PWN}">link</a> '
            f'<svg onload="{PWN}"></svg> <iframe src="javascript:{PWN}"></iframe>')
TITLE = f'MARKER-TITLE <script>{PWN}</script><img src=x onerror="{PWN}">'
URL = f"javascript:{PWN}"

FIND_INJECTED = r"""() => {
  const bad = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      const v = a.value || '';
      if (a.name.startsWith('on') && v.includes('__pwned')) bad.push('handler: ' + el.outerHTML.slice(0, 160));
      if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data'].includes(a.name) && /^\s*javascript:/i.test(v))
        bad.push('javascript url: ' + el.outerHTML.slice(0, 160));
    }
    // An injected <script>PWN</script> holds exactly the payload; the app's own scripts may carry it as
    // escaped JSON data, which is not code.
    if (el.tagName === 'SCRIPT' && el.textContent.trim() === PAYLOAD) bad.push('script: ' + el.outerHTML.slice(0, 160));
  }
  return {bad, pwned: window.__pwned || 0};
}""".replace("PAYLOAD", repr(PWN))


def _actor(aid: str, label: str) -> dict:
    return {"id": aid, "label": label, "text": label, "kind": "state", "country": None, "start": 0, "end": 5}


def _markdown_payloads(port: int) -> dict[str, str]:
    """Markdown images and links to the listener, in every field an article or a user file controls."""
    at = f"http://127.0.0.1:{port}"
    return {
        # The reported attack: a URL closing the link and opening an image.
        "url": f"https://a.example/)![p]({at}/PIXEL-URL.png)&copy=1",
        "title": f"MARKER-MD-TITLE ![t]({at}/PIXEL-TITLE.png) [x]({at}/LINK-TITLE) <{at}/AUTO>",
        "sentence": (f"MARKER-MD-SENTENCE ![s]({at}/PIXEL-SENTENCE.png) [l]({at}/LINK-SENTENCE) `x` **b**\n\n"
                     f"![n]({at}/PIXEL-NEWLINE.png) <img src={at}/PIXEL-HTML.png> [r][1]\n\n[1]: {at}/PIXEL-REF.png"),
        "label": f"Mark ![a]({at}/PIXEL-LABEL.png) [b]({at}/LINK-LABEL)",
        "trigger": f"![g]({at}/PIXEL-TRIGGER.png)",
        "type": "ALIGN",
        "file": f"MARKER-FILE ![f](http:\\\\127.0.0.1:{port}\\PIXEL-FILE.png) [k](http:\\\\127.0.0.1:{port}\\L).jsonl",
    }


def _record(article: str, sentence: str, i: int, src: dict, tgt: dict, typ: str, pol: int, trigger: str) -> dict:
    return {"article": article, "sentence": sentence, "sentence_index": i, "char_start": 0,
            "char_end": len(sentence), "source": src, "target": tgt, "type": typ, "quad_class": 1,
            "polarity": pol, "intensity": 1.0 * pol, "negated": False, "symmetric": False,
            "confidence": 0.9, "trigger": trigger, "date": "2025-07-04"}


def _hostile_store(path: Path, port: int) -> Path:
    from graph.store import add_article, close_store, open_store

    evil, rus, aze = _actor("EVIL", LABEL), _actor("RUS", "Russia"), _actor("AZE", "Azerbaijan")
    article = {"id": "evil.txt", "text": SENTENCE + " More.", "title": TITLE, "date": "2025-07-04", "url": URL}
    records = [_record("evil.txt", SENTENCE, i, src, tgt, typ, pol, f"<img src=x onerror=\"{PWN}\">")
               for i, (src, tgt, typ, pol) in enumerate([(evil, rus, "ASSAULT", -1), (aze, evil, "ALIGN", 1),
                                                         (rus, evil, "AID", 1), (evil, aze, "CONSULT", 1)])]
    md = _markdown_payloads(port)
    mark, tur = _actor("MARK", md["label"]), _actor("TUR", "Turkey")
    md_article = {"id": "md.jsonl", "text": md["sentence"], "title": md["title"], "date": "2025-07-05",
                  "url": md["url"]}
    md_records = [_record("md.jsonl", md["sentence"], i, src, tgt, typ, pol, md["trigger"])
                  for i, (src, tgt, typ, pol) in enumerate([(mark, rus, "ALIGN", 1), (mark, aze, "ASSAULT", -1),
                                                            (mark, evil, "AID", 1), (tur, mark, "ALIGN", 1)])]
    ds = open_store(path)
    try:
        add_article(ds, article, records)
        add_article(ds, md_article, md_records)
    finally:
        close_store(ds)
    return path


@pytest.fixture
def listener():
    """An HTTP server on a loopback port that records every connection and request made to it."""
    seen: list[str] = []

    class Record(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - the http.server interface
            seen.append(f"{self.command} {self.path}")
            self.send_response(204)
            self.end_headers()

        do_POST = do_HEAD = do_OPTIONS = do_GET

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Record)
    accept = httpd.get_request

    def counted():
        conn, address = accept()
        seen.append(f"connection from {address}")
        return conn, address

    httpd.get_request = counted
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd.server_address[1], seen
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def server(tmp_path, app_server, listener):
    store = _hostile_store(tmp_path / "store", listener[0])
    with app_server(store, tmp_path) as url:
        yield url, int(url.rsplit(":", 1)[1])


def _check(page, dialogs: list, where: str) -> None:
    page.wait_for_timeout(800)  # give any injected handler (img onerror, svg onload) time to fire
    for frame in page.frames:
        found = frame.evaluate(FIND_INJECTED)
        assert found["pwned"] == 0, f"{where}: injected code ran in {frame.url}"
        assert found["bad"] == [], f"{where}: injected markup in {frame.url}: {found['bad']}"
    assert dialogs == [], f"{where}: a dialog opened: {dialogs}"


def _open(page, url: str, heading: str) -> None:
    from playwright.sync_api import expect

    page.goto(url)
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible(timeout=60_000)
    page.wait_for_timeout(300)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=30_000)


def _visit(page, url: str, heading: str, marker: str) -> None:
    """Open a page and wait until the hostile text ``marker`` is in it."""
    from playwright.sync_api import expect

    _open(page, url, heading)
    expect(page.get_by_text(marker).first).to_be_attached(timeout=30_000)


def _click_node(page, node: str, marker: str):
    """On the Network page: hover and click ``node`` (its tooltip and evidence panel render its text); the frame."""
    from playwright.sync_api import expect

    frame_el = page.locator("iframe").first
    expect(frame_el).to_be_visible(timeout=30_000)
    frame = frame_el.content_frame
    expect(frame.locator("#mynetwork canvas")).to_have_count(1, timeout=30_000)
    frame.locator("body").evaluate("() => { network.setOptions({physics: false}); network.fit(); }")
    page.wait_for_timeout(300)
    box = frame_el.bounding_box()
    spot = frame.locator("body").evaluate(f"() => network.canvasToDOM(network.getPositions(['{node}'])['{node}'])")
    page.mouse.move(box["x"] + spot["x"], box["y"] + spot["y"])
    page.wait_for_timeout(500)
    page.mouse.click(box["x"] + spot["x"], box["y"] + spot["y"])
    expect(frame.locator("#ag-panel")).to_contain_text(marker, timeout=10_000)
    return frame


def test_article_text_is_inert_everywhere_it_is_shown(server):
    from playwright.sync_api import expect, sync_playwright

    url, port = server
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
            dialogs: list[str] = []
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

            _open(page, url, "Overview")
            _check(page, dialogs, "overview")

            _open(page, f"{url}/network", "Actor network")
            _click_node(page, "EVIL", "MARKER-SENTENCE")
            _check(page, dialogs, "network")

            _visit(page, f"{url}/actor", "Actor", "MARKER-SENTENCE")
            _check(page, dialogs, "actor")

            _visit(page, f"{url}/articles", "Articles", "MARKER-TITLE")
            _check(page, dialogs, "articles")

            _open(page, f"{url}/sparql", "SPARQL")
            page.get_by_label("Query").fill("SELECT ?label ?s WHERE { ?a rdfs:label ?label . ?r ag:evidence ?s }")
            page.get_by_role("button", name="Run query").click()
            expect(page.get_by_text("rows").first).to_be_visible(timeout=30_000)
            _check(page, dialogs, "sparql")
        finally:
            browser.close()


FIND_LOADS = r"""(port) => {
  const bad = [];
  const at = ':' + port + '/';
  for (const el of document.querySelectorAll('img, image, source, video, audio, iframe, embed, object, input')) {
    const src = ['src', 'srcset', 'data', 'href', 'xlink:href', 'poster'].map(a => el.getAttribute(a) || '').join(' ');
    if (src.includes(at) || src.includes('PIXEL')) bad.push('loads: ' + el.outerHTML.slice(0, 200));
  }
  for (const a of document.querySelectorAll('a[href]')) {
    let host = '';
    try { host = new URL(a.href, document.baseURI).host; } catch (e) { bad.push('bad href: ' + a.href); }
    if (host === '127.0.0.1:' + port) bad.push('links to the listener: ' + a.outerHTML.slice(0, 200));
  }
  const titled = [...document.querySelectorAll('a[href]')].filter(a => a.textContent.includes('MARKER-MD-TITLE'));
  return {bad, titleLinks: titled.map(a => a.href)};
}"""


def _no_loads(page, listener, where: str) -> list[str]:
    """Assert no element loads from, or links to, the listener, and it saw nothing; the title links found."""
    port, seen = listener
    page.wait_for_timeout(800)  # give the browser time to fetch anything injected
    links = []
    for frame in page.frames:
        found = frame.evaluate(FIND_LOADS, port)
        assert found["bad"] == [], f"{where}: {found['bad']}"
        links += found["titleLinks"]
    assert seen == [], f"{where}: the listener on 127.0.0.1:{port} was reached: {seen}"
    return links


def test_markdown_in_articles_loads_nothing_and_links_only_to_the_article(server, listener, tmp_path):
    """The reported attack and its variants: Markdown images and links to a listener in the URL, title,
    sentence, actor name, trigger and uploaded file name; every page that shows them is opened."""
    from playwright.sync_api import expect, sync_playwright

    url, _app_port = server
    md = _markdown_payloads(listener[0])
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()

            _open(page, url, "Overview")
            expect(page.get_by_text("Latest shifts in alignment")).to_be_visible(timeout=30_000)
            _no_loads(page, listener, "overview")

            _open(page, f"{url}/network", "Actor network")
            frame = _click_node(page, "MARK", "MARKER-MD-SENTENCE")
            panel_links = frame.locator("#ag-panel a").evaluate_all("els => els.map(a => a.href)")
            assert panel_links and all(h.startswith("https://a.example/") for h in panel_links), panel_links
            actor = page.get_by_label("Actor", exact=True)
            actor.click()
            page.keyboard.type("(MARK)")
            page.keyboard.press("Enter")
            expect(page.get_by_text("MARKER-MD-SENTENCE").first).to_be_visible(timeout=30_000)
            _no_loads(page, listener, "network")

            _visit(page, f"{url}/alignments", "Alignments", "MARKER-MD-SENTENCE")
            _no_loads(page, listener, "alignments")

            _visit(page, f"{url}/actor", "Actor", "MARKER-MD-SENTENCE")
            links = _no_loads(page, listener, "actor")
            # The title is one link, to the article's own host, with its query intact ("&copy" is no ©).
            assert links and all(h.startswith("https://a.example/") and h.endswith("&copy=1") for h in links), links

            _visit(page, f"{url}/articles", "Articles", "MARKER-MD-TITLE")
            _no_loads(page, listener, "articles")

            upload = tmp_path / md["file"]
            upload.write_text("not json\n", encoding="utf-8")
            _open(page, f"{url}/ingest", "Ingest")
            page.locator('input[type="file"]').set_input_files(str(upload))
            page.get_by_role("button", name="Ingest", exact=True).click()
            expect(page.get_by_text("MARKER-FILE").first).to_be_visible(timeout=30_000)
            _no_loads(page, listener, "ingest")

            _open(page, f"{url}/export", "Export")
            _no_loads(page, listener, "export")
        finally:
            browser.close()


def test_the_app_binds_to_loopback_only(server):
    _url, port = server
    addresses = {a[4][0] for a in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)} - {"127.0.0.1"}
    for address in addresses:
        with socket.socket() as s:
            s.settimeout(2)
            assert s.connect_ex((address, port)) != 0, f"the app answers on {address}"
    with socket.create_connection(("127.0.0.1", port), timeout=2):
        pass
