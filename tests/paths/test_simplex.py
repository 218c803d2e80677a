"""analyzer/paths/simplex.py pivots as networkx's network simplex does: on random networks of the
shape the path cover builds, and on every dialog of the samples and of the corpus, the flow (and
so the cover's paths) is the one `nx.min_cost_flow` gives. Min-cost flows are not unique: another
optimal flow would be a bug here, as it changes which conversations the outputs list."""
from __future__ import annotations

import random
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from paths.test_cover_properties import dialogs, flow_of

import analyzer.paths.cover as cover_module
from analyzer.flow import DialogFlow
from analyzer.paths.cover import EXIT, _min_flow, cover
from analyzer.paths.simplex import min_cost_flow
from analyzer.payload import parse
from analyzer.payload.decode import NotAPayload
from helpers import CORPUS, SAMPLES


def numbered(edges: list[tuple], lower: list[tuple]) -> tuple[list, list[int], int]:
    """The arguments of cover._min_flow for a circulation of edges (u, v, key), its return edge
    (EXIT, entry, "return") last, with a lower bound of one on `lower` and on the return edge:
    node i the i-th node the edges name, and the edges of `lower` by their key."""
    number: dict = {}
    ends = []
    for u, v, _key in edges:
        i = number.setdefault(u, len(number))
        ends.append((i, number.setdefault(v, len(number))))
    forced = {key for _u, _v, key in lower} | {"return"}
    return ends, [k for k, edge in enumerate(edges) if edge[2] in forced], len(number)


def reference(ends: list[tuple[int, int]], bounded: list[int], nodes: int) -> dict[int, int]:
    """cover._min_flow as it was, on networkx: the graph built as add_nodes_from and add_edge
    would (node i with its demand; edge k the key k in a MultiDiGraph; the last edge weighing 1)."""
    demand = [0] * nodes
    for k in bounded:
        demand[ends[k][0]] += 1
        demand[ends[k][1]] -= 1
    single = len(set(ends)) == len(ends)
    graph = nx.DiGraph() if single else nx.MultiDiGraph()
    graph.add_nodes_from((i, {"demand": d}) for i, d in enumerate(demand))
    for k, (i, j) in enumerate(ends):
        weight = 1 if k == len(ends) - 1 else 0
        if single:
            graph.add_edge(i, j, weight=weight)
        else:
            graph.add_edge(i, j, key=k, weight=weight)
    flow = nx.min_cost_flow(graph)
    forced = set(bounded)
    out = {}
    for k, (i, j) in enumerate(ends):
        total = (flow[i][j] if single else flow[i][j][k]) + (1 if k in forced else 0)
        if total:
            out[k] = total
    return out


def outcome(solve, edges, lower):
    """The flow, or the exception networkx's way of failing raised (its class and message)."""
    try:
        return solve(*numbered(edges, lower))
    except nx.NetworkXException as e:
        return type(e), str(e)


