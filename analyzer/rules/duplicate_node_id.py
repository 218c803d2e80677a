"""Two nodes of a dialog share a `nodeId`.

Why it matters: transitions name their target by node id, so with two nodes of one id it is
undefined which of them a transition reaches: one of them is effectively lost, and edits in the
builder may touch the wrong one. One finding per repeated id, on its second occurrence.
(For the graph, transitions of both nodes count.)

Where to fix it in Bot Builder: nowhere; the builder gives every node its own id, so the file was
edited or merged by hand. Fix the JSON at the finding's pointer (a new `nodeId` for the second node
and the transitions meant for it) and re-import the bot (Deploy > Import & Export).

Fails::

    {"nodeId": "message1", "type": "message", "transitions": [{"default": "end"}]}
    {"nodeId": "message1", "type": "message", "transitions": [{"default": "script2"}]}

Passes: the second node is `message3`.
"""
from __future__ import annotations

from collections.abc import Iterator

from ..findings import Problem
from ..text import quote
from .base import DialogContext

CODE = "KL106"
NAME = "duplicate-node-id"
SEVERITY = "error"
SCOPE = "dialog"


def check(ctx: DialogContext) -> Iterator[Problem]:
    seen: dict[str, int] = {}
    for entry in ctx.dialog.nodes:
        nid = entry.node.node_id
        seen[nid] = seen.get(nid, 0) + 1
        if seen[nid] == 2:
            count = sum(1 for e in ctx.dialog.nodes if e.node.node_id == nid)
            yield Problem(f"{count} nodes share the id {quote(nid)}", entry.pointer, node=nid,
                          detail=nid, order=entry.index)
