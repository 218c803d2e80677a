"""KL108 implicit-end: a `default` transition is not connected (per transition, info)."""
import pytest

from helpers import DIALOG0, branch, cond, default, dialog, findings, node, of, publish_status

RULE = "implicit-end"


@pytest.mark.parametrize("target", ["", None])
def test_unconnected_default_is_reported_on_its_transition(target):
    payload = publish_status(dialog(node("intent0", "intent", default("message1")),
                                    node("message1", "message", default(target))))
    assert findings(payload) == {(RULE, "message1")}
    (f,) = of(payload, RULE)
    assert f.rule == "KL108" and f.severity.value == "info"
    assert f.pointer == f"{DIALOG0}/nodes/1/transitions/0" and f.line is not None


def test_pointer_names_the_default_after_branches():
    payload = publish_status(dialog(node("intent0", "intent", branch(cond("a"), "end"),
                                         branch(cond("b"), "end"), default(""))))
    (f,) = of(payload, RULE)
    assert (f.node, f.pointer) == ("intent0", f"{DIALOG0}/nodes/0/transitions/2")


def test_default_to_end_is_explicit():
    payload = publish_status(dialog(node("intent0", "intent", default("message1")),
                                    node("message1", "message", default("end"))))
    assert findings(payload) == set()


def test_unconnected_branch_is_not_an_implicit_end():
    payload = publish_status(dialog(node("intent0", "intent", branch(cond("a"), ""), default("end"))))
    assert findings(payload, RULE) == set()
    assert findings(payload, "unconnected-branch") == {("unconnected-branch", "intent0")}


def test_node_without_transitions_is_not_reported():
    payload = publish_status(dialog(node("intent0", "intent", default("message1")),
                                    node("message1", "message", transitions=[])))
    assert findings(payload) == set()
