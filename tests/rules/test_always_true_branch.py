"""KL210 always-true-branch: a branch that always holds where it is (an exists test of the entity
its own mandatory entity node asks, or no condition), with later connections made dead (per node)."""
import pytest

from helpers import DIALOG0, branch, cond, default, dialog, findings, node, of, publish_status

RULE = "always-true-branch"
ASKED = {"field": "entity1"}


def _dialog(*transitions: dict, kind: str = "entity", **extra) -> dict:
    return publish_status(dialog(node("intent0", "intent", default("entity1")),
                                 node("entity1", kind, *transitions, **extra),
                                 node("message2"), node("message3")))


@pytest.mark.parametrize("condition", [
    ASKED,
    {"field": "entity1", "op": ""},
    {"field": "entity1", "op": "exists"},
    {"conjoin": "or", "tests": [cond("x"), ASKED]},
    {"conjoin": "and", "tests": [ASKED, {"field": "entity1", "op": "ex"}]},
])
def test_an_exists_test_of_the_asked_entity_makes_the_default_dead(condition):
    payload = _dialog(branch(condition, "message2"), default("message3"))
    assert findings(payload, RULE) == {(RULE, "entity1")}
    (f,) = of(payload, RULE)
    assert f.rule == "KL210" and f.severity.value == "warning"
    assert f.pointer == f"{DIALOG0}/nodes/1/transitions/0" and f.line is not None
    assert "message3" in f.message  # names what is lost


@pytest.mark.parametrize("condition", [None, {}])
def test_a_branch_without_condition_always_fires(condition):
    payload = _dialog(branch(condition, "message2"), default("message3"), kind="script")
    assert findings(payload, RULE) == {(RULE, "entity1")}


@pytest.mark.parametrize("options", [{"promptOptions": "optional"}, {"promptOptions": "hidden"},
                                     {"promptOptions": "required", "isOptional": True}])
def test_an_entity_that_may_stay_empty_is_not_reported(options):
    payload = _dialog(branch(ASKED, "message2"), default("message3"), nodeOptions=options)
    assert findings(payload, RULE) == set()


def test_a_mandatory_entity_is_reported():
    payload = _dialog(branch(ASKED, "message2"), default("message3"),
                      nodeOptions={"promptOptions": "required", "isOptional": False})
    assert findings(payload, RULE) == {(RULE, "entity1")}


@pytest.mark.parametrize("transitions", [
    [branch(ASKED, "message2")],  # the last connection: nothing is dead
    [branch(ASKED, "message2"), default("")],  # only an unconnected default is dead
    [branch(ASKED, "message2"), branch(cond("x"), "end"), default("end")],  # only ways to the end
    [branch(ASKED, "message2"), default("message2")],  # the default goes the same way
    [branch({"field": "entity1", "op": "eq", "value": "x"}, "message2"), default("message3")],
    [branch({"field": "entity1", "op": "dne"}, "message2"), default("message3")],
    [branch({"field": "other"}, "message2"), default("message3")],  # another entity may be empty
    [branch({"context": "entity1"}, "message2"), default("message3")],
    [branch({"conjoin": "and", "tests": [ASKED, cond("x")]}, "message2"), default("message3")],
])
def test_branches_that_may_fail_or_lose_nothing_pass(transitions):
    assert findings(_dialog(*transitions), RULE) == set()


def test_an_exists_test_on_another_node_type_is_not_reported():
    payload = _dialog(branch(ASKED, "message2"), default("message3"), kind="script")
    assert findings(payload, RULE) == set()


def test_one_finding_per_node_on_the_first_always_true_branch():
    payload = _dialog(branch(cond("x"), "message3"), branch(ASKED, "message2"), branch(ASKED, "message3"),
                      default("message3"))
    (f,) = of(payload, RULE)
    assert f.pointer == f"{DIALOG0}/nodes/1/transitions/1"
    assert "branch 3" in f.message and "default" in f.message
