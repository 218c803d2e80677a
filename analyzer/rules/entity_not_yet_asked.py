"""A condition tests an entity that no path has asked yet: it has no value there.

Why it matters: an entity node fills its value when the dialog passes it (or, before that, from
the words of the user's first sentence, when they happen to hold it). A connection that tests
an entity the dialog asks only later, or on another path, sees no value on every path the
dialog designer drew: an `equals` test fails and the user lands in the Else connection (in a
real export, IT students land in the EEE menu because the branch meant for them tests the IT
menu's entity, asked only further down).

What is checked: every test of a node's connections on an entity node of the same dialog
(`field`) that is not an ancestor of the testing node in the dialog's graph (no path from the
entry passes the entity before it first reaches the node: a loop back to the node does not
count, the value it brings is that of an earlier answer). Tests of the node's own entity, of context variables
and of other dialogs' entities (context paths) are not checked, nor Exists and does-not-exist
tests (asking whether the user's first sentence already gave the entity is a common design);
nor are nodes no path reaches (unreachable-node reports them). One finding per branch.

Where to fix it in Bot Builder: open the node's Connections and test the entity the user has
just answered (usually the node's own), or move the entity node before this node in the flow.

Fails (entity2 is asked only after the node that tests it)::

    entity1 -> {"if": {"field": "entity2", "op": "eq", "value": "IT"}, "then": "message3"} -> entity2

Passes::

    entity1 -> {"if": {"field": "entity1", "op": "eq", "value": "IT"}, "then": "message3"}
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..conditions import is_exists, leaves, show
from ..findings import Problem
from ..text import quote
from .base import DialogContext, on_branch

if TYPE_CHECKING:
    import networkx as nx

# Graph traversals allowed per dialog, in nodes + edges visited: a dialog of thousands of nodes
# each testing another entity is checked only as far as this goes (then silently not).
WORK = 2_000_000

CODE = "KL214"
NAME = "entity-not-yet-asked"
SEVERITY = "warning"
SCOPE = "dialog"


def _asked_before(graph: nx.DiGraph, entry: str, nid: str) -> frozenset[str]:
    """Nodes some path from the entry passes before it first reaches `nid` (a path that comes
    back to `nid` through a loop has passed it already: the value it met there counts then)."""
    import networkx as nx  # with the analysis: listing the rules must not import it

    first = nx.restricted_view(graph, [], list(graph.out_edges(nid)))
    return frozenset(nx.ancestors(first, nid) & nx.descendants(first, entry)) | {entry}


def check(ctx: DialogContext) -> Iterator[Problem]:
    flow = ctx.flow
    if flow.entry is None:
        return
    reachable = flow.reachable
    before: dict[str, tuple[frozenset[str], frozenset[str]]] = {}  # node -> (asked before, after)
    cost = 0  # of one node's walks: known once a branch needs them (the graph is built then)
    budget = WORK
    for edge in ctx.branches():
        nid = edge.source
        if nid not in reachable:
            continue
        for test in leaves(edge.condition):
            field = test.get("field")
            if (not isinstance(field, str) or field == nid or flow.types.get(field) != "entity"
                    or is_exists(test.get("op")) or test.get("op") == "dne"):
                continue
            if nid not in before:
                import networkx as nx  # when a walk is needed: most dialogs never need one

                cost = cost or 3 * (flow.graph.number_of_nodes() + flow.graph.number_of_edges())
                budget -= cost
                if budget < 0:
                    return
                before[nid] = (_asked_before(flow.graph, flow.entry, nid),
                               frozenset(nx.descendants(flow.graph, nid)))
            if field in before[nid][0]:
                continue
            entity = flow.names.shown(field)
            where = ("is asked only after it" if field in reachable and field in before[nid][1]
                     else "is asked on no path that leads to it")
            yield on_branch(edge, f"branch {edge.index + 1} of {ctx.label(nid)} tests "
                                  f"{show(test, names=flow.names)}, but the entity {quote(entity)} {where}: "
                                  f"when the dialog first gets there the entity has a value only if the "
                                  f"user's first sentence held one")
            break  # one finding per branch
