"""`korelint diff OLD NEW`: pairs built from the samples, one kind of change at a time."""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from helpers import (
    SAMPLES,
    bot,
    branch,
    component,
    cond,
    default,
    dialog,
    korelint,
    node,
    publish_status,
    service,
)

BOT = json.loads((SAMPLES / "kinds" / "bot-export.json").read_text())
BALANCE = "dg-c3c97142-7825-5d48-9131-a4bb300e25fa"  # dialog 'Check Balance'


def write(tmp_path: Path, name: str, payload, indent: int | None = 2) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(payload, indent=indent))
    return path


def diff(tmp_path: Path, old, new, *args) -> tuple[int, dict]:
    """Exit code and the json document of `korelint diff OLD NEW --format json ARGS`."""
    a = old if isinstance(old, Path) else write(tmp_path, "old.json", old)
    b = new if isinstance(new, Path) else write(tmp_path, "new.json", new)
    ran = korelint("diff", a, b, "--format", "json", *args)
    assert ran.code in (0, 1), ran.err
    return ran.code, json.loads(ran.out)


def edited(edit) -> dict:
    payload = copy.deepcopy(BOT)
    edit(payload)
    return payload


def balance(payload: dict) -> dict:
    return next(d for d in payload["dialogs"] if d["_id"] == BALANCE)


def node_of(payload: dict, nid: str) -> dict:
    return next(n for n in balance(payload)["nodes"] if n["nodeId"] == nid)


def comp(payload: dict, name: str) -> dict:
    return next(c for c in payload["dialogComponents"] if c["name"] == name)


def only_dialog(doc: dict) -> dict:
    (d,) = doc["dialogs"]
    return d


# -- no changes ---------------------------------------------------------------------------------
def test_the_same_file_has_no_changes(tmp_path):
    path = SAMPLES / "kinds" / "bot-export.json"
    code, doc = diff(tmp_path, path, path)
    assert code == 0
    assert doc["dialogs"] == [] and doc["findings"]["new"] == doc["findings"]["fixed"] == []
    assert doc["summary"]["dialogs_unchanged"] == 2
    assert set(doc) == {"tool", "old", "new", "summary", "dialogs", "findings"}
    assert doc["old"] == {"path": str(path), "kind": "bot-export"}


def test_a_reformatted_copy_with_new_timestamps_has_no_changes(tmp_path):
    def reorder(value):
        if isinstance(value, dict):
            return {k: reorder(value[k]) for k in reversed(list(value))}
        if isinstance(value, list):
            return [reorder(v) for v in value]
        return value

    new = reorder(BOT)
    for d in new["dialogs"]:
        d["lMod"] = "2026-12-04T10:00:00.000Z"
        d["createdOn"] = "2026-12-04T09:00:00.000Z"
    a, b = write(tmp_path, "a.json", BOT, indent=None), write(tmp_path, "b.json", new, indent=4)
    code, doc = diff(tmp_path, a, b)
    assert code == 0 and doc["dialogs"] == []
    text = korelint("diff", tmp_path / "a.json", tmp_path / "b.json")
    assert "No changes" in text.out and text.code == 0


def test_a_zipped_export_against_its_json_has_no_changes(tmp_path):
    code, doc = diff(tmp_path, SAMPLES / "kinds" / "bot-export.zip", SAMPLES / "kinds" / "bot-export.json")
    assert code == 0 and doc["dialogs"] == []
    assert doc["old"]["kind"] == "zip"


# -- dialogs ------------------------------------------------------------------------------------
def test_dialog_added_and_removed(tmp_path):
    new = edited(lambda p: p["dialogs"].pop(1))
    _, doc = diff(tmp_path, BOT, new)
    assert [(d["change"], d["name"]) for d in doc["dialogs"]] == [("removed", "Talk to Agent")]
    _, doc = diff(tmp_path, new, BOT)
    assert [(d["change"], d["name"]) for d in doc["dialogs"]] == [("added", "Talk to Agent")]
    assert doc["summary"]["dialogs_added"] == 1


