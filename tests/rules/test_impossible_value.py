"""KL208 impossible-value: an eq/neq test of a list-of-values entity with a value that is none of
its values, titles or synonyms (per branch)."""
import pytest

from helpers import bot, branch, component, default, dialog, findings, node, of, publish_status

RULE = "impossible-value"
ITEMS = [{"title": "Skin care", "value": "skin", "synonyms": ['"face cream"', "lotion"]},
         {"title": "Hair", "value": "hair", "synonyms": []}]


def lov(locales: dict | None = None, **extra) -> dict:
    """A list-of-values entity component named Choice."""
    locales = locales or {"en": {"allowedValues": {"values": ITEMS}}}
    return component("dc-choice", "entity", "Choice", entityType="list_of_values", localeData=locales,
                     **extra)


def _bot(condition, *more, entity: dict | None = None) -> dict:
    return bot(dialog(node("intent0", "intent", default("entity1")),
                      node("entity1", "entity", branch(condition, "message2"), *more, default("end"),
                           componentId="dc-choice"),
                      node("message2")),
               components=[entity or lov()])


@pytest.mark.parametrize("condition", [
    {"field": "entity1", "op": "eq", "value": "skn"},
    {"field": "entity1", "op": "neq", "value": "nails"},
    {"conjoin": "and", "tests": [{"context": "x", "op": "eq", "value": 1},
                                 {"field": "entity1", "op": "eq", "value": "Hair care"}]},
])
def test_a_value_the_list_does_not_have_is_reported(condition):
    payload = _bot(condition)
    assert findings(payload) == {(RULE, "entity1")}
    (f,) = of(payload, RULE)
    assert f.rule == "KL208" and f.severity.value == "warning"
    assert f.pointer == "/dialogs/0/nodes/1/transitions/0" and f.line is not None
    assert "entity1" not in f.message  # the entity is named as the builder does: Choice


@pytest.mark.parametrize("value", ["skin", "SKIN", " Skin care ", "face cream", "Lotion", "hair"])
def test_values_titles_and_synonyms_match_ignoring_case(value):
    assert findings(_bot({"field": "entity1", "op": "eq", "value": value}), RULE) == set()


@pytest.mark.parametrize("condition", [
    {"field": "entity1"},  # exists
    {"field": "entity1", "op": "cnt", "value": "zzz"},
    {"field": "entity1", "op": "eq", "value": "{{context.choice}}"},
    {"field": "entity1", "op": "eq", "value": "context.session.choice"},
    {"field": "entity1", "op": "eq", "value": ""},
    {"field": "entity1", "op": "eq", "value": None},
    {"context": "entity1", "op": "eq", "value": "zzz"},
])
def test_other_tests_are_not_checked(condition):
    assert findings(_bot(condition), RULE) == set()


def test_a_value_of_another_language_matches():
    locales = {"en": {"allowedValues": {"values": ITEMS}},
               "es": {"allowedValues": {"values": [{"title": "Piel", "value": "piel", "synonyms": []}]}}}
    payload = _bot({"field": "entity1", "op": "eq", "value": "piel"}, entity=lov(locales))
    assert findings(payload, RULE) == set()


@pytest.mark.parametrize("entity", [
    lov({"en": {"allowedValues": {"variable": "context.items", "titleKey": "t", "valueKey": "v"}}}),
    lov({"en": {"allowedValues": {"values": ITEMS}}, "es": {"allowedValues": {"variable": "context.x"}}}),
    component("dc-choice", "entity", "Choice", entityType="label"),
    lov({"en": {"allowedValues": {"values": []}}}),
])
def test_entities_whose_values_are_not_all_known_are_not_checked(entity):
    assert findings(_bot({"field": "entity1", "op": "eq", "value": "zzz"}, entity=entity), RULE) == set()


def test_a_publish_status_has_no_components_and_is_not_checked():
    test = {"field": "entity1", "op": "eq", "value": "zzz"}
    payload = publish_status(dialog(node("intent0", "intent", default("entity1")),
                                    node("entity1", "entity", branch(test, "end"), default("end"))))
    assert findings(payload, RULE) == set()


def test_one_finding_per_branch():
    payload = _bot({"conjoin": "or", "tests": [{"field": "entity1", "op": "eq", "value": "a"},
                                               {"field": "entity1", "op": "eq", "value": "b"}]},
                   branch({"field": "entity1", "op": "eq", "value": "skin"}, "end"),
                   branch({"field": "entity1", "op": "neq", "value": "c"}, "end"))
    assert [f.pointer.rsplit("/", 1)[1] for f in of(payload, RULE)] == ["0", "2"]
