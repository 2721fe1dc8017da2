"""The actor graph: relations aggregated per (source, target) pair into a ``networkx.DiGraph``.

Built from one SPARQL aggregate query (GROUP BY source, target) and one query for actor labels and
kinds, both run by the store's engine; no Python loop over ``triples()``.

Nodes are actor ids (``"RUS"``) with attributes ``label``, ``kind``, ``country`` (an actor id or ``None``).
Edges ``source -> target`` carry

- ``count``: relations (also ``weight``),
- ``polarity``: sum of polarities; ``sign``: its sign (+1, -1, 0); ``score``: mean polarity in [-1, 1],
- ``intensity``: mean intensity (``None`` when no relation has one),
- ``positive``, ``negative``: how many relations had polarity +1 and -1,
- ``symmetric_count``: how many of ``count`` are symmetric (meetings, tensions).

Negated relations are left out. A symmetric relation is counted once, on the edge from the actor
named first in the sentence to the other, as recorded. Consumers that want an undirected view
(alignment, blocs) should add the two directions: ``G.to_undirected()`` does not sum attributes, so
merge ``count``/``polarity`` of ``(a, b)`` and ``(b, a)`` themselves; directed measures (who acts on
whom) may subtract ``symmetric_count`` to keep only acts with an acting side.

Where the numbers come from: every article graph written by :func:`graph.store.add_article` holds one
``ag:DyadSummary`` per (source, target) pair of its relations (:mod:`graph.model`), whose ``ag:dyadStats``
literal packs the pair and its sums. :data:`SUMMARY_QUERY` reads those literals with one scan of one
predicate (no join: on the on-disk store a join costs a RocksDB seek per row) and Python adds them up per
pair. The summaries live in the article's graph, so replacing or dropping an article replaces them.
A store with an article written without summaries (by older code, or by quads written directly), or
changed by a SPARQL update (:data:`graph.model.EDIT_MARK_UPDATE`), falls back to :data:`EDGE_QUERY`, the
aggregate over every relation, which gives the same edges (tests/test_store_fastpath.py).
"""

from __future__ import annotations

from urllib.parse import quote, unquote

import networkx as nx
import numpy as np

from .allocation import collector_paused
from .model import ACTOR, actor_id
from .sparql import literal_texts, trusted_rows

__all__ = ["actor_graph", "EDGE_QUERY", "ACTOR_QUERY", "SUMMARY_QUERY", "edge_stats"]

EDGE_QUERY = """\
SELECT ?s ?t (COUNT(?r) AS ?count) (SUM(?pol) AS ?polarity) (SUM(COALESCE(?int, 0.0)) AS ?intensity_sum)
       (COUNT(?int) AS ?intensity_count) (SUM(IF(?pol > 0, 1, 0)) AS ?positive) (SUM(IF(?pol < 0, 1, 0)) AS ?negative)
       (SUM(IF(?sym, 1, 0)) AS ?symmetric_count)
WHERE {
  ?r a ag:Relation ; ag:source ?s ; ag:target ?t ; ag:polarity ?pol ; ag:negated false .
  OPTIONAL { ?r ag:symmetric ?sym0 }
  OPTIONAL { ?r ag:intensity ?int }
  BIND(COALESCE(?sym0, false) AS ?sym)
}
GROUP BY ?s ?t"""

ACTOR_QUERY = """\
SELECT ?a (SAMPLE(?l) AS ?label) (SAMPLE(?k) AS ?kind) (SAMPLE(?c) AS ?country) WHERE {
  ?a a ag:Actor .
  OPTIONAL { ?a rdfs:label ?l }
  OPTIONAL { ?a ag:kind ?k }
  OPTIONAL { ?a ag:country ?c }
}
GROUP BY ?a"""

#: Each article's dyad summaries in one literal, a line per pair: ``"SRC TGT count polarity intensitySum
#: intensityCount positive negative symmetric"`` (actor ids percent-encoded as in their IRIs). One literal
#: per article, not one per pair: the scan decodes a third as many terms.
SUMMARY_QUERY = "SELECT ?stats WHERE { ?a ag:dyadSummaries ?stats }"

#: Articles, articles with summaries (equal when every article has its ``ag:DyadSummary`` nodes) and update marks.
COVERAGE_QUERY = """\
SELECT ?articles ?summarised ?edited WHERE {
  { SELECT (COUNT(*) AS ?articles) WHERE { ?a a schema:NewsArticle } }
  { SELECT (COUNT(*) AS ?summarised) WHERE { ?a ag:dyadSummaries ?x } }
  { SELECT (COUNT(*) AS ?edited) WHERE { ?s ag:editedBySparqlUpdate ?x } }
}"""


