"""Property tests of the path cover (analyzer/paths/cover.py) on generated dialogs: every path is
a walk from the entry to an exit, together they take every coverable transition, and their number
is the minimum, checked against a bound computed another way (feasible flow minus a max-flow)."""
from __future__ import annotations

import json
from collections import Counter

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from paths.test_plan_tables import payloads

from analyzer.flow import DialogFlow, reached
from analyzer.paths import cover as cover_module
from analyzer.paths.cover import cover
from analyzer.payload import parse
from analyzer.payload.decode import NotAPayload
from helpers import SAMPLES, dialog, publish_status

TARGETS = st.sampled_from(["n0", "n1", "n2", "n3", "n4", "n5", "end", "", "gone"])


@st.composite
def dialogs(draw):
    count = draw(st.integers(1, 6))
    nodes = []
    for i in range(count):
        kind = "intent" if i == 0 else draw(st.sampled_from(["message", "entity", "script", "agentTransfer"]))
        transitions = []
        for b in range(draw(st.integers(0, 3))):
            transitions.append({"if": {"context": f"c{b}", "op": "eq", "value": b}, "then": draw(TARGETS)})
        if draw(st.booleans()):
            transitions.append({"default": draw(TARGETS)})
        nodes.append({"nodeId": "n0" if i == 0 else f"n{i}", "type": kind, "transitions": transitions})
    return publish_status(dialog(*nodes))


def flow_of(payload) -> DialogFlow:
    doc = parse(json.dumps(payload).encode(), "p.json")
    (d,) = list(doc.each_dialog())
    return DialogFlow(d)


def check_walks(flow: DialogFlow, result) -> None:
    by_key = {(e.source, e.index): e for e in flow.edges}
    for steps, how in zip(result.paths, result.exits, strict=True):
        assert steps[0].node == flow.entry
        for here, there in zip(steps, steps[1:], strict=False):
            edge = by_key[(here.node, here.transition)]
            assert edge.kind == "node" and edge.target == there.node
        last = steps[-1]
        if last.transition is None:
            assert how in ("no-transitions", "agent-transfer", "waits-for-input")
            if how == "waits-for-input":  # a stop is where the bot waits, in a loop with no way out
                assert flow.is_input(last.node)
        else:
            assert by_key[(last.node, last.transition)].kind in ("end", "unconnected")


def lower_bound(flow: DialogFlow, result) -> int:
    """The minimum flow computed another way: one walk per coverable transition (feasible), minus
    the most flow that can be sent back from the exit to the entry without going under a bound."""
    uncoverable = {(u.node, u.transition) for u in result.uncoverable}
    coverable = [e for e in flow.edges if (e.source, e.index) not in uncoverable]
    if not coverable:
        return 0
    exit_ = "EXIT"
    g = nx.DiGraph()
    # multiplicity of each (u, v) pair in the feasible flow: count the walks through it
    paths_flow: Counter = Counter()
    simple = nx.DiGraph()
    for e in flow.edges:
        if e.kind == "dangling" or flow.types.get(e.source) == "agentTransfer":
            continue
        simple.add_edge(e.source, exit_ if e.kind != "node" else e.target)
    for nid, kind in flow.types.items():
        if kind == "agentTransfer" or not any(e.source == nid for e in flow.edges):
            simple.add_edge(nid, exit_)
    simple.add_node(exit_)
    trapped = set(simple) - nx.ancestors(simple, exit_) - {exit_}
    for nid in trapped:  # where the bot waits inside a loop with no way out, a test may stop
        if flow.is_input(nid):
            simple.add_edge(nid, exit_)
    for e in coverable:
        v = exit_ if e.kind != "node" else e.target
        walk = nx.shortest_path(simple, flow.entry, e.source) + nx.shortest_path(simple, v, exit_)
        for a, b in zip(walk, walk[1:], strict=False):
            paths_flow[(a, b)] += 1
    lower = Counter((e.source, exit_ if e.kind != "node" else e.target) for e in coverable)
    for (a, b) in set(paths_flow) | set(lower):
        # reducing flow on a->b = sending it b->a, down to its lower bound
        if paths_flow[(a, b)] > lower[(a, b)]:
            g.add_edge(b, a, capacity=paths_flow[(a, b)] - lower[(a, b)])
    for a, b in simple.edges:  # more flow forward is always allowed
        if g.has_edge(a, b):
            g[a][b]["capacity"] = float("inf")
        else:
            g.add_edge(a, b)
    if exit_ not in g or flow.entry not in g:
        return len(coverable)
    back = nx.maximum_flow_value(g, exit_, flow.entry)
    return max(1, len(coverable) - back)  # a dialog with something to take needs one conversation


@settings(max_examples=150, deadline=None)
@given(dialogs())
def test_the_paths_are_walks_that_take_every_coverable_transition_and_are_fewest(payload):
    flow = flow_of(payload)
    result = cover(flow)
    check_walks(flow, result)
    taken = {(s.node, s.transition) for p in result.paths for s in p}
    listed = {(u.node, u.transition) for u in result.uncoverable}
    every = {(e.source, e.index) for e in flow.edges}
    assert every - listed <= taken
    assert result.coverable == len(every - listed)
    assert len(result.paths) == lower_bound(flow, result)


def assert_ends_as_the_search_finds(flow: DialogFlow) -> None:
    """cover's shortcut (no cycle, and every node but EXIT left by some edge: every walk ends)
    gives the cover the search for the nodes that can end (cover._ending) gives."""
    got = cover(flow)
    flow.__dict__["has_cycle"] = True  # the search, whatever the graph
    want = cover(flow)
    assert (got.paths, got.exits, got.coverable, got.uncoverable, got.network) == (
        want.paths, want.exits, want.coverable, want.uncoverable, want.network)




def assert_reaches_as_the_search_finds(flow: DialogFlow) -> None:
    """cover's shortcut (no transition cut: the flow's reachable nodes) gives the cover the
    search along cover's own graph gives."""
    got = cover(flow)
    with pytest.MonkeyPatch.context() as m:
        m.setattr(cover_module, "_reach", lambda flow, succ, cut: reached(succ, flow.entry))
        want = cover(flow)
    assert (got.paths, got.exits, got.coverable, got.uncoverable, got.network) == (
        want.paths, want.exits, want.coverable, want.uncoverable, want.network)


# cover's two shortcuts, each against the search it skips
SHORTCUTS = pytest.mark.parametrize(
    "same", [assert_ends_as_the_search_finds, assert_reaches_as_the_search_finds], ids=["ends", "reaches"])


@SHORTCUTS
@settings(max_examples=150, deadline=None)
@given(dialogs())
def test_a_dialog_takes_the_shortcuts_as_the_searches(same, payload):
    same(flow_of(payload))


@SHORTCUTS
@settings(max_examples=150, deadline=None)
@given(payloads())
def test_a_dialog_with_repeated_ids_takes_the_shortcuts_as_the_searches(same, payload):
    for d in parse(json.dumps(payload).encode(), "p.json").each_dialog():
        same(DialogFlow(d))


@SHORTCUTS
def test_the_sample_dialogs_take_the_shortcuts_as_the_searches(same):
    for path in sorted(SAMPLES.rglob("*.json")):
        try:
            dialogs_ = list(parse(path.read_bytes(), str(path)).each_dialog())
        except NotAPayload:  # samples/rules/expected.json: what the rule samples should give
            continue
        for d in dialogs_:
            same(DialogFlow(d))