def test_a_renamed_dialog_is_matched_by_id_and_says_its_old_name(tmp_path):
    new = edited(lambda p: balance(p)["localeData"]["en"].update(name="Account Balance"))
    _, doc = diff(tmp_path, BOT, new)
    d = only_dialog(doc)
    assert (d["change"], d["name"], d["old_name"], d["dialog_id"]) == ("changed", "Account Balance",
                                                                      "Check Balance", BALANCE)
    assert doc["summary"]["dialogs_renamed"] == 1


def test_dialogs_with_new_ids_are_matched_by_refid_then_by_name(tmp_path):
    def reimport(p):
        for d in p["dialogs"]:
            d["_id"] = "dg-new-" + d["_id"]
        p["dialogs"][1].pop("refId")  # 'Talk to Agent': only its name is left to match it by
    _, doc = diff(tmp_path, BOT, edited(reimport))
    assert doc["dialogs"] == [] and doc["summary"]["dialogs_unchanged"] == 2


# -- nodes --------------------------------------------------------------------------------------
def test_node_added_removed_and_type_changed(tmp_path):
    def edit(p):
        nodes = balance(p)["nodes"]
        nodes.append({"nodeId": "message9", "type": "message", "transitions": [{"default": "end"}]})
        nodes[:] = [n for n in nodes if n["nodeId"] != "script3"]
        node_of(p, "intent4")["type"] = "message"
    _, doc = diff(tmp_path, BOT, edited(edit))
    nodes = {(n["change"], n["node"]): n for n in only_dialog(doc)["nodes"]}
    assert set(nodes) == {("added", "message9"), ("removed", "script3"), ("changed", "intent4")}
    changed = nodes[("changed", "intent4")]
    assert changed["what"] == ["type"] and (changed["before"], changed["after"]) == ("dialog node", "message")
    assert nodes[("removed", "script3")]["node_name"] == "script3"
    assert nodes[("removed", "script3")]["type"] == "script"


def test_component_replaced_by_another(tmp_path):
    script = "dc-9e217b74-9fe5-5a27-92ba-e3bd6b31d6f4"
    new = edited(lambda p: node_of(p, "entity1").update(componentId=script))
    _, doc = diff(tmp_path, BOT, new)
    (n,) = only_dialog(doc)["nodes"]
    assert n["node"] == "entity1" and n["what"][0] == "component" and "name" in n["what"]


@pytest.mark.parametrize("name, edit, what, before, after", [
    ("message", lambda c: c.update(message=says("Bye%20now")),
     "message text", "Hello there", "Bye now"),
    ("script", lambda c: c.update(script="context.x%20%3D%202%3B"), "script text", "context.x = 1;",
     "context.x = 2;"),
    ("service", lambda c: c["endPoint"].update(method="post"), "service method", "GET", "POST"),
    ("service", lambda c: c["endPoint"].update(path="/v2/items"), "service URL",
     "https://api.example.com/v1/items", "https://api.example.com/v2/items"),
    ("service", lambda c: c.update(headers={"type": "raw", "value": json.dumps({"X-Trace": "on"})}),
     "headers", None, '{"X-Trace": "on"}'),
    ("entity", lambda c: c.update(entityType="number"), "entity type", "list_of_values", "number"),
    ("entity", lambda c: c["localeData"]["en"]["allowedValues"]["values"].append(
        {"value": "gold", "title": "Gold"}),
     "list of values", "savings (Savings), current", "savings (Savings), current, gold (Gold)"),
    ("entity", lambda c: c.update(message=says("Which one?")),
     "prompt text", "Which account?", "Which one?"),
])
def test_component_content_says_what_changed_with_a_short_before_and_after(tmp_path, name, edit, what,
                                                                          before, after):
    old = content_bot()
    new = copy.deepcopy(old)
    edit(next(c for c in new["dialogComponents"] if c["_id"] == f"dc-{name}"))
    _, doc = diff(tmp_path, old, new)
    (n,) = only_dialog(doc)["nodes"]
    assert (n["change"], n["node"], n["what"]) == ("changed", name, [what])
    assert n.get("before") == before and n["after"] == after


def says(text: str) -> list[dict]:
    """A component's `message` (or `errorMessage`) as the builder stores it."""
    return [{"channel": "default", "localeData": {"en": {"text": text}}}]


