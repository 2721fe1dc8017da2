"""Who matters in the actor graph: centralities of :func:`graph.projection.actor_graph` output.

Pure functions of a ``networkx.DiGraph`` whose edges carry ``count`` (or ``weight``) and, ideally,
``positive`` / ``negative`` relation counts; an edge without them counts ``weight`` relations of its
``sign``. Nothing here touches the store.
"""

from __future__ import annotations

import networkx as nx

__all__ = ["CENTRALITIES", "degree", "strength", "betweenness", "cooperation_pagerank",
           "actor_centrality", "rank_actors"]

CENTRALITIES = ("degree", "strength_pos", "strength_neg", "betweenness", "pagerank")


def _weight(data: dict) -> float:
    return float(data.get("count", data.get("weight", 1)))


def _positive(data: dict) -> float:
    if "positive" in data:
        return float(data["positive"])
    return _weight(data) if data.get("sign", 0) > 0 else 0.0


def _negative(data: dict) -> float:
    if "negative" in data:
        return float(data["negative"])
    return _weight(data) if data.get("sign", 0) < 0 else 0.0


def degree(G: nx.DiGraph) -> dict:
    """Degree centrality: distinct partners (in and out edges) over ``n - 1``.

    Parameters
    ----------
    G : networkx.DiGraph
        An actor graph.

    Returns
    -------
    dict
        Node -> in-degree plus out-degree divided by ``n - 1`` (can exceed 1 with edges both ways).

    Examples
    --------
    >>> G = nx.DiGraph([("RUS", "AZE"), ("AZE", "TUR"), ("TUR", "AZE")])
    >>> degree(G)
    {'RUS': 0.5, 'AZE': 1.5, 'TUR': 1.0}
    """
    return dict(nx.degree_centrality(G))


def strength(G: nx.DiGraph, polarity: str = "positive") -> dict:
    """Relations an actor takes part in (as source or target), cooperative or conflictual apart.

    Parameters
    ----------
    G : networkx.DiGraph
        An actor graph; edges with ``positive``/``negative`` counts (else ``count`` and ``sign``).
    polarity : {"positive", "negative"}
        Which relations to count.

    Returns
    -------
    dict
        Node -> number of relations of that polarity on its in and out edges.

    Examples
    --------
    >>> G = nx.DiGraph()
    >>> G.add_edge("RUS", "AZE", count=3, positive=1, negative=2)
    >>> G.add_edge("AZE", "TUR", count=2, positive=2, negative=0)
    >>> strength(G, "positive")
    {'RUS': 1.0, 'AZE': 3.0, 'TUR': 2.0}
    >>> strength(G, "negative")
    {'RUS': 2.0, 'AZE': 2.0, 'TUR': 0.0}
    """
    if polarity not in ("positive", "negative"):
        raise ValueError(f"polarity must be 'positive' or 'negative', got {polarity!r}")
    part = _positive if polarity == "positive" else _negative
    out = {n: 0.0 for n in G}
    for u, v, data in G.edges(data=True):
        w = part(data)
        out[u] += w
        if v != u:
            out[v] += w
    return out


def betweenness(G: nx.DiGraph, *, exact_max: int = 2000, samples: int = 100, seed: int = 0) -> dict:
    """Brokerage: normalised betweenness on the undirected, unweighted actor graph.

    Direction in news relations says who acted on whom, not which way influence can flow,
    so shortest paths ignore it. Exact up to ``exact_max`` actors, by a breadth-first search from
    every actor at once on the sparse adjacency matrix (:func:`_all_sources_betweenness`); above,
    estimated from ``samples`` source actors drawn with ``seed`` (networkx's ``k`` sampling).

    Examples
    --------
    >>> G = nx.DiGraph([("ARM", "RUS"), ("RUS", "AZE"), ("TUR", "AZE")])
    >>> {n: round(b, 3) for n, b in betweenness(G).items()}
    {'ARM': 0.0, 'RUS': 0.667, 'AZE': 0.667, 'TUR': 0.0}
    """
    nodes = list(G)
    if len(nodes) <= exact_max:
        return dict(zip(nodes, _all_sources_betweenness(G, nodes)))
    U = nx.Graph()  # a plain copy: BFS over an undirected *view* of a DiGraph is several times slower
    U.add_nodes_from(G)
    U.add_edges_from(G.edges())
    return dict(nx.betweenness_centrality(U, k=samples, normalized=True, seed=seed))


