"""networkx's network simplex, ported for the one network the path cover solves (cover._min_flow).

A port of `network_simplex` and `_DataEssentialsAndFunctions` of networkx 3.x
(networkx/algorithms/flow/networksimplex.py; networkx is BSD-licensed, (c) NetworkX Developers),
written as one flat function over local lists. `nx.min_cost_flow` spent most of a dialog's path
cover (~2.3 ms of ~10 ms a dialog in the HTML report) on building a graph, on method calls and on
attribute lookups; the algorithm itself is cheap.

It must pivot exactly as networkx does: minimum-cost flows are not unique, the flow chosen decides
which conversations the report and `korelint paths` list, and those outputs are pinned
(tests/test_golden_outputs.py). So it keeps networkx's node order, edge order (the order
`G.edges()` lists them for the graph cover built: by source, then by target in first-insertion
order, then by key), dropped self-loops, artificial root edges, faux_inf, initial tree, pivot
block size and rule, leaving-edge rule (first minimum, on the reversed cycle) and tree updates,
down to the root being node -1 (the last item of the lists of n + 1). What it drops is what this
network cannot have: capacities (every edge has none: infinite; the artificial ones have
faux_inf), infinite demands or weights, negative weights (all are 0 or 1). The exceptions are
networkx's own, with its messages (networkx is imported only to raise them).
"""
from __future__ import annotations

from math import ceil, sqrt

INF = float("inf")


