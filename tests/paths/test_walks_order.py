"""walks.walks takes a flow apart exactly as it did when it sorted every edge by its repr: on
random flows of networks shaped as cover builds them (node ids with quotes, backslashes and
non-ASCII letters, parallel edges, cycles left after the walks), the walks are the same."""
from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st
from paths.test_cover_properties import flow_of
from paths.test_simplex import network, numbered

from analyzer.paths.cover import _min_flow, cover
from analyzer.paths.walks import EXIT, _in_repr_order, _take, _take_return
from analyzer.paths.walks import walks as _walks
from helpers import dialog, publish_status


def reference(edges: list[tuple], flows: dict[int, int], entry: str) -> list[list[int]]:
    """_walks as it was: every edge with flow sorted by its repr."""
    ret = len(edges) - 1
    left: dict = {}
    for k in sorted(flows, key=lambda k: repr(edges[k])):
        left.setdefault(edges[k][0], []).append([k, flows[k]])
    walks: list[list[int]] = []
    for _ in range(flows.get(ret, 0)):
        walk, node = [], entry
        while node != EXIT:
            k = _take(left, node, ret)
            if k is None:
                break
            walk.append(k)
            node = edges[k][1]
        _take_return(left, ret)
        walks.append(walk)
    while True:
        start = next((n for n, items in left.items() if any(units for _, units in items)), None)
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
            if at is not None:
                first = on_cycle[edges[walk[at]][0]]
                walk[at:at] = cycle[first:] + cycle[:first]
                break
    return walks


IDS = st.text(st.sampled_from("ab'\"\\ é\n1_-(),"), min_size=0, max_size=4)


@settings(max_examples=400)
@given(st.integers(0, 2**32), st.integers(1, 10), st.integers(0, 25),
       st.lists(IDS, min_size=10, max_size=10, unique=True))
def test_walks_are_those_of_the_repr_sort(seed, size, extra, names):
    edges, lower = network(random.Random(seed), size, extra, True, shaped=True)
    rename = {i: name for i, name in enumerate(names)}  # ids as a dialog's: strings
    keyed, positions = [], {}
    for u, v, _key in edges[:-1]:  # keys as cover's: a transition's, or a virtual exit's
        u, v = rename[u], rename.get(v, v)
        index = positions[u] = positions.get(u, -1) + 1
        keyed.append((u, v, ("end", u) if v == EXIT and index == 2 else (u, index, size)))
    chosen = {id(e) for e in lower}
    bounded = [new for old, new in zip(edges, keyed, strict=False) if id(old) in chosen]
    edges = [*keyed, (EXIT, rename[0], "return")]
    flows = _min_flow(*numbered(edges, bounded))
    assert _walks(edges, dict(flows), rename[0]) == reference(edges, dict(flows), rename[0])


KEYS = st.one_of(st.tuples(IDS, st.integers(0, 120), st.integers(0, 120)),
                 st.tuples(st.sampled_from(["end", "stop"]), IDS))


@settings(max_examples=1000)
@given(IDS, st.lists(st.tuples(st.one_of(IDS, st.just(EXIT)), KEYS), min_size=1, max_size=8,
                     unique_by=lambda pair: pair[1]))
def test_a_nodes_edges_are_ordered_as_by_their_repr(u, pairs):
    edges = [(u, v, key) for v, key in pairs]
    items = [[k, 1] for k in range(len(edges))]
    _in_repr_order(items, edges)
    assert [k for k, _units in items] == sorted(range(len(edges)), key=lambda k: repr(edges[k]))


def test_a_covers_moves_are_its_networks_edges_by_node():
    nodes = [{"nodeId": "n0", "type": "intent", "transitions": [
                 {"if": {"context": "a", "op": "eq", "value": 1}, "then": "n1"}, {"default": "n2"}]},
             {"nodeId": "n1", "type": "entity", "transitions": [{"default": "n0"}]},
             {"nodeId": "n2", "type": "agentTransfer", "transitions": []}]
    result = cover(flow_of(publish_status(dialog(*nodes))))
    assert result.moves == {"n0": [(0, "n1", None), (1, "n2", None)], "n1": [(0, "n0", None)],
                            "n2": [(None, EXIT, "agent-transfer")]}
    assert result.moves is result.moves  # made once
