"""A node has more than one `default` transition.

Why it matters: only one fallback can be taken; which one depends on the platform's order of
evaluation, and the others are dead connections that mislead whoever reads the flow. One finding
per node.

Where to fix it in Bot Builder: a node's Connection Properties hold a single Else, so extra
defaults come from an edited or merged file: delete them at the finding's pointer, re-import the bot
(Deploy > Import & Export), then check the node's Else.

Fails::

    {"nodeId": "message1", "type": "message", "transitions": [{"default": "message2"}, {"default": "end"}]}

Passes::

    {"nodeId": "message1", "type": "message", "transitions": [{"default": "message2"}]}
"""
from __future__ import annotations

from collections.abc import Iterator

from ..findings import Problem
from ..text import listing
from .base import DialogContext

CODE = "KL202"
NAME = "multiple-defaults"
SEVERITY = "error"
SCOPE = "dialog"


def check(ctx: DialogContext) -> Iterator[Problem]:
    by_node = ctx.flow.edges_by_node  # a node's transitions the builder reads
    for entry in ctx.dialog.nodes:
        edges = by_node.get(entry.index)
        if not edges or len(edges) < 2:
            continue
        targets = [e.target for e in edges if not e.conditional]
        if len(targets) > 1:
            shown = listing([ctx.flow.names.shown(t) if isinstance(t, str) and t else (t or "")
                             for t in targets])
            yield Problem(f"{ctx.label(entry.node.node_id)} has {len(targets)} default transitions "
                          f"({shown})",
                          entry.pointer, node=entry.node.node_id, order=entry.index)
