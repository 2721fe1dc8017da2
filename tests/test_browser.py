"""End to end in a real headless Chromium: the explorer draws the graph, shows evidence, runs SPARQL,
and no request leaves the machine."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
ALIGN_SENTENCE = "Azerbaijan and Turkey reaffirmed their alliance in Baku."  # from conftest's store
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1"}
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]


@pytest.fixture
def server(demo_store, tmp_path, app_server):
    with app_server(demo_store, tmp_path) as url:
        yield url


@pytest.fixture
def browser_page(chromium_check):
    chromium_check()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            page = context.new_page()
            page.requests = []  # every URL the page and its frames ask for
            page.on("request", lambda request: page.requests.append(request.url))
            yield page
        finally:
            browser.close()


def _offsite(urls: list[str]) -> list[str]:
    bad = []
    for url in urls:
        parsed = urlparse(url)
        if parsed.scheme in ("data", "blob", "about", "javascript"):
            continue
        if parsed.hostname not in {h.strip("[]") for h in LOCAL_HOSTS}:
            bad.append(url)
    return bad


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _choose(page, label: str, option: str) -> None:
    """Pick an option of a Streamlit selectbox; retried because a rerun can close the list under us."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    box = page.get_by_label(label, exact=True)
    for _ in range(3):
        # Centre it first: at the viewport's bottom edge the option list opens out of sight.
        box.evaluate("el => el.scrollIntoView({block: 'center'})")
        box.click()
        try:
            page.get_by_role("option", name=option).first.click(timeout=5_000)
            return
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    raise AssertionError(f"could not choose {option!r} in {label!r}")


def _open(page, url: str, heading: str) -> None:
    from playwright.sync_api import expect

    page.goto(url)
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible(timeout=60_000)


def _settle(page) -> None:
    """Wait until Streamlit has finished the run (no 'Running...' status widget)."""
    page.wait_for_timeout(300)
    page.locator('[data-testid="stStatusWidget"]').wait_for(state="hidden", timeout=30_000)


def _network_frame(page):
    from playwright.sync_api import expect

    frame_el = page.locator("iframe").first
    expect(frame_el).to_be_visible(timeout=30_000)
    frame = frame_el.content_frame
    expect(frame.locator("#mynetwork canvas")).to_have_count(1, timeout=30_000)
    size = frame.locator("#mynetwork canvas").bounding_box()
    assert size and size["width"] > 300 and size["height"] > 300
    return frame_el, frame


def _node_spot(frame_el, frame, node: str) -> tuple[float, float]:
    box = frame_el.bounding_box()
    spot = frame.locator("body").evaluate(f"() => network.canvasToDOM(network.getPositions(['{node}'])['{node}'])")
    return box["x"] + spot["x"], box["y"] + spot["y"]


def _click_node(page, frame_el, frame, node: str) -> None:
    # Physics may still move the node: stop it so the click lands where we measured.
    frame.locator("body").evaluate("() => { network.setOptions({physics: false}); network.fit(); }")
    page.wait_for_timeout(300)
    page.mouse.click(*_node_spot(frame_el, frame, node))


def test_explorer_end_to_end_offline(server, browser_page):
    from playwright.sync_api import expect

    page = browser_page
    _open(page, server, "Overview")  # the default page, served at /
    expect(page.locator('[data-testid="stMetric"]').first).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Most central actors")).to_be_visible()
    _settle(page)
    _shot(page, "overview")

    _open(page, f"{server}/network", "Actor network")
    frame_el, frame = _network_frame(page)
    page.wait_for_timeout(1_500)  # let physics settle before the screenshot
    _shot(page, "network")

    # Hovering a node shows its tooltip (label, kind, country) from the page's own vis-network.
    page.mouse.move(*_node_spot(frame_el, frame, "RUS"))
    tooltip = frame.locator(".vis-tooltip")
    expect(tooltip).to_be_visible(timeout=10_000)
    expect(tooltip).to_contain_text("Russia (RUS)")
    expect(tooltip).to_contain_text("kind: state")
    _shot(page, "network-tooltip")

    # Clicking a node lists the relations behind its edges, with sentence and article, in the side panel.
    _click_node(page, frame_el, frame, "RUS")
    panel = frame.locator("#ag-panel")
    expect(panel).to_contain_text("shot down an Azerbaijani passenger plane", timeout=10_000)
    expect(panel.get_by_role("link", name="Azerbaijan blames Russia for airliner crash").first).to_be_visible()
    _shot(page, "network-click")

    # Selecting an actor below the network shows the sentences behind its edges.
    _choose(page, "Actor", "Russia (RUS)")
    evidence = page.get_by_text("shot down an Azerbaijani passenger plane")
    expect(evidence).to_be_visible(timeout=30_000)
    evidence.scroll_into_view_if_needed()  # Streamlit scrolls inside its own container, not the page
    expect(page.get_by_role("link", name="Azerbaijan blames Russia for airliner crash").first).to_be_visible()
    _shot(page, "network-evidence")

    _open(page, f"{server}/alignments", "Alignments")
    expect(page.get_by_text("Shifts in alignment, strongest first")).to_be_visible(timeout=30_000)
    expect(page.locator('[data-testid="stVegaLiteChart"]').first).to_be_visible(timeout=30_000)
    _settle(page)
    _shot(page, "alignments")

    _open(page, f"{server}/actor", "Actor")
    expect(page.get_by_text("Allies and adversaries over time")).to_be_visible(timeout=30_000)
    expect(page.get_by_text(ALIGN_SENTENCE).first).to_be_attached(timeout=30_000)
    _settle(page)
    _shot(page, "actor")

    # SPARQL page: run a query and see rows.
    _open(page, f"{server}/sparql", "SPARQL")
    box = page.get_by_label("Query")
    box.fill("SELECT ?label WHERE { ?a a ag:Actor ; rdfs:label ?label } ORDER BY ?label")
    page.get_by_role("button", name="Run query").click()
    expect(page.get_by_text("4 rows")).to_be_visible(timeout=30_000)
    expect(page.locator('[data-testid="stDataFrame"]')).to_be_visible()
    expect(page.get_by_role("button", name="Download JSON")).to_be_visible()
    _shot(page, "sparql")

    _open(page, f"{server}/ingest", "Ingest")
    expect(page.get_by_role("button", name="Ingest")).to_be_visible(timeout=30_000)
    _shot(page, "ingest")

    _open(page, f"{server}/export", "Export")
    expect(page.get_by_role("button", name=re.compile("Download GraphML"))).to_be_visible(timeout=30_000)
    _shot(page, "export")

    # Articles page: counts and the table.
    _open(page, f"{server}/articles", "Articles")
    expect(page.locator('[data-testid="stMetric"]').first).to_be_visible(timeout=30_000)
    expect(page.locator('[data-testid="stDataFrame"]')).to_be_visible()
    _shot(page, "articles")

    assert page.requests, "no request recorded"
    offsite = _offsite(page.requests)
    assert offsite == [], offsite


