"""Trading a path no conversation can take for one that can (analyzer/paths/feasible.py): the
plan keeps its number of paths and every transition, and marks `conflict` only what is left."""
from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st
from paths.test_cover_properties import check_walks, dialogs, flow_of

import analyzer.paths.plan as plan_module
from analyzer.paths.cover import EXIT, Step, cover
from analyzer.paths.feasible import untangle
from helpers import branch, default, dialog, korelint, node, publish_status


def tier(value: str) -> dict:
    return {"field": "tier", "op": "eq", "value": value}


def plan_of(payload: dict) -> dict:
    ran = korelint("paths", "-", "--format", "json", stdin=json.dumps(payload).encode())
    assert ran.code == 0, ran.err
    (d,) = json.loads(ran.out)["dialogs"]
    return d


def taken(d: dict) -> set:
    return {(s["node"], s["transition"]) for p in d["paths"] for s in p["steps"]}


def two_tiers(hub_default: str) -> dict:
    """tier is asked once; a script `hub` then tests it again, in the other order."""
    return publish_status(dialog(
        node("intent0", "intent", default("tier")),
        node("tier", "entity", branch(tier("gold"), "hub"), branch(tier("silver"), "hub"),
             default(hub_default)),
        node("hub", "script", branch(tier("silver"), "m0"), branch(tier("gold"), "m1"), default("end")),
        node("m0", "message", default("end")),
        node("m1", "message", default("end"))))


def test_a_path_pairing_gold_with_silver_is_traded_for_consistent_ones(monkeypatch):
    payload = two_tiers(hub_default="hub")  # any other answer reaches hub's Else: all feasible
    d = plan_of(payload)
    assert [p for p in d["paths"] if p.get("conflict")] == []
    assert len(d["paths"]) == 3 and d["minimal"] is True and len(taken(d)) == d["coverable"] == 9
    for p in d["paths"]:  # gold goes on with gold, silver with silver
        said = [s.get("input") for s in p["steps"] if s["node"] == "tier"]
        hub = next(s["transition"] for s in p["steps"] if s["node"] == "hub")
        assert {"gold": 1, "silver": 0}.get(said[0], 2) == hub
    monkeypatch.setattr(plan_module, "untangle", lambda *args: None)  # the cover alone does not
    assert [p for p in plan_of(payload)["paths"] if p.get("conflict")] != []


def test_a_transition_no_answer_can_reach_stays_marked_as_a_conflict():
    """hub's Else needs tier to be neither gold nor silver, but only those reach hub."""
    d = plan_of(two_tiers(hub_default="end"))
    conflicts = [p for p in d["paths"] if p.get("conflict")]
    assert len(conflicts) == 1 and len(d["paths"]) == 4 and len(taken(d)) == d["coverable"]
    assert ("hub", 2) in {(s["node"], s["transition"]) for s in conflicts[0]["steps"]}


def test_an_else_below_the_branch_the_answer_takes_is_a_conflict():
    payload = publish_status(dialog(
        node("intent0", "intent", default("tier")),
        node("tier", "entity", branch(tier("gold"), "hub")),
        node("hub", "script", branch(tier("gold"), "end"), default("end"))))
    d = plan_of(payload)
    (bad,) = [p for p in d["paths"] if p.get("conflict")]
    assert ("hub", 1) in {(s["node"], s["transition"]) for s in bad["steps"]}


# tier: 0 gold -> hub, 1 silver -> hub; hub: 0 silver -> exit, 1 gold -> exit
MOVES = {"intent0": [(0, "tier", None)], "tier": [(0, "hub", None), (1, "hub", None)],
         "hub": [(0, EXIT, "end"), (1, EXIT, "end")]}
VALUE = {("tier", 0): "gold", ("tier", 1): "silver", ("hub", 0): "silver", ("hub", 1): "gold"}


def mixed(steps: list[Step]) -> str | None:
    values = {VALUE[(s.node, s.transition)] for s in steps if (s.node, s.transition) in VALUE}
    return "gold and silver" if len(values) > 1 else None


def test_when_no_swap_helps_the_path_is_rebuilt_through_what_only_it_takes():
    """The other path already takes gold twice: swapping tails at hub would only move the
    conflict; rebuilt, the path says silver to reach hub's silver branch."""
    other = [Step("intent0", 0), Step("tier", 0), Step("hub", 1)]
    bad = [Step("intent0", 0), Step("tier", 0), Step("hub", 0)]
    paths, exits = [bad, other], ["end", "end"]
    untangle(paths, exits, MOVES, mixed)
    assert paths[0] == [Step("intent0", 0), Step("tier", 1), Step("hub", 0)]
    assert paths[1] == other and exits == ["end", "end"]


def test_a_path_with_nothing_feasible_is_kept_as_it_was():
    bad = [Step("intent0", 0), Step("tier", 0), Step("hub", 0)]
    paths = [bad]
    untangle(paths, ["end"], {**MOVES, "tier": [(0, "hub", None)]}, mixed)  # silver is gone
    assert paths == [bad]


@st.composite
def dialogs_and_clashes(draw):
    payload = draw(dialogs())
    flow = flow_of(payload)
    edges = sorted({(e.source, e.index) for e in flow.edges})
    clashes = set()
    if len(edges) > 1:
        for _ in range(draw(st.integers(0, 4))):
            a, b = draw(st.sampled_from(edges)), draw(st.sampled_from(edges))
            if a != b:
                clashes.add(frozenset((a, b)))
    return flow, clashes


@settings(max_examples=150, deadline=None)
@given(dialogs_and_clashes())
def test_untangling_keeps_walks_the_cover_and_the_count_and_never_adds_conflicts(case):
    flow, clashes = case

    def conflict(steps: list[Step]) -> str | None:
        on = {(s.node, s.transition) for s in steps}
        return "clash" if any(pair <= on for pair in clashes) else None

    result = cover(flow)
    before_count = len(result.paths)
    before_taken = {(s.node, s.transition) for p in result.paths for s in p}
    before_conflicts = sum(conflict(p) is not None for p in result.paths)
    untangle(result.paths, result.exits, result.moves, conflict)
    check_walks(flow, result)
    assert len(result.paths) == before_count
    assert {(s.node, s.transition) for p in result.paths for s in p} >= before_taken
    assert sum(conflict(p) is not None for p in result.paths) <= before_conflicts
