"""The dialog has no nodes, or only its intent node.

Why it matters: an empty dialog task can still be published and matched by its intent, and then
does nothing: the user gets no answer. It is usually a task created and never built, or one whose
nodes were all deleted. A dialog with no nodes at all is an error. A dialog whose only node is
its intent is a warning: the bot matches the intent and says nothing (a task started in Bot
Builder and never built further). A dialog of several intent nodes is not reported: its other
intent nodes run other dialogs; nor is an intent node whose transition goes to a node that is
not there (`dangling-target` says what is wrong: its next node was deleted).

Where to fix it in Bot Builder: open the dialog task and build its flow from the intent node
(at least a message), or delete the task if it is not needed. One finding per dialog.

Fails::

    {"_id": "dg-1", "name": "Book a flight", "nodes": []}
    {"_id": "dg-1", "name": "Book a flight",
     "nodes": [{"nodeId": "intent0", "type": "intent", "transitions": [{"default": ""}]}]}

Passes: a dialog whose intent node leads to at least one other node.
"""
from __future__ import annotations

from collections.abc import Iterator

from ..findings import Problem, Severity
from ..text import quote
from .base import DialogContext

CODE = "KL107"
NAME = "empty-dialog"
SEVERITY = "error"
SCOPE = "dialog"


def check(ctx: DialogContext) -> Iterator[Problem]:
    dialog = ctx.dialog
    if not dialog.has_nodes:
        yield Problem(f"dialog {quote(dialog.name)} has no nodes", dialog.pointer)
    elif (len(dialog.nodes) == 1 and not dialog.unreadable and dialog.nodes[0].node.type == "intent"
          and not any(edge.kind == "dangling" for edge in ctx.flow.edges)):
        entry = dialog.nodes[0]
        nid = entry.node.node_id
        yield Problem(f"dialog {quote(dialog.name)} has only its {ctx.label(nid)}: the bot matches the "
                      "intent and says nothing", entry.pointer, node=nid, severity=Severity.WARNING,
                      order=entry.index)
