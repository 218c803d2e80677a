"""KL109 missing-component: a node's componentId is not among the export's components (per node)."""
from helpers import bot, bot_export, component, dialog, findings, node, of, publish_status

RULE = "missing-component"


def _bot(*components: dict, cid: str = "dc-msg") -> dict:
    return bot(dialog(node("intent0", "intent", {"default": "message1"}),
                      node("message1", "message", componentId=cid)),
               components=list(components))


def test_a_component_id_the_export_does_not_list_is_reported():
    payload = _bot(component("dc-other"))
    assert findings(payload, RULE) == {(RULE, "message1")}
    (f,) = of(payload, RULE)
    assert f.rule == "KL109" and f.severity.value == "error"
    assert f.pointer == "/dialogs/0/nodes/1/componentId" and f.line is not None


def test_a_listed_component_passes():
    assert findings(_bot(component("dc-msg", name="Greeting")), RULE) == set()


def test_a_malformed_component_with_that_id_is_not_missing():
    assert findings(_bot({"_id": "dc-msg", "type": 7}), RULE) == set()


def test_a_malformed_component_without_a_readable_id_makes_the_list_unsure():
    assert findings(_bot({"name": "no id"}), RULE) == set()


def test_a_node_without_component_id_passes():
    payload = bot(dialog(node("intent0", "intent", {"default": "message1"}), node("message1")))
    assert findings(payload, RULE) == set()


def test_an_export_without_a_component_list_is_not_checked():
    payload = bot_export(dialog(node("intent0", "intent", componentId="dc-x")))
    del payload["dialogComponents"]
    assert findings(payload, RULE) == set()


def test_a_publish_status_carries_no_components_and_is_not_checked():
    payload = publish_status(dialog(node("intent0", "intent", componentId="dc-x")))
    assert findings(payload, RULE) == set()


def test_a_dialog_export_is_checked():
    payload = {"_id": "dg-1", "name": "Pay", "nodes": [node("intent0", "intent", componentId="dc-1")],
               "components": [component("dc-2", "intent")]}
    (f,) = of(payload, RULE)
    assert (f.node, f.pointer) == ("intent0", "/nodes/0/componentId")


def test_one_finding_per_node():
    payload = bot(dialog(node("intent0", "intent", {"default": "message1"}),
                         node("message1", "message", {"default": "message2"}, componentId="dc-gone"),
                         node("message2", "message", componentId="dc-gone")))
    got = of(payload, RULE)
    assert [f.node for f in got] == ["message1", "message2"]
    assert len({f.fingerprint for f in got}) == 2