# Sentences of the demo corpus that say Azerbaijan is moving toward Turkey (any one will do: the
# extractor is tuned in parallel and may pick up more or fewer of them).
TOWARD_TURKEY = re.compile(
    r"moving closer to Turkey|relying on Turkey|reliance on Turkey|Turns to Turkey|closer ties with Turkey"
)


@pytest.mark.model
def test_demo_corpus_answers_is_azerbaijan_turning_to_turkey(browser_page, tmp_path, app_server):
    """The real demo corpus, ingested by the CLI: a new user finds the evidence from the app alone."""
    from playwright.sync_api import expect

    store = tmp_path / "store"
    cli = Path(sys.executable).parent / "alliancegraph"
    done = subprocess.run([str(cli), "ingest", str(ROOT / "data" / "demo"), "--store", str(store)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr  # the model is a dependency: a missing one fails, never skips
    page = browser_page
    with app_server(store, tmp_path) as url:
        _open(page, url, "Overview")
        expect(page.get_by_text("Latest shifts in alignment")).to_be_visible(timeout=30_000)
        expect(page.get_by_text("Azerbaijan toward Turkey").first).to_be_visible(timeout=30_000)
        _settle(page)
        _shot(page, "demo-overview")

        _open(page, f"{url}/network", "Actor network")
        frame_el, frame = _network_frame(page)
        page.wait_for_timeout(1_500)
        _click_node(page, frame_el, frame, "TUR")
        expect(frame.locator("#ag-panel")).to_contain_text(TOWARD_TURKEY, timeout=10_000)
        _shot(page, "demo-network")

        # The Actor page opens on the most central actor, Azerbaijan: its shifts list "toward Turkey"
        # with the sentences behind it.
        _open(page, f"{url}/actor", "Actor")
        expect(page.get_by_role("combobox", name="Actor")).to_have_value("Azerbaijan (AZE)", timeout=30_000)
        shift = page.locator('[data-testid="stExpander"]', has_text="Azerbaijan toward Turkey").first
        expect(shift).to_be_visible(timeout=30_000)
        if not shift.get_by_text(TOWARD_TURKEY).first.is_visible():
            shift.locator("summary").click()
        expect(shift.get_by_text(TOWARD_TURKEY).first).to_be_visible(timeout=10_000)
        shift.scroll_into_view_if_needed()
        _settle(page)
        _shot(page, "demo-actor")

        _open(page, f"{url}/alignments", "Alignments")
        expect(page.locator('[data-testid="stVegaLiteChart"]').first).to_be_visible(timeout=30_000)
        expect(page.locator('[data-testid="stExpander"]', has_text="Azerbaijan toward Turkey").first).to_be_visible()
        _settle(page)
        _shot(page, "demo-alignments")

    offsite = _offsite(page.requests)
    assert offsite == [], offsite


def test_missing_chromium_skips_unless_required(monkeypatch, tmp_path, chromium_check):
    missing = str(tmp_path / "no-chromium")
    monkeypatch.delenv("ALLIANCEGRAPH_REQUIRE_BROWSER", raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install chromium"):
        chromium_check(missing)
    monkeypatch.setenv("ALLIANCEGRAPH_REQUIRE_BROWSER", "1")
    with pytest.raises(pytest.fail.Exception, match="ALLIANCEGRAPH_REQUIRE_BROWSER"):
        chromium_check(missing)
