"""KL602 dialog-call-cycle: dialogs run each other in a cycle in which no call waits for user input.

A call of dialog D is *without input* when some path from D's entry reaches the calling node
without passing a node that waits for input (entity, form, dialogAct, digitalFormNode, another
non-entry intent node). One finding per strongly connected set of such calls (or per dialog
running itself so), on the calling node of its first dialog, naming the dialogs in call order.
The property test checks random call graphs against an oracle (transitive closure of the calls
without input).
"""
from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from helpers import bot, branch, calls, cond, default, dialog, findings, lint, node, of

RULE = "dialog-call-cycle"


def task(did: str, *nodes: dict) -> dict:
    return {**dialog(*nodes, name=did.removeprefix("dg-").title()), "_id": did}


def straight(did: str, target: str, *, ask: bool = False, node_id: str = "intent2") -> tuple[dict, dict]:
    """A dialog whose entry leads (through an entity node when `ask`) to a node running `target`."""
    call, comp = calls(node_id, target, default("end"))
    middle = (node("entity1", "entity", default(node_id)) if ask
              else node("message1", "message", default(node_id)))
    return task(did, node("intent0", "intent", default(middle["nodeId"])), middle, call), comp


def test_two_dialogs_running_each_other_without_input():
    a, ca = straight("dg-book", "dg-status")
    b, cb = straight("dg-status", "dg-book")
    (f,) = of(bot(a, b, components=[ca, cb]), RULE)
    assert (f.rule, f.severity.value, f.node, f.dialog) == ("KL602", "warning", "intent2", "Book")
    assert f.nodes == ("Book", "Status") and f.pointer == "/dialogs/0/nodes/2" and f.line is not None
    assert "'Book' → 'Status' → 'Book'" in f.message and "25 moves" in f.message


def test_input_before_one_of_the_calls_breaks_the_loop():
    a, ca = straight("dg-book", "dg-status")
    b, cb = straight("dg-status", "dg-book", ask=True)
    assert findings(bot(a, b, components=[ca, cb]), RULE) == set()


def test_a_dialog_running_itself():
    a, ca = straight("dg-menu", "dg-menu")
    (f,) = of(bot(a, components=[ca]), RULE)
    assert f.nodes == ("Menu",) and "runs itself" in f.message
    a, ca = straight("dg-menu", "dg-menu", ask=True)
    assert findings(bot(a, components=[ca]), RULE) == set()


def test_one_path_without_input_is_enough():
    call, comp = calls("intent3", "dg-b", default("end"))
    a = task("dg-a", node("intent0", "intent", default("script1")),
             node("script1", "script", branch(cond("known"), "intent3"), default("entity2")),
             node("entity2", "entity", default("intent3")), call)
    b, cb = straight("dg-b", "dg-a")
    (f,) = of(bot(a, b, components=[comp, cb]), RULE)
    assert f.node == "intent3"


def test_unreachable_calls_and_calls_after_another_intent_do_not_count():
    unreachable, c1 = calls("intent5", "dg-b", default("end"))
    a = task("dg-a", node("intent0", "intent", default("end")), unreachable)
    b, cb = straight("dg-b", "dg-a")
    assert findings(bot(a, b, components=[c1, cb]), RULE) == set()
    sub, c2 = calls("intent1", None, default("intent2"))  # a sub-intent waits for an utterance
    call, c3 = calls("intent2", "dg-b", default("end"))
    a = task("dg-a", node("intent0", "intent", default("intent1")), sub, call)
    assert findings(bot(a, b, components=[c2, c3, cb]), RULE) == set()


def test_longer_cycle_is_named_in_call_order_from_the_first_dialog():
    c, cc = straight("dg-c", "dg-a")
    a, ca = straight("dg-a", "dg-b")
    b, cb = straight("dg-b", "dg-c")
    (f,) = of(bot(c, a, b, components=[ca, cb, cc]), RULE)
    assert f.nodes == ("C", "A", "B") and f.dialog == "C"
    assert "'C' → 'A' → 'B' → 'C'" in f.message


