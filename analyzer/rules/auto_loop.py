"""A cycle of nodes with no user-input node on it.

Why it matters: a cycle that never waits for the user runs on its own, node after node; the
platform aborts a dialog after 25 moves without user input. Retry loops must pass through a node
that waits (an entity, a confirmation) or be broken by a condition that is sure to change. One
finding per cycle (a strongly connected set of more than one node, or a node that loops to
itself, among the nodes that do not wait for input), on its first node in dialog order.

Where to fix it in Bot Builder: the Connection Properties of a node on the cycle; route the retry
through an Entity or Confirmation node (one that waits for the user), or add an If condition
whose Then go to is a node outside the cycle.

Fails (`service2` retries itself through `script3`)::

    {"nodeId": "service2", "type": "service", "transitions": [
        {"if": {"context": "ok", "op": "eq", "value": "true"}, "then": "end"},
        {"default": "script3"}]}
    {"nodeId": "script3", "type": "script", "transitions": [{"default": "service2"}]}

Passes: `script3` goes to an entity node `entity4` (asking the user whether to retry), which
goes back to `service2`.
"""
from __future__ import annotations

from collections.abc import Iterator

from ..findings import Problem
from ..text import listing
from .base import DialogContext

CODE = "KL104"
NAME = "auto-loop"
SEVERITY = "warning"
SCOPE = "dialog"


def check(ctx: DialogContext) -> Iterator[Problem]:
    flow = ctx.flow
    for cycle in flow.input_free_cycles:
        first = cycle[0]
        if len(cycle) == 1:
            message = f"{ctx.label(first)} loops to itself without waiting for user input"
        else:
            message = (f"nodes {listing(ctx.flow.names.labels(cycle))} form a cycle without user input: "
                       "the platform aborts the dialog after 25 moves")
        yield Problem(message, ctx.node_pointer(first), node=first, nodes=tuple(cycle),
                      detail=",".join(cycle), order=flow.order(first))
