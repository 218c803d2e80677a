"""KL202 multiple-defaults: a node has more than one `default` (per node, on the node)."""
from helpers import DIALOG0, branch, cond, default, dialog, findings, node, of, publish_status

RULE = "multiple-defaults"


def test_two_defaults_are_reported_on_the_node():
    payload = publish_status(dialog(node("intent0", "intent", default("message1")),
                                    node("message1", "message", default("message2"), default("end")),
                                    node("message2")))
    assert findings(payload) == {(RULE, "message1")}
    (f,) = of(payload, RULE)
    assert f.rule == "KL202" and f.severity.value == "error"
    assert f.pointer == f"{DIALOG0}/nodes/1" and f.line is not None


def test_three_defaults_are_one_finding():
    payload = publish_status(dialog(node("intent0", "intent", default("end"), default("end"),
                                         default("end"))))
    assert [(f.node, f.pointer) for f in of(payload, RULE)] == [("intent0", f"{DIALOG0}/nodes/0")]


def test_unconnected_defaults_count():
    payload = publish_status(dialog(node("intent0", "intent", default(""), default("end"))))
    assert findings(payload, RULE) == {(RULE, "intent0")}


def test_one_default_among_branches_passes():
    payload = publish_status(dialog(node("intent0", "intent", branch(cond("a"), "message1"),
                                         branch(cond("b"), "end"), default("end")), node("message1")))
    assert findings(payload) == set()
