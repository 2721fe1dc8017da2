"""Text to relations: load articles, run spaCy, resolve actors, extract relations.

Produces plain Python records (see :mod:`extract.record`); knows nothing of RDF.
"""
