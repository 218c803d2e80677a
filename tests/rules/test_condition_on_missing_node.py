"""KL207 condition-on-missing-node: an entity or intent test names a node id the dialog does not
have (per branch); values that are not shaped like node ids are left alone."""
import pytest

from helpers import DIALOG0, branch, cond, dialog, findings, node, of, publish_status, with_branch

RULE = "condition-on-missing-node"
GONE = "nd-ent-5d78b306-7e33-4837-bed7-5c5f4febd962"


@pytest.mark.parametrize("condition", [
    {"field": "entity9", "op": "eq", "value": "gold"},
    {"field": GONE},
    {"field": "dialogAct3", "op": "neq", "value": "x"},
    {"intent": "intent7", "op": "", "value": ""},
    {"conjoin": "and", "tests": [cond("amount"), {"field": GONE, "op": "dne"}]},
])
def test_a_test_of_a_node_id_the_dialog_lacks_is_reported(condition):
    payload = with_branch(condition)
    assert findings(payload, RULE) == {(RULE, "entity4")}
    (f,) = of(payload, RULE)
    assert f.rule == "KL207" and f.severity.value == "error"
    assert f.pointer == f"{DIALOG0}/nodes/1/transitions/0" and f.line is not None


@pytest.mark.parametrize("condition", [
    {"field": "entity4"},  # the node itself
    {"field": "message5", "op": "eq", "value": "x"},
    {"intent": "intent0", "op": "", "value": ""},
    {"field": "AccountType", "op": "eq", "value": "gold"},  # a name, as older payloads hold
    {"field": "nd-ent-not-a-uuid", "op": "eq", "value": "gold"},
    {"field": "amount9", "op": "eq", "value": "gold"},  # not a node type followed by a number
    {"context": "entity9", "op": "eq", "value": "gold"},  # a context variable, not a node
    {"intent": "Book Flight", "op": "", "value": ""},
    {"dialogAct": "yes"},
])
def test_tests_of_present_nodes_or_of_names_pass(condition):
    assert findings(with_branch(condition), RULE) == set()


def test_a_node_that_is_present_but_malformed_is_not_missing():
    payload = publish_status(dialog(node("intent0", "intent", {"default": "entity4"}),
                                    node("entity4", "entity", branch({"field": "entity7"}, "end"),
                                         {"default": "end"}),
                                    {"nodeId": "entity7", "type": 5}))
    assert findings(payload, RULE) == set()


def test_one_finding_per_branch():
    payload = with_branch({"conjoin": "or", "tests": [{"field": "entity8"}, {"field": "entity9"}]},
                          branch({"field": "entity4"}, "end"), branch({"field": GONE}, "end"))
    assert [f.pointer.rsplit("/", 1)[1] for f in of(payload, RULE)] == ["0", "2"]
