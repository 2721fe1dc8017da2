"""The Streamlit explorer's pages and views; ``app.py`` wires them together."""
