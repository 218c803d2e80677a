"""Node types of XO 10/11 (spec section 4): which wait for the user, which end the dialog by
design, and that the known ones are drawn as themselves."""
import json

import pytest

from analyzer.drawing import STYLES
from analyzer.flow import DialogFlow
from analyzer.payload import parse
from helpers import branch, cond, default, dialog, findings, node, of, publish_status

ON_INPUT = {"nodeOptions": {"transitionType": "onInput", "customTags": {"session": []}}}


def flow_of(*nodes: dict) -> DialogFlow:
    doc = parse(json.dumps(publish_status(dialog(*nodes))).encode(), "p.json")
    return DialogFlow(doc.dialogs[0])


def menu(kind: str, **extra) -> dict:
    """intent0 -> menu1 (of `kind`) <-> message2: a loop the user can leave only by switching intent
    when menu1 waits for input."""
    return publish_status(dialog(node("intent0", "intent", default("menu1")),
                                 node("menu1", kind, branch(cond("choice"), "message2"), default("menu1"),
                                      **extra),
                                 node("message2", "message", default("menu1"))))


@pytest.mark.parametrize("kind", ["aiassist", "confirmation", "digitalFormNode"])
def test_agent_and_confirmation_nodes_wait_for_the_user(kind):
    assert flow_of(node("intent0", "intent", default("n1")), node("n1", kind, default("end"))).is_input("n1")
    assert findings(menu(kind), "auto-loop") == set()
    (f,) = of(menu(kind), "loop-without-exit")
    assert f.severity.value == "warning"  # a menu, not a trap


def test_a_message_waiting_on_input_waits_for_the_user():
    f = flow_of(node("intent0", "intent", default("m1")), node("m1", "message", default("end"), **ON_INPUT),
                node("m2", "message", default("end"), nodeOptions={"transitionType": "auto"}))
    assert f.is_input("m1") and not f.is_input("m2")
    assert findings(menu("message", **ON_INPUT), "auto-loop") == set()
    (loop,) = of(menu("message"), "auto-loop")  # the same loop without onInput never waits
    assert loop.node == "menu1"


@pytest.mark.parametrize("options", [5, "onInput", [{"transitionType": "onInput"}], {"transitionType": 3},
                                     None])
def test_odd_node_options_are_no_input_and_no_crash(options):
    f = flow_of(node("intent0", "intent", default("m1")),
                node("m1", "message", default("end"), nodeOptions=options))
    assert not f.is_input("m1")


@pytest.mark.parametrize("kind", ["generativeai", "searchai", "dynamicIntent", "webhook", "sdkwebhook"])
def test_nodes_that_run_without_the_user_do_not_wait(kind):
    f = flow_of(node("intent0", "intent", default("n1")), node("n1", kind, default("end")))
    assert not f.is_input("n1")
    (loop,) = of(menu(kind), "auto-loop")
    assert loop.node == "menu1"


def test_an_agent_transfer_ends_the_dialog_by_design():
    # Its transitions back into the dialog do not make a region without exit.
    payload = publish_status(dialog(node("intent0", "intent", default("script1")),
                                    node("script1", "script", default("transfer2")),
                                    node("transfer2", "agentTransfer", default("script1"))))
    assert findings(payload, "loop-without-exit") == set()
    f = flow_of(node("intent0", "intent", default("t1")), node("t1", "agentTransfer"))
    assert f.ends_by_design("t1") and not f.ends_by_design("intent0")


@pytest.mark.parametrize("kind", ["aiassist", "generativeai", "searchai", "dynamicIntent", "webhook",
                                  "sdkwebhook", "digitalFormNode", "confirmation", "agentTransfer"])
def test_known_node_types_have_their_own_look(kind):
    assert kind in STYLES
