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
