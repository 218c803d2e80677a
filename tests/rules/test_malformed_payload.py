"""KL001 malformed-payload: a part of the input that does not have the expected shape; the rest
is still analysed."""
import pytest

from helpers import (
    DIALOG0,
    answering,
    bot_export,
    default,
    dialog,
    findings,
    knowledge,
    node,
    of,
    publish_status,
    resource,
    term,
)

RULE = "malformed-payload"


@pytest.mark.parametrize("bad", [
    {"nodeId": 42, "type": "message", "transitions": [{"default": "end"}]},
    {"nodeId": "", "type": "message"},
    {"type": "message", "transitions": [{"default": "end"}]},
    {"nodeId": "message3", "transitions": [{"default": "end"}]},
    {"nodeId": "message3", "type": "message", "transitions": {"default": "end"}},
    {"nodeId": "message3", "type": "message", "transitions": [{"default": 5}]},
    {"nodeId": "message3", "type": "message", "transitions": ["end"]},
    "message3",
    None,
])
def test_malformed_node_among_good_ones(bad):
    payload = publish_status(dialog(node("intent0", "intent", default("message1")),
                                    node("message1"),
                                    bad,
                                    node("message2")))
    found = of(payload, RULE)
    # The node id is named when it can be read.
    named = "message3" if isinstance(bad, dict) and bad.get("nodeId") == "message3" else None
    assert [(f.node, f.pointer) for f in found] == [(named, f"{DIALOG0}/nodes/2")]
    f = found[0]
    assert f.rule == "KL001" and f.severity.value == "error" and f.line is not None
    assert f.dialog == "Test dialog"
    # the well-formed nodes are still analysed: message2 is unreachable
    assert findings(payload) == {(RULE, named), ("unreachable-node", "message2")}


def test_transition_to_a_malformed_node_is_not_dangling():
    payload = publish_status(dialog(node("intent0", "intent", default("script1")),
                                    {"nodeId": "script1", "type": "script", "transitions": [{"default": 5}]},
                                    node("message2")))
    # script1 exists (it is only unreadable): no dangling target on intent0. Where script1 leads
    # is unknown, so message2 still counts as unreachable.
    assert findings(payload) == {(RULE, "script1"), ("unreachable-node", "message2")}


def test_malformed_node_does_not_hide_other_nodes_findings():
    payload = publish_status(dialog(node("intent0", "intent", default("script1")),
                                    {"nodeId": "script9", "type": 3},
                                    node("script1", "script", default("message7"))))
    assert findings(payload) == {(RULE, "script9"), ("dangling-target", "script1")}
    (f,) = of(payload, "dangling-target")
    assert f.pointer == f"{DIALOG0}/nodes/2/transitions/0"


def test_transition_of_no_kind_is_reported_on_the_transition():
    payload = publish_status(dialog(node("intent0", "intent", default("message1")),
                                    node("message1", "message", {"goto": "end"}, default("end"))))
    assert findings(payload) == {(RULE, "message1")}
    (f,) = of(payload, RULE)
    assert f.pointer == f"{DIALOG0}/nodes/1/transitions/0"


def test_malformed_dialog_does_not_hide_the_others():
    payload = bot_export(answering("Good"), "not a dialog",
                         dialog(node("intent0", "intent", default("gone")), name="Also good"))
    assert findings(payload) == {(RULE, None), ("dangling-target", "intent0")}
    (f,) = of(payload, RULE)
    assert f.pointer == "/dialogs/1" and f.dialog is None


def test_nodes_that_are_not_an_array():
    payload = publish_status(dialog(name="Broken") | {"nodes": "intent0"})
    (f,) = of(payload, RULE)
    assert f.pointer == f"{DIALOG0}/nodes"


@pytest.mark.parametrize("summary, pointer", [
    ({"statusSummary": {"resourceType": "dialog"}}, "/statusSummary"),
    ({"statusSummary": ["SETTINGS"]}, "/statusSummary/0"),
    ({"statusSummary": [resource("dialog", "SUCCESS", "Book a flight")]}, "/statusSummary/0"),
    ({"statusSummary": [resource("knowledge", result=["t0"])]}, "/statusSummary/0/result"),
    ({"statusSummary": [resource("knowledge", result={"taxonomy": {"nodeId": "t0"}})]},
     "/statusSummary/0/result/taxonomy"),
])
def test_malformed_resources(summary, pointer):
    payload = {**publish_status(), **summary}
    found = of(payload, RULE)
    assert [(f.node, f.pointer) for f in found] == [(None, pointer)]


def test_failed_dialog_resource_without_result_is_not_malformed():
    payload = publish_status(resources=[resource("dialog", "FAILED", "Book a flight")])
    assert findings(payload) == {("resource-failed", None)}


def test_malformed_term_does_not_hide_the_other_terms():
    payload = publish_status(resources=[knowledge(term("t0"), {"label": "no id"}, term("t2", "t9"))])
    assert findings(payload) == {(RULE, None), ("kg-dangling-parent", "t2")}
    (f,) = of(payload, RULE)
    assert f.pointer == "/statusSummary/0/result/taxonomy/1"


def test_unknown_fields_and_node_types_are_normal():
    payload = publish_status(dialog(
        node("intent0", "intent", {"default": "x1", "metadata": {"color": "#299d8e"}},
             futureFlag=True, nodeOptions={"transitionType": "auto"}),
        node("x1", "someFutureNodeType", default("end"), componentId="dc-1",
             positionMeta={"left": 1, "top": 2}),
        lMod="2024-01-01"), someNewField=[1, 2])
    assert findings(payload) == set()
