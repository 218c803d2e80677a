"""KL201 missing-default: a node has conditional branches but no `default` (per node, on the node)."""
from analyzer.config import Config
from helpers import DIALOG0, branch, cond, default, dialog, findings, node, of, publish_status

RULE = "missing-default"


def test_branch_without_default_is_reported_on_the_node():
    payload = publish_status(dialog(node("intent0", "intent", default("script2")),
                                    node("script2", "script", branch(cond("found", "eq", "yes"), "message4")),
                                    node("message4")))
    assert findings(payload) == {(RULE, "script2")}
    (f,) = of(payload, RULE)
    assert f.rule == "KL201" and f.severity.value == "warning"
    assert f.pointer == f"{DIALOG0}/nodes/1" and f.line is not None


def test_several_branches_without_default_are_one_finding():
    payload = publish_status(dialog(node("intent0", "intent", branch(cond("a"), "end"),
                                         branch(cond("b"), "end"), branch(cond("c"), "end"))))
    assert len(of(payload, RULE)) == 1


def test_one_finding_per_node():
    payload = publish_status(dialog(node("intent0", "intent", branch(cond("a"), "script1")),
                                    node("script1", "script", branch(cond("b"), "end"))))
    assert [(f.node, f.pointer) for f in of(payload, RULE)] == [
        ("intent0", f"{DIALOG0}/nodes/0"), ("script1", f"{DIALOG0}/nodes/1")]


def test_branches_with_default_pass():
    payload = publish_status(dialog(node("intent0", "intent", branch(cond("a"), "message1"), default("end")),
                                    node("message1")))
    assert findings(payload) == set()


def test_unconnected_default_still_is_a_default():
    payload = publish_status(dialog(node("intent0", "intent", branch(cond("a"), "message1"), default("")),
                                    node("message1")))
    assert findings(payload, config=Config(select=["ALL"])) == {("implicit-end", "intent0")}


def test_nodes_without_branches_need_no_default():
    payload = publish_status(dialog(node("intent0", "intent", default("message1")),
                                    node("message1", "message", transitions=[])))
    assert findings(payload, RULE) == set()


def test_a_confirmation_without_else_says_so():
    """Yes and No connected, no Else: the finding names the confirmation and the missing Else."""
    payload = publish_status(dialog(node("intent0", "intent", default("dialogAct1")),
                                    node("dialogAct1", "dialogAct", branch({"dialogAct": "yes"}, "end"),
                                         branch({"dialogAct": "no"}, "end"))))
    (f,) = of(payload, RULE)
    assert f.node == "dialogAct1" and f.pointer == f"{DIALOG0}/nodes/1"
    assert "confirmation" in f.message and "Else" in f.message


def test_a_confirmation_with_odd_answers_is_still_one_finding():
    """`dialogAct` values other than yes/no (malformed, KL205's) do not break the message."""
    payload = publish_status(dialog(node("intent0", "intent", default("dialogAct1")),
                                    node("dialogAct1", "dialogAct", branch({"dialogAct": "maybe"}, "end"),
                                         branch({"dialogAct": ["yes"]}, "end"))))
    assert findings(payload, RULE) == {(RULE, "dialogAct1")}
