"""A minimum flow of cover.py taken apart into walks from the entry to the exit (EXIT, the
virtual node where the dialog ends), the flow's cycles spliced into them."""
from __future__ import annotations

EXIT = ("exit",)


def walks(edges: list[tuple], flows: dict[int, int], entry: str) -> list[list[int]]:
    """The flow taken apart into walks (lists of edge numbers) from the entry to the exit, its
    cycles spliced in. The edges leaving a node are taken in the order of their repr.

    Only that order within a node, and the order of the nodes by their first edge's repr (where
    a cycle starts), are read: each is sorted on its own, the nodes only when a cycle is left,
    rather than every edge by its repr (a stable sort orders a part as it orders the whole)."""
    ret = len(edges) - 1  # the return edge
    left: dict = {}  # node -> [[edge k, units, its target]] still to walk
    for k, units in flows.items():
        u, v, _key = edges[k]
        items = left.get(u)
        if items is None:
            left[u] = [[k, units, v]]
        else:
            items.append([k, units, v])
    for items in left.values():
        if len(items) > 1:
            _in_repr_order(items, edges)
    walks: list[list[int]] = []
    for _ in range(flows.get(ret, 0)):
        walk, node = [], entry
        while node != EXIT:  # (so not the return edge's node)
            for item in left.get(node, ()):  # the first edge with units left (_take)
                if item[1] > 0:
                    item[1] -= 1
                    walk.append(item[0])
                    node = item[2]
                    break
            else:  # cannot happen in a circulation; stop rather than loop
                break
        _take_return(left, ret)
        walks.append(walk)
    # what remains is a set of cycles: splice each into a walk through one of its nodes. (A unit
    # is taken a step of a walk, or the return edge once a walk: none remains when they add up.)
    if sum(flows.values()) == sum(map(len, walks)) + len(walks):
        return walks
    order = sorted(left, key=lambda n: repr(edges[left[n][0][0]]))  # as one sort of all edges
    while True:
        start = next((n for n in order if any(item[1] for item in left[n])), None)
        if start is None:
            break
        cycle, node = [], start
        while True:
            k = _take(left, node, ret)
            if k is None:
                break
            cycle.append(k)
            node = edges[k][1]
            if node == start:
                break
        on_cycle = {edges[k][0]: i for i, k in enumerate(cycle)}
        for walk in walks:
            at = next((i for i, k in enumerate(walk) if edges[k][0] in on_cycle), None)
            if at is not None:  # the cycle, turned to start at the node the walk is at
                first = on_cycle[edges[walk[at]][0]]
                walk[at:at] = cycle[first:] + cycle[:first]
                break
    return walks


def _in_repr_order(items: list[list], edges: list[tuple]) -> None:
    """Sort [[edge k, units, ...]] of edges from one node as by repr(edges[k]), without that repr of a
    whole edge (u, v, key): with u the same, "(u, " starts every repr, and reprs of strings and
    of tuples of them and numbers are prefix-free (one never starts another: a literal ends
    where it closes), so the repr of v decides, and where two share v, that of the key."""
    if len(items) == 2:  # most nodes that branch: two ways
        first, second = repr(edges[items[0][0]][1]), repr(edges[items[1][0]][1])
        if first != second:
            if second < first:
                items.reverse()
            return
    targets = [repr(edges[item[0]][1]) for item in items]
    if len(set(targets)) == len(targets):
        ranked = sorted(zip(targets, range(len(items)), strict=True))
    else:
        ranked = sorted(((target, repr(edges[item[0]][2])), i)
                        for i, (target, item) in enumerate(zip(targets, items, strict=True)))
    items[:] = [items[i] for _key, i in ranked]


def _take(left: dict, node, ret: int) -> int | None:
    for item in left.get(node, ()):
        if item[1] > 0 and item[0] != ret:
            item[1] -= 1
            return item[0]
    return None


def _take_return(left: dict, ret: int) -> None:
    for item in left.get(EXIT, ()):
        if item[0] == ret and item[1] > 0:
            item[1] -= 1
            return