def content_bot() -> dict:
    """A bot whose one dialog runs a message, a script, a service and an entity, each with content."""
    return bot(dialog(node("intent0", "intent", default("entity")),
                      node("entity", "entity", default("message"), componentId="dc-entity"),
                      node("message", "message", default("script"), componentId="dc-message"),
                      node("script", "script", default("service"), componentId="dc-script"),
                      node("service", "service", default("end"), componentId="dc-service")),
               components=[
                   component("dc-message", "message", "Greeting", message=[
                       {"channel": "default", "localeData": {"en": {"text": "Hello%20there"}}}]),
                   component("dc-script", "script", "Compute", script="context.x%20%3D%201%3B"),
                   service("dc-service", "Fetch"),
                   component("dc-entity", "entity", "Account", entityType="list_of_values",
                             message=says("Which account?"),
                             localeData={"en": {"allowedValues": {"values": [
                                 {"value": "savings", "title": "Savings"}, {"value": "current"}]}}})])


def test_a_bot_action_says_which_step_changed(tmp_path):
    def with_action(method: str = "get", path: str = "/v1/items") -> dict:
        steps = [node("s1", "service", default(""), componentId="dc-call", level="root")]
        return bot(dialog(node("intent0", "intent", default("action")),
                          node("action", "botAction", default("end"), componentId="dc-action")),
                   components=[service("dc-call", "Call API", method=method, path=path),
                               component("dc-action", "botAction", "Pay", nodes=steps)])
    _, doc = diff(tmp_path, with_action(), with_action(method="post"))
    (n,) = only_dialog(doc)["nodes"]
    assert (n["node"], n["what"], n["before"], n["after"]) == (
        "action", ["step 'Call API' service method"], "GET", "POST")
    # URLs are shown decoded, as the builder shows them.
    _, doc = diff(tmp_path, with_action(), with_action(path="/v1/%7B%7Bcontext.id%7D%7D"))
    (n,) = only_dialog(doc)["nodes"]
    assert n["after"] == "https://api.example.com/v1/{{context.id}}"


def test_long_texts_show_where_they_differ(tmp_path):
    old = content_bot()
    text = "x" * 500
    comp_ = next(c for c in old["dialogComponents"] if c["_id"] == "dc-script")
    comp_["script"] = text + "A" + "y" * 300
    new = copy.deepcopy(old)
    next(c for c in new["dialogComponents"] if c["_id"] == "dc-script")["script"] = text + "B" + "y" * 300
    _, doc = diff(tmp_path, old, new)
    (n,) = only_dialog(doc)["nodes"]
    assert n["before"].startswith("…x") and "A" in n["before"] and "B" in n["after"]
    assert len(n["before"]) <= 122


def test_layout_moves_only_with_include_layout(tmp_path):
    new = edited(lambda p: node_of(p, "entity1")["metadata"].update(left=999))
    _, doc = diff(tmp_path, BOT, new)
    assert doc["dialogs"] == []
    _, doc = diff(tmp_path, BOT, new, "--include-layout")
    (n,) = only_dialog(doc)["nodes"]
    assert n["what"] == ["position"] and n["old_position"] == [250, 120] and n["new_position"] == [999, 120]


# -- transitions ----------------------------------------------------------------------------------
def transitions_of(doc: dict) -> list[tuple]:
    return [(t["change"], t["node"], t["branch"], t["old_target"], t["new_target"])
            for t in only_dialog(doc)["transitions"]]


def test_transition_retargeted(tmp_path):
    new = edited(lambda p: node_of(p, "service2")["transitions"][1].update(default="end"))
    _, doc = diff(tmp_path, BOT, new)
    assert transitions_of(doc) == [("retargeted", "service2", "default", "intent4", "end")]
    assert only_dialog(doc)["transitions"][0]["node_name"] == "service2"


def test_condition_changed_in_place(tmp_path):
    new = edited(lambda p: node_of(p, "service2")["transitions"][0]["if"].update(value="yes"))
    _, doc = diff(tmp_path, BOT, new)
    (t,) = only_dialog(doc)["transitions"]
    assert t["change"] == "condition"
    assert (t["old_condition"], t["new_condition"]) == ("context.balanceFound equals 'true'",
                                                       "context.balanceFound equals 'yes'")
    assert t["old_target"] == t["new_target"] == "script3"


