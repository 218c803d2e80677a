"""KL102 unreachable-node: no path of transitions leads from the entry to the node; one finding per
unreachable region (unreachable nodes connected among themselves), on its root, listing all."""
import hashlib

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


def test_nodes_reached_only_from_unreachable_nodes_are_one_region_on_its_root():
    payload = publish_status(dialog(node("intent0", "intent", default("end")),
                                    node("script3", "script", default("message4")),
                                    node("message4")))
    (f,) = of(payload, RULE)
    assert (f.node, f.nodes, f.pointer) == ("script3", ("script3", "message4"), f"{DIALOG0}/nodes/1")
    assert " 1 " in f.message  # how many hang on the root


def test_the_root_is_the_first_node_no_other_unreachable_node_leads_to():
    # message2 comes first in the dialog but hangs on script3
    payload = publish_status(dialog(node("intent0", "intent", default("end")),
                                    node("message2", "message", default("end")),
                                    node("script3", "script", branch(cond("a"), "message2"),
                                         default("message4")),
                                    node("message4", "message", default("message2"))))
    (f,) = of(payload, RULE)
    assert (f.node, f.nodes, f.pointer) == ("script3", ("script3", "message2", "message4"),
                                            f"{DIALOG0}/nodes/2")
    assert " 2 " in f.message


def test_a_region_with_two_roots_sits_on_the_first():
    # two orphans leading to one shared node: one piece cut off the dialog
    payload = publish_status(dialog(node("intent0", "intent", default("end")),
                                    node("message1", "message", default("end")),
                                    node("script2", "script", default("message1")),
                                    node("script3", "script", default("message1"))))
    (f,) = of(payload, RULE)
    assert (f.node, f.nodes) == ("script2", ("script2", "message1", "script3"))


def test_separate_regions_are_separate_findings():
    payload = publish_status(dialog(node("intent0", "intent", default("end")),
                                    node("script1", "script", default("message2")),
                                    node("message2"),
                                    node("message3"),
                                    node("script4", "script", default("message3"))))
    found = of(payload, RULE)
    assert [(f.node, f.nodes) for f in found] == [("script1", ("script1", "message2")),
                                                  ("script4", ("script4", "message3"))]


def test_reachable_nodes_do_not_join_regions():
    # message2 is reachable: the two orphans leading to it are two regions
    payload = publish_status(dialog(node("intent0", "intent", default("message2")),
                                    node("script1", "script", default("message2")),
                                    node("message2"),
                                    node("script3", "script", default("message2"))))
    assert [(f.node, f.nodes) for f in of(payload, RULE)] == [("script1", ("script1",)),
                                                              ("script3", ("script3",))]


def test_an_unreachable_cycle_is_one_region_on_its_first_node():
    payload = publish_status(dialog(node("intent0", "intent"),
                                    node("script1", "script", default("script2")),
                                    node("script2", "script", default("script1"))))
    (f,) = of(payload, RULE)
    assert (f.node, f.nodes) == ("script1", ("script1", "script2"))


def test_a_single_node_keeps_its_fingerprint():
    # as when KL102 reported each node on its own: rule, dialog, node and no detail
    payload = publish_status(dialog(node("intent0", "intent", default("message1")), node("message1"),
                                    node("message5")))
    (f,) = of(payload, RULE)
    assert f.nodes == ("message5",)
    key = "\x1f".join(["KL102", "dg-test", "message5", ""])
    assert f.fingerprint == hashlib.sha256(key.encode()).hexdigest()[:32]


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
