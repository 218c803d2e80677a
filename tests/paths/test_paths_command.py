"""`korelint paths`: the test plan of each dialog, in every format; inputs per condition kind."""
from __future__ import annotations

import csv
import io
import json

import pytest

from helpers import ROOT, bot, branch, component, default, dialog, korelint, node, publish_status

SAMPLE = str(ROOT / "samples" / "paths" / "order-status.json")


def plan_of(*argv: str) -> dict:
    ran = korelint("paths", *argv, "--format", "json")
    assert ran.code == 0, ran.err
    return json.loads(ran.out)


def test_the_sample_plan_takes_every_transition_with_the_fewest_paths():
    doc = plan_of(SAMPLE)
    (d,) = doc["dialogs"]
    assert d["dialog"] == "Order status" and d["minimal"] is True
    assert d["coverable"] == 11 and d["uncoverable"] == []
    assert len(d["paths"]) == 5
    taken = {(s["node"], s["transition"]) for p in d["paths"] for s in p["steps"]}
    assert len(taken) == 11
    for p in d["paths"]:
        assert p["steps"][0]["node"] == "intent0" and p["exit"] == "end"


def test_each_condition_kind_says_what_to_answer_or_arrange():
    doc = plan_of(SAMPLE)
    steps = [s for p in doc["dialogs"][0]["paths"] for s in p["steps"]]
    said = {(s["node"], s["transition"]): s.get("input") for s in steps}
    needs = {(s["node"], s["transition"]): tuple(s.get("needs", ())) for s in steps}
    assert said[("entity1", 0)] == "shipped"  # eq: the value
    assert said[("entity1", 1)] == "101"  # gt 100: a number across the bound
    assert said[("entity1", 2)] == "an answer no branch above matches"  # the default
    assert said[("dialogAct5", 0)] == "yes" and said[("dialogAct5", 1)] == "no"
    assert needs[("service3", 0)] == ("context.order.found equals 'true'",)  # set by the service
    assert needs[("service3", 1)] == ("none of the conditions above holds",)
    assert said[("intent0", 0)] == "intent0"  # the dialog starts with its intent


def test_names_are_the_builders_and_the_entry_says_the_intents_name():
    payload = bot(dialog(node("intent0", "intent", default("entity1"), componentId="c-int"),
                         node("entity1", "entity", branch({"field": "entity1", "op": "eq", "value": "gold"},
                                                          "end"), default("end"), componentId="c-ent")),
                  components=[component("c-int", "intent", "Check Tier"),
                              component("c-ent", "entity", "Tier")])
    ran = korelint("paths", "-", "--format", "json", stdin=json.dumps(payload).encode())
    assert ran.code == 0, ran.err
    steps = json.loads(ran.out)["dialogs"][0]["paths"][0]["steps"]
    assert steps[0]["node_name"] == "Check Tier" and steps[0]["input"] == "Check Tier"
    assert steps[1]["node_name"] == "Tier" and steps[1]["type"] == "entity"


def test_transitions_that_cannot_be_taken_say_why():
    payload = publish_status(dialog(node("intent0", "intent", default("message1")),
                                    node("message1", "message", default("gone")),
                                    node("orphan2", "message", default("end"))))
    d = plan_of_payload(payload)
    why = {(u["node"], u["transition"]): u["why"] for u in d["uncoverable"]}
    # message1 only goes to a missing node: nothing that reaches it can end the dialog either
    assert set(why) == {("intent0", 0), ("message1", 0), ("orphan2", 0)}
    assert "not a node" in why[("message1", 0)] and "reached" in why[("orphan2", 0)]
    assert "missing node" in why[("intent0", 0)]


def test_a_menu_loop_the_user_leaves_is_still_covered():
    """A menu the bot always returns to (no transition ends the dialog): a path stops where the
    bot waits for an answer."""
    payload = publish_status(dialog(node("intent0", "intent", default("entity1")),
                                    node("entity1", "entity",
                                         branch({"field": "entity1", "op": "eq", "value": "a"}, "message2"),
                                         default("message3")),
                                    node("message2", "message", default("entity1")),
                                    node("message3", "message", default("entity1"))))
    d = plan_of_payload(payload)
    assert d["uncoverable"] == [] and d["coverable"] == 5
    assert {p["exit"] for p in d["paths"]} == {"waits-for-input"}
    assert all(p["steps"][-1]["node"] == "entity1" for p in d["paths"])


