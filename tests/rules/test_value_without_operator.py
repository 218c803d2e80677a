"""KL209 value-without-operator: a field/context test with a value but no operator (per branch)."""
import pytest

from helpers import DIALOG0, branch, cond, findings, of, with_branch

RULE = "value-without-operator"


@pytest.mark.parametrize("condition", [
    {"field": "entity4", "op": "", "value": "gold"},
    {"field": "entity4", "value": "gold"},
    {"context": "amount", "op": None, "value": 10},
    {"conjoin": "and", "tests": [cond("a"), {"context": "b", "op": "", "value": "x"}]},
    {"conjoin": "or", "tests": [cond("a"), {"conjoin": "and", "tests": [{"field": "c", "value": [1]}]}]},
])
def test_a_value_without_an_operator_is_reported(condition):
    payload = with_branch(condition)
    assert findings(payload) == {(RULE, "entity4")}
    (f,) = of(payload, RULE)
    assert f.rule == "KL209" and f.severity.value == "warning"
    assert f.pointer == f"{DIALOG0}/nodes/1/transitions/0" and f.line is not None


@pytest.mark.parametrize("condition", [
    {"field": "entity4"},
    {"field": "entity4", "op": "", "value": ""},
    {"field": "entity4", "op": "exists", "value": "gold"},  # an operator: the value is its business
    {"field": "entity4", "op": "eq", "value": "gold"},
    {"intent": "Help", "op": "", "value": "Help"},  # intent tests carry no operator
])
def test_no_value_or_an_operator_passes(condition):
    assert findings(with_branch(condition), RULE) == set()


def test_one_finding_per_branch():
    payload = with_branch({"field": "a", "value": 1}, branch(cond("ok"), "end"),
                          branch({"context": "b", "value": "x"}, "end"))
    assert [f.pointer.rsplit("/", 1)[1] for f in of(payload, RULE)] == ["0", "2"]
