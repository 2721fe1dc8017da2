"""AppTest for each explorer page against a real Oxigraph store built from hand-written records."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

# Sentences of the conftest store (conftest is not importable under --import-mode=importlib).
PLANE = "A Russian missile shot down an Azerbaijani passenger plane"
ALIGN = "Azerbaijan and Turkey reaffirmed their alliance"
AID = "Israel supplied Azerbaijan"

APP = Path(__file__).resolve().parents[1] / "app.py"
TIMEOUT = 60


def _network():
    from explorer.pages import network_page

    network_page()


def _sparql():
    from explorer.pages import sparql_page

    sparql_page()


def _articles():
    from explorer.pages import articles_page

    articles_page()


def _run(page) -> AppTest:
    if isinstance(page, str):
        at = AppTest.from_string(page, default_timeout=TIMEOUT)
    else:
        at = AppTest.from_function(page, default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def _iframe_srcdoc(at: AppTest) -> str:
    frames = at.get("iframe")
    assert frames, "no network iframe on the page"
    return frames[0].proto.srcdoc


def test_app_opens_on_overview_page(app_env):
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == ["Overview"]
    assert {m.label: m.value for m in at.metric}["Relations"] == "5"


@pytest.mark.parametrize("page", [_network, _sparql, _articles])
def test_missing_store_says_run_ingest(page, tmp_path, monkeypatch):
    import streamlit as st

    st.cache_resource.clear()
    monkeypatch.setenv("ALLIANCEGRAPH_STORE", str(tmp_path / "nowhere"))
    at = _run(page)
    assert len(at.info) == 1
    assert "alliancegraph ingest" in at.info[0].value
    assert not at.error


def test_network_page_draws_graph_offline(app_env):
    at = _run(_network)
    srcdoc = _iframe_srcdoc(at)
    assert "https://" not in " ".join(
        part.split('"')[1] for part in srcdoc.split("src=")[1:] if '"' in part
    )
    for label in ("Russia", "Azerbaijan", "Turkey", "Israel"):
        assert f'"label": "{label}"' in srcdoc
    assert "4 of 4 actors" in at.caption[0].value
    actor = at.selectbox(key="actor")
    assert actor.options[0].startswith("Azerbaijan")  # most central first
    assert actor.value is None


def test_network_selecting_actor_shows_evidence(app_env):
    at = _run(_network)
    at.selectbox(key="actor").set_value("RUS").run()
    assert not at.exception
    text = _markdown(at)
    assert "shot down an Azerbaijani passenger plane" in text
    assert "Azerbaijan blames Russia for airliner crash" in text
    assert "(https://example.org/news/plane)" in text
    assert "2025\\-07\\-04" in text
    assert "ISR" not in text and "supplied Azerbaijan" not in text
    assert "**3** relation(s) involving Russia \\(RUS\\)" in text


def test_actor_pickers_find_actors_by_any_name(app_env):
    at = _run(_network)
    at.text_input(key="actor_find").set_value("Ankara").run()  # a city: an alias, not the label shown
    assert at.selectbox(key="actor").options == ["Turkey (TUR)"]
    at.text_input(key="focus_find").set_value("Azerbaijani").run()
    assert at.selectbox(key="focus").options == ["Azerbaijan (AZE)"]
    at.text_input(key="actor_find").set_value("Atlantis").run()  # nothing found: every actor stays offered
    assert len(at.selectbox(key="actor").options) == 4
    assert any("Atlantis" in c.value for c in at.caption)
    page = _run(_page("actor_page"))
    page.text_input(key="actor_page_find").set_value("Kremlin").run()
    assert page.selectbox(key="actor_page").value == "RUS"


def test_network_pair_selection_shows_relations_between(app_env):
    at = _run(_network)
    at.selectbox(key="actor").set_value("AZE").run()
    assert AID in _markdown(at)
    at.selectbox(key="other").set_value("TUR").run()
    text = _markdown(at)
    assert ALIGN in text
    assert PLANE not in text
    assert "**1** relation(s) between Azerbaijan \\(AZE\\) and Turkey \\(TUR\\)" in text


def test_network_filters_rebuild_graph(app_env):
    at = _run(_network)
    at.multiselect(key="polarities").set_value(["cooperative"]).run()
    assert not at.exception
    srcdoc = _iframe_srcdoc(at)
    assert '"label": "Israel"' in srcdoc and '"label": "Russia"' not in srcdoc
    assert "#c62828" not in srcdoc.split("edges = new vis.DataSet(", 1)[1].split(");", 1)[0]


def test_sparql_page_runs_query_and_offers_csv(app_env):
    at = _run(_sparql)
    assert at.selectbox(key="sparql_example").options  # example queries offered
    at.text_area(key="sparql_query").set_value(
        "SELECT ?label WHERE { ?a a ag:Actor ; rdfs:label ?label } ORDER BY ?label"
    )
    at.button[0].click().run()
    assert not at.exception and not at.error
    assert "**4 rows**" in _markdown(at)
    frame = at.dataframe[0].value
    assert list(frame["label"]) == ["Azerbaijan", "Israel", "Russia", "Turkey"]
    assert not at.warning  # not truncated
    download = at.get("download_button")
    assert download, "no CSV download button"


def test_sparql_example_query_runs(app_env):
    at = _run(_sparql)
    examples = at.selectbox(key="sparql_example")
    examples.set_value(examples.options[0]).run()
    at.button[0].click().run()
    assert not at.exception and not at.error
    assert "row" in _markdown(at)


def test_sparql_refuses_update_with_message_not_traceback(app_env):
    at = _run(_sparql)
    at.text_area(key="sparql_query").set_value("DELETE WHERE { ?s ?p ?o }")
    at.button[0].click().run()
    assert not at.exception
    assert len(at.error) == 1
    assert "not allowed" in at.error[0].value
    assert not at.dataframe


def test_sparql_syntax_error_names_line(app_env):
    at = _run(_sparql)
    at.text_area(key="sparql_query").set_value("SELECT ?s WHERE {\n  ?s ?p \n}")
    at.button[0].click().run()
    assert not at.exception
    assert len(at.error) == 1
    assert "line 3" in at.error[0].value
    assert any(c.value.startswith("3 | }") for c in at.code)  # the line the parser stopped at, with a caret


def test_articles_page_lists_articles_and_counts(app_env):
    at = _run(_articles)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Articles"] == "3"
    assert metrics["Actors"] == "4"
    assert metrics["Relations"] == "5"
    assert int(metrics["Triples"].replace(",", "")) > 0
    frame = at.dataframe[0].value
    assert list(frame["title"]) == [
        "Moscow threatens Baku", "Baku and Ankara reaffirm alliance", "Azerbaijan blames Russia for airliner crash",
    ]
    assert list(frame["relations"]) == [1, 2, 2]
    links = list(frame["link"])
    assert links[0] is None or links[0] != links[0]  # None or NaN: no URL, no link
    assert links[2] == "https://example.org/news/plane"


def _tiny_store(path: Path, records: bool) -> Path:
    from graph.store import add_article, close_store, open_store

    actor = lambda i, label: {"id": i, "label": label, "text": label, "kind": "state", "country": i,  # noqa: E731
                              "start": 0, "end": 1}
    sentence = "Armenia protested to Azerbaijan."
    record = {"article": "a1", "sentence": sentence, "sentence_index": 0, "char_start": 0, "char_end": 32,
              "source": actor("ARM", "Armenia"), "target": actor("AZE", "Azerbaijan"), "type": "PROTEST",
              "quad_class": 3, "polarity": -1, "intensity": -2.0, "negated": False, "symmetric": False,
              "confidence": 0.8, "trigger": "protested", "date": "2025-01-01"}
    ds = open_store(path)
    try:
        add_article(ds, {"id": "a1", "text": sentence, "title": "One", "date": "2025-01-01", "url": None},
                    [record] if records else [])
    finally:
        close_store(ds)
    return path


@pytest.mark.parametrize("records", [True, False])
def test_pages_cope_with_tiny_and_relationless_stores(records, tmp_path, monkeypatch):
    import streamlit as st

    st.cache_data.clear()
    st.cache_resource.clear()
    monkeypatch.setenv("ALLIANCEGRAPH_STORE", str(_tiny_store(tmp_path / "store", records)))
    at = _run(_network)
    if records:
        assert "new vis.Network" in _iframe_srcdoc(at)
        at.selectbox(key="actor").set_value("ARM").run()
        assert "Armenia protested to Azerbaijan" in _markdown(at)
    else:
        assert "no relations" in at.info[0].value
    at = _run(_articles)
    assert {m.label: m.value for m in at.metric}["Articles"] == "1"


def test_sparql_truncation_is_noted(app_env, monkeypatch):
    import explorer.pages

    monkeypatch.setattr(explorer.pages, "SPARQL_ROW_LIMIT", 10)
    at = _run(_sparql)
    at.text_area(key="sparql_query").set_value("SELECT * WHERE { ?s ?p ?o }")
    at.button[0].click().run()
    assert not at.exception and not at.error
    assert "**10 rows**" in _markdown(at)
    assert "truncated at 10 rows" in at.warning[0].value
    assert len(at.dataframe[0].value) == 10


# -- the pages of issue 5 ------------------------------------------------------------------------

def _page(name: str) -> str:
    """A one-page script for AppTest.from_string."""
    return f"from explorer.pages import {name}\n{name}()\n"


def _expanders(at: AppTest) -> list[str]:
    return [e.proto.label for e in at.get("expander")]


def test_overview_shows_counts_dates_central_actors_and_shifts(app_env):
    at = _run(_page("overview_page"))
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Articles": "3", "Actors": "4", "Relations": "5", "Dates": "2025-07-04 – 2025-07-12"}
    central = at.dataframe[0].value
    assert list(central["id"])[0] == "AZE"  # partner of everyone
    assert set(central["actor"]) == {"Azerbaijan", "Russia", "Turkey", "Israel"}
    labels = _expanders(at)
    assert any(label.startswith("Azerbaijan toward Turkey") for label in labels), labels
    assert ALIGN in _markdown(at)  # the evidence sentence of the shift


def test_network_date_filter_and_categories_rebuild_graph(app_env):
    import datetime as dt

    at = _run(_network)
    assert '"label": "Russia"' in _iframe_srcdoc(at)
    # From 2025-07-10 on: the plane crash (07-04) is gone, the threat (07-12) and the alliance stay.
    at.slider(key="dates").set_value((dt.date(2025, 7, 10), dt.date(2025, 7, 12))).run()
    assert not at.exception
    srcdoc = _iframe_srcdoc(at)
    assert "shot down" not in srcdoc and "Russia threatened Azerbaijan" in srcdoc
    at.multiselect(key="types").set_value(["ALIGN", "AID"]).run()
    srcdoc = _iframe_srcdoc(at)
    assert '"label": "Russia"' not in srcdoc and '"label": "Turkey"' in srcdoc
    at.multiselect(key="types").set_value(["ALIGN", "AID", "ASSAULT", "PROTEST", "THREATEN"])
    at.multiselect(key="quads").set_value([4]).run()  # material conflict: the missile, outside the dates
    assert not at.exception
    assert at.caption[0].value.startswith("0 of 4 actors, 0 of 4 edges")


def test_network_focus_limits_to_neighbourhood(app_env):
    at = _run(_network)
    at.selectbox(key="focus").set_value("ISR").run()
    assert not at.exception
    assert at.caption[0].value.startswith("2 of 4 actors")  # Israel and Azerbaijan
    at.slider(key="depth").set_value(2).run()
    assert at.caption[0].value.startswith("4 of 4 actors")


def test_network_colours_by_bloc_and_embeds_evidence(app_env):
    from explorer.network_html import BLOC_COLORS

    at = _run(_network)
    srcdoc = _iframe_srcdoc(at)
    assert any(colour in srcdoc for colour in BLOC_COLORS)
    assert "bloc: B" in srcdoc  # tooltip names the bloc
    panel = srcdoc.split('id="ag-panel"', 1)[1]
    assert "A Russian missile shot down" in panel and "https://example.org/news/plane" in panel
    at.toggle(key="bloc_colour").set_value(False).run()
    assert "bloc: B" not in _iframe_srcdoc(at)


def test_alignments_page_charts_pairs_and_ranks_shifts(app_env):
    at = _run(_page("alignments_page"))
    assert at.selectbox(key="align_window").value == "article"  # every date is in one month
    pairs = at.multiselect(key="align_pairs").value
    assert ("AZE", "RUS") in pairs
    assert at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")
    labels = _expanders(at)
    assert any("Azerbaijan toward Turkey" in label and "Baku and Ankara reaffirm" in label for label in labels)
    assert ALIGN in _markdown(at)
    at.selectbox(key="shift_actor").set_value("ISR").run()
    assert all("Israel" in label for label in _expanders(at) if label != "Scores as a table")


def test_actor_page_profile_centrality_and_relations(app_env):
    at = _run(_page("actor_page"))
    assert at.selectbox(key="actor_page").value == "AZE"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Relations": "5", "Partners": "3", "Cooperative": "2", "Conflictual": "3"}
    profile = at.dataframe[0].value
    assert "Turkey" in " ".join(profile["allies"]) and "Russia" in " ".join(profile["adversaries"])
    assert PLANE in _markdown(at)
    at.selectbox(key="actor_partner").set_value("TUR").run()
    text = _markdown(at)
    assert "**1** relation(s)" in text
    at.selectbox(key="actor_page").set_value("ISR").run()
    assert {m.label: m.value for m in at.metric}["Partners"] == "1"


def test_sparql_offers_researcher_examples_and_json(app_env):
    at = _run(_sparql)
    options = at.selectbox(key="sparql_example").options
    for name in ("Pairs turning conflictual since a date", "Evidence for a pair (Azerbaijan and Turkey)",
                 "Relations by category (quad class)"):
        assert name in options
    at.selectbox(key="sparql_example").set_value("Evidence for a pair (Azerbaijan and Turkey)").run()
    at.button[0].click().run()
    assert not at.error
    assert list(at.dataframe[0].value["sentence"]) == [ALIGN + " in Baku."]
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Download CSV", "Download JSON"]
    assert any(c.language == "sparql" and "ag:Relation" in c.value for c in at.code)  # highlighted query


def test_sparql_refuses_service(app_env):
    at = _run(_sparql)
    at.text_area(key="sparql_query").set_value("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    at.button[0].click().run()
    assert "SERVICE is not allowed" in at.error[0].value


def test_sparql_time_limit_is_shown(app_env, monkeypatch):
    import explorer.pages

    monkeypatch.setattr(explorer.pages, "SPARQL_TIME_LIMIT", 1e-6)  # no query answers that fast
    at = _run(_sparql)
    at.text_area(key="sparql_query").set_value(
        "SELECT ?a ?d WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f")
    at.button[0].click().run()
    assert not at.exception and not at.error
    assert "Limit hit" in at.warning[0].value and "time limit" in at.warning[0].value
    assert not at.dataframe


def test_export_page_offers_rdf_and_graph_files(app_env):
    at = _run(_page("export_page"))
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels[0].startswith("Download Turtle") and labels[1].startswith("Download GraphML")
    for fmt in ("TriG", "N-Quads", "JSON-LD"):
        at.radio(key="export_rdf").set_value(fmt).run()
        assert at.get("download_button")[0].proto.label.startswith(f"Download {fmt}")
    at.radio(key="export_graph").set_value("GEXF").run()
    assert at.get("download_button")[1].proto.label.startswith("Download GEXF")


def test_ingest_page_writes_and_new_relations_appear(tmp_path, monkeypatch):
    """Paste an article: it is stored through a writer handle and the next read sees it (no restart)."""
    import streamlit as st

    import explorer.resources as resources

    st.cache_data.clear()
    st.cache_resource.clear()
    store = tmp_path / "store"
    monkeypatch.setenv("ALLIANCEGRAPH_STORE", str(store))

    def fake_extract(articles, nlp, **_):  # the real pipeline is tested under the model mark
        for article in articles:
            yield article, [{
                "article": article.id, "sentence": article.text, "sentence_index": 0, "char_start": 0,
                "char_end": len(article.text),
                "source": {"id": "TUR", "label": "Turkey", "text": "Turkey", "kind": "state", "country": "TUR",
                           "start": 0, "end": 6},
                "target": {"id": "AZE", "label": "Azerbaijan", "text": "Azerbaijan", "kind": "state",
                           "country": "AZE", "start": 0, "end": 10},
                "type": "AID", "quad_class": 2, "polarity": 1, "intensity": 7.0, "negated": False,
                "symmetric": False, "confidence": 0.8, "trigger": "sent", "date": article.date}]

    monkeypatch.setattr("extract.pipeline.extract_articles", fake_extract)
    monkeypatch.setattr(resources, "ingest_pipeline", lambda: None)
    at = _run(_page("ingest_page"))
    at.text_area(key="ingest_text").set_value("Turkey sent drones to Azerbaijan.")
    at.text_input(key="ingest_title").set_value("Drones for Baku")
    at.text_input(key="ingest_date").set_value("2025-08-01").run()
    at.button(key="ingest_go").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert "1 added" in at.success[0].value and "1 new relations" in at.success[0].value
    at = _run(_page("articles_page"))
    assert list(at.dataframe[0].value["title"]) == ["Drones for Baku"]
    # Again: unchanged, and the read-only handle opened by the Articles page is closed for the write.
    at = _run(_page("ingest_page"))
    at.text_area(key="ingest_text").set_value("Turkey sent drones to Azerbaijan.")
    at.text_input(key="ingest_title").set_value("Drones for Baku")
    at.text_input(key="ingest_date").set_value("2025-08-01").run()
    at.button(key="ingest_go").click().run()
    assert "1 unchanged" in at.success[0].value


def test_ingest_page_rejects_bad_date(app_env):
    at = _run(_page("ingest_page"))
    at.text_area(key="ingest_text").set_value("Turkey sent drones to Azerbaijan.")
    at.text_input(key="ingest_date").set_value("4 July").run()
    at.button(key="ingest_go").click().run()
    assert "yyyy-mm-dd" in at.error[0].value


@pytest.mark.parametrize("name", ["overview_page", "alignments_page", "actor_page", "export_page", "ingest_page"])
def test_new_pages_without_store_say_run_ingest(name, tmp_path, monkeypatch):
    import streamlit as st

    st.cache_resource.clear()
    monkeypatch.setenv("ALLIANCEGRAPH_STORE", str(tmp_path / "nowhere"))
    at = _run(_page(name))
    if name == "ingest_page":  # the one page that works without a store: it makes one
        assert at.get("file_uploader")
    else:
        assert "alliancegraph ingest" in at.info[0].value


def test_filter_changes_rerun_the_network_page(app_env):
    """Reruns after filter changes (new states, a cached one, an actor focus) draw without error.
    (How fast is a benchmark's question, not a test's: speed goals live in bench/.)"""
    at = _run(_network)  # first run: store opened, relations read, layout computed
    for change in [
        lambda: at.multiselect(key="polarities").set_value(["cooperative"]),
        lambda: at.slider(key="min_weight").set_value(2),
        lambda: at.slider(key="min_weight").set_value(1),
        lambda: at.selectbox(key="focus").set_value("AZE"),
    ]:
        change()
        at.run()
        assert not at.exception
