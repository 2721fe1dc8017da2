"""Blocs from the signed actor graph by structural balance, and how balanced the graph is.

A *signed graph* here is an undirected ``networkx.Graph`` whose edges carry ``sign`` (+1/-1) and
``weight`` (the strength of the tie, ``|score|`` of the dyad). A partition into blocs *frustrates*
a positive edge between blocs and a negative edge inside a bloc; its *frustration* is the total
weight of the frustrated edges. A graph is balanced (Heider, Cartwright-Harary) when some partition
frustrates nothing.

:func:`signed_blocs` minimises frustration (weighted correlation clustering; the number of blocs is
free):

- per connected component; components of at most ``exact_max`` actors (default 8, 4140 partitions)
  are solved exactly by enumerating every partition;
- larger ones by deterministic local search: start from Louvain on the positive edges (``seed``),
  from all singletons and from ``restarts`` (default 4) random two-way splits drawn from ``random.Random(seed)``;
  repeatedly move single actors to the bloc (or a new one) that lowers the frustration most and merge
  disjoint pairs of blocs whose union lowers it, until nothing improves (at most :data:`MAX_SWEEPS`
  sweeps, each O(edges)); keep the best start (ties: the first).

The same inputs and seed always give the same blocs. Blocs are returned largest first, ties by
their smallest member, members sorted.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable, Mapping

import networkx as nx
import numpy as np

__all__ = ["signed_graph", "frustration", "frustrated_edges", "balance_index", "signed_blocs", "louvain_blocs"]


def signed_graph(dyads: Mapping[tuple[str, str], Mapping], nodes: Iterable[str] = ()) -> nx.Graph:
    """The signed graph of dyad scores: an edge per pair with a non-zero score.

    Parameters
    ----------
    dyads : mapping
        ``(a, b)`` -> dict with ``score`` (and optionally ``count``), as from
        :func:`graph.alignment.dyad_scores`.
    nodes : iterable of str, optional
        Extra actors to include even without a signed edge.

    Returns
    -------
    networkx.Graph
        Edges with ``sign``, ``weight`` (= ``|score|``), ``score`` and ``count``.

    Examples
    --------
    >>> G = signed_graph({("A", "B"): {"score": 0.5}, ("A", "C"): {"score": -1.0}, ("B", "C"): {"score": 0.0}})
    >>> sorted(G.edges(data="sign")), G.number_of_nodes()
    ([('A', 'B', 1), ('A', 'C', -1)], 3)
    """
    G = nx.Graph()
    G.add_nodes_from(nodes)
    for (a, b), d in dyads.items():
        G.add_nodes_from((a, b))
        s = d["score"]
        if s and a != b:
            G.add_edge(a, b, sign=1 if s > 0 else -1, weight=abs(s), score=s, count=d.get("count", 1))
    return G


def _membership(partition: Iterable[Iterable[str]]) -> dict[str, int]:
    return {n: i for i, group in enumerate(partition) for n in group}


def frustrated_edges(G: nx.Graph, partition: Iterable[Iterable[str]]) -> list[dict]:
    """The edges a partition frustrates: positive between blocs, negative within one.

    Examples
    --------
    >>> G = signed_graph({("A", "B"): {"score": 1.0}, ("B", "C"): {"score": -0.5}, ("A", "C"): {"score": 0.25}})
    >>> frustrated_edges(G, [{"A", "B"}, {"C"}])
    [{'a': 'A', 'b': 'C', 'sign': 1, 'weight': 0.25, 'why': 'positive between blocs'}]
    """
    member = _membership(partition)
    out = []
    for a, b, d in G.edges(data=True):
        same = member.get(a) == member.get(b)
        if (d["sign"] > 0) != same:
            a, b = sorted((a, b))
            out.append({"a": a, "b": b, "sign": d["sign"], "weight": d["weight"],
                        "why": "negative within a bloc" if same else "positive between blocs"})
    return sorted(out, key=lambda e: (-e["weight"], e["a"], e["b"]))


def frustration(G: nx.Graph, partition: Iterable[Iterable[str]]) -> float:
    """Total weight of the edges ``partition`` frustrates.

    Examples
    --------
    >>> G = signed_graph({("A", "B"): {"score": 1.0}, ("B", "C"): {"score": -0.5}})
    >>> frustration(G, [{"A", "B", "C"}]), frustration(G, [{"A", "B"}, {"C"}])
    (0.5, 0.0)
    """
    return float(sum(e["weight"] for e in frustrated_edges(G, partition)))


def balance_index(G: nx.Graph) -> dict:
    """Share of balanced triangles (an even number of negative edges) among the signed graph's triangles.

    Counted with matrix powers of the sign matrix ``S`` and its absolute ``|S|``:
    triangles ``= tr(|S|^3) / 6``, balanced minus unbalanced ``= tr(S^3) / 6``.

    Returns
    -------
    dict
        ``{"triangles", "balanced", "index"}``; ``index`` is ``None`` without triangles.

    Examples
    --------
    >>> friends = {("A", "B"): {"score": 1}, ("B", "C"): {"score": 1}, ("A", "C"): {"score": 1}}
    >>> balance_index(signed_graph(friends))
    {'triangles': 1, 'balanced': 1, 'index': 1.0}
    >>> balance_index(signed_graph({**friends, ("A", "C"): {"score": -1}}))
    {'triangles': 1, 'balanced': 0, 'index': 0.0}
    """
    if G.number_of_edges() == 0:
        return {"triangles": 0, "balanced": 0, "index": None}
    S = nx.to_numpy_array(G, weight="sign", dtype=np.float64)
    A = np.abs(S)
    # tr(M^3) = sum((M @ M) * M.T): one BLAS product instead of einsum's triple loop
    total = int(round(float(((A @ A) * A.T).sum()) / 6))
    signed = int(round(float(((S @ S) * S.T).sum()) / 6))
    balanced = (total + signed) // 2
    return {"triangles": total, "balanced": balanced, "index": (balanced / total) if total else None}


def _canonical(groups: Iterable[Iterable[str]]) -> list[list[str]]:
    out = [sorted(g) for g in groups if g]
    return sorted(out, key=lambda g: (-len(g), g[0]))


def louvain_blocs(G: nx.Graph, seed: int = 0) -> list[list[str]]:
    """Louvain communities of the positive edges only (for comparison with :func:`signed_blocs`).

    Examples
    --------
    >>> G = signed_graph({("A", "B"): {"score": 1}, ("C", "D"): {"score": 1}, ("B", "C"): {"score": -1}})
    >>> louvain_blocs(G)
    [['A', 'B'], ['C', 'D']]
    """
    P = nx.Graph()
    P.add_nodes_from(sorted(G))
    P.add_weighted_edges_from((a, b, d["weight"]) for a, b, d in G.edges(data=True) if d["sign"] > 0)
    return _canonical(nx.algorithms.community.louvain_communities(P, weight="weight", seed=seed))


def _cost(adj: dict, member: dict) -> float:
    cost = 0.0
    for a, nbrs in adj.items():
        for b, w in nbrs.items():
            if a < b and (w > 0) != (member[a] == member[b]):
                cost += abs(w)
    return cost


def _exact(nodes: list[str], adj: dict) -> dict:
    best, best_cost = None, float("inf")
    n = len(nodes)
    labels = [0] * n

    def rec(i: int, k: int) -> None:
        nonlocal best, best_cost
        if i == n:
            member = dict(zip(nodes, labels))
            c = _cost(adj, member)
            if c < best_cost - 1e-12:
                best, best_cost = member, c
            return
        for lab in range(k + 1):
            labels[i] = lab
            rec(i + 1, max(k, lab + 1))

    rec(0, 0)
    return best


#: Sweeps of the local search per start, at most (each sweep is O(edges); a start settles in a few).
MAX_SWEEPS = 50


def _local_search(nodes: list[str], adj: dict, member: dict, max_sweeps: int = MAX_SWEEPS) -> dict:
    """Move single actors to the bloc that pulls them hardest, then merge blocs that attract; repeat.

    One sweep is O(edges): every actor is visited once, and the merges of a sweep are disjoint pairs
    of blocs (their gains add up), strongest first. Stops when a sweep changes nothing, or after
    ``max_sweeps``.
    """
    member = dict(member)
    fresh = max(member.values(), default=-1) + 1
    for _ in range(max_sweeps):
        improved = False
        for v in nodes:
            pull: dict[int, float] = defaultdict(float)
            for u, w in adj[v].items():
                pull[member[u]] += w
            here = pull.get(member[v], 0.0)
            # a new bloc of its own pulls 0; moving pays when another bloc pulls harder
            target, gain = None, 1e-12
            if -here > gain:
                target, gain = "new", -here
            for g in sorted(pull):
                if g != member[v] and pull[g] - here > gain:
                    target, gain = g, pull[g] - here
            if target is not None:
                if target == "new":
                    target, fresh = fresh, fresh + 1
                member[v] = target
                improved = True
        between: dict[tuple[int, int], float] = defaultdict(float)
        for v in nodes:
            for u, w in adj[v].items():
                if member[v] < member[u]:
                    between[(member[v], member[u])] += w
        merged: dict[int, int] = {}
        for (g, h), w in sorted(between.items(), key=lambda kv: (-kv[1], kv[0])):
            if w > 1e-12 and g not in merged and h not in merged:
                merged[h], merged[g] = g, g
        if merged:
            for v in nodes:
                member[v] = merged.get(member[v], member[v])
            improved = True
        if not improved:
            break
    return member


def signed_blocs(G: nx.Graph, seed: int = 0, *, restarts: int = 4, exact_max: int = 8,
                 louvain: list[list[str]] | None = None) -> list[list[str]]:
    """A partition of the actors into blocs with minimal frustration (see the module docstring).

    Parameters
    ----------
    G : networkx.Graph
        A signed graph (:func:`signed_graph`).
    seed : int
        Seed of the Louvain start and of the random restarts.
    restarts : int
        Random two-way starts per component too large for the exact search.
    exact_max : int
        Components up to this size are solved exactly.
    louvain : list of list of str, optional
        :func:`louvain_blocs` of ``G`` with this seed, when already computed (a start of the search).

    Returns
    -------
    list of list of str
        Blocs, largest first.

    Examples
    --------
    Two camps, friends inside, enemies across:

    >>> d = {("A", "B"): {"score": 1}, ("C", "D"): {"score": 1}, ("A", "C"): {"score": -1}, ("B", "D"): {"score": -1}}
    >>> signed_blocs(signed_graph(d))
    [['A', 'B'], ['C', 'D']]
    """
    rng = random.Random(seed)
    result: list[list[str]] = []
    for comp in sorted((sorted(c) for c in nx.connected_components(G)), key=lambda c: c[0]):
        if len(comp) == 1:
            result.append(comp)
            continue
        adj = {v: {u: d["sign"] * d["weight"] for u, d in G.adj[v].items()} for v in comp}
        if len(comp) <= exact_max:
            member = _exact(comp, adj)
        else:
            sub = G.subgraph(comp)
            lv = ([[n for n in b if n in sub] for b in louvain] if louvain is not None else louvain_blocs(sub, seed))
            lv_member = _membership(b for b in lv if b)
            starts = [{v: lv_member[v] for v in comp}, {v: i for i, v in enumerate(comp)}]
            starts += [{v: rng.randrange(2) for v in comp} for _ in range(restarts)]
            member, best = None, float("inf")
            for start in starts:
                m = _local_search(comp, adj, start)
                c = _cost(adj, m)
                if c < best - 1e-12:
                    member, best = m, c
        groups: dict[int, list[str]] = defaultdict(list)
        for v in comp:
            groups[member[v]].append(v)
        result.extend(groups.values())
    return _canonical(result)
