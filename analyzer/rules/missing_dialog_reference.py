"""A dialog node runs a dialog that is not in the export.

Why it matters: a dialog node (an `intent` node other than the entry whose component carries a
`dialogId`) starts another dialog task. When that dialog was deleted, renamed into a new task or
left out of the export, the node leads nowhere: the platform cannot start it and the conversation
stops there. Bot exports only: a single dialog export never holds the dialogs it calls. One
finding per node.

Where to fix it in Bot Builder: delete the Dialog node and add one that runs an existing dialog
task; if the dialog exists but was left out of the export, export again with it selected (Deploy >
Import & Export).

Fails (no dialog of the export has the id `dg-deleted`)::

    {"nodeId": "intent4", "type": "intent", "componentId": "dc-talk", "transitions": [...]}
    {"_id": "dc-talk", "name": "Talk to Agent", "type": "intent", "dialogId": "dg-deleted"}

Passes: `dialogId` is the `_id` of a dialog in `dialogs`.
"""
from __future__ import annotations

from collections.abc import Iterator

from ..findings import Problem
from ..text import quote
from .base import DocumentContext

CODE = "KL601"
NAME = "missing-dialog-reference"
SEVERITY = "error"
SCOPE = "document"


def check(ctx: DocumentContext) -> Iterator[Problem]:
    if ctx.document.kind != "bot-export":
        return
    for _dialog, call in ctx.call_graph.missing:
        yield Problem(
            f"{call.label} runs dialog {quote(call.target)}, which is not in this export: the "
            "conversation cannot go on there",
            call.pointer, node=call.node, detail=call.target, order=call.node_index)
