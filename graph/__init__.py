"""Relations to knowledge: the RDF model, the store, SPARQL and the networkx analyses.

Consumes extraction records as plain dicts; knows nothing of spaCy or Streamlit.
"""
