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
"""

from __future__ import annotations

import networkx as nx

from .model import actor_id
from .sparql import run_query

__all__ = ["actor_graph", "EDGE_QUERY", "ACTOR_QUERY"]

EDGE_QUERY = """\
SELECT ?s ?t (COUNT(?r) AS ?count) (SUM(?pol) AS ?polarity) (AVG(?int) AS ?intensity)
       (SUM(IF(?pol > 0, 1, 0)) AS ?positive) (SUM(IF(?pol < 0, 1, 0)) AS ?negative)
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

_NO_LIMIT = 10**12


def _sign(x: float) -> int:
    return (x > 0) - (x < 0)


def actor_graph(ds) -> nx.DiGraph:
    """The actor-to-actor ``DiGraph`` of the whole store (see the module docstring for attributes).

    Only actors that take part in at least one (non-negated) relation become nodes.
    """
    G = nx.DiGraph()
    edges = run_query(ds, EDGE_QUERY, row_limit=_NO_LIMIT).rows
    for s, t, count, polarity, intensity, positive, negative, symmetric_count in edges:
        count, polarity = int(count), int(polarity or 0)
        G.add_edge(
            actor_id(s), actor_id(t), count=count, weight=count, polarity=polarity, sign=_sign(polarity),
            score=polarity / count if count else 0.0,
            intensity=float(intensity) if intensity is not None else None,
            positive=int(positive or 0), negative=int(negative or 0), symmetric_count=int(symmetric_count or 0),
        )
    if G.number_of_nodes() == 0:
        return G
    for a, label, kind, country in run_query(ds, ACTOR_QUERY, row_limit=_NO_LIMIT).rows:
        aid = actor_id(a)
        if aid in G:
            G.nodes[aid].update(label=label or aid, kind=kind, country=actor_id(country) if country else None)
    for aid, data in G.nodes(data=True):  # actors without a description (records from other tools)
        data.setdefault("label", aid)
        data.setdefault("kind", None)
        data.setdefault("country", None)
    return G
