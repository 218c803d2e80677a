"""KL401 kg-dangling-parent: a knowledge-graph term names a parent id that does not exist (per term
and missing parent, on the parent reference)."""
from helpers import bot_export, findings, knowledge, of, publish_status, term

RULE = "kg-dangling-parent"
TAX = "/statusSummary/0/result/taxonomy"


def kg(*terms):
    return publish_status(resources=[knowledge(*terms)])


def test_missing_parent_is_reported_on_the_reference():
    payload = kg(term("t0"), term("t1", "t0"), term("t2", "t9"))
    assert findings(payload) == {(RULE, "t2")}
    (f,) = of(payload, RULE)
    assert f.rule == "KL401" and f.severity.value == "error"
    assert f.pointer == f"{TAX}/2/parent/0" and f.line is not None
    assert f.dialog is None


def test_one_finding_per_term_and_missing_parent():
    payload = kg(term("t0"), term("t1", "t0", "gone1", "gone2"), term("t2", "gone1"))
    assert [(f.node, f.pointer) for f in of(payload, RULE)] == [
        ("t1", f"{TAX}/1/parent/1"), ("t1", f"{TAX}/1/parent/2"), ("t2", f"{TAX}/2/parent/0")]


def test_a_missing_parent_named_twice_by_one_term_is_one_finding():
    payload = kg(term("t0"), term("t1", "gone", "t0", "gone"))
    assert [(f.node, f.pointer) for f in of(payload, RULE)] == [("t1", f"{TAX}/1/parent/0")]


def test_parents_anywhere_in_the_taxonomy_pass():
    payload = kg(term("t2", "t1"), term("t1", "t0"), term("t0"), term("t3", "t0", "t1"))
    assert findings(payload) == set()


def test_knowledge_task_of_a_bot_export():
    payload = bot_export(knowledge_tasks=[{"name": "Bank FAQ", "taxonomy": [term("t0"), term("t1", "t7")]}])
    (f,) = of(payload, RULE)
    assert (f.node, f.pointer) == ("t1", "/knowledgeTasks/0/taxonomy/1/parent/0")


def test_terms_of_another_graph_are_not_parents():
    payload = publish_status(resources=[knowledge(term("a0"), name="Loans"),
                                        knowledge(term("b1", "a0"), name="Cards")])
    (f,) = of(payload, RULE)
    assert (f.node, f.pointer) == ("b1", "/statusSummary/1/result/taxonomy/0/parent/0")
