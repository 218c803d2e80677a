"""KL214 entity-not-yet-asked: a connection tests an entity the dialog has not asked before it
first reaches the testing node (per branch)."""
import pytest

from helpers import bot, branch, component, default, dialog, findings, node, of

RULE = "entity-not-yet-asked"


def flow(test: dict, *, back: bool = False) -> dict:
    """intent0 -> entity1 (branches on `test`) -> entity2 -> message3 [-> entity1 when back]."""
    return bot(dialog(node("intent0", "intent", default("entity1")),
                      node("entity1", "entity", branch(test, "message3"), default("entity2"),
                           componentId="dc-dept"),
                      node("entity2", "entity", default("message3"), componentId="dc-it"),
                      node("message3", "message", default("entity1" if back else "end"))),
               components=[component("dc-dept", "entity", "Courses"), component("dc-it", "entity", "it3")])


@pytest.mark.parametrize("back", [False, True])
def test_an_entity_asked_later_is_reported(back):
    (f,) = of(flow({"field": "entity2", "op": "eq", "value": "smvecIT"}, back=back), RULE)
    assert f.rule == "KL214" and f.severity.value == "warning" and f.node == "entity1"
    assert f.pointer == "/dialogs/0/nodes/1/transitions/0"
    assert f.message == ("branch 1 of entity 'Courses' tests it3 equals 'smvecIT', but the entity 'it3' is "
                         "asked only after it: when the dialog first gets there the entity has a value only "
                         "if the user's first sentence held one")


def test_an_entity_asked_before_passes():
    payload = bot(dialog(node("intent0", "intent", default("entity2")),
                         node("entity2", "entity", default("entity1")),
                         node("entity1", "entity", branch({"field": "entity2", "op": "eq", "value": "x"},
                                                           "message3"), default("end")),
                         node("message3")))
    assert findings(payload, RULE) == set()


def test_an_entity_on_no_path_to_the_node():
    payload = bot(dialog(node("intent0", "intent", default("entity1")),
                         node("entity1", "entity", branch({"field": "entity9", "op": "neq", "value": "x"},
                                                           "message3"), default("end")),
                         node("message3"), node("entity9", "entity")))
    (f,) = of(payload, RULE)
    assert "is asked on no path that leads to it" in f.message


@pytest.mark.parametrize("test", [
    {"field": "entity2"},  # exists: did the first sentence give it?
    {"field": "entity2", "op": "dne"},
    {"field": "entity1", "op": "eq", "value": "x"},  # its own entity
    {"field": "message3", "op": "eq", "value": "x"},  # not an entity
    {"context": "entity2", "op": "eq", "value": "x"},
    {"field": "nowhere", "op": "eq", "value": "x"},  # a missing node: KL207
])
def test_other_tests_are_not_reported(test):
    assert findings(flow(test), RULE) == set()


def test_one_finding_per_branch_and_unreachable_nodes_are_skipped():
    two = {"conjoin": "and", "tests": [{"field": "entity2", "op": "eq", "value": "a"},
                                       {"field": "entity2", "op": "eq", "value": "b"}]}
    assert len(of(flow(two), RULE)) == 1
    payload = bot(dialog(node("intent0", "intent", default("end")),
                         node("entity1", "entity", branch({"field": "entity2", "op": "eq", "value": "x"},
                                                           "end"), default("entity2")),
                         node("entity2", "entity")))
    assert findings(payload, RULE) == set()