def test_branch_added_and_removed(tmp_path):
    new = edited(lambda p: node_of(p, "service2")["transitions"].insert(
        1, {"if": {"context": "blocked", "op": "eq", "value": "true"}, "then": "end"}))
    _, doc = diff(tmp_path, BOT, new)
    assert transitions_of(doc) == [("added", "service2", "context.blocked equals 'true'", None, "end")]
    _, doc = diff(tmp_path, new, BOT)
    assert transitions_of(doc) == [("removed", "service2", "context.blocked equals 'true'", "end", None)]


def test_transitions_are_matched_by_connid_then_by_condition_position(tmp_path):
    def two_branches(targets, conn=None):
        trans = [branch(cond("a"), targets[0]), branch(cond("a"), targets[1]), default("end")]
        if conn:
            for t, c in zip(trans, conn, strict=True):
                t["metadata"] = {"connId": c}
        return bot(dialog(node("intent0", "intent", default("m1")), node("m1", "message", *trans),
                          node("m2"), node("m3")))
    # Same condition twice: by position among those branches.
    _, doc = diff(tmp_path, two_branches(["m2", "m3"]), two_branches(["m2", "m2"]))
    assert transitions_of(doc) == [("retargeted", "m1", "context.a equals 'x'", "m3", "m2")]
    # With connIds: swapped branches are the same connections, each retargeted.
    _, doc = diff(tmp_path, two_branches(["m2", "m3"], ["c1", "c2", "c3"]),
                  two_branches(["m3", "m2"], ["c2", "c1", "c3"]))
    assert doc["dialogs"] == []
    # Same connIds, targets swapped: both connections retargeted.
    _, doc = diff(tmp_path, two_branches(["m2", "m3"], ["c1", "c2", "c3"]),
                  two_branches(["m3", "m2"], ["c1", "c2", "c3"]))
    assert [t[0] for t in transitions_of(doc)] == ["retargeted", "retargeted"]


# -- findings -------------------------------------------------------------------------------------
def broken() -> dict:
    """The bot with a transition to a node that does not exist (KL101, an error)."""
    return edited(lambda p: node_of(p, "script3")["transitions"][0].update(default="ghost"))


def test_new_findings_fail_and_fixed_findings_pass(tmp_path):
    code, doc = diff(tmp_path, BOT, broken())
    assert code == 1
    assert [f["rule"] for f in doc["findings"]["new"]] == ["KL101"]
    assert doc["findings"]["new"][0]["node_name"] == "script3"
    code, doc = diff(tmp_path, broken(), BOT)
    assert code == 0
    assert [f["rule"] for f in doc["findings"]["fixed"]] == ["KL101"]
    assert doc["findings"]["new"] == []


def test_findings_on_both_sides_are_only_counted(tmp_path):
    def edit(p):
        broken_edit(p)
        balance(p)["localeData"]["en"].update(name="Renamed")
    code, doc = diff(tmp_path, broken(), edited(edit))
    assert code == 0 and doc["findings"]["new"] == [] and doc["findings"]["unchanged"] >= 1


def broken_edit(p: dict) -> None:
    node_of(p, "script3")["transitions"][0].update(default="ghost")


def test_fail_on_and_select(tmp_path):
    code, _ = diff(tmp_path, BOT, broken(), "--fail-on", "never")
    assert code == 0
    code, doc = diff(tmp_path, BOT, broken(), "--ignore", "KL101")
    assert code == 0 and doc["findings"]["new"] == []
    code, doc = diff(tmp_path, BOT, broken(), "--select", "KL1")
    assert code == 1


def test_new_findings_fail_when_the_dialog_has_another_id_in_new(tmp_path):
    """Fingerprints of OLD are taken with the id its dialog has in NEW: a re-imported bot whose
    dialogs got new ids brings no new finding for an old problem."""
    def reimport(p):
        broken_edit(p)
        for d in p["dialogs"]:
            d["_id"] = "dg-new-" + d["_id"]
        for c in p["dialogComponents"]:  # the dialog nodes run the dialogs by their new ids
            if "dialogId" in c:
                c["dialogId"] = "dg-new-" + c["dialogId"]
    code, doc = diff(tmp_path, broken(), edited(reimport))
    assert code == 0 and doc["findings"]["new"] == [] and doc["findings"]["fixed"] == []


