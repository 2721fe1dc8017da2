"""alliancegraph explorer: ``alliancegraph app`` (``streamlit run app.py``, store in ``ALLIANCEGRAPH_STORE``)."""

import streamlit as st

from explorer.pages import articles_page, network_page, sparql_page

# Emoji icons only: Streamlit turns them into data: favicons, while :material/...: icons make the
# browser fetch the favicon from fonts.gstatic.com, and no request may leave the machine.
st.set_page_config(page_title="alliancegraph", page_icon="🕸️", layout="wide")

st.navigation(
    [
        st.Page(network_page, title="Network", icon="🕸️", default=True),
        st.Page(sparql_page, title="SPARQL", icon="🔎", url_path="sparql"),
        st.Page(articles_page, title="Articles", icon="📰", url_path="articles"),
    ]
).run()
