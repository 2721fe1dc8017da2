"""alliancegraph explorer: ``alliancegraph app`` (``streamlit run app.py``, store in ``ALLIANCEGRAPH_STORE``)."""

import streamlit as st

from explorer.pages import articles_page, network_page, sparql_page

# No page icons: a :material/...: icon makes the browser fetch its favicon from fonts.gstatic.com (no request
# may leave the machine) and emoji show as boxes where no emoji font is installed.
st.set_page_config(page_title="alliancegraph", layout="wide")

st.navigation(
    [
        st.Page(network_page, title="Network", default=True),
        st.Page(sparql_page, title="SPARQL", url_path="sparql"),
        st.Page(articles_page, title="Articles", url_path="articles"),
    ]
).run()
