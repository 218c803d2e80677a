"""KL107 empty-dialog: the dialog has no nodes (on the dialog)."""
import pytest

from helpers import DIALOG0, bot, bot_export, dialog, findings, node, of, publish_status

RULE = "empty-dialog"


def test_dialog_with_empty_nodes():
    payload = publish_status(dialog())
    assert findings(payload) == {(RULE, None)}
    (f,) = of(payload, RULE)
    assert f.rule == "KL107" and f.severity.value == "error"
    assert f.pointer == DIALOG0 and f.line is not None and f.dialog == "Test dialog"


@pytest.mark.parametrize("nodes", ["absent", None])
def test_dialog_with_absent_or_null_nodes(nodes):
    body = {"_id": "dg-1", "name": "Book a flight"}
    if nodes != "absent":
        body["nodes"] = nodes
    assert findings(publish_status(body)) == {(RULE, None)}


def test_empty_dialog_among_good_ones_is_reported_on_its_own_pointer():
    good = dialog(node("intent0", "intent", {"default": "message1"}), node("message1"), name="Good")
    payload = bot_export(good, {"_id": "dg-2", "localeData": {"en": {"name": "Empty"}}, "nodes": []})
    (f,) = of(payload, RULE)
    assert (f.pointer, f.dialog, f.dialog_id) == ("/dialogs/1", "Empty", "dg-2")


@pytest.mark.parametrize("target", ["end", "", None])
def test_dialog_with_just_its_intent_is_a_warning_on_the_intent_node(target):
    payload = publish_status(dialog(node("intent0", "intent", {"default": target})))
    (f,) = of(payload, RULE)
    assert (f.node, f.severity.value) == ("intent0", "warning")
    assert f.pointer == f"{DIALOG0}/nodes/0" and f.line is not None


def test_dialog_with_just_its_intent_node_is_named_as_the_builder_does():
    payload = bot(dialog(node("intent0", "intent"), name="Pay Bill"))
    (f,) = of(payload, RULE)
    assert f.node == "intent0" and f.node_name == "Pay Bill" and "intent0" not in f.message


@pytest.mark.parametrize("nodes", [
    [node("intent0", "intent", {"default": "message1"}), node("message1")],
    [node("intent0", "intent", {"default": "intent1"}), node("intent1", "intent")],  # runs a dialog
    [node("message1")],  # no intent: missing-entry's business
    [node("intent0", "intent", {"default": "gone"})],  # its next node was deleted: dangling-target
])
def test_a_dialog_that_does_something_is_not_empty(nodes):
    assert findings(publish_status(dialog(*nodes)), RULE) == set()


def test_intent_beside_a_malformed_node_is_not_reported():
    payload = publish_status(dialog(node("intent0", "intent", {"default": "x"}), {"nodeId": "x", "type": 7}))
    assert findings(payload, RULE) == set()


def test_dialog_whose_nodes_are_all_malformed_is_not_empty():
    payload = publish_status(dialog({"nodeId": 7, "type": "intent"}))
    assert findings(payload) == {("malformed-payload", None)}


def test_nodes_that_are_not_an_array_are_not_empty():
    payload = publish_status({"_id": "dg-1", "name": "Broken", "nodes": {"nodeId": "intent0"}})
    assert findings(payload) == {("malformed-payload", None)}
