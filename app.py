"""alliancegraph explorer: ``alliancegraph app`` (``streamlit run app.py``, store in ``ALLIANCEGRAPH_STORE``)."""

import streamlit as st

from explorer.pages import (
    actor_page,
    alignments_page,
    articles_page,
    export_page,
    ingest_page,
    network_page,
    overview_page,
    sparql_page,
)

# No page icons: a :material/...: icon makes the browser fetch its favicon from fonts.gstatic.com (no request
# may leave the machine) and emoji show as boxes where no emoji font is installed.
st.set_page_config(page_title="alliancegraph", layout="wide")

st.navigation(
    [
        st.Page(overview_page, title="Overview", default=True),
        st.Page(network_page, title="Network", url_path="network"),
        st.Page(alignments_page, title="Alignments", url_path="alignments"),
        st.Page(actor_page, title="Actor", url_path="actor"),
        st.Page(sparql_page, title="SPARQL", url_path="sparql"),
        st.Page(ingest_page, title="Ingest", url_path="ingest"),
        st.Page(export_page, title="Export", url_path="export"),
        st.Page(articles_page, title="Articles", url_path="articles"),
    ]
).run()
