"""Bot actions' inner flows (issue 13, part 4): the steps in a bot action component's `nodes[]`
are analysed as a sub-graph (entry: the first `level: "root"` step), once per component, with
findings at the steps' pointers that belong to the dialog and node that first run the bot action."""
from __future__ import annotations

import json

import pytest

from analyzer.bot_actions import APPLIED, NOT_APPLIED
from analyzer.config import Config
from analyzer.engine import Linter
from analyzer.payload import parse
from analyzer.rules import RULES
from helpers import CORPUS, bot, branch, component, cond, default, dialog, lint, node, of

BA = "/dialogComponents/0"


def step(sid: str, *transitions: dict, type_: str = "script", root: bool = False, **extra) -> dict:
    """A step of a bot action (its component `dc-<sid>`); with no transitions it goes to `end`."""
    out = {"nodeId": sid, "type": type_, "componentId": f"dc-{sid}",
           "transitions": list(transitions) if transitions else [default("end")], **extra}
    if root:
        out["level"] = "root"
    return out


def with_action(*steps: dict, dialogs: list[dict] | None = None) -> dict:
    """A bot export whose dialog runs the bot action `Fetch` (component dc-bac, first) holding
    `steps`; each step's own component (named `Name <sid>`) follows."""
    if dialogs is None:
        dialogs = [dialog(node("intent0", "intent", default("bac1")),
                          node("bac1", "botAction", default("end"), componentId="dc-bac"), name="Pay")]
    comps = [component("dc-bac", "botAction", "Fetch", nodes=list(steps))]
    comps += [component(s["componentId"], s.get("type", "script"), f"Name {s['nodeId']}")
              for s in steps if isinstance(s, dict) and isinstance(s.get("componentId"), str)]
    return bot(*dialogs, components=comps)


def inner(findings) -> list:
    return [f for f in findings if f.pointer.startswith("/dialogComponents/")]


def test_a_clean_bot_action_has_no_finding_even_with_every_rule():
    payload = with_action(step("s1", default("s2"), root=True), step("s2", default("")))
    assert inner(lint(payload, config=Config(select=["ALL"]))) == []


def test_dangling_step_target():
    payload = with_action(step("s1", default("gone"), root=True))
    (f,) = of(payload, "KL101")
    assert (f.pointer, f.node, f.nodes, f.dialog) == (f"{BA}/nodes/0/transitions/0", "bac1", ("s1",), "Pay")
    assert f.line is not None


def test_a_step_may_not_target_a_node_of_the_dialog():
    payload = with_action(step("s1", branch(cond("x"), "intent0"), default("end"), root=True))
    (f,) = of(payload, "KL101")
    assert f.pointer == f"{BA}/nodes/0/transitions/0"


def test_unreachable_steps_are_one_region_on_its_root():
    # the root is not the first step (as in 5 bot actions of the corpus): it is never unreachable
    payload = with_action(step("s2", default("end")), step("s1", default("s2"), root=True),
                          step("s3", default("s4")), step("s4", default("")))
    (f,) = of(payload, "KL102")
    assert (f.pointer, f.node, f.nodes) == (f"{BA}/nodes/2", "bac1", ("s3", "s4"))


def test_without_a_root_step_no_step_is_unreachable_and_no_entry_is_missing():
    payload = with_action(step("s1", default("end")), step("s2", default("end")))
    assert {f.rule for f in inner(lint(payload, config=Config(select=["ALL"])))} == set()


def test_loop_without_exit_and_auto_loop():
    payload = with_action(step("s1", default("s2"), root=True), step("s2", default("s3")),
                          step("s3", default("s2")))
    (closed,) = of(payload, "KL103")
    (cycle,) = of(payload, "KL104")
    assert (closed.pointer, closed.nodes, closed.severity.value) == (f"{BA}/nodes/1", ("s2", "s3"), "error")
    assert (cycle.pointer, cycle.nodes, cycle.node) == (f"{BA}/nodes/1", ("s2", "s3"), "bac1")


def test_an_entity_step_waits_for_input():
    payload = with_action(step("s1", default("s2"), root=True), step("s2", default("s3"), type_="entity"),
                          step("s3", default("s2")))
    (closed,) = of(payload, "KL103")
    assert closed.severity.value == "warning"
    assert of(payload, "KL104") == []


def test_a_bot_action_run_by_two_nodes_is_analysed_once_with_the_first():
    d1 = dialog(node("intent0", "intent", default("bac1")),
                node("bac1", "botAction", default("end"), componentId="dc-bac"), name="One")
    d2 = {**dialog(node("intent0", "intent", default("bac2")),
                   node("bac2", "botAction", default("end"), componentId="dc-bac"),
                   node("bac3", "botAction", default("end"), componentId="dc-bac"), name="Two"),
          "_id": "dg-2"}
    payload = with_action(step("s1", default("gone"), root=True), dialogs=[d1, d2])
    (f,) = of(payload, "KL101")
    assert (f.dialog, f.node) == ("One", "bac1")


