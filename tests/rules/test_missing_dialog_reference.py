"""KL601 missing-dialog-reference: a non-entry intent node whose component carries a `dialogId`
that no dialog of the bot export has (one per node, at the node)."""
from helpers import bot, calls, component, default, dialog, findings, node, of, publish_status

RULE = "missing-dialog-reference"


def billing(*nodes, did="dg-billing", name="Billing"):
    return {**dialog(*nodes, name=name), "_id": did}


def test_call_to_a_dialog_that_is_not_in_the_export():
    call, comp = calls("intent2", "dg-deleted", default("end"), name="Talk to Agent")
    payload = bot(billing(node("intent0", "intent", default("entity1")),
                          node("entity1", "entity", default("intent2")),
                          call), components=[comp])
    (f,) = of(payload, RULE)
    assert (f.rule, f.severity.value, f.node, f.dialog, f.dialog_id) == (
        "KL601", "error", "intent2", "Billing", "dg-billing")
    assert f.pointer == "/dialogs/0/nodes/2" and f.line is not None
    assert "'dg-deleted'" in f.message and "'Talk to Agent'" in f.message


def test_calls_to_dialogs_of_the_export_pass():
    to_other, c1 = calls("intent1", "dg-other", default("intent2"))
    to_self, c2 = calls("intent2", "dg-billing", default("end"))  # a dialog may run itself
    other = {**dialog(node("intent0", "intent"), name="Other"), "_id": "dg-other"}
    payload = bot(billing(node("intent0", "intent", default("intent1")), to_other, to_self), other,
                  components=[c1, c2])
    assert findings(payload, RULE) == set()


def test_the_entry_is_not_a_call_whatever_its_component_says():
    d = billing(node("intent0", "intent", default("end"), componentId="dc-entry"))
    payload = bot(d, components=[component("dc-entry", "intent", dialogId="dg-somewhere-else")])
    assert findings(payload, RULE) == set()


def test_sub_intents_and_unknown_components_are_not_calls():
    sub, comp = calls("intent1", None, default("intent2"))
    payload = bot(billing(node("intent0", "intent", default("intent1")), sub,
                          node("intent2", "intent", default("end"), componentId="dc-not-exported")),
                  components=[comp])
    assert findings(payload, RULE) == set()


def test_a_dialog_is_found_by_ref_id_too():
    call, comp = calls("intent1", "ref-other", default("end"))
    other = {**dialog(node("intent0", "intent"), name="Other"), "_id": "dg-other", "refId": "ref-other"}
    payload = bot(billing(node("intent0", "intent", default("intent1")), call), other, components=[comp])
    assert findings(payload, RULE) == set()


def test_one_finding_per_calling_node_even_unreachable():
    a, ca = calls("intent1", "dg-gone", default("end"), cid="dc-gone")
    b, _ = calls("intent2", "dg-gone", default("end"), cid="dc-gone")  # same component, unreachable
    payload = bot(billing(node("intent0", "intent", default("intent1")), a, b), components=[ca])
    assert [(f.node, f.pointer) for f in of(payload, RULE)] == [
        ("intent1", "/dialogs/0/nodes/1"), ("intent2", "/dialogs/0/nodes/2")]


def test_dialog_exports_and_publish_status_are_not_checked():
    call, comp = calls("intent1", "dg-elsewhere", default("end"))
    export = {**billing(node("intent0", "intent", default("intent1")), call), "components": [comp]}
    assert findings(export, RULE) == set()  # a dialog export never holds the dialogs it runs
    assert findings(publish_status(billing(node("intent0", "intent", default("intent1")), call)),
                    RULE) == set()
