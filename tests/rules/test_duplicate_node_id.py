"""KL106 duplicate-node-id: two nodes of a dialog share a `nodeId` (per repeated id, on its
second occurrence)."""
from helpers import DIALOG0, default, dialog, findings, node, of, publish_status

RULE = "duplicate-node-id"


def test_repeated_id_is_reported_on_its_second_occurrence():
    payload = publish_status(dialog(node("intent0", "intent", default("message1")),
                                    node("message1", "message", default("message2")),
                                    node("message2"),
                                    node("message1")))
    assert findings(payload) == {(RULE, "message1")}
    (f,) = of(payload, RULE)
    assert f.rule == "KL106" and f.severity.value == "error"
    assert f.pointer == f"{DIALOG0}/nodes/3" and f.line is not None


def test_three_occurrences_are_one_finding():
    payload = publish_status(dialog(node("intent0", "intent", default("message1")),
                                    node("message1"), node("message1"), node("message1")))
    found = of(payload, RULE)
    assert [(f.node, f.pointer) for f in found] == [("message1", f"{DIALOG0}/nodes/2")]


def test_one_finding_per_repeated_id():
    payload = publish_status(dialog(node("intent0", "intent", default("message1")),
                                    node("message1", "message", default("script2")),
                                    node("script2", "script"),
                                    node("script2", "script"),
                                    node("message1")))
    found = of(payload, RULE)
    assert [(f.node, f.pointer) for f in found] == [("script2", f"{DIALOG0}/nodes/3"),
                                                    ("message1", f"{DIALOG0}/nodes/4")]


def test_same_id_in_two_dialogs_is_fine():
    a = dialog(node("intent0", "intent", default("message1")), node("message1"), name="A")
    b = dialog(node("intent0", "intent", default("message1")), node("message1"), name="B")
    assert findings(publish_status(a, b), RULE) == set()


def test_transitions_of_both_duplicates_count_for_the_graph():
    payload = publish_status(dialog(node("intent0", "intent", default("message1")),
                                    node("message1"),
                                    node("message1", "message", default("message3")),
                                    node("message3")))
    assert findings(payload) == {(RULE, "message1")}  # message3 is not unreachable