def min_cost_flow(ends: list[tuple[int, int]], demand: list[int], weight: list[int]) -> list[int]:
    """The flow networkx's `min_cost_flow` gives edge k, for the graph of nodes 0..n-1 (node i
    wanting `demand[i]`) and edges k from `ends[k][0]` to `ends[k][1]` weighing `weight[k]` (0 or
    more), no capacities; added in that order to a DiGraph (the pairs distinct) or a MultiDiGraph
    (key k)."""
    n = len(demand)
    if n == 0:
        _raise("NetworkXError", "graph has no nodes")
    # networkx's edge order: by source node, then target in first-insertion order, then key
    succ: list[dict] = [{} for _ in range(n)]
    for k, (i, j) in enumerate(ends):
        if i != j:  # networkx leaves self-loops out (they carry 0: no weight is negative)
            targets = succ[i]
            if j in targets:
                targets[j].append(k)
            else:
                targets[j] = [k]
    order = [k for targets in succ for ks in targets.values() for k in ks]
    m = len(order)
    src = [ends[k][0] for k in order]
    tgt = [ends[k][1] for k in order]
    cost = [weight[k] for k in order]
    if sum(demand) != 0:
        _raise("NetworkXUnfeasible", "total node demand is not zero")
    # the artificial edges: node i to the root (-1), or the root to i when i wants flow
    for i, d in enumerate(demand):
        if d > 0:
            src.append(-1)
            tgt.append(i)
        else:
            src.append(i)
            tgt.append(-1)
    faux_inf = 3 * max(sum(cost), sum(map(abs, demand))) or 1
    cost.extend([faux_inf] * n)
    # residual capacities: infinite on the real edges, faux_inf on the artificial ones
    capacity = [INF] * m + [faux_inf] * n
    flow = [0] * m + [abs(d) for d in demand]
    potential = [faux_inf if d <= 0 else -faux_inf for d in demand]
    parent: list = [-1] * n + [None]
    parent_edge: list = list(range(m, m + n))
    size = [1] * n + [n + 1]
    next_dft = [*range(1, n), -1, 0]
    prev_dft = list(range(-1, n))
    last_dft = [*range(n), n - 1]

    B = ceil(sqrt(m)) if m else 0  # pivot block size
    blocks = (m + B - 1) // B if m else 0
    idle = 0  # consecutive blocks without an entering edge
    f = 0
    while idle < blocks:
        # the first edge of the block with the lowest reduced cost (negated if it carries flow)
        if f == m:  # networkx's block is then range(m, m) and range(B)
            f = 0
        i = f
        c = cost[f] - potential[src[f]] + potential[tgt[f]]
        if flow[f]:
            c = -c
        stop = f + B
        if stop <= m:
            rest: range | list = range(f + 1, stop)
        else:
            stop -= m
            rest = [*range(f + 1, m), *range(stop)]
        f = stop
        for e in rest:
            r = cost[e] - potential[src[e]] + potential[tgt[e]]
            if flow[e]:
                r = -r
            if r < c:
                i, c = e, r
        if c >= 0:
            idle += 1
            continue
        idle = 0
        if flow[i] == 0:
            p, q = src[i], tgt[i]
        else:
            p, q = tgt[i], src[i]
        # The cycle i closes in the tree, from p to q: up from p to the apex, down to q. The
        # apex is found by climbing from p and q, the smaller subtree first (find_apex): those
        # climbs are the two sides of the cycle, so the leaving edge is chosen on the way.
        # networkx takes the first edge of least residual capacity on the reversed cycle: the
        # q side from the apex down, then i, then the p side from p up. An edge's residual
        # capacity is in the direction the cycle takes it; t: the child end of the best edge.
        rp = rq = INF
        jp = jq = tp = tq = -1
        plus = []  # the tree edges the cycle takes forwards (their flow grows), then backwards
        minus = []
        u, v = p, q
        su, sv = size[u], size[v]
        while u != v:
            if su <= sv:  # u is below the apex: the p side, taken from parent[u] down to u
                e = parent_edge[u]
                x = parent[u]
                if src[e] == x:
                    r = capacity[e] - flow[e]
                    plus.append(e)
                else:
                    r = flow[e]
                    minus.append(e)
                if r < rp:
                    rp, jp, tp = r, e, u
                u = x
                su = size[u]
            else:  # v is below the apex: the q side, taken from v up to parent[v]
                e = parent_edge[v]
                if src[e] == v:
                    r = capacity[e] - flow[e]
                    plus.append(e)
                else:
                    r = flow[e]
                    minus.append(e)
                if r <= rq:  # the last on the way up is the first from the apex down
                    rq, jq, tq = r, e, v
                v = parent[v]
                sv = size[v]
        if src[i] == p:
            least = capacity[i] - flow[i]
            plus.append(i)
        else:
            least = flow[i]
            minus.append(i)
        if jq >= 0 and rq <= least and rq <= rp:
            j, t, least = jq, tq, rq
        elif least <= rp:
            j = i
        else:
            j, t, least = jp, tp, rp
        if least:
            for e in plus:
                flow[e] += least
            for e in minus:
                flow[e] -= least
        if i == j:
            continue
        s = parent[t]
        if j == jp:  # the leaving edge is on the p side: q's side of it is p's
            p, q = q, p
        # remove (s, t) from the tree, and t's subtree from the thread
        size_t = size[t]
        prev_t = prev_dft[t]
        last_t = last_dft[t]
        next_last_t = next_dft[last_t]
        parent[t] = None
        parent_edge[t] = None
        next_dft[prev_t] = next_last_t
        prev_dft[next_last_t] = prev_t
        next_dft[last_t] = t
        prev_dft[t] = last_t
        while s is not None:
            size[s] -= size_t
            if last_dft[s] == last_t:
                last_dft[s] = prev_t
            s = parent[s]
        # make q the root of its subtree
        ancestors = []
        u = q
        while u is not None:
            ancestors.append(u)
            u = parent[u]
        ancestors.reverse()
        for a in range(len(ancestors) - 1):
            x, y = ancestors[a], ancestors[a + 1]
            size_x = size[x]
            last_x = last_dft[x]
            prev_y = prev_dft[y]
            last_y = last_dft[y]
            next_last_y = next_dft[last_y]
            parent[x] = y
            parent[y] = None
            parent_edge[x] = parent_edge[y]
            parent_edge[y] = None
            size[x] = size_x - size[y]
            size[y] = size_x
            next_dft[prev_y] = next_last_y
            prev_dft[next_last_y] = prev_y
            next_dft[last_y] = y
            prev_dft[y] = last_y
            if last_x == last_y:
                last_dft[x] = prev_y
                last_x = prev_y
            prev_dft[x] = last_y
            next_dft[last_y] = x
            next_dft[last_x] = y
            prev_dft[y] = last_x
            last_dft[y] = last_x
        # hang q's subtree under p by i
        last_p = last_dft[p]
        next_last_p = next_dft[last_p]
        size_q = size[q]
        last_q = last_dft[q]
        parent[q] = p
        parent_edge[q] = i
        next_dft[last_p] = q
        prev_dft[q] = last_p
        prev_dft[next_last_p] = last_q
        next_dft[last_q] = next_last_p
        u = p
        while u is not None:
            size[u] += size_q
            if last_dft[u] == last_p:
                last_dft[u] = last_q
            u = parent[u]
        # shift the potentials of q's subtree
        if q == tgt[i]:
            d = potential[p] - cost[i] - potential[q]
        else:
            d = potential[p] + cost[i] - potential[q]
        u = q
        potential[u] += d
        end = last_dft[q]
        while u != end:
            u = next_dft[u]
            potential[u] += d

    if any(flow[m:]):
        _raise("NetworkXUnfeasible", "no flow satisfies all node demands")
    if m and max(flow[:m]) * 2 >= faux_inf:
        _raise("NetworkXUnbounded", "negative cycle with infinite capacity found")
    out = [0] * len(ends)
    for pos, k in enumerate(order):
        out[k] = flow[pos]
    return out


def _raise(name: str, message: str) -> None:
    import networkx as nx

    raise getattr(nx, name)(message)