# -- inputs ---------------------------------------------------------------------------------------
def test_cross_kind_publish_status_against_a_bot_export(tmp_path):
    status = SAMPLES / "kinds" / "publish-status.json"
    code, doc = diff(tmp_path, status, SAMPLES / "kinds" / "bot-export.json")
    assert code in (0, 1)
    assert doc["old"]["kind"] == "publish-status" and doc["new"]["kind"] == "bot-export"
    names = {(d["change"], d["name"]) for d in doc["dialogs"]}
    assert ("added", "Check Balance") not in names  # matched by name despite another id


def test_one_side_from_stdin(tmp_path):
    path = SAMPLES / "kinds" / "bot-export.json"
    ran = korelint("diff", "-", path, "--format", "json", stdin=path.read_bytes())
    assert ran.code == 0 and json.loads(ran.out)["old"]["path"] == "<stdin>"
    ran = korelint("diff", "-", "-")
    assert ran.code == 2 and "stdin" in ran.err


@pytest.mark.parametrize("bad", ["missing.json", "garbage.json", "lex.json"])
def test_unreadable_inputs_exit_2_with_one_line_naming_the_file(tmp_path, bad):
    (tmp_path / "garbage.json").write_text("{not json")
    (tmp_path / "lex.json").write_text(json.dumps({"resource": {"name": "x"}}))
    good = SAMPLES / "kinds" / "bot-export.json"
    for args in ((tmp_path / bad, good), (good, tmp_path / bad)):
        ran = korelint("diff", *args)
        assert ran.code == 2 and ran.out == ""
        lines = ran.err.strip().splitlines()
        assert len(lines) == 1 and bad in lines[0]


# -- masking and formats --------------------------------------------------------------------------
SECRET = "sk_live_51HxQ2eLkdIwHu7ixZc4Ut9f0Vd7kQ3pA1bC2dE3fG"


def test_a_credential_in_changed_text_is_masked_in_every_format(tmp_path):
    old = content_bot()
    new = copy.deepcopy(old)
    next(c for c in new["dialogComponents"] if c["_id"] == "dc-script")["script"] = f"var key = '{SECRET}';"
    next(c for c in new["dialogComponents"] if c["_id"] == "dc-service")["headers"] = {
        "type": "raw", "value": json.dumps({"Authorization": f"Bearer {SECRET}"})}
    a, b = write(tmp_path, "old.json", old), write(tmp_path, "new.json", new)
    for fmt in ("text", "json", "markdown"):
        ran = korelint("diff", a, b, "--format", fmt)
        assert ran.code == 1, ran.err  # the credential is a new KL501 error
        assert SECRET not in ran.out and SECRET[:8] not in ran.out, fmt
        assert "l…" in ran.out


def test_text_output_speaks_the_builders_language(tmp_path):
    new = edited(lambda p: (node_of(p, "service2")["transitions"][1].update(default="end"),
                            balance(p)["localeData"]["en"].update(name="Account Balance")))
    ran = korelint("diff", write(tmp_path, "a.json", BOT), write(tmp_path, "b.json", new))
    assert ran.code == 0
    assert "dialog 'Account Balance' changed, renamed from 'Check Balance'" in ran.out
    assert ("service 'service2': default now goes to end of dialog (was dialog node 'Talk to Agent')"
            in ran.out)


def test_markdown_fits_a_comment_and_says_what_it_left_out(tmp_path):
    def many(n):
        return bot(*[dict(dialog(node("intent0", "intent", default("m")),
                                 node("m", "message", default("end"), componentId=f"dc-m{i}"),
                                 name=f"Dialog {i}"), _id=f"dg-{i}") for i in range(n)],
                   components=[component(f"dc-m{i}", "message", f"Message {i}", message=[
                       {"channel": "default", "localeData": {"en": {"text": "a" * 200}}}]) for i in range(n)])
    old, new = many(400), many(400)
    for c in new["dialogComponents"][:400]:
        c["message"][0]["localeData"]["en"]["text"] = "b" * 200
    ran = korelint("diff", write(tmp_path, "a.json", old, None), write(tmp_path, "b.json", new, None),
                   "--format", "markdown")
    assert ran.code == 0
    assert len(ran.out) <= 60_000
    assert "more changed dialog(s)" in ran.out
    assert "| Dialogs | 0 | 0 | 400 |" in ran.out


