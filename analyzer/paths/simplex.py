"""networkx's network simplex, ported for the one network the path cover solves (cover._min_flow).

A port of `network_simplex` and `_DataEssentialsAndFunctions` of networkx (3.6.1)
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
networkx's own, with its messages (networkx is imported only to raise them). Should networkx
change its pivots, tests/paths/test_simplex.py, which compares the two, fails.
"""
from __future__ import annotations

from math import ceil, sqrt
from operator import eq

INF = float("inf")


def min_cost_flow(ends: list[tuple[int, int]], demand: list[int]) -> list[int]:
    """The flow networkx's `min_cost_flow` gives edge k, for the graph of nodes 0..n-1 (node i
    wanting `demand[i]`) and edges k from `ends[k][0]` to `ends[k][1]`, no capacities, the last
    edge weighing 1 and the others 0; added in that order to a DiGraph (the pairs distinct) or a
    MultiDiGraph (key k)."""
    n = len(demand)
    if n == 0:
        _raise("NetworkXError", "graph has no nodes")
    count = len(ends)
    sources, targets = zip(*ends, strict=True) if ends else ((), ())
    # networkx's edge order: by source node, then target in first-insertion order, then key
    if len(set(ends)) == count:  # each pair once: by source, in their order
        order = sorted(range(count), key=sources.__getitem__)
    else:
        succ: list[dict] = [{} for _ in range(n)]
        for k, (i, j) in enumerate(ends):
            keys = succ[i].get(j)
            if keys is None:
                succ[i][j] = [k]
            else:
                keys.append(k)
        order = [k for to in succ for keys in to.values() for k in keys]
    loops = any(map(eq, sources, targets))
    if loops:  # networkx leaves self-loops out (they carry 0: no weight is negative)
        order = [k for k in order if sources[k] != targets[k]]
    m = len(order)
    src = list(map(sources.__getitem__, order))
    tgt = list(map(targets.__getitem__, order))
    ret = order.index(count - 1) if count and sources[-1] != targets[-1] else -1  # return edge
    if sum(demand) != 0:
        _raise("NetworkXUnfeasible", "total node demand is not zero")
    # the artificial edges: node i to the root (-1), or the root to i when i wants flow
    src += [-1 if d > 0 else i for i, d in enumerate(demand)]
    tgt += [i if d > 0 else -1 for i, d in enumerate(demand)]
    faux_inf = 3 * max(1 if ret >= 0 else 0, sum(map(abs, demand))) or 1
    flow = [0] * m + list(map(abs, demand))
    potential = [faux_inf if d <= 0 else -faux_inf for d in demand]
    parent: list = [-1] * n + [None]
    parent_edge: list = list(range(m, m + n))
    size = [1] * n + [n + 1]
    next_dft = [*range(1, n), -1, 0]
    prev_dft = list(range(-1, n))
    last_dft = [*range(n), n - 1]
    # An edge's reduced cost, as networkx computes it (the weight, less the source's potential,
    # plus the target's; negated when the edge carries flow), is potential[up[e]] less
    # potential[down[e]], plus the weight or less it: up and down are swapped when an edge
    # starts or stops carrying flow. Only the return edge (ret) weighs something.
    up = tgt[:]
    down = src[:]

    B = ceil(sqrt(m)) if m else 0  # pivot block size
    blocks = (m + B - 1) // B if m else 0
    idle = 0  # consecutive blocks without an entering edge
    f = 0
    while idle < blocks:
        # the first edge of the block with the lowest reduced cost
        if f == m:  # networkx's block is then range(m, m) and range(B)
            f = 0
        i = f
        c = potential[up[f]] - potential[down[f]]
        stop = f + B
        if stop <= m:
            rest: range | list = range(f + 1, stop)
            weighed = f <= ret < stop
        else:
            stop -= m
            rest = [*range(f + 1, m), *range(stop)]
            weighed = ret >= f or 0 <= ret < stop
        if weighed:
            if f == ret:
                c += -1 if flow[f] else 1
            for e in rest:
                r = potential[up[e]] - potential[down[e]]
                if e == ret:
                    r += -1 if flow[e] else 1
                if r < c:
                    i, c = e, r
        else:
            for e in rest:
                r = potential[up[e]] - potential[down[e]]
                if r < c:
                    i, c = e, r
        f = stop
        if c >= 0:
            idle += 1
            continue
        idle = 0
        p, q = down[i], up[i]  # i taken the way its reduced cost is negative
        # The cycle i closes in the tree, from p to q: up from p to the apex, down to q. The
        # apex is found by climbing from p and q, the smaller subtree first (find_apex): those
        # climbs are the two sides of the cycle, so the leaving edge is chosen on the way.
        # networkx takes the first edge of least residual capacity on the reversed cycle: the
        # q side from the apex down, then i, then the p side from p up. An edge's residual
        # capacity is in the direction the cycle takes it; t: the child end of the best edge.
        # Forwards, a real edge has no capacity (its residual is infinite), an artificial one
        # faux_inf: so only these and the edges taken backwards are weighed (a cycle has one: it
        # costs less than nothing, and real edges taken forwards cost 0 or 1).
        rp = rq = INF
        jp = jq = tp = tq = -1
        u, v = p, q
        su, sv = size[u], size[v]
        while u != v:
            if su <= sv:  # u is below the apex: the p side, taken from parent[u] down to u
                e = parent_edge[u]
                x = parent[u]
                if src[e] != x:
                    r = flow[e]
                    if r < rp:
                        rp, jp, tp = r, e, u
                elif e >= m and faux_inf - flow[e] < rp:
                    rp, jp, tp = faux_inf - flow[e], e, u
                u = x
                su = size[u]
            else:  # v is below the apex: the q side, taken from v up to parent[v]
                e = parent_edge[v]
                if src[e] != v:
                    r = flow[e]
                    if r <= rq:  # the last on the way up is the first from the apex down
                        rq, jq, tq = r, e, v
                elif e >= m and faux_inf - flow[e] <= rq:
                    rq, jq, tq = faux_inf - flow[e], e, v
                v = parent[v]
                sv = size[v]
        apex = u
        least = INF if src[i] == p else flow[i]
        if jq >= 0 and rq <= least and rq <= rp:
            j, t, least = jq, tq, rq
        elif least <= rp:
            j = i
        else:
            j, t, least = jp, tp, rp
        if least:  # (most pivots move nothing) along the cycle again, from p and from q up
            # to the apex, then i: an edge starting or stopping carrying flow turns its cost around
            for u, forwards in ((p, True), (q, False)):
                while u != apex:
                    e = parent_edge[u]
                    x = parent[u]
                    if (src[e] == x) is forwards:  # taken forwards (down from x on p's side)
                        if not flow[e]:
                            up[e], down[e] = down[e], up[e]
                        flow[e] += least
                    else:
                        flow[e] -= least
                        if not flow[e]:
                            up[e], down[e] = down[e], up[e]
                    u = x
            if src[i] == p:
                if not flow[i]:
                    up[i], down[i] = down[i], up[i]
                flow[i] += least
            else:
                flow[i] -= least
                if not flow[i]:
                    up[i], down[i] = down[i], up[i]
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
        # t's ancestors lose its subtree; those it ended (a path up from s) now end at prev_t. The
        # apex and those above it get it back below (under p): their sizes are left as they are.
        while s != apex and last_dft[s] == last_t:
            size[s] -= size_t
            last_dft[s] = prev_t
            s = parent[s]
        if s == apex:
            while s is not None and last_dft[s] == last_t:
                last_dft[s] = prev_t
                s = parent[s]
        else:
            while s != apex:
                size[s] -= size_t
                s = parent[s]
        # make q the root of t's subtree: from t down, each node x on the way becomes a child of
        # the next, y (networkx's stores that a later one overwrites are left out)
        path = []
        u = q
        while u is not None:
            path.append(u)
            u = parent[u]
        x = path.pop()
        last_x = last_t
        while path:
            y = path.pop()
            prev_y = prev_dft[y]
            last_y = last_dft[y]
            next_last_y = next_dft[last_y]
            parent[x] = y
            parent_edge[x] = parent_edge[y]
            size[x] = size_t - size[y]
            next_dft[prev_y] = next_last_y
            prev_dft[next_last_y] = prev_y
            if last_x == last_y:
                last_dft[x] = prev_y
                last_x = prev_y
            prev_dft[x] = last_y
            next_dft[last_y] = x
            next_dft[last_x] = y
            prev_dft[y] = last_x
            last_dft[y] = last_x
            x = y
        # hang q's subtree under p by i
        last_p = last_dft[p]
        next_last_p = next_dft[last_p]
        parent[q] = p
        parent_edge[q] = i
        size[q] = size_t
        next_dft[last_p] = q
        prev_dft[q] = last_p
        prev_dft[next_last_p] = last_x
        next_dft[last_x] = next_last_p
        u = p  # (below the apex, or the apex)
        while u != apex and last_dft[u] == last_p:
            size[u] += size_t
            last_dft[u] = last_x
            u = parent[u]
        if u == apex:
            while u is not None and last_dft[u] == last_p:
                last_dft[u] = last_x
                u = parent[u]
        else:
            while u != apex:
                size[u] += size_t
                u = parent[u]
        # shift the potentials of q's subtree
        d = potential[p] - potential[q]
        if i == ret:
            d += -1 if q == tgt[i] else 1
        u = q
        potential[u] += d
        while u != last_x:
            u = next_dft[u]
            potential[u] += d

    if any(flow[m:]):
        _raise("NetworkXUnfeasible", "no flow satisfies all node demands")
    if m and max(flow[:m]) * 2 >= faux_inf:
        _raise("NetworkXUnbounded", "negative cycle with infinite capacity found")
    if not loops:  # flow in networkx's order, put back in the given order
        return list(map(flow.__getitem__, sorted(range(m), key=order.__getitem__)))
    out = [0] * count
    for pos, k in enumerate(order):
        out[k] = flow[pos]
    return out


def _raise(name: str, message: str) -> None:
    import networkx as nx

    raise getattr(nx, name)(message)
