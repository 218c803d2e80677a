"""KL205 malformed-condition: a condition of no known shape, or a test that names nothing (per
branch). A test without an operator is the builder's Exists test, not malformed."""
import pytest

from helpers import DIALOG0, branch, cond, dialog, findings, node, of, publish_status, with_branch

RULE = "malformed-condition"


@pytest.mark.parametrize("condition", [
    {"field": "", "op": "eq", "value": "gold"},
    {"field": None},
    {"context": "", "op": "exists"},
    {"context": "amount", "op": 3, "value": "10"},
    "amount > 10",
    {},
    None,
    ["entity4", "eq", "gold"],
    {"value": "gold", "op": "eq"},
    {"dialogAct": "maybe"},
    {"conjoin": "xor", "tests": [cond("a"), cond("b")]},
    {"conjoin": "and"},
    {"conjoin": "or", "tests": []},
    {"conjoin": "and", "tests": [cond("a"), {"context": ""}]},
    {"conjoin": "or", "tests": [cond("a"), {"conjoin": "and", "tests": [{"field": "", "op": ""}]}]},
])
def test_malformed_conditions(condition):
    payload = with_branch(condition)
    assert findings(payload) == {(RULE, "entity4")}
    (f,) = of(payload, RULE)
    assert f.rule == "KL205" and f.severity.value == "error"
    assert f.pointer == f"{DIALOG0}/nodes/1/transitions/0" and f.line is not None


def test_several_problems_in_one_branch_are_one_finding():
    condition = {"conjoin": "and", "tests": [{"field": ""}, {"context": "", "op": ""}, "c"]}
    assert len(of(with_branch(condition), RULE)) == 1


def test_one_finding_per_branch():
    payload = with_branch({"field": ""}, branch(cond("ok"), "end"), branch({"context": ""}, "end"))
    assert [f.pointer.rsplit("/", 1)[1] for f in of(payload, RULE)] == ["0", "2"]


@pytest.mark.parametrize("condition", [
    {"intent": "Check balance", "op": "", "value": ""},  # an empty operator is normal here
    {"intent": "Check balance"},
    {"field": "entity4", "op": "exists"},
    {"field": "entity4"},  # no operator: the builder's Exists test (how Kore stores it)
    {"field": "entity4", "op": ""},
    {"context": "amount", "op": None},
    {"conjoin": "and", "tests": [cond("a"), {"context": "b"}]},
    {"field": "entity4", "op": "eq", "value": "gold"},
    {"context": "amount", "op": "gt", "value": 10},
    {"dialogAct": "yes"},
    {"dialogAct": "no"},
    {"conjoin": "and", "tests": [cond("a"), {"intent": "Help", "op": "", "value": ""}]},
    {"conjoin": "OR", "tests": [cond("a"), {"conjoin": "and", "tests": [{"dialogAct": "yes"}]}]},
])
def test_known_shapes_pass(condition):
    assert findings(with_branch(condition)) == set()


def test_unknown_operator_is_not_malformed():
    payload = with_branch({"field": "entity4", "op": "equals", "value": "gold"})
    assert findings(payload) == {("unknown-operator", "entity4")}


def test_defaults_carry_no_condition():
    payload = publish_status(dialog(node("intent0", "intent", {"default": "message1", "op": ""}),
                                    node("message1")))
    assert findings(payload) == set()
