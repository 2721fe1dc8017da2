"""Text from articles is inert wherever the explorer shows it: actor names, sentences, titles and URLs
carrying <script>, <img onerror=...> and javascript: links run nothing, in a real headless Chromium."""

from __future__ import annotations

import socket
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


def _hostile_store(path: Path) -> Path:
    from graph.store import add_article, close_store, open_store

    evil, rus, aze = _actor("EVIL", LABEL), _actor("RUS", "Russia"), _actor("AZE", "Azerbaijan")
    article = {"id": "evil.txt", "text": SENTENCE + " More.", "title": TITLE, "date": "2025-07-04", "url": URL}
    records = []
    for i, (src, tgt, typ, pol) in enumerate([(evil, rus, "ASSAULT", -1), (aze, evil, "ALIGN", 1),
                                              (rus, evil, "AID", 1), (evil, aze, "CONSULT", 1)]):
        records.append({"article": "evil.txt", "sentence": SENTENCE, "sentence_index": i, "char_start": 0,
                        "char_end": len(SENTENCE), "source": src, "target": tgt, "type": typ, "quad_class": 1,
                        "polarity": pol, "intensity": 1.0 * pol, "negated": False, "symmetric": False,
                        "confidence": 0.9, "trigger": f"<img src=x onerror=\"{PWN}\">", "date": "2025-07-04"})
    ds = open_store(path)
    try:
        add_article(ds, article, records)
    finally:
        close_store(ds)
    return path


@pytest.fixture
def server(tmp_path, app_server):
    store = _hostile_store(tmp_path / "store")
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
            frame_el = page.locator("iframe").first
            expect(frame_el).to_be_visible(timeout=30_000)
            frame = frame_el.content_frame
            expect(frame.locator("#mynetwork canvas")).to_have_count(1, timeout=30_000)
            # Hover and click the hostile node: its tooltip and evidence panel render the text.
            frame.locator("body").evaluate("() => { network.setOptions({physics: false}); network.fit(); }")
            page.wait_for_timeout(300)
            box = frame_el.bounding_box()
            spot = frame.locator("body").evaluate(
                "() => network.canvasToDOM(network.getPositions(['EVIL'])['EVIL'])")
            page.mouse.move(box["x"] + spot["x"], box["y"] + spot["y"])
            page.wait_for_timeout(500)
            page.mouse.click(box["x"] + spot["x"], box["y"] + spot["y"])
            expect(frame.locator("#ag-panel")).to_contain_text("MARKER-SENTENCE", timeout=10_000)
            _check(page, dialogs, "network")

            _open(page, f"{url}/actor", "Actor")
            expect(page.get_by_text("MARKER-SENTENCE").first).to_be_attached(timeout=30_000)
            _check(page, dialogs, "actor")

            _open(page, f"{url}/articles", "Articles")
            expect(page.get_by_text("MARKER-TITLE").first).to_be_attached(timeout=30_000)
            _check(page, dialogs, "articles")

            _open(page, f"{url}/sparql", "SPARQL")
            page.get_by_label("Query").fill("SELECT ?label ?s WHERE { ?a rdfs:label ?label . ?r ag:evidence ?s }")
            page.get_by_role("button", name="Run query").click()
            expect(page.get_by_text("rows").first).to_be_visible(timeout=30_000)
            _check(page, dialogs, "sparql")
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
