"""KL402 kg-cycle: knowledge-graph terms are their own ancestors (one per cycle, naming its terms,
on its first term)."""
from helpers import bot_export, findings, knowledge, of, publish_status, term

RULE = "kg-cycle"
TAX = "/statusSummary/0/result/taxonomy"


def kg(*terms):
    return publish_status(resources=[knowledge(*terms)])


def test_two_terms_parent_of_each_other():
    payload = kg(term("root"), term("t1", "t2"), term("t2", "t1"))
    assert findings(payload) == {(RULE, "t1")}
    (f,) = of(payload, RULE)
    assert f.rule == "KL402" and f.severity.value == "error"
    assert f.nodes == ("t1", "t2")
    assert f.pointer == f"{TAX}/1" and f.line is not None


def test_term_that_is_its_own_parent():
    (f,) = of(kg(term("root"), term("t1", "t1")), RULE)
    assert (f.node, f.nodes, f.pointer) == ("t1", ("t1",), f"{TAX}/1")


def test_longer_cycle_lists_its_terms_in_taxonomy_order():
    payload = kg(term("root"), term("t3", "t1"), term("t1", "t2"), term("t2", "t3"), term("t4", "t1"))
    (f,) = of(payload, RULE)
    assert (f.node, f.nodes, f.pointer) == ("t3", ("t3", "t1", "t2"), f"{TAX}/1")


def test_one_finding_per_cycle():
    payload = kg(term("a1", "a2"), term("a2", "a1"), term("root"), term("b1", "b2"), term("b2", "b1"))
    assert [(f.node, f.nodes, f.pointer) for f in of(payload, RULE)] == [
        ("a1", ("a1", "a2"), f"{TAX}/0"), ("b1", ("b1", "b2"), f"{TAX}/3")]


def test_trees_and_shared_ancestors_pass():
    payload = kg(term("root"), term("loans", "root"), term("cards", "root"),
                 term("secured", "loans", "cards"), term("home", "secured", "loans"))
    assert findings(payload) == set()


def test_cycle_with_a_dangling_parent_is_both():
    payload = kg(term("t1", "t2", "gone"), term("t2", "t1"))
    assert findings(payload) == {(RULE, "t1"), ("kg-dangling-parent", "t1")}


def test_knowledge_task_of_a_bot_export():
    payload = bot_export(knowledge_tasks=[{"name": "FAQ", "taxonomy": [term("x", "y"), term("y", "x")]}])
    (f,) = of(payload, RULE)
    assert f.pointer == "/knowledgeTasks/0/taxonomy/0"
