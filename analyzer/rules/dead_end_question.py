"""An entity or confirmation node asks the user, and every way out of it ends the dialog.

Why it matters: the bot asks a question, waits for the answer, and then ends the task whatever
the user says: the answer is never used. Usually the node's connections were never drawn (the
flow is unfinished), or a message was built as an entity node and now waits for input it does
not need.

Reported on reachable entity and confirmation (`dialogAct`) nodes whose connections all go to
`end` or are not connected (`""`), or that have none. Not reported when the prompt is built by
code (a JavaScript message): its buttons may send commands handled outside the dialog (Kore's
own templates switch the language that way), so the answer may well be used.

Where to fix it in Bot Builder: open the node's Connections and connect the answer to the node
that uses it; or, if nothing is to be asked, replace the node by a message node. One finding per
node.

Fails::

    {"nodeId": "entity1", "type": "entity", "transitions": [{"default": ""}]}
    {"nodeId": "dialogAct2", "type": "dialogAct", "transitions": [
        {"if": {"dialogAct": "yes"}, "then": "end"}, {"default": "end"}]}

Passes::

    {"nodeId": "entity1", "type": "entity", "transitions": [{"default": "message2"}]}
"""
from __future__ import annotations

from collections.abc import Iterator

from ..findings import Problem
from .base import DialogContext

CODE = "KL211"
NAME = "dead-end-question"
SEVERITY = "warning"
SCOPE = "dialog"

_ASKING = ("entity", "dialogAct", "confirmation")
_ENDS = ("end", "unconnected")


def check(ctx: DialogContext) -> Iterator[Problem]:
    by_node = ctx.flow.edges_by_node
    reachable = ctx.flow.reachable
    for entry in ctx.dialog.nodes:
        node = entry.node
        if node.type not in _ASKING or node.node_id not in reachable:
            continue
        ways = [e.kind for e in by_node.get(entry.index, ())]
        if len(ways) != len(node.transitions or ()) or any(k not in _ENDS for k in ways):
            continue  # a way on, or a transition the builder ignores (malformed-payload's)
        comp = entry.component
        if comp is not None and any(p.type != "basic" for p in comp.prompts):
            continue
        how = "has no connections" if not ways else "only connects to the end of the dialog"
        yield Problem(f"{ctx.label(node.node_id)} asks the user and {how}: the answer is never used",
                      entry.pointer, node=node.node_id, order=entry.index)
