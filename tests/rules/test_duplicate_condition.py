"""KL203 duplicate-condition: a node has two branches with the same condition (per later branch)."""
from analyzer.config import Config
from helpers import DIALOG0, branch, cond, default, dialog, findings, node, of, publish_status

RULE = "duplicate-condition"
GOLD = {"field": "entity1", "op": "eq", "value": "gold"}


def entity(*transitions):
    return publish_status(dialog(node("intent0", "intent", default("entity1")),
                                 node("entity1", "entity", *transitions),
                                 node("message2"), node("message3")))


def test_repeated_condition_is_reported_on_the_later_branch():
    payload = entity(branch(GOLD, "message2"), branch(dict(GOLD), "message3"), default("end"))
    assert findings(payload) == {(RULE, "entity1")}
    (f,) = of(payload, RULE)
    assert f.rule == "KL203" and f.severity.value == "warning"
    assert f.pointer == f"{DIALOG0}/nodes/1/transitions/1" and f.line is not None


def test_key_order_does_not_matter():
    reordered = {"value": "gold", "op": "eq", "field": "entity1"}
    payload = entity(branch(GOLD, "message2"), branch(reordered, "message3"), default("end"))
    assert findings(payload, RULE) == {(RULE, "entity1")}


def test_one_finding_per_later_branch():
    silver = {**GOLD, "value": "silver"}
    payload = entity(branch(GOLD, "message2"), branch(silver, "message3"), branch(GOLD, "message3"),
                     branch(silver, "end"), branch(GOLD, "end"), default("end"))
    assert [f.pointer.rsplit("/", 1)[1] for f in of(payload, RULE)] == ["2", "3", "4"]


def test_repeated_intent_and_conjoined_conditions():
    intent = {"intent": "Check balance", "op": "", "value": ""}
    both = {"conjoin": "and", "tests": [cond("a"), cond("b")]}
    payload = entity(branch(intent, "message2"), branch(both, "message2"), branch(intent, "message3"),
                     branch(both, "message3"), default("end"))
    assert [f.pointer.rsplit("/", 1)[1] for f in of(payload, RULE)] == ["2", "3"]


def test_different_values_operators_or_subjects_pass():
    payload = entity(branch(GOLD, "message2"), branch({**GOLD, "value": "silver"}, "message3"),
                     branch({**GOLD, "op": "neq"}, "message3"), branch({**GOLD, "field": "entity9"}, "end"),
                     branch({"context": "entity1", "op": "eq", "value": "gold"}, "end"), default("end"))
    assert findings(payload, RULE) == set()


def test_same_condition_on_different_nodes_passes():
    payload = publish_status(dialog(node("intent0", "intent", default("entity1")),
                                    node("entity1", "entity", branch(GOLD, "script1"), default("script1")),
                                    node("script1", "script", branch(GOLD, "end"), default("end"))))
    assert findings(payload) == set()


def test_repeated_malformed_conditions_are_left_to_malformed_condition():
    nothing = {"field": "", "op": "eq", "value": "gold"}  # names no entity: malformed
    payload = entity(branch(nothing, "message2"), branch(nothing, "message3"), default("end"))
    assert findings(payload) == {("malformed-condition", "entity1")}
    assert len(of(payload, "malformed-condition")) == 2


def test_every_form_of_exists_is_one_condition():
    """No operator, "", `exists` and `ex` are the builder's Exists; its value is ignored: only the
    first of these branches can fire."""
    forms = [{"field": "entity1"}, {"field": "entity1", "op": ""}, {"field": "entity1", "op": "exists"},
             {"field": "entity1", "op": "ex"}, {"field": "entity1", "op": "", "value": "gold"}]
    payload = entity(*[branch(c, "message2") for c in forms], default("end"))
    # (KL203 alone: with KL209 on, the last branch is a value-without-operator, which explains it)
    dups = of(payload, RULE, config=Config(select=["KL203"]))
    assert [f.pointer.rsplit("/", 1)[1] for f in dups] == ["1", "2", "3", "4"]


def test_exists_and_does_not_exist_differ():
    payload = entity(branch({"field": "entity1"}, "message2"),
                     branch({"field": "entity1", "op": "dne"}, "message3"), default("end"))
    assert findings(payload, RULE) == set()