def plan_of_payload(payload: dict) -> dict:
    ran = korelint("paths", "-", "--format", "json", stdin=json.dumps(payload).encode())
    assert ran.code == 0, ran.err
    (d,) = json.loads(ran.out)["dialogs"]
    return d


@pytest.mark.parametrize("fmt", ["text", "markdown", "csv", "json"])
def test_every_format_writes_the_plan(fmt, tmp_path):
    out = tmp_path / f"plan.{fmt}"
    ran = korelint("paths", SAMPLE, "--format", fmt, "-o", str(out))
    assert ran.code == 0 and ran.out == "" and out.exists()
    text = out.read_text(encoding="utf-8")
    assert "entity1" in text or "Order status" in text
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0][:4] == ["file", "dialog", "path", "step"]
        assert len(rows) - 1 == sum(len(p["steps"]) for p in plan_of(SAMPLE)["dialogs"][0]["paths"])


def test_max_paths_and_dialog_filter():
    doc = plan_of(SAMPLE, "--max-paths", "2")
    d = doc["dialogs"][0]
    assert len(d["paths"]) == 2 and d["paths_not_shown"] == 3
    assert korelint("paths", SAMPLE, "--dialog", "Nope").code == 2
    assert plan_of(SAMPLE, "--dialog", "Order status")["dialogs"][0]["dialog"] == "Order status"


