"""KL213 button-branch-mismatch: the buttons an entity offers and the values its connections test
do not match (one finding per node)."""
import json
from urllib.parse import quote

import pytest

from helpers import bot, branch, component, default, dialog, findings, node, of

RULE = "button-branch-mismatch"
SCOPE, CURRICULUM = ("Scope", "Scope"), ("Curriculum and Syllabi", "Curriculum")
MENU = ("Main Menu", "Mainmenu")


def template(*buttons: tuple[str, str], key: str = "buttons") -> str:
    """The builder's JavaScript prompt of a button template, URL-encoded as the new builder stores it."""
    items = [{"type": "postback", "title": t, "payload": p} for t, p in buttons]
    message = {"type": "template", "payload": {"template_type": "button", "text": "Pick one", key: items}}
    return quote(f"var message={json.dumps(message, indent=2)}\nprint(JSON.stringify(message));")


def entity(*texts: str, cid: str = "dc-menu", **extra) -> dict:
    message = [{"channel": "default", "localeData": {"en": {"text": t, "type": "uxmap"}}} for t in texts]
    return component(cid, "entity", "Menu", message=message, **{"entityType": "label", **extra})


def eq(value, field: str = "entity1") -> dict:
    return {"field": field, "op": "eq", "value": value}


def menu(*transitions: dict, comp: dict | None = None) -> dict:
    return bot(dialog(node("intent0", "intent", default("entity1")),
                      node("entity1", "entity", *transitions, componentId="dc-menu"),
                      node("message2"), node("message3"), node("message4")),
               components=[comp or entity(template(SCOPE, CURRICULUM, MENU))])


def test_a_branch_testing_a_title_and_an_unhandled_button_are_one_finding():
    payload = menu(branch(eq("Scope"), "message2"), branch(eq("Curriculum and Syllabi"), "message3"),
                   default("message2"))
    (f,) = of(payload, RULE)
    assert f.rule == "KL213" and f.severity.value == "warning" and f.node == "entity1"
    assert f.pointer == "/dialogs/0/nodes/1"
    assert f.message == (
        "entity 'Menu' offers buttons its connections do not match: branch 2 tests 'Curriculum and "
        "Syllabi', the title of button 'Curriculum and Syllabi', which sends 'Curriculum': a click never "
        "takes it; button 'Main Menu' sends 'Mainmenu', which no branch tests: the click falls to the "
        "Else connection, which leads to the answer of 'Scope'")


def test_matching_buttons_and_branches_pass():
    payload = menu(branch(eq("scope "), "message2"), branch(eq("Curriculum"), "message3"),
                   branch(eq("Mainmenu"), "message4"), default("message2"))
    assert findings(payload, RULE) == set()


def test_the_else_connection_of_its_own_handles_the_last_button():
    # The builder's way: test every choice but one, the Else connection takes the last.
    payload = menu(branch(eq("Scope"), "message2"), branch(eq("Curriculum"), "message3"), default("message4"))
    assert findings(payload, RULE) == set()


def test_a_button_falling_to_an_unconnected_else_is_reported():
    payload = menu(branch(eq("Scope"), "message2"), branch(eq("Curriculum"), "message3"), default(""))
    (f,) = of(payload, RULE)
    assert "button 'Main Menu' sends 'Mainmenu', which no branch tests: the click falls to the Else " \
           "connection, which ends the dialog" in f.message


def test_a_value_no_button_sends_names_the_button_it_looks_like():
    payload = menu(branch(eq("Scop"), "message2"), branch(eq("Curriculum"), "message3"),
                   branch(eq("Mainmenu"), "message4"), default("message2"))
    (f,) = of(payload, RULE)
    assert f.message.endswith("branch 1 tests 'Scop', which no button sends (button 'Scope' sends 'Scope')")


def test_a_button_starting_a_dialog_is_not_reported():
    payload = menu(branch(eq("Scope"), "message2"), branch(eq("Curriculum"), "message3"), default(""),
                   comp=entity(template(SCOPE, CURRICULUM, ("Back", "Test dialog"))))
    assert findings(payload, RULE) == set()


@pytest.mark.parametrize("other", [
    {"field": "entity1", "op": "cnt", "value": "Main"},
    {"context": "session.x", "op": "eq", "value": "1"},
    {"field": "entity1"},
])
def test_unhandled_buttons_are_not_claimed_when_other_tests_may_take_them(other):
    payload = menu(branch(eq("Scope"), "message2"), branch(eq("Curriculum"), "message3"),
                   branch(other, "message4"), default(""))
    assert findings(payload, RULE) == set()


def test_quick_replies_in_another_channel_count_too():
    text = template(("Yes", "Y"), key="quick_replies")
    payload = menu(branch(eq("Yes"), "message2"), default("message3"), comp=entity("Pick", text))
    (f,) = of(payload, RULE)
    assert "branch 1 tests 'Yes', the title of button 'Yes', which sends 'Y'" in f.message


@pytest.mark.parametrize("text", [
    quote("var b = context.items; var message = {payload: {buttons: []}};\n"
          "for (var i = 0; i < b.length; i++) { message.payload.buttons.push(b[i]); }"),
    quote("{payload: {buttons: [{type: 'postback', title: 'A', payload: context.a}]}}"),
    "Which one? Scope or Curriculum",
])
def test_prompts_built_by_code_or_plain_text_are_not_checked(text):
    payload = menu(branch(eq("Nothing"), "message2"), default(""), comp=entity(text))
    assert findings(payload, RULE) == set()


def test_other_entity_types_are_not_checked():
    payload = menu(branch(eq("Curriculum and Syllabi"), "message2"), default(""),
                   comp=entity(template(CURRICULUM), entityType="number"))
    assert findings(payload, RULE) == set()


def test_a_list_of_values_entity_compares_buttons_with_its_items():
    items = [{"title": "Scope", "value": "scope", "synonyms": ["range"]}]
    lov = entity(template(("Scope", "Range"), ("Other", "other")), entityType="list_of_values",
                 localeData={"en": {"allowedValues": {"values": items}}})
    payload = menu(branch(eq("scope"), "message2"), default("message3"), comp=lov)
    (f,) = of(payload, RULE)
    assert f.message.endswith("button 'Other' sends 'other', which is none of the values, titles or synonyms "
                              "of the list ('scope'): the entity does not take it and asks again")


def test_a_prompt_of_a_language_the_bot_does_not_have_is_ignored():
    comp = entity(template(SCOPE))
    comp["message"][0]["localeData"] = {"de": comp["message"][0]["localeData"]["en"]}
    payload = menu(branch(eq("Anything"), "message2"), default(""), comp=comp)
    assert findings(payload, RULE) == set()


@pytest.mark.parametrize("text", [
    "{buttons: " + "[" * 50_000,
    quote("{payload: {buttons: [" + "{a: [" * 5_000 + "]}" * 5_000 + "]}}"),
    "{buttons: [{title: '" + "\u202e" * 100_000 + "', payload: 'a'}]}",
    None, 12, ["x"], {"a": 1},
])
def test_hostile_prompts_never_crash(text):
    comp = entity("x")
    comp["message"][0]["localeData"]["en"]["text"] = text
    payload = menu(branch(eq("Scope"), "message2"), default(""), comp=comp)
    assert findings(payload, RULE) == set()
