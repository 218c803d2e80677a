"""Components: each node's `componentId` resolved against `dialogComponents` (bot export) or
`components` (dialog export); names and service end points for findings and the report; malformed
components are KL001 findings; which node first runs each component (steps of botActions too)."""
from __future__ import annotations

import json

from analyzer.engine import Linter
from analyzer.payload import parse
from helpers import bot, bot_export, component, default, dialog, node, of, service


def load(payload, analyse: bool = True):
    doc = parse(json.dumps(payload, indent=2).encode(), "bot.json", stream=analyse)
    if analyse:
        Linter().analyze(doc)
    return doc


def test_nodes_are_resolved_to_their_components():
    d = dialog(node("intent0", "intent", default("service1")),
               node("service1", "service", default("message2"), componentId="dc-s"),
               node("message2", "message", default("end"), componentId="dc-missing"), name="Pay")
    comp = service("dc-s", "charge card", protocol="https", host="pay.example.com", port="8443",
                   path="v2/charge",
                   method="post")
    doc = load(bot(d, components=[comp]), analyse=False)
    entry, svc, msg = doc.dialogs[0].nodes
    assert entry.component.dialog_id == "dg-test" and entry.component.name == "Pay"
    assert (svc.component.name, svc.component.type,
            svc.component.pointer) == ("charge card", "service", "/dialogComponents/0")
    ep = svc.component.endpoint
    assert (ep.url, ep.scheme, ep.host, ep.method, ep.pointer) == (
        "https://pay.example.com:8443/v2/charge", "https", "pay.example.com", "post",
        "/dialogComponents/0/endPoint")
    assert svc.component.label == "charge card · POST https://pay.example.com:8443/v2/charge"
    assert msg.component is None


def test_names_fall_back_to_the_localised_label_then_the_id():
    comps = [{"_id": "dc-a", "type": "message",
              "localeData": {"de": {"label": "Gruss"}, "en": {"label": "Greeting"}}},
             {"_id": "dc-b", "type": "message"}]
    doc = load(bot(dialog(node("intent0", "intent")), components=comps), analyse=False)
    assert (doc.components["dc-a"].name, doc.components["dc-b"].name) == ("Greeting", "dc-b")


def test_dialog_export_components():
    export = {**dialog(node("intent0", "intent", default("service1"), componentId="dc-i"),
                       node("service1", "service", default("end"), componentId="dc-s")),
              "components": [component("dc-i", "intent"),
                             service("dc-s", "lookup", protocol="http", host="x.example.com")]}
    doc = load(export, analyse=False)
    assert doc.kind == "dialog-export"
    assert doc.dialogs[0].nodes[1].component.endpoint.pointer == "/components/1/endPoint"
    assert [f.pointer for f in of(export, "insecure-endpoint")] == ["/components/1/endPoint"]


def test_credentials_never_reach_the_shown_url():
    key = "1334f9cc3b781acf00dc366135a986d6"
    comp = service("dc-w", protocol="https", host="u:Sup3rS3cret!@api.example.com",
                   path=f"/w?appid={key}&q=x")
    doc = load(bot(dialog(node("intent0", "intent")), components=[comp]), analyse=False)
    url = doc.components["dc-w"].endpoint.url
    assert key not in url and "Sup3rS3cret!" not in url
    assert url == "https://u:Sup3…@api.example.com/w?appid=1334…&q=x"


def test_malformed_components_are_reported_and_the_rest_is_read():
    comps = [5, {"name": "no id"}, {"_id": "dc-x", "dialogId": 42}, {"_id": "dc-y", "endPoint": "http://a"},
             service("dc-ok", "fine"), {"_id": "dc-ok", "name": "a repeated id"}]
    payload = bot(dialog(node("intent0", "intent")), components=comps)
    found = of(payload, "malformed-payload")
    assert [f.pointer for f in found] == [f"/dialogComponents/{i}" for i in range(4)]
    assert "dc-x" in found[2].message and "dialogId" in found[2].message
    doc = load(payload, analyse=False)
    assert doc.components["dc-ok"].name == "fine"
    (f,) = of(bot_export(dialog(node("intent0", "intent")), dialogComponents="x"), "malformed-payload")
    assert f.pointer == "/dialogComponents"


def test_first_users_of_components_including_bot_action_steps():
    d1 = dialog(node("intent0", "intent", default("bac1")),
                node("bac1", "botAction", default("end"), componentId="dc-bac"), name="One")
    d2 = {**dialog(node("intent0", "intent", default("service1")),
                   node("service1", "service", default("end"), componentId="dc-s"), name="Two"),
                   "_id": "dg-two"}
    comps = [component("dc-bac", "botAction", "steps", nodes=[
        {"nodeId": "s1", "type": "service", "componentId": "dc-s", "transitions": [{"default": ""}]}]),
        service("dc-s", "shared")]
    doc = load(bot(d1, d2, components=comps))
    use = doc.component_users["dc-s"]
    assert (use.dialog_index, use.node, use.node_index) == (0, "bac1", 1)
    assert doc.components["dc-bac"].steps == ("dc-s",)
    assert [c.name for c in doc.calls] == ["One", "Two"]