def test_same_step_ids_in_two_bot_actions_are_two_findings():
    d = dialog(node("intent0", "intent", default("bac1")),
               node("bac1", "botAction", default("bac2"), componentId="dc-a"),
               node("bac2", "botAction", default("end"), componentId="dc-b"))
    comps = [component(c, "botAction", c, nodes=[step("s1", default("gone"), root=True)])
             for c in ("dc-a", "dc-b")]
    found = of(bot(d, components=comps), "KL101")
    assert [(f.pointer, f.node) for f in found] == [("/dialogComponents/0/nodes/0/transitions/0", "bac1"),
                                                   ("/dialogComponents/1/nodes/0/transitions/0", "bac2")]
    assert len({f.fingerprint for f in found}) == 2


def test_condition_rules_run_on_steps_but_not_the_dialog_end_rules():
    payload = with_action(step("s1", branch(cond("x", op="like"), ""), root=True))
    got = {(f.rule, f.pointer, f.node) for f in inner(lint(payload, config=Config(select=["ALL"])))}
    # KL201 (no default), KL204 (unconnected branch), KL108: the bot action ends, the dialog goes on
    assert got == {("KL206", f"{BA}/nodes/0/transitions/0", "bac1")}


def test_duplicate_step_ids_and_two_defaults():
    payload = with_action(step("s1", default("s2"), default("end"), root=True), step("s2"), step("s2"))
    assert [(f.rule, f.pointer) for f in inner(lint(payload))] == [("KL106", f"{BA}/nodes/2"),
                                                                   ("KL202", f"{BA}/nodes/0")]


def test_malformed_steps_are_kl001_and_the_rest_is_analysed():
    payload = with_action(step("s1", default("s2"), default("gone"), root=True),
                          "not a step", {"nodeId": "s2", "type": "script", "transitions": "x"},
                          {"type": "script"}, step("s3", {"then": "s1"}))
    found = lint(payload)
    bad = [(f.pointer, f.dialog) for f in found if f.rule == "KL001"]
    assert bad == [(f"{BA}/nodes/{j}", "Pay") for j in (1, 2, 3)] + [
        (f"{BA}/nodes/4/transitions/0", "Pay")]
    # s2 is unreadable: the transition to it is not dangling, the one to `gone` is
    assert [f.pointer for f in found if f.rule == "KL101"] == [f"{BA}/nodes/0/transitions/1"]


def test_nodes_that_are_not_an_array():
    payload = with_action()
    payload["dialogComponents"][0]["nodes"] = {"nodeId": "s1"}
    (f,) = of(payload, "KL001")
    assert f.pointer == f"{BA}/nodes"


def test_other_components_nodes_are_not_steps():
    payload = with_action()
    payload["dialogComponents"][0]["type"] = "script"
    payload["dialogComponents"][0]["nodes"] = [5]
    assert inner(lint(payload)) == []


def test_ignored_rules_stay_off_and_inner_flows_are_kept_for_reports():
    payload = with_action(step("s1", default("gone"), root=True))
    doc = parse(json.dumps(payload).encode(), "bot.json", stream=True)
    analysis = Linter(Config(ignore=["KL101"])).analyze(doc)
    assert inner(analysis.findings) == []
    (action,) = analysis.bot_actions
    assert (action.name, action.node.node.node_id, action.flow.entry) == ("Fetch", "bac1", "s1")
    assert action.step_name("s1") == "Name s1"


def test_each_dialog_rule_is_decided_once():
    dialog_rules = {code for code, r in RULES.items() if r.scope == "dialog"}
    assert not set(APPLIED) & set(NOT_APPLIED)
    assert set(APPLIED) <= dialog_rules


# -- the corpus (../shared/corpus; skipped without it) ------------------------------------------
def test_the_corpus_bot_actions_are_all_analysed_and_clean():
    """182 bot actions (202 steps: service, script, logic; all transitions defaults to a step,
    `end` or `""`) run by 244 nodes; read by hand, none has a defect: no finding may appear."""
    exports = sorted((CORPUS / "bot-exports").glob("*.json"))
    if not exports:
        pytest.skip(f"no corpus at {CORPUS}")
    actions = steps = 0
    for path in exports:
        analysis = Linter(Config(select=["ALL"])).analyze(parse(path.read_bytes(), str(path), stream=True))
        assert [f for f in analysis.findings if "/nodes/" in f.pointer
                and f.pointer.startswith("/dialogComponents/")] == []
        for action in analysis.bot_actions:
            assert action.flow.entry is not None
            steps += len(action.source.nodes)
        actions += len(analysis.bot_actions)
    assert (actions, steps) == (182, 202)


def test_bot_actions_of_a_dialog_export():
    export = {**dialog(node("intent0", "intent", default("bac1")),
                       node("bac1", "botAction", default("end"), componentId="dc-bac")),
              "components": [component("dc-bac", "botAction", "Fetch",
                                       nodes=[step("s1", default("gone"), root=True)])]}
    (f,) = of(export, "KL101")
    assert (f.pointer, f.node) == ("/components/0/nodes/0/transitions/0", "bac1")
