"""KL206 unknown-operator: an operator outside the documented list (per branch and operator)."""
import pytest

import helpers
from helpers import DIALOG0, branch, cond, findings, of

RULE = "unknown-operator"


def with_branch(condition, *more):
    return helpers.with_branch(condition, *more, source="script1", kind="script", target="message2")


@pytest.mark.parametrize("op", ["equals", "contains", "ne", "=", "startsWith"])
def test_unknown_operator_is_reported_on_its_branch(op):
    payload = with_branch(cond("count", op, "3"))
    assert findings(payload) == {(RULE, "script1")}
    (f,) = of(payload, RULE)
    assert f.rule == "KL206" and f.severity.value == "warning"
    assert f.pointer == f"{DIALOG0}/nodes/1/transitions/0" and f.line is not None


def test_one_finding_per_branch_and_operator():
    condition = {"conjoin": "and", "tests": [cond("a", "equals"), cond("b", "contains"),
                                             cond("c", "equals", key="field")]}
    payload = with_branch(condition, branch(cond("d", "equals"), "end"))
    found = of(payload, RULE)
    assert len(found) == 3
    assert sorted(f.pointer.rsplit("/", 1)[1] for f in found) == ["0", "0", "1"]


@pytest.mark.parametrize("op", ["eq", "neq", "gt", "gte", "lt", "lte", "cnt", "dne", "exists", "ex"])
def test_documented_operators_pass(op):
    assert findings(with_branch(cond("count", op, "3")), RULE) == set()


def test_empty_intent_operator_and_missing_operators_are_not_unknown():
    payload = with_branch({"intent": "Help", "op": "", "value": ""}, branch({"field": "x"}, "end"))
    assert findings(payload, RULE) == set()
    assert findings(payload, "malformed-condition") == set()  # no operator: the builder's Exists