def edge_stats(ds) -> list[tuple]:
    """``(source IRI, target IRI, count, polarity, intensity, positive, negative, symmetric_count)`` per pair
    with non-negated relations, as :data:`EDGE_QUERY` gives them; from the dyad summaries when every
    article has them, else from the relations. ``intensity`` is the mean, ``None`` when no relation has one.
    """
    base = str(ACTOR)
    return [(s if iri else base + quote(s, safe=""), t if iri else base + quote(t, safe=""), *rest)
            for iri, (s, t, *rest) in _edge_rows(ds)]


def _edge_rows(ds):
    """``(is_iri, (source, target, count, polarity, intensity, positive, negative, symmetric_count))``:
    actor ids from the summaries (``is_iri`` false), IRIs from the fallback query."""
    coverage = trusted_rows(ds, COVERAGE_QUERY)
    articles, summarised, edited = (int(v or 0) for v in coverage[0]) if coverage else (0, 0, 0)
    # not summarised, or a SPARQL update may have changed relations behind the summaries: aggregate the relations
    if articles != summarised or edited:
        # the mean from sum and count: AVG(?int) would be unbound as soon as one relation has no intensity
        return [(True, (s, t, n, pol, isum / icount if icount else None, pos, neg, sym))
                for s, t, n, pol, isum, icount, pos, neg, sym in trusted_rows(ds, EDGE_QUERY)]
    text = "\n".join(t for t in literal_texts(ds, SUMMARY_QUERY) if t)
    if not text:
        return []
    import io

    import pandas as pd  # its C CSV reader and groupby beat a Python loop 5-fold

    table = pd.read_csv(io.StringIO(text), sep=" ", header=None, names=_SUMMARY_COLUMNS, dtype=_SUMMARY_TYPES,
                        engine="c", na_filter=False, quoting=3)
    sums = table.groupby(["s", "t"], sort=False).sum()
    ids: dict[str, str] = {}

    def aid(encoded: str) -> str:
        found = ids.get(encoded)
        if found is None:
            found = ids[encoded] = unquote(encoded)
        return found

    return [(False, (aid(s), aid(t), n, pol, isum / icount if icount else None, pos, neg, sym))
            for (s, t), n, pol, isum, icount, pos, neg, sym in zip(sums.index, *(sums[c].tolist() for c in sums.columns))]


_SUMMARY_COLUMNS = ["s", "t", "n", "pol", "isum", "icount", "pos", "neg", "sym"]
_SUMMARY_TYPES = {c: (str if c in ("s", "t") else float if c == "isum" else np.int64) for c in _SUMMARY_COLUMNS}


def actor_graph(ds) -> nx.DiGraph:
    """The actor-to-actor ``DiGraph`` of the whole store (see the module docstring for attributes).

    Only actors that take part in at least one (non-negated) relation become nodes.
    """
    G = nx.DiGraph()
    # Filled as ``add_edges_from`` would (one attribute dict shared by both directions' adjacency), without
    # its per-edge copy of the attribute dict: a third of the time at 30,000 edges.
    succ, pred, node = G._succ, G._pred, G._node
    with collector_paused():  # tens of thousands of edge dicts (graph.allocation)
        for iri, (s, t, count, polarity, intensity, positive, negative, symmetric_count) in _edge_rows(ds):
            if iri:
                s, t = actor_id(s), actor_id(t)
            count, polarity = int(count), int(polarity or 0)
            data = {"count": count, "weight": count, "polarity": polarity, "sign": (polarity > 0) - (polarity < 0),
                    "score": polarity / count if count else 0.0,
                    "intensity": float(intensity) if intensity is not None else None,
                    "positive": int(positive or 0), "negative": int(negative or 0),
                    "symmetric_count": int(symmetric_count or 0)}
            for x in (s, t):
                if x not in succ:
                    succ[x], pred[x], node[x] = {}, {}, {}
            succ[s][t] = data
            pred[t][s] = data
    getattr(nx, "_clear_cache", lambda _g: None)(G)  # networkx >= 3.3 caches views; a new graph has none yet
    if G.number_of_nodes() == 0:
        return G
    for a, label, kind, country in trusted_rows(ds, ACTOR_QUERY):
        aid = actor_id(a)
        if aid in G:
            G.nodes[aid].update(label=label or aid, kind=kind, country=actor_id(country) if country else None)
    for aid, data in G.nodes(data=True):  # actors without a description (records from other tools)
        data.setdefault("label", aid)
        data.setdefault("kind", None)
        data.setdefault("country", None)
    return G
