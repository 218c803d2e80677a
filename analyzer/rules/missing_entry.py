"""The dialog has nodes but none of type `intent`.

Why it matters: a dialog starts at its first `intent` node. Without one, the dialog cannot be
triggered at all and every node in it is dead. (Reachability rules skip such dialogs.)

Where to fix it in Bot Builder: nowhere; a dialog task made in the builder always starts at its
root Intent node, so the file was edited or cut short. Export the task again (Deploy > Import &
Export), or add the intent node to the JSON and re-import it.

Fails::

    {"nodes": [{"nodeId": "message1", "type": "message", "transitions": [{"default": "end"}]}]}

Passes::

    {"nodes": [{"nodeId": "intent0", "type": "intent", "transitions": [{"default": "message1"}]},
               {"nodeId": "message1", "type": "message", "transitions": [{"default": "end"}]}]}
"""
from __future__ import annotations

from collections.abc import Iterator

from ..findings import Problem
from ..text import quote
from .base import DialogContext

CODE = "KL105"
NAME = "missing-entry"
SEVERITY = "error"
SCOPE = "dialog"


def check(ctx: DialogContext) -> Iterator[Problem]:
    if ctx.dialog.nodes and ctx.flow.entry is None:
        yield Problem(f"dialog {quote(ctx.dialog.name)} has {len(ctx.dialog.nodes)} nodes but no intent "
                      f"node to start from",
                      ctx.dialog.pointer)