def _all_sources_betweenness(G: nx.DiGraph, nodes: list) -> list[float]:
    """Brandes' betweenness with every source at once: level by level, matrix products replace the BFS.

    ``sigma[s, v]`` counts shortest paths from ``s`` to ``v``; the dependencies ``delta`` are
    accumulated back from the deepest level. Normalised like networkx (``1 / ((n - 1)(n - 2))``).

    Examples
    --------
    >>> [round(b, 3) for b in _all_sources_betweenness(nx.DiGraph([(1, 2), (2, 3)]), [1, 2, 3])]
    [0.0, 1.0, 0.0]
    """
    import numpy as np
    import scipy.sparse as sp

    n = len(nodes)
    if n <= 2:
        return [0.0] * n
    pos = {v: i for i, v in enumerate(nodes)}
    ij = np.array([(pos[u], pos[v]) for u, v in G.edges() if u != v], dtype=np.int64).reshape(-1, 2)
    A = sp.coo_matrix((np.ones(len(ij)), (ij[:, 0], ij[:, 1])), shape=(n, n)).tocsr()
    A = ((A + A.T) > 0).astype(np.float64)  # undirected, unweighted
    sigma = np.eye(n)
    level = np.full((n, n), -1, dtype=np.int64)
    np.fill_diagonal(level, 0)
    frontier, depth = np.eye(n), 0
    while True:
        reached = np.asarray(A.T.dot(frontier.T)).T  # paths one step beyond the frontier (A symmetric)
        reached[level >= 0] = 0.0
        if not reached.any():
            break
        depth += 1
        level[reached > 0] = depth
        sigma += reached
        frontier = reached
    delta = np.zeros((n, n))
    for d in range(depth, 1, -1):
        at = level == d
        share = np.where(at, (1.0 + delta) / np.where(at, sigma, 1.0), 0.0)
        back = np.asarray(A.dot(share.T)).T
        before = level == d - 1
        delta[before] += (sigma * back)[before]
    scores = delta.sum(axis=0) / ((n - 1) * (n - 2))
    return [float(x) for x in scores]


def cooperation_pagerank(G: nx.DiGraph, alpha: float = 0.85) -> dict:
    """PageRank on the cooperative graph: edges weighted by their positive relation counts.

    An actor ranks high when important actors cooperate with it. Every node keeps a rank;
    actors without cooperative ties get only the teleport share.

    Examples
    --------
    >>> G = nx.DiGraph()
    >>> G.add_edge("AZE", "TUR", positive=2)
    >>> G.add_edge("ARM", "TUR", positive=1)
    >>> G.add_edge("RUS", "AZE", positive=0, negative=3)
    >>> pr = cooperation_pagerank(G)
    >>> max(pr, key=pr.get), round(sum(pr.values()), 6)
    ('TUR', 1.0)
    """
    if G.number_of_nodes() == 0:
        return {}
    P = nx.DiGraph()
    P.add_nodes_from(G)
    P.add_weighted_edges_from((u, v, _positive(d)) for u, v, d in G.edges(data=True) if _positive(d) > 0)
    return dict(nx.pagerank(P, alpha=alpha, weight="weight"))


def actor_centrality(G: nx.DiGraph) -> dict[str, dict[str, float]]:
    """All centralities per actor: ``degree, strength_pos, strength_neg, betweenness, pagerank``.

    Examples
    --------
    >>> G = nx.DiGraph()
    >>> G.add_edge("RUS", "AZE", count=2, positive=0, negative=2)
    >>> c = actor_centrality(G)
    >>> c["AZE"]["strength_neg"], c["AZE"]["degree"], round(c["AZE"]["pagerank"], 2)
    (2.0, 1.0, 0.5)
    """
    measures = {
        "degree": degree(G),
        "strength_pos": strength(G, "positive"),
        "strength_neg": strength(G, "negative"),
        "betweenness": betweenness(G),
        "pagerank": cooperation_pagerank(G),
    }
    return {n: {name: float(values.get(n, 0.0)) for name, values in measures.items()} for n in G}


def rank_actors(G: nx.DiGraph, by: str = "pagerank", top: int = 20) -> list[dict]:
    """The ``top`` actors by one centrality, highest first (ties by id).

    Returns
    -------
    list of dict
        Each with ``id, label, kind`` and every centrality of :data:`CENTRALITIES`.

    Examples
    --------
    >>> G = nx.DiGraph()
    >>> G.add_node("AZE", label="Azerbaijan", kind="state")
    >>> G.add_edge("RUS", "AZE", count=3, positive=0, negative=3)
    >>> G.add_edge("TUR", "AZE", count=1, positive=1, negative=0)
    >>> [(r["id"], r["strength_neg"]) for r in rank_actors(G, by="strength_neg", top=2)]
    [('AZE', 3.0), ('RUS', 3.0)]
    >>> rank_actors(G, top=1)[0]["label"]
    'Azerbaijan'
    """
    if by not in CENTRALITIES:
        raise ValueError(f"by must be one of {', '.join(CENTRALITIES)}; got {by!r}")
    scores = actor_centrality(G)
    order = sorted(scores, key=lambda n: (-scores[n][by], str(n)))
    return [
        {"id": n, "label": G.nodes[n].get("label", n), "kind": G.nodes[n].get("kind"), **scores[n]}
        for n in order[: max(top, 0)]
    ]
