"""KL105 missing-entry: the dialog has nodes but none of type `intent` (one per dialog, on the dialog)."""
from helpers import DIALOG0, default, dialog, findings, lint, node, of, publish_status

RULE = "missing-entry"


def test_dialog_of_messages_only():
    payload = publish_status(dialog(node("message1", "message", default("script2")),
                                    node("script2", "script")))
    assert findings(payload) == {(RULE, None)}
    (f,) = of(payload, RULE)
    assert f.rule == "KL105" and f.severity.value == "error"
    assert f.pointer == DIALOG0 and f.line is not None
    assert f.dialog == "Test dialog" and f.dialog_id == "dg-test" and f.node is None


def test_intent_anywhere_in_the_dialog_is_an_entry():
    payload = publish_status(dialog(node("message1"),
                                    node("intent0", "intent", default("message1"))))
    assert findings(payload, RULE) == set()


def test_empty_dialog_is_left_to_empty_dialog():
    payload = publish_status(dialog())
    assert findings(payload) == {("empty-dialog", None)}


def test_one_finding_per_dialog_without_entry():
    first = dialog(node("message1"), name="First")
    second = dialog(node("intent0", "intent"), name="Second")
    third = dialog(node("script1", "script"), node("message2"), name="Third")
    found = of(publish_status(first, second, third), RULE)
    assert [(f.dialog, f.pointer) for f in found] == [("First", "/statusSummary/0/result"),
                                                      ("Third", "/statusSummary/2/result")]


def test_dialog_export_points_at_the_document_root():
    payload = {"_id": "dg-1", "name": "Lost entry", "components": [],
               "nodes": [node("message1")]}
    (f,) = [f for f in lint(payload) if f.name == RULE]
    assert f.pointer == "" and f.dialog == "Lost entry"
