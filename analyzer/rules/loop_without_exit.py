"""Reachable nodes that can never reach `end`, `""` or any other way out of the dialog.

Why it matters: once the conversation enters such a closed region, no transition leads out. If
the region has no node that waits for the user, the platform spins until it aborts the dialog
after 25 moves; if it does (an entity, a confirmation...), the user is stuck in a menu they can
leave only by switching intent. One finding per closed region (an attracting component of the
dialog's graph), on its first node in dialog order, listing all its nodes. Severity `error`, or
`warning` when the region holds a user-input node.

Where to fix it in Bot Builder: the Connection Properties of a node in the region; add a
connection (an If condition or the Else) that leads out of it, to a node outside or to End of
Dialog.

Fails (`script2` and `script3` only lead to each other)::

    {"nodeId": "intent0", "type": "intent", "transitions": [{"default": "script2"}]}
    {"nodeId": "script2", "type": "script", "transitions": [{"default": "script3"}]}
    {"nodeId": "script3", "type": "script", "transitions": [{"default": "script2"}]}

Passes: `script3` has a branch `{"if": {"context": "done", "op": "eq", "value": "yes"},
"then": "end"}`, or a `default` to `end`.
"""
from __future__ import annotations

from collections.abc import Iterator

from ..findings import Problem, Severity
from ..text import listing
from .base import DialogContext

CODE = "KL103"
NAME = "loop-without-exit"
SEVERITY = "error"
SCOPE = "dialog"


def check(ctx: DialogContext) -> Iterator[Problem]:
    flow = ctx.flow
    for region in flow.closed_regions:
        first = region[0]
        waits = [n for n in region if flow.is_input(n)]
        listed = listing(ctx.flow.names.labels(region))
        if waits:
            message = (f"nodes {listed} form a closed region with no way out of the dialog; the user "
                       f"can leave it only by switching intent (it waits for input at {ctx.label(waits[0])})")
        else:
            message = (f"nodes {listed} form a closed region with no way out of the dialog and no "
                       "user input: the platform aborts it after 25 moves")
        yield Problem(message, ctx.node_pointer(first), node=first, nodes=tuple(region),
                      severity=Severity.WARNING if waits else None, detail=",".join(region),
                      order=flow.order(first))
