"""Extreme dates: refused at input (1800-01-01 to 2100-12-31, extract.dates) with a warning naming the article
and the value, the article stored undated; and every window kind and explorer page works on any date a store
can hold, including ones written by a SPARQL update (year 9999, year 0, 10000-01-01, text)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extract.dates import DATE_MAX, DATE_MIN, checked_date, date_problem, find_publication_date
from graph.analysis import analyze
from graph.windows import calendar_date, series_windows, window_bounds, window_of

ROOT = Path(__file__).resolve().parents[1]
EXTREMES = ["0001-01-01", "1799-12-31", "2101-01-01", "9999-12-31"]
#: Stored values a SPARQL update can write that no Python date holds.
UNREADABLE = ["10000-01-01", "0000-01-01", "-0044-03-15", "2025-02-30", "soon"]
KINDS = ["month", "quarter", "year", "1d", "30d", "99999d", "all", "article"]


def cli() -> list[str]:
    exe = Path(sys.executable).parent / "alliancegraph"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "alliancegraph"]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*cli(), *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


# -- the range -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("value, usable", [("0001-01-01", False), ("1799-12-31", False), ("1800-01-01", True),
                                           ("2025-07-04", True), ("2100-12-31", True), ("2101-01-01", False),
                                           ("9999-12-31", False)])
def test_the_range_holds_at_its_edges(value, usable):
    date, problem = checked_date(value)
    assert (date == value and problem is None) if usable else (date is None and value in problem)
    assert (date_problem(value) is None) == usable


@given(st.dates())
def test_every_calendar_date_is_either_kept_or_named(day):
    date, problem = checked_date(day.isoformat())
    inside = DATE_MIN <= day.isoformat() <= DATE_MAX
    assert (date == day.isoformat()) == inside and (problem is None) == inside
    if not inside:
        assert repr(day.isoformat()) in problem


def test_dates_in_the_text_header_are_found_then_checked():
    assert find_publication_date(["Title", "Published: 1500-05-01", "Body."]) == "1500-05-01"
    assert date_problem("1500-05-01") == "date '1500-05-01' is outside 1800-01-01 to 2100-12-31"


# -- windows at the extremes -------------------------------------------------------------------------

@pytest.mark.parametrize("kind", [k for k in KINDS if k != "article"])
@pytest.mark.parametrize("day", EXTREMES + ["2024-02-29"])
def test_every_window_kind_holds_the_extremes(kind, day):
    for origin in ("0001-01-01", day):
        wid = window_of(day, kind, origin=origin)
        start, end = window_bounds(wid, kind)
        assert start is None or start <= day <= end


@settings(max_examples=300, deadline=None)
@given(st.dates(), st.dates(), st.sampled_from(["month", "quarter", "year", "1d", "7d", "30d", "365d", "99999d"]))
def test_any_date_falls_in_its_window(a, b, kind):
    origin, day = sorted((a, b))
    start, end = window_bounds(window_of(day.isoformat(), kind, origin=origin.isoformat()), kind)
    assert start <= day.isoformat() <= end
    assert dt.date.fromisoformat(start) <= dt.date.fromisoformat(end)


@pytest.mark.parametrize("kind", KINDS)
def test_analysis_copes_with_any_stored_date(kind):
    rows = [{"source": "A", "target": "B", "polarity": p, "type": "AID", "date": d, "article": f"x{i}",
             "sentence": "A and B."} for i, (d, p) in enumerate(zip(EXTREMES + UNREADABLE + [None], [1, -1] * 6))]
    for half_life in (None, 30.0):
        result = analyze(rows, window=kind, half_life=half_life)
        assert result["unreadable_dates"]["relations"] == len(UNREADABLE)
        assert result["totals"]["relations"] == len(rows)
    assert [calendar_date(v) for v in UNREADABLE] == [None] * len(UNREADABLE)
    windows, assignment = series_windows(rows, kind)
    if kind not in ("all", "article"):
        assert len(assignment) == len(EXTREMES)


# -- input: every place a date enters -----------------------------------------------------------------

def record(article: str, date, target: str = "TUR") -> dict:
    return {"article": article, "source": {"id": "AZE", "label": "Azerbaijan"}, "target": {"id": target, "label": target},
            "type": "ALIGN", "polarity": 1, "sentence": f"Azerbaijan turns to {target} ({article}).", "date": date}


def stored_dates(store: Path) -> dict[str, list]:
    """Article id -> [its datePublished, its relations' dates], read back through the real CLI."""
    proc = run("query", "SELECT ?id ?published ?date WHERE { ?a schema:identifier ?id . "
               "OPTIONAL { ?a schema:datePublished ?published } OPTIONAL { ?r prov:wasDerivedFrom ?a ; ag:date ?date } }",
               "--store", str(store), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)["rows"]
    out: dict[str, list] = {}
    for row in rows:
        aid, published, date = row if isinstance(row, list) else (row["id"], row["published"], row["date"])
        out.setdefault(aid, [published, set()])[1].add(date)
    return out


def assert_warned_and_undated(proc: subprocess.CompletedProcess, store: Path, refused: dict[str, str], kept: str,
                              summary: str) -> None:
    """Status 0 (every article went in), one warning per refused date naming the article and the value, those
    articles stored undated, ``kept`` stored with its date."""
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    warned = [line for line in proc.stderr.splitlines() if line.startswith("warning ")]
    assert len(warned) == len(refused), proc.stderr
    for aid, value in refused.items():
        assert any(f"article {aid!r}" in w and repr(value) in w for w in warned), warned
    assert summary in proc.stderr
    dates = stored_dates(store)
    assert dates[kept] == ["2025-07-04", {"2025-07-04"}]
    assert all(dates[a] == [None, {None}] for a in refused), dates


def test_relations_import_stores_extreme_dates_undated_with_a_warning(tmp_path):
    f = tmp_path / "records.jsonl"
    f.write_text("\n".join(json.dumps(r) for r in [
        record("ok", "2025-07-04"), record("future", "9999-12-31"), record("past", "1799-12-31", "ISR"),
        record("nonday", "2025-02-30", "ARM")]) + "\n")
    store = tmp_path / "store"
    proc = run("ingest", "--format", "relations", str(f), "--store", str(store))
    assert_warned_and_undated(proc, store, {"future": "9999-12-31", "past": "1799-12-31", "nonday": "2025-02-30"},
                              "ok", "4 added")


def test_gdelt_import_stores_extreme_dates_undated_with_a_warning(tmp_path):
    from extract.importers import GDELT_COLUMNS

    def row(event: str, sqldate: str, added: str, url: str) -> str:
        cols = [""] * len(GDELT_COLUMNS)
        for name, value in {"GLOBALEVENTID": event, "SQLDATE": sqldate, "Actor1CountryCode": "RUS",
                            "Actor2CountryCode": "AZE", "EventCode": "190", "QuadClass": "4",
                            "GoldsteinScale": "-10", "DATEADDED": added, "SOURCEURL": url}.items():
            cols[GDELT_COLUMNS.index(name)] = value
        return "\t".join(cols)

    f = tmp_path / "events.CSV"
    f.write_text(row("1", "20250704", "20250704093000", "https://example.org/ok") + "\n"
                 + row("2", "99991231", "99991231000000", "https://example.org/far") + "\n")
    store = tmp_path / "store"
    proc = run("ingest", "--format", "gdelt", str(f), "--store", str(store))
    assert_warned_and_undated(proc, store, {"https://example.org/far": "9999-12-31"}, "https://example.org/ok",
                              "2 added")


@pytest.mark.model
def test_ingest_of_articles_with_extreme_dates_warns_and_stores_them_undated(tmp_path):
    body = "Turkey signed a defence agreement with Azerbaijan on Monday. Russia condemned the agreement."
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(f"Old talks\nPublished: 1500-05-01\n\n{body} Baku thanked Ankara.\n")
    (corpus / "b.jsonl").write_text(json.dumps({"id": "b1", "text": body + " Moscow objected.",
                                                "date": "9999-12-31"}) + "\n")
    (corpus / "c.html").write_text('<html><head><meta property="article:published_time" content="0001-01-01">'
                                   f"<title>C</title></head><body><article><p>{body} Israel agreed.</p></article>"
                                   "</body></html>")
    (corpus / "d.txt").write_text(f"Good talks\nPublished: 2025-07-04\n\n{body} Armenia protested.\n")
    store = tmp_path / "store"
    proc = run("ingest", str(corpus), "--store", str(store))
    assert_warned_and_undated(proc, store, {"a.txt": "1500-05-01", "b1": "9999-12-31", "c.html": "0001-01-01"},
                              "d.txt", "4 added, 0 replaced, 0 unchanged, 0 skipped")


@pytest.mark.parametrize("option, value", [("--since", "0001-01-01"), ("--until", "9999-12-31"),
                                           ("--since", "1799-12-31"), ("--until", "2025-W27-5")])
def test_analyze_refuses_bounds_outside_the_range(tmp_path, option, value):
    proc = run("analyze", option, value, "--store", str(tmp_path / "nowhere"))
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [proc.stderr.strip()] and proc.stderr.startswith(f"error: {option}: ")
    assert value in proc.stderr


def test_ingest_page_refuses_a_date_outside_the_range(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("ALLIANCEGRAPH_STORE", str(tmp_path / "store"))
    at = AppTest.from_string("from explorer.pages import ingest_page\ningest_page()", default_timeout=60)
    at.run()
    at.text_area(key="ingest_text").set_value("Turkey sent drones to Azerbaijan.")
    at.text_input(key="ingest_date").set_value("9999-12-31").run()
    at.button(key="ingest_go").click().run()
    assert not at.exception
    assert "1800-01-01" in at.error[0].value and "9999" in at.error[0].value
    assert not (tmp_path / "store").exists()


# -- any stored date: the CLI's analyze and every explorer page ---------------------------------------

def _actor(aid: str) -> dict:
    return {"id": aid, "label": aid, "text": aid, "kind": "state", "country": aid, "start": 0, "end": 3}


def _full_record(article: str, i: int, source: str, target: str, polarity: int, date) -> dict:
    sentence = f"{source} and {target} talked in {article}."
    return {"article": article, "sentence": sentence, "sentence_index": i, "char_start": 0, "char_end": len(sentence),
            "source": _actor(source), "target": _actor(target), "type": "CONSULT" if polarity > 0 else "ACCUSE",
            "quad_class": 1 if polarity > 0 else 3, "polarity": polarity, "intensity": 1.0 * polarity,
            "negated": False, "symmetric": False, "confidence": 0.8, "trigger": "talked", "date": date}


@pytest.fixture(scope="module")
def extreme_store(tmp_path_factory) -> Path:
    """Articles dated at the calendar's ends through the store API, and dates no Python date holds written by
    SPARQL updates (as an older version or a user with --allow-update could)."""
    from graph.sparql import run_query
    from graph.store import add_article, close_store, open_store

    path = tmp_path_factory.mktemp("extreme") / "store"
    ds = open_store(path)
    try:
        pairs = [("RUS", "AZE", -1), ("AZE", "TUR", 1), ("ISR", "AZE", 1), ("ARM", "AZE", -1)]
        for n, date in enumerate(EXTREMES + ["2025-07-04", "2025-10-01", "9999-12-20"]):
            aid = f"dated{n}"
            records = [_full_record(aid, i, s, t, p, date) for i, (s, t, p) in enumerate(pairs[n % 2:n % 2 + 3])]
            add_article(ds, {"id": aid, "text": f"Article {aid}.", "title": f"Title {aid}", "date": date, "url": None},
                        records)
        for n, value in enumerate(UNREADABLE):
            aid = f"odd{n}"
            add_article(ds, {"id": aid, "text": f"Odd {aid}.", "title": None, "date": None, "url": None},
                        [_full_record(aid, 0, "TUR", "ISR", 1, None)])
            run_query(ds, 'INSERT { GRAPH ?g { ?r ag:date "%s"^^xsd:date . ?a schema:datePublished "%s"^^xsd:date } } '
                          'WHERE { GRAPH ?g { ?a schema:identifier "%s" . ?r prov:wasDerivedFrom ?a } }'
                      % (value, value, aid), allow_update=True)
    finally:
        close_store(ds)
    return path


@pytest.mark.parametrize("window", KINDS)
def test_analyze_runs_on_any_stored_date_for_every_window(extreme_store, window):
    proc = run("analyze", "--window", window, "--store", str(extreme_store), "--half-life", "30")
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    assert f"note: {len(UNREADABLE)} relations have a stored date that is no calendar date" in proc.stdout
    result = json.loads(run("analyze", "--window", window, "--store", str(extreme_store), "--format", "json").stdout)
    assert result["unreadable_dates"]["relations"] == len(UNREADABLE)
    if window in ("month", "quarter", "year"):
        assert result["windows"][0]["start"] == "0001-01-01" and result["windows"][-1]["end"] == "9999-12-31"


def test_analyze_bounds_in_range_still_work_on_extreme_stores(extreme_store):
    proc = run("analyze", "--window", "30d", "--since", "1800-01-01", "--until", "2100-12-31", "--store",
               str(extreme_store), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    assert [w["start"][:4] for w in json.loads(proc.stdout)["windows"]] == ["2025", "2025"]


PAGES = ["overview_page", "network_page", "alignments_page", "actor_page", "sparql_page", "ingest_page",
         "export_page", "articles_page"]


@pytest.mark.parametrize("page", PAGES)
def test_every_explorer_page_works_on_any_stored_date(extreme_store, monkeypatch, page):
    import streamlit
    from streamlit.testing.v1 import AppTest

    streamlit.cache_data.clear()
    streamlit.cache_resource.clear()
    monkeypatch.setenv("ALLIANCEGRAPH_STORE", str(extreme_store))
    at = AppTest.from_string(f"from explorer.pages import {page}\n{page}()", default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    captions = " ".join(c.value for c in at.caption)
    if page in ("overview_page", "network_page"):
        assert "no calendar date" in captions and "outside 1800-01-01" in captions
    if page == "network_page":
        (dates,) = [s for s in at.slider if s.label == "Dates"]
        assert dates.value == (dt.date(2025, 7, 4), dt.date(2025, 10, 1))  # the slider spans the range it can
        dates.set_value((dt.date(2025, 7, 4), dt.date(2025, 7, 4))).run()
        assert not at.exception, [e.value for e in at.exception]
    if page == "alignments_page":
        for window in ("quarter", "month", "year", "article"):
            at.selectbox(key="align_window").set_value(window).run()
            assert not at.exception, (window, [e.value for e in at.exception])
        assert "no calendar date" in " ".join(c.value for c in at.caption)
    if page == "actor_page":
        for actor in at.selectbox(key="actor_page").options[:3]:
            at.selectbox(key="actor_page").set_value(actor.split(" (")[-1].rstrip(")")).run()
            assert not at.exception, [e.value for e in at.exception]
    streamlit.cache_resource.clear()
