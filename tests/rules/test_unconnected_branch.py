"""KL204 unconnected-branch: a conditional branch's target is `""`/missing (per branch)."""
import pytest

from helpers import DIALOG0, branch, cond, default, dialog, findings, node, of, publish_status

RULE = "unconnected-branch"


@pytest.mark.parametrize("target", ["", None, "missing"])
def test_unconnected_branch_is_reported_on_its_transition(target):
    then = branch(cond("found", "eq", "yes"), target)
    if target == "missing":
        del then["then"]
    payload = publish_status(dialog(node("intent0", "intent", default("script2")),
                                    node("script2", "script", then, default("end"))))
    assert findings(payload) == {(RULE, "script2")}
    (f,) = of(payload, RULE)
    assert f.rule == "KL204" and f.severity.value == "warning"
    assert f.pointer == f"{DIALOG0}/nodes/1/transitions/0" and f.line is not None


def test_one_finding_per_branch():
    payload = publish_status(dialog(node("intent0", "intent", branch(cond("a"), "end"),
                                         branch(cond("b"), ""), branch(cond("c"), ""), default("end"))))
    assert [f.pointer.rsplit("/", 1)[1] for f in of(payload, RULE)] == ["1", "2"]


def test_connected_branches_pass():
    payload = publish_status(dialog(node("intent0", "intent", branch(cond("a"), "message4"),
                                         branch(cond("b"), "end"), default("message4")),
                                    node("message4")))
    assert findings(payload) == set()


def test_unconnected_default_is_not_a_branch():
    payload = publish_status(dialog(node("intent0", "intent", branch(cond("a"), "end"), default(""))))
    assert findings(payload, RULE) == set()
