"""KL211 dead-end-question: a reachable entity or confirmation node whose every way out ends the
dialog (per node)."""
import pytest

from helpers import DIALOG0, bot, branch, component, default, dialog, findings, node, of, publish_status

RULE = "dead-end-question"


def _dialog(kind: str, *transitions: dict, **extra) -> dict:
    asking = node("entity1", kind, *transitions, **extra)
    if not transitions:
        asking["transitions"] = []
    return publish_status(dialog(node("intent0", "intent", default("entity1")), asking, node("message2")))


@pytest.mark.parametrize("kind", ["entity", "dialogAct", "confirmation"])
@pytest.mark.parametrize("transitions", [
    (),
    (default(""),),
    (default("end"),),
    (default(None),),
    (branch({"dialogAct": "yes"}, "end"), branch({"dialogAct": "no"}, ""), default("end")),
])
def test_a_question_whose_every_way_out_ends_the_dialog_is_reported(kind, transitions):
    payload = _dialog(kind, *transitions)
    assert findings(payload, RULE) == {(RULE, "entity1")}
    (f,) = of(payload, RULE)
    assert f.rule == "KL211" and f.severity.value == "warning"
    assert f.pointer == f"{DIALOG0}/nodes/1" and f.line is not None


@pytest.mark.parametrize("kind, transitions", [
    ("entity", (default("message2"),)),
    ("entity", (branch({"field": "entity1"}, "message2"), default("end"))),
    ("dialogAct", (branch({"dialogAct": "yes"}, "message2"), default("end"))),
    ("message", (default("end"),)),
    ("script", (default(""),)),
])
def test_a_way_on_or_a_node_that_asks_nothing_passes(kind, transitions):
    assert findings(_dialog(kind, *transitions), RULE) == set()


def test_an_unreachable_question_is_left_to_unreachable_node():
    payload = publish_status(dialog(node("intent0", "intent", default("message2")), node("message2"),
                                    node("entity1", "entity", default(""))))
    assert findings(payload, RULE) == set()


def test_a_question_whose_prompt_is_built_by_code_is_not_reported():
    prompt = [{"channel": "rtm", "localeData": {"en": {"text": "var%20x%3D1", "type": "javascript"}}}]
    payload = bot(dialog(node("intent0", "intent", default("entity1")),
                         node("entity1", "dialogAct", default("end"), componentId="dc-ask")),
                  components=[component("dc-ask", "dialogAct", "SwitchLanguage", message=prompt)])
    assert findings(payload, RULE) == set()


def test_a_plain_prompt_is_still_reported_in_a_bot_export():
    prompt = [{"channel": "default", "localeData": {"en": {"text": "How%20much%3F", "type": "basic"}}}]
    payload = bot(dialog(node("intent0", "intent", default("entity1")),
                         node("entity1", "entity", default(""), componentId="dc-ask")),
                  components=[component("dc-ask", "entity", "Amount", message=prompt)])
    (f,) = of(payload, RULE)
    assert f.node == "entity1" and f.node_name == "Amount"