def test_unreadable_input_is_one_line_and_exit_2(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    ran = korelint("paths", str(bad))
    assert ran.code == 2 and ran.out == "" and str(bad) in ran.err and "Traceback" not in ran.err


def test_a_credential_compared_in_a_condition_is_masked():
    secret = "sk-" + "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0U1v2W3x4"
    payload = publish_status(dialog(node("intent0", "intent", default("entity1")),
                                    node("entity1", "entity",
                                         branch({"context": "apiKey", "op": "eq", "value": secret}, "end"),
                                         default("end"))))
    for fmt in ("text", "json", "markdown", "csv"):
        ran = korelint("paths", "-", "--format", fmt, stdin=json.dumps(payload).encode())
        assert ran.code == 0 and secret not in ran.out and secret[:12] not in ran.out, fmt


def test_a_repeated_node_id_takes_the_first_nodes_transitions():
    """Found by the fuzz harness: two nodes with one id gave an empty path."""
    payload = publish_status(dialog(node("intent0", "intent", default("message1")),
                                    node("message1", "message", default("end")),
                                    node("message1", "message", default(""))))
    d = plan_of_payload(payload)
    (path,) = d["paths"]
    assert [s["node"] for s in path["steps"]] == ["intent0", "message1"] and path["exit"] == "end"
    assert [(u["node"], u["transition"]) for u in d["uncoverable"]] == [("message1", 0)]


def test_the_kore_test_runner_suite_has_one_case_per_path():
    payload = bot(dialog(node("intent0", "intent", default("entity1"), componentId="c-int"),
                         node("entity1", "entity",
                              branch({"field": "entity1", "op": "eq", "value": "gold"}, "message2"),
                              default("message2"), componentId="c-ent"),
                         node("message2", "message", componentId="c-msg")),
                  components=[component("c-int", "intent", "Check Tier"),
                              component("c-ent", "entity", "Tier", message=_says("Which tier are you on?")),
                              component("c-msg", "message", "Done",
                                        message=_says("Thanks for waiting, {{context.name}}!"))])
    ran = korelint("paths", "-", "--format", "kore-test-runner", stdin=json.dumps(payload).encode())
    assert ran.code == 0, ran.err
    suite = json.loads(ran.out)
    assert set(suite) == {"botName", "botId", "testCases"}
    cases = suite["testCases"]
    assert len(cases) == 2 and all(c["discardBefore"] is True for c in cases)
    inputs = sorted(tuple(m["input"] for m in c["messages"]) for c in cases)
    assert inputs == [("Check Tier", "<an answer no branch above matches>"), ("Check Tier", "gold")]
    first = cases[0]["messages"]
    assert first[0]["outputs"] == [{"contains": "Which tier are you on?"}]  # asked after the intent
    assert first[1]["outputs"] == [{"contains": "Thanks for waiting,"}]  # up to a value filled in later


def _says(text: str) -> list[dict]:
    return [{"channel": "default", "localeData": {"en": {"text": text, "type": "basic"}}}]


def test_buttons_give_the_inputs_a_click_sends():
    """A branch on a button's payload is taken by clicking it; the Else by a button no branch
    above tests (what a click sends is the payload, not the title)."""
    from urllib.parse import quote

    buttons = [{"type": "postback", "title": "Curriculum and Syllabi", "payload": "Curriculum"},
               {"type": "postback", "title": "Main Menu", "payload": "Mainmenu"}]
    template = {"type": "template", "payload": {"template_type": "button", "text": "Pick one",
                                                "buttons": buttons}}
    script = quote("var message=" + json.dumps(template) + "\nprint(JSON.stringify(message));")
    curriculum = {"field": "entity1", "op": "eq", "value": "curriculum"}
    payload = bot(dialog(node("intent0", "intent", default("entity1")),
                         node("entity1", "entity", branch(curriculum, "message2"), default("message3"),
                              componentId="c-menu"),
                         node("message2"), node("message3")),
                  components=[component("c-menu", "entity", "Menu", entityType="label", message=[
                      {"channel": "default", "localeData": {"en": {"text": script, "type": "uxmap"}}}])])
    d = plan_of_payload(payload)
    said = {s["transition"]: s.get("input") for p in d["paths"] for s in p["steps"] if s["node"] == "entity1"}
    assert said == {0: "Curriculum", 1: "Mainmenu"}


def test_the_sample_plan_is_the_expected_one():
    """samples/paths/order-status.plan.json is the plan of the sample (the tool's version aside)."""
    expected = json.loads((ROOT / "samples" / "paths" / "order-status.plan.json").read_text(encoding="utf-8"))

    def plans(doc: dict) -> list[dict]:  # where the file is aside
        return [{k: v for k, v in d.items() if k != "path"} for d in doc["dialogs"]]
    assert plans(plan_of(SAMPLE)) == plans(expected)


def test_a_path_needing_one_entity_to_equal_two_values_is_a_conflict():
    """entity1 is asked once; a later node tests it for another value than the branch taken."""
    gold = {"field": "entity1", "op": "eq", "value": "gold"}
    silver = {"field": "entity1", "op": "eq", "value": "silver"}
    payload = publish_status(dialog(node("intent0", "intent", default("entity1")),
                                    node("entity1", "entity", branch(gold, "script2"), default("end")),
                                    node("script2", "script", branch(silver, "message3"), default("end")),
                                    node("message3", "message", default("end"))))
    d = plan_of_payload(payload)
    conflicts = [p for p in d["paths"] if p.get("conflict")]
    assert len(conflicts) == 1
    assert [s["node"] for s in conflicts[0]["steps"]] == ["intent0", "entity1", "script2", "message3"]
    assert "gold" in conflicts[0]["conflict"] and "silver" in conflicts[0]["conflict"]


def test_a_training_sentence_starts_the_dialog():
    """Bot exports keep the intents' training sentences (`sentences`): the plan says one, in the
    bot's language, instead of the intent's name."""
    payload = bot(dialog(node("intent0", "intent", default("message1"), componentId="c-int"),
                         node("message1", "message")),
                  components=[component("c-int", "intent", "Check Tier")])
    payload["supportedLanguages"] = ["de", "en"]
    payload["sentences"] = [{"taskId": "c-int", "sentence": "what is my tier", "language": "en"},
                            {"taskId": "c-int", "sentence": "welche Stufe habe ich", "language": "de"},
                            {"taskId": "other", "sentence": "unrelated", "language": "de"}]
    d = plan_of_payload(payload)
    assert d["paths"][0]["steps"][0]["input"] == "welche Stufe habe ich"


def test_a_question_branching_on_a_context_value_still_needs_an_answer():
    """An entity whose branches test a context value (set by a script): the tester answers the
    question and arranges the value."""
    payload = publish_status(dialog(
        node("intent0", "intent", default("entity1")),
        node("entity1", "entity", branch({"context": "context.flag", "op": "eq", "value": 0}, "end"),
             default("end"))))
    d = plan_of_payload(payload)
    steps = {(s["node"], s["transition"]): s for p in d["paths"] for s in p["steps"]}
    assert steps[("entity1", 0)]["input"] == "any valid answer"
    assert steps[("entity1", 0)]["needs"] == ["context.flag equals 0"]


def test_a_branch_on_context_entities_of_the_question_is_answered():
    """`context.entities.<entity name>` is the answer given at that entity (a corpus bot branches
    so): the plan says the value, and the Else an answer no branch matches."""
    payload = bot(dialog(node("intent0", "intent", default("entity1"), componentId="c-int"),
                         node("entity1", "entity",
                              branch({"context": "context.entities.Slot", "op": "eq", "value": 1}, "end"),
                              default("end"), componentId="c-ent")),
                  components=[component("c-int", "intent", "Book"), component("c-ent", "entity", "Slot")])
    d = plan_of_payload(payload)
    steps = {(s["node"], s["transition"]): s for p in d["paths"] for s in p["steps"]}
    assert steps[("entity1", 0)]["input"] == "1" and "needs" not in steps[("entity1", 0)]
    assert steps[("entity1", 1)]["input"] == "an answer no branch above matches"
    assert "needs" not in steps[("entity1", 1)]


def lov_plan(*branches: dict, titles: dict | None = None) -> dict:
    """An entity `Plan` listing gold, silver and bronze, branching as given, then an Else."""
    titles = titles or {}
    values = [{"value": v, "title": titles.get(v, v.title()), "synonyms": []}
              for v in ("gold", "silver", "bronze")]
    payload = bot(dialog(node("intent0", "intent", default("entity1"), componentId="c-int"),
                         node("entity1", "entity", *[branch(b, "end") for b in branches], default("end"),
                              componentId="c-ent")),
                  components=[component("c-int", "intent", "Choose"),
                              component("c-ent", "entity", "Plan", entityType="list_of_values",
                                        localeData={"en": {"allowedValues": {"values": values}}})])
    d = plan_of_payload(payload)
    return {(s["node"], s["transition"]): s.get("input") for p in d["paths"] for s in p["steps"]}


def test_a_list_of_values_entity_is_answered_with_its_values():
    """`does not equal` and the Else say a value of the list that no branch above takes; Exists
    says any of them."""
    said = lov_plan({"field": "entity1", "op": "eq", "value": "gold"},
                    {"field": "entity1", "op": "neq", "value": "silver"})
    assert said[("entity1", 0)] == "gold"
    assert said[("entity1", 1)] == "bronze"  # not silver, nor gold (branch 1 takes it first)
    assert said[("entity1", 2)] == "an answer no branch above matches"  # neq above: no value fits
    said = lov_plan({"field": "entity1", "op": "eq", "value": "gold"},
                    {"field": "entity1", "op": "eq", "value": "SILVER"})
    assert said[("entity1", 2)] == "bronze"
    said = lov_plan({"field": "entity1"})  # Exists
    assert said[("entity1", 0)] in ("gold", "silver", "bronze")
    assert said[("entity1", 1)] == "an answer no branch above matches"


def test_a_list_value_is_typed_as_its_title_when_that_says_something_else():
    """The branch tests the item's value (`gold`); the user types its title (`Gold plan`)."""
    titles = {"gold": "Gold plan", "silver": "Silver plan", "bronze": "bronze"}
    said = lov_plan({"field": "entity1", "op": "eq", "value": "gold"},
                    {"field": "entity1", "op": "eq", "value": "Silver plan"}, titles=titles)
    assert said[("entity1", 0)] == "Gold plan"
    assert said[("entity1", 2)] == "bronze"  # silver is taken by its title above
