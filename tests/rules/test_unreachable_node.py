"""KL102 unreachable-node: no path of transitions leads from the entry to the node (per node)."""
from helpers import DIALOG0, branch, cond, default, dialog, findings, node, of, publish_status

RULE = "unreachable-node"


def test_orphan_node_is_reported_on_the_node():
    payload = publish_status(dialog(node("intent0", "intent", default("message1")),
                                    node("message1"),
                                    node("message5")))
    assert findings(payload, RULE) == {(RULE, "message5")}
    (f,) = of(payload, RULE)
    assert f.rule == "KL102" and f.severity.value == "warning"
    assert f.pointer == f"{DIALOG0}/nodes/2" and f.line is not None
    assert f.dialog == "Test dialog" and f.dialog_id == "dg-test"


def test_nodes_reached_only_from_unreachable_nodes_are_unreachable_too():
    payload = publish_status(dialog(node("intent0", "intent", default("end")),
                                    node("script3", "script", default("message4")),
                                    node("message4")))
    found = of(payload, RULE)
    assert {(f.name, f.node) for f in found} == {(RULE, "script3"), (RULE, "message4")}
    assert [f.pointer for f in found] == [f"{DIALOG0}/nodes/1", f"{DIALOG0}/nodes/2"]


def test_an_unreachable_cycle_reports_each_of_its_nodes():
    payload = publish_status(dialog(node("intent0", "intent"),
                                    node("script1", "script", default("script2")),
                                    node("script2", "script", default("script1"))))
    assert findings(payload, RULE) == {(RULE, "script1"), (RULE, "script2")}


def test_a_later_intent_node_is_not_an_entry():
    # Only the first intent node starts the dialog; a sub-intent nothing leads to never runs.
    payload = publish_status(dialog(node("intent0", "intent", default("message1")),
                                    node("message1"),
                                    node("intent2", "intent", default("message1"))))
    assert findings(payload, RULE) == {(RULE, "intent2")}


def test_nodes_reached_through_branches_or_defaults_are_reachable():
    payload = publish_status(dialog(
        node("intent0", "intent", default("script1")),
        node("script1", "script", branch(cond("a"), "message2"), branch(cond("b"), "message3"),
             default("")),
        node("message2", "message", default("message4")),
        node("message3"),
        node("message4")))
    assert findings(payload, RULE) == set()


def test_entry_need_not_be_the_first_node():
    payload = publish_status(dialog(node("message1"),
                                    node("intent0", "intent", default("message1"))))
    assert findings(payload, RULE) == set()


def test_a_node_is_reachable_through_a_transition_of_a_duplicate_of_its_predecessor():
    payload = publish_status(dialog(node("intent0", "intent", default("message1")),
                                    node("message1"),
                                    node("message1", "message", default("message2")),
                                    node("message2")))
    assert findings(payload, RULE) == set()


def test_dialog_without_entry_is_left_to_missing_entry():
    payload = publish_status(dialog(node("message1"), node("message2")))
    assert findings(payload, RULE) == set()
    assert findings(payload, "missing-entry") == {("missing-entry", None)}


def test_findings_of_one_dialog_do_not_leak_into_another():
    good = dialog(node("intent0", "intent"), name="Good")
    bad = dialog(node("intent0", "intent"), node("message7"), name="Bad")
    bad["_id"] = "dg-bad"
    found = of(publish_status(good, bad), RULE)
    assert [(f.dialog, f.node, f.pointer) for f in found] == [
        ("Bad", "message7", "/statusSummary/1/result/nodes/1")]
