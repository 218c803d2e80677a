"""What the plan computes once a dialog (analyzer/paths/plan.py `_transitions`) and the shortcuts
(step_advice's, the masked texts remembered, no untangling where no test fixes a value) equal what
they replaced: the per-step computations written here as they were."""
from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from analyzer.credentials.mask import mask_known
from analyzer.flow import DialogFlow
from analyzer.paths import inputs
from analyzer.paths.cover import cover
from analyzer.paths.inputs import ANY_ANSWER, LIMIT, NONE_ABOVE
from analyzer.paths.plan import _conflict, _facts, _transitions, plan
from analyzer.payload import parse
from analyzer.text import short
from helpers import SAMPLES, dialog, publish_status

TARGETS = st.sampled_from(["n0", "n1", "n2", "n3", "end", "", "gone"])
TESTS = st.sampled_from([
    {"field": "n1", "op": "eq", "value": "a"}, {"field": "n2", "op": "neq", "value": "b"},
    {"context": "c", "op": "eq", "value": 1}, {"field": 5, "op": "eq", "value": "x"},
    {"field": "n1", "op": "exists"}])


@st.composite
def conditions(draw):
    tests = draw(st.lists(TESTS, min_size=1, max_size=3))
    if len(tests) == 1 and draw(st.booleans()):
        return tests[0]
    return {"tests": tests, "conjoin": draw(st.sampled_from(["and", "or", "AND"]))}


@st.composite
def payloads(draw):
    nodes = []
    for i in range(draw(st.integers(1, 5))):
        transitions = [{"if": draw(conditions()), "then": draw(TARGETS)}
                       for _ in range(draw(st.integers(0, 4)))]
        if draw(st.booleans()):
            transitions.insert(draw(st.integers(0, len(transitions))), {"default": draw(TARGETS)})
        nid = "n0" if i == 0 else draw(st.sampled_from(["n1", "n2", "n3"]))  # ids may repeat
        nodes.append({"nodeId": nid, "type": "intent" if i == 0 else "entity", "transitions": transitions})
    return publish_status(dialog(*nodes))


def as_before(flow: DialogFlow) -> tuple[dict, dict, dict]:
    """The Edge, the conditional transitions above and the facts of each (node, transition), as
    plan() computed them a step at a time."""
    by_key: dict = {}
    ahead: dict = {}
    for e in flow.edges:
        if flow.first_index.get(e.source) == e.source_index:
            by_key.setdefault((e.source, e.index), e)
            ahead.setdefault(e.source, []).append(e)
    before, facts = {}, {}
    for (node, transition), edge in by_key.items():
        above = [e for e in ahead.get(node, ()) if e.conditional and e.index < edge.index]
        before[(node, transition)] = above
        found = [(True, t) for t in inputs.tests_of(edge.condition)] if edge.conditional else []
        for e in ahead.get(node, []):
            tests = inputs.tests_of(e.condition) if e.conditional and e.index < edge.index else []
            if len(tests) == 1:
                found.append((False, tests[0]))
        facts[(node, transition)] = [(holds, t) for holds, t in found if isinstance(t.get("field"), str)]
    return by_key, before, facts


def tables(flow: DialogFlow) -> tuple[dict, dict, dict]:
    """_transitions and _facts as as_before gives them; and that _transitions says a value is
    fixed where a fact is that a test `equals` holds (what _conflict needs to find anything)."""
    at, fixes = _transitions(flow)
    facts = _facts(flow)
    assert fixes == any(holds and t.get("op") == "eq" for held in facts.values() for holds, t in held)
    return {k: e for k, (e, _b) in at.items()}, {k: list(b) for k, (_e, b) in at.items()}, facts


def flows(data: bytes) -> list[DialogFlow]:
    return [DialogFlow(d) for d in parse(data, "p.json").each_dialog()]


@settings(max_examples=300, deadline=None)
@given(payloads())
def test_the_tables_are_the_per_step_computations(payload):
    for flow in flows(json.dumps(payload).encode()):
        assert tables(flow) == as_before(flow)


