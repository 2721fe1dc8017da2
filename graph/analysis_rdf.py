"""Analysis results as RDF in a named graph of their own, so SPARQL can query scores and blocs.

One named graph per window spec, ``id/graph/analysis-<window>`` (e.g. ``agraph:analysis-quarter``),
replaced on every write. Its contents (``ag:`` as in :mod:`graph.model`; minted IRIs under
``id/analysis/<window>/``)::

    <.../window/2025Q3>  a ag:Window ; rdfs:label "2025Q3" ; ag:windowStart/ag:windowEnd xsd:date ;
                         ag:balanceIndex xsd:double ; ag:frustration xsd:double .
    <.../dyad/2025Q3/AZE/TUR>  a ag:Dyad ; ag:inWindow <window> ; ag:actorA actor:AZE ; ag:actorB actor:TUR ;
                         ag:alignment xsd:double ; ag:relationCount xsd:integer .
    <.../bloc/2025Q3/B1> a ag:Bloc ; ag:inWindow <window> ; rdfs:label "B1" ; ag:member actor:AZE, ... .
    <.../shift/N>        a ag:Shift ; ag:actor actor:AZE ; ag:partner actor:RUS ; ag:direction "away_from" ;
                         ag:basis "series"|"reported" ; ag:magnitude xsd:double ;
                         ag:fromWindow/ag:toWindow <window> ; ag:evidenceArticle article:... .

The window ``all`` (every relation, undated included) is ``.../window/all``. Example::

    SELECT ?w ?a ?b ?score WHERE { GRAPH agraph:analysis-quarter {
      ?d a ag:Dyad ; ag:inWindow/rdfs:label ?w ; ag:actorA ?a ; ag:actorB ?b ; ag:alignment ?score } }
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import quote

from rdflib import RDF, RDFS, XSD, Literal, Namespace, URIRef

from .model import AG, GRAPH, ID, actor_iri, article_iri

__all__ = ["analysis_graph_iri", "analysis_quads", "write_analysis"]


def analysis_graph_iri(window: str) -> URIRef:
    """The named graph of a window spec's results.

    >>> str(analysis_graph_iri("quarter"))
    'https://w3id.org/alliancegraph/id/graph/analysis-quarter'
    """
    return GRAPH["analysis-" + quote(window, safe="")]


def _q(s: str | None) -> str:
    return quote(str(s), safe="")


def analysis_quads(result: Mapping) -> tuple[URIRef, list[tuple]]:
    """``(graph IRI, quads)`` for an :func:`graph.analysis.analyze` result.

    Examples
    --------
    >>> from graph.analysis import analyze
    >>> rows = [{"source": "A", "target": "B", "polarity": 1, "date": "2025-01-05", "article": "x", "sentence": "."}]
    >>> g, quads = analysis_quads(analyze(rows, window="year"))
    >>> sorted({str(o).rsplit("#", 1)[-1] for _s, p, o, _g in quads if p == RDF.type})
    ['Bloc', 'Dyad', 'Window']
    """
    spec = result["parameters"]["window"]
    g = analysis_graph_iri(spec)
    base = Namespace(ID + f"analysis/{_q(spec)}/")
    windows = {"all": {"id": "all", "start": None, "end": None}}
    windows.update({w["id"]: w for w in result["windows"]})
    w_iri = {wid: base["window/" + _q(wid)] for wid in windows}
    quads: list[tuple] = []

    def add(s, p, o):
        quads.append((s, p, o, g))

    for wid, w in windows.items():
        add(w_iri[wid], RDF.type, AG.Window)
        add(w_iri[wid], RDFS.label, Literal(wid))
        for prop, key in ((AG.windowStart, "start"), (AG.windowEnd, "end")):
            if w.get(key):
                add(w_iri[wid], prop, Literal(w[key], datatype=XSD.date))
    for d in result["dyads"]:
        node = base[f"dyad/{_q(d['window'])}/{_q(d['a'])}/{_q(d['b'])}"]
        add(node, RDF.type, AG.Dyad)
        add(node, AG.inWindow, w_iri[d["window"]])
        add(node, AG.actorA, actor_iri(d["a"]))
        add(node, AG.actorB, actor_iri(d["b"]))
        add(node, AG.alignment, Literal(float(d["score"]), datatype=XSD.double))
        add(node, AG.relationCount, Literal(int(d["count"]), datatype=XSD.integer))
    for rep in result["blocs"]:
        wn = w_iri[rep["window"]]
        if rep["balance_index"] is not None:
            add(wn, AG.balanceIndex, Literal(float(rep["balance_index"]), datatype=XSD.double))
        add(wn, AG.frustration, Literal(float(rep["frustration"]), datatype=XSD.double))
        for b in rep["blocs"]:
            node = base[f"bloc/{_q(rep['window'])}/{_q(b['id'])}"]
            add(node, RDF.type, AG.Bloc)
            add(node, AG.inWindow, wn)
            add(node, RDFS.label, Literal(b["id"]))
            for m in b["members"]:
                add(node, AG.member, actor_iri(m))
    for n, s in enumerate(r for r in result["shifts"] if r["basis"] != "bloc"):
        node = base[f"shift/{n}"]
        add(node, RDF.type, AG.Shift)
        add(node, AG.actor, actor_iri(s["actor"]))
        add(node, AG.partner, actor_iri(s["partner"]))
        add(node, AG.direction, Literal(s["direction"]))
        add(node, AG.basis, Literal(s["basis"]))
        add(node, AG.magnitude, Literal(float(s["magnitude"]), datatype=XSD.double))
        for prop, key in ((AG.fromWindow, "from_window"), (AG.toWindow, "to_window")):
            if s.get(key) in w_iri:
                add(node, prop, w_iri[s[key]])
        for art in sorted({e["article"] for e in s["evidence"] if e.get("article")}):
            add(node, AG.evidenceArticle, article_iri(art))
    return g, quads


def write_analysis(ds, result: Mapping) -> tuple[str, int]:
    """Replace the result's named graph in the store; return ``(graph IRI, quads written)``."""
    from .store import _ox_quads, _ox_store  # the store module's bulk path (one transaction)

    import pyoxigraph as ox

    g, quads = analysis_quads(result)
    inner = _ox_store(ds)
    if inner is not None:
        inner.remove_graph(ox.NamedNode(g))
        inner.extend(_ox_quads(quads))
    else:
        ds.remove_graph(g)
        ds.addN((s, p, o, ds.graph(c)) for s, p, o, c in quads)
    return str(g), len(quads)