def test_one_finding_per_loop_naming_every_dialog_of_it():
    a, ca = straight("dg-a", "dg-b")
    to_a, c1 = calls("intent2", "dg-a", default("end"))
    to_c, c2 = calls("intent3", "dg-c", default("end"))
    b = task("dg-b", node("intent0", "intent", default("script1")),
             node("script1", "script", branch(cond("x"), "intent3"), default("intent2")), to_a, to_c)
    c, cc = straight("dg-c", "dg-b")
    d, cd = straight("dg-d", "dg-d", ask=True)
    (f,) = of(bot(a, b, c, d, components=[ca, c1, c2, cc, cd]), RULE)
    assert f.nodes == ("A", "B", "C") and "1 more dialog takes part: 'C'" in f.message


# -- random call graphs against an oracle ----------------------------------------------------------
N = 5
EDGE = st.tuples(st.integers(0, N - 1), st.integers(0, N), st.booleans())  # (from, to or missing, asks)


def build(n: int, edges: list[tuple[int, int, bool]]) -> dict:
    """Dialog i: its entry leads through a chain of its calls; a call that `asks` is reached only
    through an entity node of its own branch (from a script node that branches to every call)."""
    dialogs, comps = [], []
    for i in range(n):
        mine = [(k, e) for k, e in enumerate(edges) if e[0] == i]
        nodes = [node("intent0", "intent", default("script1")),
                 node("script1", "script", *[branch(cond(f"c{k}"), f"entity{k}" if asks else f"run{k}")
                                             for k, (_, _, asks) in mine], default("end"))]
        for k, (_, target, asks) in mine:
            if asks:
                nodes.append(node(f"entity{k}", "entity", default(f"run{k}")))
            call, comp = calls(f"run{k}", f"dg-{target}" if target < n else "dg-missing", default("end"),
                               cid=f"dc-{k}")
            nodes.append(call)
            comps.append(comp)
        dialogs.append(task(f"dg-{i}", *nodes))
    return bot(*dialogs, components=comps)


def oracle(n: int, edges: list[tuple[int, int, bool]]) -> set[frozenset[int]]:
    """Sets of dialogs that reach each other through calls without input (Floyd-Warshall)."""
    reach = [[False] * n for _ in range(n)]
    for src, dst, asks in edges:
        if dst < n and not asks:
            reach[src][dst] = True
    for k, i, j in itertools.product(range(n), repeat=3):
        reach[i][j] = reach[i][j] or (reach[i][k] and reach[k][j])
    return {frozenset(j for j in range(n) if reach[i][j] and reach[j][i]) for i in range(n) if reach[i][i]}


@given(st.integers(1, N), st.lists(EDGE, max_size=8))
def test_random_call_graphs_match_the_oracle(n, edges):
    edges = [(src % n, dst if dst < n else n, asks) for src, dst, asks in edges]
    found = lint(bot_payload := build(n, edges))
    loops = [f for f in found if f.name == RULE]
    expected = oracle(n, edges)
    names = {f"{i}".title(): i for i in range(n)}
    assert {frozenset(names[d] for d in f.nodes) for f in loops} == expected
    assert len(loops) == len(expected)
    for f in loops:  # on the calling node of the loop's first dialog, in call order
        first = min(names[d] for d in f.nodes)
        assert names[f.nodes[0]] == first and f.dialog == str(first)
        assert f.pointer.startswith(f"/dialogs/{first}/nodes/")
    missing = [f for f in found if f.name == "missing-dialog-reference"]
    assert len(missing) == sum(1 for _, dst, _ in edges if dst == n)
    assert bot_payload["dialogs"]  # the payload was built


def test_a_long_ring_is_named_whole_in_nodes_and_shortened_in_the_message():
    n = 40
    parts = [straight(f"dg-d{i:02}", f"dg-d{(i + 1) % n:02}") for i in range(n)]
    (f,) = of(bot(*[d for d, _ in parts], components=[c for _, c in parts]), RULE)
    assert f.nodes == tuple(f"D{i:02}" for i in range(n))
    assert "'D00' → 'D01'" in f.message and "'D39' → 'D00'" in f.message and "(32 more)" in f.message
    assert len(f.message) < 400