def test_the_tables_of_the_samples():
    for path in [SAMPLES / "publish-status.json", *sorted((SAMPLES / "paths").glob("*.json"))]:
        for flow in flows(path.read_bytes()):
            assert tables(flow) == as_before(flow)


def test_the_shortcut_says_what_the_long_way_said():
    assert mask_known(short(ANY_ANSWER, LIMIT)) == ANY_ANSWER


SLACK = "xo" + "xb-" + "12345abcde67890"  # a Slack token's shape, split so no scanner flags it


@settings(max_examples=200)
@given(st.lists(st.sampled_from(["any valid answer", "x" * 200, f"key {SLACK}", "a\u202eb", "ok"]),
                min_size=1, max_size=6))
def test_the_remembered_inputs_and_needs_are_those_computed_each_time(texts):
    for text in texts:  # twice each: computed, then remembered
        assert inputs.shown(text) == inputs.shown(text) == mask_known(short(text, LIMIT))
        assert inputs.masked(text) == inputs.masked(text) == mask_known(text)
    assert SLACK not in inputs.shown(f"key {SLACK}") + inputs.masked(f"key {SLACK}")


def test_the_remembered_texts_are_bounded(monkeypatch):
    monkeypatch.setattr(inputs, "_CACHED_MAX", 3)
    for i in range(10):
        assert inputs.shown(f"t{i}") == f"t{i}" and inputs.masked(f"n{i}") == f"n{i}"
    assert len(inputs._SHOWN) <= 3 and len(inputs._MASKED) <= 3


@settings(max_examples=200, deadline=None)
@given(payloads())
def test_where_no_transition_fixes_a_value_no_path_has_a_conflict(payload):
    for flow in flows(json.dumps(payload).encode()):
        if _transitions(flow)[1]:
            continue
        facts = _facts(flow)
        for steps in cover(flow).paths:
            held = [f for s in steps for f in facts.get((s.node, s.transition), ())]
            assert _conflict(steps, held, flow.names) is None
            assert _conflict(steps, [f for fs in facts.values() for f in fs], flow.names) is None


@settings(max_examples=200, deadline=None)
@given(payloads(), st.sampled_from(["script", "message", "webhook"]))
def test_an_else_where_nothing_is_answered_needs_only_that_no_condition_above_holds(payload, kind):
    for node in payload["statusSummary"][0]["result"]["nodes"][1:]:
        node["type"] = kind  # the long way said the same of each: none of its answer tests count
    for flow in flows(json.dumps(payload).encode()):
        for edge, before in _transitions(flow)[0].values():
            if before and not edge.conditional:  # what plan() then says without asking
                assert inputs.step_advice(flow, edge, before, False) == (
                    None, ("none of the conditions above holds",)) == (None, (inputs.masked(NONE_ABOVE),))


ANSWERS = st.sampled_from([{"dialogAct": "yes"}, {"intent": "n2"}, {"context": "c", "op": "exists"},
                           {"field": "n3", "op": "gt", "value": 3}])


@settings(max_examples=300, deadline=None)
@given(payloads(), st.lists(st.sampled_from(["entity", "script", "message", "confirmation"]), min_size=4,
                            max_size=4), st.lists(ANSWERS, max_size=4))
def test_each_step_of_a_plan_says_what_step_advice_says(payload, kinds, answers):
    """plan()'s shortcuts (a default, an Else, one test of no answer) against the long way."""
    nodes = payload["statusSummary"][0]["result"]["nodes"]
    for node, kind in zip(nodes[1:], kinds, strict=False):
        node["type"] = kind
    for node, answer in zip(nodes, answers, strict=False):  # a yes/no, an intent, ... tested too
        node["transitions"].insert(0, {"if": answer, "then": "end"})
    for flow in flows(json.dumps(payload).encode()):
        at = _transitions(flow)[0]
        for path in plan("", flow).paths:
            for k, step in enumerate(path.steps):
                if step.transition is not None:
                    edge, before = at[(step.node, step.transition)]
                    assert (step.input, step.needs) == inputs.step_advice(flow, edge, before, k == 0)
