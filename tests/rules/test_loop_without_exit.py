"""KL103 loop-without-exit: one finding per closed region of reachable nodes, on its first node
in dialog order, listing all its nodes; `warning` when the region holds a user-input node."""
import pytest

from helpers import DIALOG0, branch, cond, default, dialog, findings, node, of, publish_status

RULE = "loop-without-exit"


def test_two_scripts_that_only_lead_to_each_other():
    payload = publish_status(dialog(node("intent0", "intent", default("script2")),
                                    node("script2", "script", default("script3")),
                                    node("script3", "script", default("script2"))))
    assert findings(payload, RULE) == {(RULE, "script2")}
    (f,) = of(payload, RULE)
    assert f.rule == "KL103" and f.severity.value == "error"
    assert f.nodes == ("script2", "script3")
    assert f.pointer == f"{DIALOG0}/nodes/1" and f.line is not None


def test_finding_sits_on_the_first_node_in_dialog_order_not_the_first_visited():
    payload = publish_status(dialog(node("intent0", "intent", default("script2")),
                                    node("script3", "script", default("script2")),
                                    node("script2", "script", default("script3"))))
    (f,) = of(payload, RULE)
    assert f.node == "script3" and f.nodes == ("script3", "script2")
    assert f.pointer == f"{DIALOG0}/nodes/1"


def test_nodes_leading_into_the_region_are_not_part_of_it():
    payload = publish_status(dialog(node("intent0", "intent", default("service1")),
                                    node("service1", "service", default("script2")),
                                    node("script2", "script", default("script3")),
                                    node("script3", "script", default("script2"))))
    (f,) = of(payload, RULE)
    assert f.node == "script2" and f.nodes == ("script2", "script3")


def test_self_loop_is_a_closed_region():
    payload = publish_status(dialog(node("intent0", "intent", default("script1")),
                                    node("script1", "script", default("script1"))))
    (f,) = of(payload, RULE)
    assert (f.node, f.nodes, f.severity.value) == ("script1", ("script1",), "error")


@pytest.mark.parametrize("kind", ["entity", "form", "dialogAct", "digitalFormNode", "intent"])
def test_region_holding_a_user_input_node_is_a_warning(kind):
    # a menu the user can leave only by switching intent (a non-entry intent waits for input too)
    payload = publish_status(dialog(node("intent0", "intent", default("menu1")),
                                    node("menu1", kind, branch(cond("choice"), "message2"),
                                         default("menu1")),
                                    node("message2", "message", default("menu1"))))
    (f,) = of(payload, RULE)
    assert (f.node, f.nodes) == ("menu1", ("menu1", "message2"))
    assert f.severity.value == "warning"


def test_the_entry_intent_is_not_a_user_input_node():
    payload = publish_status(dialog(node("intent0", "intent", default("script1")),
                                    node("script1", "script", default("intent0"))))
    (f,) = of(payload, RULE)
    assert (f.node, f.nodes, f.severity.value) == ("intent0", ("intent0", "script1"), "error")


def test_two_regions_give_two_findings_with_their_own_severity():
    payload = publish_status(dialog(
        node("intent0", "intent", branch(cond("a"), "script1"), default("entity3")),
        node("script1", "script", default("script2")),
        node("script2", "script", default("script1")),
        node("entity3", "entity", default("message4")),
        node("message4", "message", default("entity3"))))
    found = of(payload, RULE)
    assert [(f.node, f.nodes, f.severity.value) for f in found] == [
        ("script1", ("script1", "script2"), "error"),
        ("entity3", ("entity3", "message4"), "warning")]
    assert [f.pointer for f in found] == [f"{DIALOG0}/nodes/1", f"{DIALOG0}/nodes/3"]


@pytest.mark.parametrize("exit_transition", [
    branch(cond("done", "eq", "yes"), "end"),
    default("end"),
    default(""),                      # not connected: the dialog ends there
    branch(cond("done"), ""),
    default("message9"),              # dangling: the platform ends the dialog there
])
def test_any_way_out_of_the_dialog_opens_the_loop(exit_transition):
    # script3 goes back to script2 unless the exit transition is taken
    back = branch(cond("again"), "script2") if "default" in exit_transition else default("script2")
    transitions = [back, exit_transition] if "default" in exit_transition else [exit_transition, back]
    payload = publish_status(dialog(node("intent0", "intent", default("script2")),
                                    node("script2", "script", default("script3")),
                                    node("script3", "script", *transitions)))
    assert findings(payload, RULE) == set()


def test_branches_without_default_may_all_fail_and_end_the_dialog():
    payload = publish_status(dialog(node("intent0", "intent", default("script2")),
                                    node("script2", "script", default("script3")),
                                    node("script3", "script", branch(cond("again"), "script2"))))
    assert findings(payload, RULE) == set()


def test_node_without_transitions_ends_the_dialog():
    payload = publish_status(dialog(node("intent0", "intent", default("script2")),
                                    node("script2", "script", branch(cond("a"), "script3"),
                                         default("script2")),
                                    node("script3", "script", transitions=[])))
    assert findings(payload, RULE) == set()


def test_unreachable_closed_region_is_left_to_unreachable_node():
    payload = publish_status(dialog(node("intent0", "intent"),
                                    node("script1", "script", default("script2")),
                                    node("script2", "script", default("script1"))))
    assert findings(payload, RULE) == set()
    assert findings(payload, "unreachable-node") == {("unreachable-node", "script1")}  # one region


def test_dialog_without_entry_is_skipped():
    payload = publish_status(dialog(node("script1", "script", default("script2")),
                                    node("script2", "script", default("script1"))))
    assert findings(payload, RULE) == set()
