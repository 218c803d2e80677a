"""No path of transitions leads from the entry to the node.

Why it matters: an unreachable node never runs. It is usually a node whose incoming transition
was removed by mistake (so a part of the conversation silently disappeared), or dead weight that
makes the dialog harder to maintain. One finding per node. Dialogs without an entry are left to
`missing-entry`.

Fails (nothing leads to `message5`)::

    {"nodeId": "intent0", "type": "intent", "transitions": [{"default": "message1"}]}
    {"nodeId": "message1", "type": "message", "transitions": [{"default": "end"}]}
    {"nodeId": "message5", "type": "message", "transitions": [{"default": "end"}]}

Passes: `message1` goes on to `message5` instead of `end`.
"""
from __future__ import annotations

from collections.abc import Iterator

from ..findings import Problem
from .base import DialogContext

CODE = "KL102"
NAME = "unreachable-node"
SEVERITY = "warning"
SCOPE = "dialog"


def check(ctx: DialogContext) -> Iterator[Problem]:
    flow = ctx.flow
    if flow.entry is None:
        return
    reachable = flow.reachable
    for entry in ctx.dialog.nodes:
        nid = entry.node.node_id
        if nid not in reachable:
            yield Problem(f"{ctx.label(nid)} cannot be reached from the entry node "
                          f"{ctx.label(flow.entry)}",
                          entry.pointer, node=nid, order=entry.index)