def network(rng: random.Random, size: int, extra: int, grouped: bool, shaped: bool):
    """Edges (u, v, key) between nodes 0..size-1 and EXIT, the return edge last, and a subset
    of them with a lower bound, as cover() builds them: with `shaped`, every node reachable from
    the entry (0) and reaching EXIT (a feasible flow); else any digraph (maybe infeasible).
    Self-loops and parallel edges included; `grouped`: listed by source as cover() lists them."""
    pairs = []
    if shaped:
        for v in range(1, size):  # a way in from an earlier node, a way out to a later one
            pairs.append((rng.randrange(v), v))
        for u in range(size):
            pairs.append((u, rng.choice([*range(u + 1, size), EXIT])))
    nodes = [*range(size), EXIT]
    for _ in range(extra):
        u = rng.choice(nodes[:-1] if shaped else nodes)
        pairs.append((u, rng.choice([u, u, *nodes])))  # self-loops more often than by chance
    if pairs:
        pairs.extend(rng.choices(pairs, k=rng.randrange(len(pairs) // 4 + 1)))  # parallel ones
    rng.shuffle(pairs)
    edges = [(u, v, ("t", k)) for k, (u, v) in enumerate(pairs)]
    if grouped:  # by source in first-seen order, then by target, as cover's `succ` lists them
        by_source: dict = {}
        for edge in edges:
            by_source.setdefault(edge[0], {}).setdefault(edge[1], []).append(edge)
        edges = [e for targets in by_source.values() for group in targets.values() for e in group]
    lower = [e for e in edges if rng.random() < 0.8]
    return [*edges, (EXIT, 0, "return")], lower


@settings(max_examples=600)
@given(st.integers(0, 2**32), st.integers(1, 12), st.integers(0, 25), st.booleans())
def test_small_cover_shaped_networks_get_networkx_flow(seed, size, extra, grouped):
    edges, lower = network(random.Random(seed), size, extra, grouped, shaped=True)
    assert _min_flow(*numbered(edges, lower)) == reference(*numbered(edges, lower))


@settings(max_examples=300)
@given(st.integers(0, 2**32), st.integers(1, 10), st.integers(1, 30), st.booleans())
def test_any_network_gets_networkx_flow_or_its_exception(seed, size, extra, grouped):
    edges, lower = network(random.Random(seed), size, extra, grouped, shaped=False)
    assert outcome(_min_flow, edges, lower) == outcome(reference, edges, lower)


@settings(max_examples=40)
@given(st.integers(0, 2**32), st.integers(100, 300), st.booleans())
def test_large_networks_get_networkx_flow(seed, size, grouped):
    rng = random.Random(seed)
    edges, lower = network(rng, size, rng.randrange(size), grouped, shaped=True)
    assert _min_flow(*numbered(edges, lower)) == reference(*numbered(edges, lower))


def test_degenerate_networks_fail_as_networkx_does():
    with pytest.raises(nx.NetworkXError, match="graph has no nodes"):
        min_cost_flow([], [])
    with pytest.raises(nx.NetworkXUnfeasible, match="total node demand is not zero"):
        min_cost_flow([(0, 1)], [1, 0])
    assert min_cost_flow([], [0, 0]) == [] and min_cost_flow([(1, 1)], [0, 0]) == [0]
    with pytest.raises(nx.NetworkXUnfeasible, match="no flow satisfies all node demands"):
        min_cost_flow([], [1, -1])


def dialogs_of(paths: list[Path]) -> list[DialogFlow]:
    flows = []
    for path in paths:
        try:
            flows += [DialogFlow(d) for d in parse(path.read_bytes(), str(path)).each_dialog()]
        except NotAPayload:  # samples/rules/expected.json: what the rule samples should give
            continue
    return flows


def assert_covers_as_networkx(flows: list[DialogFlow], monkeypatch) -> None:
    ours = [cover(f) for f in flows]
    monkeypatch.setattr(cover_module, "_min_flow", reference)
    for flow, got in zip(flows, ours, strict=True):
        want = cover(flow)
        assert (got.paths, got.exits) == (want.paths, want.exits), flow.entry


def test_sample_dialogs_are_covered_as_networkx_covered_them(monkeypatch):
    flows = dialogs_of(sorted(SAMPLES.rglob("*.json")))
    assert sum(bool(cover(f).paths) for f in flows) >= 20
    assert_covers_as_networkx(flows, monkeypatch)


def test_corpus_dialogs_are_covered_as_networkx_covered_them(monkeypatch):
    exports = sorted((CORPUS / "bot-exports").glob("*.json"))
    if not exports:
        pytest.skip(f"no corpus at {CORPUS}")
    flows = dialogs_of(exports)
    assert sum(bool(cover(f).paths) for f in flows) >= 300
    assert_covers_as_networkx(flows, monkeypatch)


def assert_numbered_as_edges_name_them(flow: DialogFlow, monkeypatch) -> None:
    """cover numbers its network as it lists it, and bounds the transitions it found coverable
    (`lower`): what numbering the edges it lists, and bounding those, gives."""
    seen = []
    monkeypatch.setattr(cover_module, "_min_flow", lambda *args: seen.append(args) or reference(*args))
    result = cover(flow)
    if not seen:
        return
    # (a repeated node id's transitions are listed too: those of the first node are the others)
    uncoverable = {(u.node, u.transition) for u in result.uncoverable if "same id" not in u.why}
    lower = [(e.source, e.index, e.source_index) for e in flow.edges
             if flow.first_index.get(e.source) == e.source_index and (e.source, e.index) not in uncoverable]
    edges = [*result.network[0], (EXIT, flow.entry, "return")]
    assert seen == [numbered(edges, [(None, None, key) for key in lower])]


@settings(max_examples=150, deadline=None)
@given(dialogs())
def test_cover_numbers_generated_networks_as_their_edges_name_them(payload):
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert_numbered_as_edges_name_them(flow_of(payload), monkeypatch)


def test_cover_numbers_sample_networks_as_their_edges_name_them(monkeypatch):
    for flow in dialogs_of(sorted(SAMPLES.rglob("*.json"))):
        assert_numbered_as_edges_name_them(flow, monkeypatch)
