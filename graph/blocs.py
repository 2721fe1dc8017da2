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
  sweeps, each O(edges) in numpy plus the edges of the actors that may move); keep the best start
  (ties: the first).

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
    order = dict.fromkeys(nodes)  # node order as before: the extra nodes, then each dyad's ends in turn
    for a, b in dyads:
        order[a] = order[b] = None
    G.add_nodes_from(order)
    G.add_edges_from((a, b, {"sign": 1 if s > 0 else -1, "weight": abs(s), "score": s, "count": d.get("count", 1)})
                     for (a, b), d in dyads.items() if (s := d["score"]) and a != b)
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
    S = nx.to_scipy_sparse_array(G, weight="sign", dtype=np.float64, format="csr")
    A = abs(S)
    # tr(M^3) = sum((M @ M) * M.T), sparse: exact integer counts, and no BLAS threads (they spin on small dense products)
    total = int(round(float((A @ A).multiply(A.T).sum()) / 6))
    signed = int(round(float((S @ S).multiply(S.T).sum()) / 6))
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


#: Sweeps of the local search per start, at most (a start settles in a few).
MAX_SWEEPS = 50


#: Actors with more edges than this are decided in numpy, the others in a Python loop (cheaper when short).
_DENSE = 48


class _Edges:
    """A component's adjacency (``adj``: node -> neighbour -> signed weight) as index arrays and lists.

    Edges are kept in the order of ``adj`` (node order, then neighbour order), each in both
    directions. Sums that decide something are taken in that order (``np.bincount`` and
    ``np.cumsum`` add sequentially), so they round exactly as the same sums over the dicts.
    """

    def __init__(self, nodes: list[str], adj: dict):
        pos = {v: i for i, v in enumerate(nodes)}
        self.n = len(nodes)
        self.start = np.zeros(self.n + 1, dtype=np.intp)
        dst, w, ordered = [], [], []
        for i, v in enumerate(nodes):
            for u, x in adj[v].items():
                dst.append(pos[u])
                w.append(x)
                ordered.append(v < u)
            self.start[i + 1] = len(dst)
        self.src = np.repeat(np.arange(self.n), np.diff(self.start))
        self.dst = np.array(dst, dtype=np.intp)
        self.w = np.array(w, dtype=np.float64)
        self.ordered = np.array(ordered, dtype=bool)  # the edge's first end sorts first (each edge once)
        self.adj = [[(pos[u], x) for u, x in adj[v].items()] for v in nodes]
        self.nbrs = [[u for u, _ in a] for a in self.adj]

    def cost(self, member: np.ndarray) -> float:
        """:func:`_cost` of labels ``member``: frustrated weight, summed in ``adj`` order."""
        bad = self.ordered & ((self.w > 0) != (member[self.src] == member[self.dst]))
        return float(np.cumsum(np.abs(self.w[bad]))[-1]) if bad.any() else 0.0


def _local_search(E: _Edges, start: np.ndarray, max_sweeps: int = MAX_SWEEPS) -> np.ndarray:
    """Move single actors to the bloc that pulls them hardest, then merge blocs that attract; repeat.

    ``start`` gives each actor's bloc label. In a sweep every actor is visited in order and moves
    when another bloc (or a new one, which pulls 0) pulls it harder than its own, to the
    hardest-pulling one (ties: a new bloc, then the lowest label). Then disjoint pairs of blocs
    whose union lowers the frustration are merged (their gains add up), strongest first. Stops when
    a sweep changes nothing, or after ``max_sweeps``.

    The pulls of all actors on all blocs come from one sparse product per sweep; an actor that
    cannot gain by it, and none of whose neighbours has moved since, is skipped (most actors, once
    a start settles). The others are decided from their own edges, summed in ``adj`` order, so the
    moves, merges and results are exactly those of a plain loop over the ``adj`` dicts. Labels are
    renumbered in order between sweeps (only their order matters).
    """
    n = E.n
    idx = np.arange(n)
    member = np.unique(np.asarray(start), return_inverse=True)[1].astype(np.intp)
    for _ in range(max_sweeps):
        improved = False
        k = int(member.max()) + 1
        # pulls of every actor on every bloc (a sparse product; BLAS threads cost more than they save here)
        P = np.bincount(E.src * k + member[E.dst], weights=E.w, minlength=n * k).reshape(n, k)
        here = P[idx, member]
        P[idx, member] = -np.inf
        # a skipped actor gains nothing for sure: these sums' rounding is far below 1e-9
        candidate = np.maximum(P.max(axis=1) - here, -here) > -1e-9
        candidate = candidate.tolist()
        touched = [False] * n
        mem = member.tolist()  # the same labels as a list, for the per-edge loop
        fresh = k
        for v in range(n):
            if not (candidate[v] or touched[v]):
                continue
            a, b = E.start[v], E.start[v + 1]
            if b - a > _DENSE:
                # same sums (bincount adds in order) and the same choice (argmax: the lowest label of the best)
                pull = np.bincount(member[E.dst[a:b]], weights=E.w[a:b], minlength=fresh)
                here = pull[mem[v]]
                target, gain = -1, 1e-12
                if -here > gain:
                    target, gain = fresh, -here
                pull -= here
                pull[mem[v]] = -np.inf
                j = int(pull.argmax())
                if pull[j] > gain:
                    target = j
            else:
                pull: dict[int, float] = {}
                for u, w in E.adj[v]:
                    g = mem[u]
                    pull[g] = pull.get(g, 0.0) + w
                here = pull.get(mem[v], 0.0)
                target, gain = -1, 1e-12
                if -here > gain:
                    target, gain = fresh, -here
                for g in sorted(pull):
                    if g != mem[v] and pull[g] - here > gain:
                        target, gain = g, pull[g] - here
            if target < 0:
                continue
            if target == fresh:
                fresh += 1
            mem[v] = member[v] = target
            for u in E.nbrs[v]:
                touched[u] = True
            improved = True
        keep = member[E.src] < member[E.dst]
        between = np.bincount(member[E.src][keep] * fresh + member[E.dst][keep], weights=E.w[keep])
        pairs = np.flatnonzero(between > 1e-12)
        if len(pairs):
            gs, hs, w = pairs // fresh, pairs % fresh, between[pairs]
            relabel = np.arange(fresh)
            merged = [False] * fresh
            for i in np.lexsort((hs, gs, -w)).tolist():
                g, h = int(gs[i]), int(hs[i])
                if not (merged[g] or merged[h]):
                    merged[g] = merged[h] = True
                    relabel[h] = g
            member = relabel[member]
            improved = True
        if not improved:
            break
        member = np.unique(member, return_inverse=True)[1].astype(np.intp)
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
            starts = [[lv_member[v] for v in comp], list(range(len(comp)))]
            starts += [[rng.randrange(2) for v in comp] for _ in range(restarts)]
            edges = _Edges(comp, adj)
            labels, best = None, float("inf")
            for start in starts:
                m = _local_search(edges, np.array(start))
                c = edges.cost(m)
                if c < best - 1e-12:
                    labels, best = m, c
            member = dict(zip(comp, labels.tolist()))
        groups: dict[int, list[str]] = defaultdict(list)
        for v in comp:
            groups[member[v]].append(v)
        result.extend(groups.values())
    return _canonical(result)
