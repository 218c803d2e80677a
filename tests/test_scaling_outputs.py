"""The linear-time rewrites give the outputs of the straightforward (quadratic) code they replace.

Each test keeps the replaced code as a reference and compares on random inputs: the cycle KL602
names (shortest cycle through the loop's first dialog, smallest of equal length, as
`nx.single_source_shortest_path` builds them), the calls the report marks as part of a loop, and
the findings the report lists under each knowledge graph. benchmarks/scaling.py times them.
"""
from __future__ import annotations

import random
from types import SimpleNamespace

import networkx as nx
from hypothesis import given
from hypothesis import strategies as st

from analyzer.bot import CallGraph, _shortest_cycle
from analyzer.findings import Finding, Severity
from analyzer.payload.document import Call, DialogCalls
from analyzer.reporters.html_calls import call_graphs
from analyzer.reporters.html_context import _findings_under

# (caller, callee, reachable, without_input) over up to 9 dialogs; callee 9 is missing. Mostly
# calls without input, so that loops with several shortest cycles are common.
edges = st.lists(st.tuples(st.integers(0, 8), st.integers(0, 9), st.booleans() | st.just(True),
                           st.booleans() | st.just(True)), max_size=40)


def dialogs_of(n: int, calls: list[tuple[int, int, bool, bool]]) -> list[DialogCalls]:
    out = []
    for i in range(n):
        mine = [Call(node=f"c{k}", node_index=k, pointer=f"/dialogs/{i}/nodes/{k}", component=f"run {t}",
                     target=f"dg-{t}", reachable=r, without_input=w)
                for k, (src, t, r, w) in enumerate(calls) if src == i]
        out.append(DialogCalls(index=i, pointer=f"/dialogs/{i}", id=f"dg-{i}", ref_id=None, name=f"D{i}",
                               calls=tuple(mine)))
    return out


def reference_path(sub: nx.DiGraph, first: int) -> list[int]:
    """The cycle through `first` as CallGraph.cycles() chose it before: a shortest path to every
    dialog of the loop (nx.single_source_shortest_path), then the shortest, smallest of those."""
    reach = nx.single_source_shortest_path(sub, first)
    return min((reach[p] for p in sub.predecessors(first) if p in reach), key=lambda p: (len(p), p))


def loops(graph: CallGraph):
    """(loop's sub-graph, its first dialog) of each loop of more than one dialog."""
    free = graph.free_edges()
    for comp in nx.strongly_connected_components(free):
        if len(comp) > 1:
            yield free.subgraph(comp), min(comp)


def assert_same_cycles(graph: CallGraph) -> None:
    for sub, first in loops(graph):
        assert _shortest_cycle(sub, first) == reference_path(sub, first), sorted(sub)


@given(st.integers(1, 9), edges)
def test_cycles_match_the_shortest_path_reference(n, calls):
    assert_same_cycles(CallGraph(dialogs_of(n, calls)))


def test_cycles_match_the_reference_on_denser_random_graphs():
    for seed in range(500):  # graphs where the first-found and the smallest shortest paths differ
        r = random.Random(seed)
        n = r.randint(3, 12)
        calls = [(r.randrange(n), r.randrange(n), True, r.random() < 0.9) for _ in range(r.randint(n, 3 * n))]
        assert_same_cycles(CallGraph(dialogs_of(n, calls)))


def test_cycle_follows_the_breadth_first_parents_not_the_smallest_names():
    # 0 runs 5 before 3; both run 7, which runs 0: the search reaches 7 from 5 first
    graph = CallGraph(dialogs_of(8, [(0, 5, True, True), (0, 3, True, True), (3, 7, True, True),
                                     (5, 7, True, True), (7, 0, True, True)]))
    (cycle,) = graph.cycles()
    assert [d.index for d in cycle.path] == [0, 5, 7] and [d.index for d in cycle.members] == [0, 3, 5, 7]
    assert_same_cycles(graph)


def test_cycle_of_a_long_ring_with_chords():
    # ring 0 -> 1 -> ... -> 299 -> 0 plus chords i -> i+7: many paths of equal length to compare
    n = 300
    calls = ([(i, (i + 1) % n, True, True) for i in range(n)]
             + [(i, (i + 7) % n, True, True) for i in range(0, n, 3)])
    graph = CallGraph(dialogs_of(n, calls))
    assert len(list(loops(graph))) == 1
    assert_same_cycles(graph)


@given(st.integers(1, 9), edges)
def test_report_marks_the_same_calls_as_loops(n, calls):
    dialogs = dialogs_of(n, calls)
    result = SimpleNamespace(
        documents=[SimpleNamespace(document=SimpleNamespace(path="p.json", calls=dialogs))])
    (entry,) = call_graphs(result, {}, {}) or [None]
    graph = CallGraph(dialogs)
    if entry is None:
        assert not graph
        return
    loops_ = set()
    for cycle in graph.cycles():  # as it was: every free edge checked once per loop
        members = {d.index for d in cycle.members}
        loops_ |= {(u, v) for u, v in graph.free_edges().edges if u in members and v in members}
    expected = [(d.index, graph.by_id.get(c.target)) in loops_ and c.reachable and c.without_input
                for d in dialogs for c in d.calls]
    assert [row["loop"] for row in entry["rows"]] == expected
    assert entry["loops"] == len(graph.cycles())


segment = st.sampled_from(["knowledgeTasks", "statusSummary", "result", "taxonomy", "0", "1", "10", ""])
pointer = st.lists(segment, max_size=5).map(lambda parts: "".join("/" + p for p in parts))


def finding(ptr: str, k: int) -> Finding:
    return Finding(rule="KL401", name="kg-dangling-parent", severity=Severity("warning"), message=f"m{k}",
                   path="p.json", dialog=None, dialog_id=None, node=None, nodes=(), pointer=ptr, line=None)


@given(st.lists(pointer, max_size=6), st.lists(pointer, max_size=30))
def test_findings_under_each_taxonomy_as_the_filter_gave(taxonomies, pointers):
    found = [finding(p, k) for k, p in enumerate(pointers)]
    under = _findings_under(taxonomies, found)
    for tax in taxonomies:
        assert under[tax] == [f for f in found if f.pointer == tax or f.pointer.startswith(tax + "/")]
