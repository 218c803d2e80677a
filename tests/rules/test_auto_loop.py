"""KL104 auto-loop: a cycle with no user-input node on it; one per cycle, on its first node in
dialog order (a cycle hidden in a larger strongly connected set with an input node counts)."""
import pytest

from helpers import DIALOG0, branch, cond, default, dialog, findings, node, of, publish_status

RULE = "auto-loop"


def retry(via: list[dict]) -> dict:
    """intent0 -> service2 -> (ok: end) else script3 -> <via...> -> service2."""
    nodes = [node("intent0", "intent", default("service2")),
             node("service2", "service", branch(cond("ok", "eq", "true"), "end"), default("script3")),
             node("script3", "script", default(via[0]["nodeId"] if via else "service2"))]
    return publish_status(dialog(*nodes, *via))


def test_service_retrying_itself_through_a_script():
    payload = retry([])
    assert findings(payload, RULE) == {(RULE, "service2")}
    (f,) = of(payload, RULE)
    assert f.rule == "KL104" and f.severity.value == "warning"
    assert f.nodes == ("service2", "script3")
    assert f.pointer == f"{DIALOG0}/nodes/1" and f.line is not None


@pytest.mark.parametrize("kind", ["entity", "form", "dialogAct", "digitalFormNode", "intent"])
def test_cycle_through_a_user_input_node_is_fine(kind):
    payload = retry([node("ask4", kind, default("service2"))])
    assert findings(payload, RULE) == set()


@pytest.mark.parametrize("kind", ["message", "script", "service", "logic", "webhook", "botAction",
                                  "agentTransfer", "someFutureNodeType"])
def test_cycle_through_nodes_that_do_not_wait_is_reported(kind):
    payload = retry([node("step4", kind, default("service2"))])
    (f,) = of(payload, RULE)
    assert (f.node, f.nodes) == ("service2", ("service2", "script3", "step4"))


def test_self_loop():
    payload = publish_status(dialog(node("intent0", "intent", default("script1")),
                                    node("script1", "script", branch(cond("pending"), "script1"),
                                         default("end"))))
    (f,) = of(payload, RULE)
    assert (f.node, f.nodes, f.pointer) == ("script1", ("script1",), f"{DIALOG0}/nodes/1")


def test_entity_self_loop_is_fine():
    payload = publish_status(dialog(node("intent0", "intent", default("entity1")),
                                    node("entity1", "entity", branch(cond("invalid"), "entity1"),
                                         default("end"))))
    assert findings(payload, RULE) == set()


def test_cycle_through_the_entry_intent_is_reported():
    # the entry is not a user-input node: only non-entry intents wait for the user
    payload = publish_status(dialog(node("intent0", "intent", default("script1")),
                                    node("script1", "script", branch(cond("again"), "intent0"),
                                         default("end"))))
    (f,) = of(payload, RULE)
    assert (f.node, f.nodes) == ("intent0", ("intent0", "script1"))


def test_input_free_cycle_hidden_in_a_larger_cycle_with_an_input_node():
    # script1 <-> script2 never waits, although all three nodes are strongly connected with entity3
    payload = publish_status(dialog(
        node("intent0", "intent", default("script1")),
        node("script1", "script", default("script2")),
        node("script2", "script", branch(cond("retry"), "script1"), branch(cond("ask"), "entity3"),
             default("end")),
        node("entity3", "entity", default("script1"))))
    (f,) = of(payload, RULE)
    assert (f.node, f.nodes, f.pointer) == ("script1", ("script1", "script2"), f"{DIALOG0}/nodes/1")


def test_two_cycles_joined_only_through_input_nodes_are_two_findings():
    payload = publish_status(dialog(
        node("intent0", "intent", default("script1")),
        node("script1", "script", branch(cond("a"), "script2"), default("entity3")),
        node("script2", "script", default("script1")),
        node("entity3", "entity", default("script4")),
        node("script4", "script", branch(cond("b"), "script5"), default("end")),
        node("script5", "script", branch(cond("c"), "script4"), default("entity3"))))
    found = of(payload, RULE)
    assert [(f.node, f.nodes) for f in found] == [("script1", ("script1", "script2")),
                                                  ("script4", ("script4", "script5"))]
    assert [f.pointer for f in found] == [f"{DIALOG0}/nodes/1", f"{DIALOG0}/nodes/4"]


def test_finding_sits_on_the_first_node_in_dialog_order():
    payload = publish_status(dialog(node("intent0", "intent", default("script2")),
                                    node("message1", "message", default("script2")),
                                    node("script2", "script", branch(cond("x"), "end"), default("message1"))))
    (f,) = of(payload, RULE)
    assert (f.node, f.nodes) == ("message1", ("message1", "script2"))


def test_acyclic_dialog_has_no_auto_loop():
    payload = publish_status(dialog(node("intent0", "intent", default("script1")),
                                    node("script1", "script", branch(cond("a"), "message2"),
                                         default("message2")),
                                    node("message2")))
    assert findings(payload, RULE) == set()


def test_closed_loop_without_input_is_also_loop_without_exit():
    payload = publish_status(dialog(node("intent0", "intent", default("script1")),
                                    node("script1", "script", default("script2")),
                                    node("script2", "script", default("script1"))))
    assert findings(payload) == {(RULE, "script1"), ("loop-without-exit", "script1")}
