"""Dialogs run each other in a cycle with no user input between the calls.

Why it matters: when dialog A reaches a node that runs dialog B without asking the user anything,
and B does the same back to A (directly or through other dialogs), the bot loops on its own; the
platform aborts after 25 moves without user input and the user sees an error. A call counts when
some path from its dialog's entry reaches the calling node without passing a node that waits for
input (an entity, form, confirmation or another intent node); calls from nodes no path reaches do
not. One finding per loop (a strongly connected set of such calls, or a dialog running itself),
on the calling node of its first dialog, naming the dialogs in call order.

Where to fix it in Bot Builder: in one dialog of the loop, put an Entity or Confirmation node
(one that waits for the user) before the Dialog node that runs the next dialog, or remove that
Dialog node.

Fails (each entry leads straight to a node running the other dialog)::

    Book Flight: intent0 -> message1 -> intent2 (runs Check Status)
    Check Status: intent0 -> script1 -> intent2 (runs Book Flight)

Passes: `Check Status` asks for the booking reference (an entity node) before running
`Book Flight`.
"""
from __future__ import annotations

from collections.abc import Iterator

from ..findings import Problem
from ..text import listing, quote
from .base import DocumentContext

CODE = "KL602"
NAME = "dialog-call-cycle"
SEVERITY = "warning"
SCOPE = "document"


def check(ctx: DocumentContext) -> Iterator[Problem]:
    if not any(d.calls for d in ctx.document.calls):
        return  # no dialog runs another (a publish status has no components): no graph to build
    for cycle in ctx.call_graph.cycles():
        first = cycle.path[0]
        call = cycle.call
        if len(cycle.path) == 1:
            message = (f"dialog {quote(first.name)} runs itself from {call.label} without waiting "
                       "for user input: the platform aborts after 25 moves without input")
        else:
            steps = [quote(d.name) for d in (*cycle.path, first)]
            if len(steps) > 9:  # a long ring: its start and its end, the finding's `nodes` hold all
                steps = [*steps[:6], f"… ({len(cycle.path) - 8} more)", *steps[-3:]]
            loop = " → ".join(steps)
            message = (f"dialogs {loop} run each other without waiting for user input "
                       f"({call.label} starts the loop): "
                       "the platform aborts after 25 moves without input")
        # a set: `d not in cycle.path` scans (and compares whole dialogs)
        on_path = {d.index for d in cycle.path}
        others = [d for d in cycle.members if d.index not in on_path]
        if others:
            more = f"{len(others)} more dialogs take part" if len(others) > 1 else "1 more dialog takes part"
            message += f"; {more}: " + listing([d.name for d in others])
        names = tuple(d.name for d in (*cycle.path, *others))
        ids = ",".join(d.id or str(d.index) for d in (*cycle.path, *others))
        yield Problem(message, call.pointer, node=call.node, nodes=names, detail=ids,
                      order=call.node_index)
