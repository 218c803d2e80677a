"""A part of the input does not have the expected shape.

Why it matters: a dialog, node, resource or term korelint cannot read is a part of the bot no
other rule can check. Rather than stopping, korelint reports each such part here, says what is
wrong with it, and still analyses everything else, so one broken node never hides the defects
of the others. Transitions with neither `if` nor `default` are reported here too: the builder
ignores them.

Fails (a node whose `nodeId` is not text, a transition of no kind)::

    {"nodeId": 42, "type": "message", "transitions": [{"default": "end"}]}
    {"nodeId": "message1", "type": "message", "transitions": [{"goto": "end"}]}

Passes::

    {"nodeId": "message1", "type": "message", "transitions": [{"default": "end"}]}
"""
from __future__ import annotations

from typing import Iterator

from ..findings import Problem
from .base import DocumentContext

CODE = "KL001"
NAME = "malformed-payload"
SEVERITY = "error"
SCOPE = "document"


def check(ctx: DocumentContext) -> Iterator[Problem]:
    for m in ctx.document.malformed:
        yield Problem(m.reason, m.pointer, detail=m.pointer, order=m.node_index)
    for dialog in ctx.document.dialogs:
        for entry in dialog.nodes:
            for i, t in enumerate(entry.node.transitions or []):
                if not t.is_conditional and not t.is_default:
                    yield Problem(
                        f"transition {i + 1} of node {entry.node.node_id!r} has neither `if` nor "
                        "`default`: the builder ignores it",
                        f"{entry.pointer}/transitions/{i}", node=entry.node.node_id,
                        detail=str(i), order=entry.index)