def test_output_file(tmp_path):
    out = tmp_path / "diff.md"
    ran = korelint("diff", SAMPLES / "kinds" / "bot-export.json", write(tmp_path, "b.json", broken()),
                   "--format", "markdown", "-o", out)
    assert ran.code == 1 and ran.out == ""
    assert "New findings" in out.read_text()


def test_publish_statuses_saved_again_renamed_and_retargeted(tmp_path):
    """Publish statuses have no components: dialogs whose nodes are the same bytes are not read
    again, and a rename or an edit still shows."""
    def status(name: str, target: str) -> dict:
        first = dialog(node("intent0", "intent", default("m1")), node("m1", "message", default(target)),
                       name=name)
        other = dict(dialog(node("intent0", "intent", default("end")), name="Other"), _id="dg-2")
        return publish_status(first, other)
    old = status("Pay bill", "end")
    saved = copy.deepcopy(old)
    saved["lastModifiedOn"] = "2026-12-04T10:00:00.000Z"
    _, doc = diff(tmp_path, old, saved)
    assert doc["dialogs"] == [] and doc["summary"]["dialogs_unchanged"] == 2
    _, doc = diff(tmp_path, old, status("Pay a bill", "end"))
    renamed = [(d["name"], d["old_name"], d["nodes"]) for d in doc["dialogs"]]
    assert renamed == [("Pay a bill", "Pay bill", [])]
    _, doc = diff(tmp_path, old, status("Pay bill", ""))
    assert transitions_of(doc) == [("retargeted", "m1", "default", "end", "")]


def test_dialogs_only_saved_again_keep_their_findings_unchanged(tmp_path):
    """A dialog the same but for its timestamps is linted on NEW's side only: its findings
    (a dangling target, a malformed node, a dialog not approved) are neither new nor fixed."""
    def status(target: str, saved: str) -> dict:
        nodes = [node("intent0", "intent", default("m1")), node("m1", "message", default("ghost")),
                 {"nodeId": 7, "type": "message"}]
        broken_dialog = dict(dialog(*nodes, name="Broken", state="configured"), lMod=saved)
        edited_dialog = dict(dialog(node("intent0", "intent", default(target)), name="Edited"), _id="dg-2")
        return publish_status(broken_dialog, edited_dialog)
    code, doc = diff(tmp_path, status("end", "2026-01-01"), status("", "2026-12-04"))
    assert code == 0
    assert doc["findings"]["new"] == [] and doc["findings"]["fixed"] == []
    assert doc["findings"]["unchanged"] >= 3
    assert [d["name"] for d in doc["dialogs"]] == ["Edited"]
    code, doc = diff(tmp_path, status("end", "2026-01-01"), status("end", "2026-01-01"))
    assert doc["findings"]["unchanged"] >= 3 and doc["dialogs"] == []


def test_an_empty_dialog_export_against_itself(tmp_path):
    """Found by the fuzzer: a dialog export is one dialog at the pointer "" (KL107 there)."""
    payload = {"_id": "dg-0", "name": "", "nodes": [], "components": []}
    code, doc = diff(tmp_path, payload, payload)
    assert code == 0 and doc["findings"]["new"] == [] and doc["findings"]["unchanged"] == 1


def test_a_failed_resource_of_a_dialog_only_saved_again(tmp_path):
    """Found by the fuzzer: a resource's finding names its dialog, also when the dialog itself
    was left out of OLD's analysis; the resource's status changing still shows."""
    def response(status: str) -> list:
        return [{"resourceId": "dg-0", "resourceType": "dialog", "name": "", "status": status,
                 "result": {"_id": "dg-0", "name": "", "nodes": []}}]
    code, doc = diff(tmp_path, response("FAILED"), response("FAILED"))
    assert code == 0 and doc["findings"]["new"] == doc["findings"]["fixed"] == []
    code, doc = diff(tmp_path, response("SUCCESS"), response("FAILED"))
    assert code == 1 and [f["rule"] for f in doc["findings"]["new"]] == ["KL303"]
