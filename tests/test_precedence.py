"""One branch, one finding (analyzer/precedence.py): a branch two rules describe keeps the more
specific finding; problems that are independent defects of one branch are all kept."""
import pytest

from analyzer.config import Config
from analyzer.precedence import BRANCH_RULES, CONDITION, TARGET
from analyzer.rules import RULES
from helpers import DIALOG0, branch, default, dialog, lint, node, publish_status

EMPTY = {"context": "", "op": "", "value": ""}  # the builder's unfinished branch (KL205)
NO_OP = {"field": "entity1", "value": "gold"}  # a value without an operator (KL209)
ODD_OP = {"context": "tier", "op": "like", "value": "gold"}  # KL206
GOLD = {"context": "tier", "op": "eq", "value": "gold"}
ALL = Config(select=["ALL"])


def on_branches(*branches: dict, config: Config = ALL) -> dict[int, set[str]]:
    """Rule codes found on each branch of entity1 (intent0 -> entity1 -> message2)."""
    payload = publish_status(dialog(node("intent0", "intent", default("entity1")),
                                    node("entity1", "entity", *branches, default("end")),
                                    node("message2", "message", default("end"))))
    out: dict[int, set[str]] = {}
    prefix = f"{DIALOG0}/nodes/1/transitions/"
    for f in lint(payload, config=config):
        if f.pointer.startswith(prefix) and f.pointer[len(prefix):].isdigit():
            out.setdefault(int(f.pointer[len(prefix):]), set()).add(f.rule)
    return out


def test_an_unfinished_branch_is_one_malformed_condition():
    assert on_branches(branch(EMPTY, "")) == {0: {"KL205"}}


def test_ignoring_the_specific_rule_shows_the_other():
    config = Config(select=["ALL"], ignore=["KL205"])
    assert on_branches(branch(EMPTY, ""), config=config) == {0: {"KL204"}}


def test_a_duplicate_leads_nowhere_that_matters():
    found = on_branches(branch(GOLD, "message2"), branch(GOLD, ""), branch(GOLD, "gone"))
    assert found == {1: {"KL203"}, 2: {"KL203"}}


def test_a_value_without_operator_explains_the_duplicate_it_makes():
    # both are Exists tests of entity1: the second is a duplicate because the operator is missing
    found = on_branches(branch(NO_OP, "message2"), branch({**NO_OP, "value": "silver"}, "message2"))
    assert found == {0: {"KL209"}, 1: {"KL209"}}


@pytest.mark.parametrize("condition, code", [(NO_OP, "KL209"), (ODD_OP, "KL206")])
def test_a_branch_that_fires_keeps_its_target_problem(condition, code):
    assert on_branches(branch(condition, "gone")) == {0: {code, "KL101"}}
    assert on_branches(branch(condition, "")) == {0: {code, "KL204"}}


def test_the_default_transition_is_no_branch():
    payload = publish_status(dialog(node("intent0", "intent", default("script1")),
                                    node("script1", "script", branch(EMPTY, ""), default(""))))
    found = {(f.rule, f.pointer.rsplit("/", 1)[1]) for f in lint(payload, config=ALL)
             if "/transitions/" in f.pointer}
    assert found == {("KL205", "0"), ("KL108", "1")}


def test_the_precedence_names_rules_that_exist_and_fire_on_branches():
    assert BRANCH_RULES <= set(RULES)
    assert set(CONDITION).isdisjoint(TARGET)


def test_a_duplicate_with_an_unknown_operator_is_told_by_its_operator_and_leads_nowhere():
    assert on_branches(branch(ODD_OP, "message2"), branch(ODD_OP, "gone")) == {0: {"KL206"}, 1: {"KL206"}}


def test_every_condition_rule_of_a_branch_has_a_rank():
    """Rules that report on a branch's condition (on_branch) are ranked: a new one must be placed."""
    from analyzer.precedence import CONDITION
    from analyzer.rules import RULES

    for code in ("KL203", "KL205", "KL206", "KL207", "KL208", "KL209", "KL210"):
        assert code in RULES and code in CONDITION


@pytest.mark.parametrize("condition", [None, {}])
def test_a_branch_without_a_condition_is_an_always_true_branch(condition):
    """No condition at all: that it always fires and makes the default dead (KL210) is kept,
    not that it is of no known shape (KL205)."""
    payload = publish_status(dialog(node("intent0", "intent", default("script1")),
                                    node("script1", "script", branch(condition, "message2"),
                                         default("message3")),
                                    node("message2"), node("message3")))
    codes = {f.rule for f in lint(payload, config=ALL) if f.pointer.endswith("/nodes/1/transitions/0")}
    assert codes == {"KL210"}


def test_an_ignored_value_on_the_asked_entity_is_the_cause():
    """An exists test on the node's own entity with a value (KL209) is why the branch always
    holds (KL210): the cause is kept."""
    payload = publish_status(dialog(node("intent0", "intent", default("entity1")),
                                    node("entity1", "entity", branch(NO_OP, "message2"), default("message3")),
                                    node("message2"), node("message3")))
    codes = {f.rule for f in lint(payload, config=ALL) if f.pointer.endswith("/nodes/1/transitions/0")}
    assert codes == {"KL209"}
