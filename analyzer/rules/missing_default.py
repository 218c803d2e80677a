"""A node has conditional branches but no `default`.

Why it matters: when none of the conditions holds (an unexpected value, a failed service call,
a context variable that was never set) there is nowhere to go and the dialog ends without a word
to the user. A `default` branch, even to a "Sorry, something went wrong" message, keeps control.
On a confirmation node (branches on Yes and No) the default is the builder's **Else**
connection: Kore takes it when the answer is neither yes nor no; without it such an answer ends
the dialog. One finding per node.

Where to fix it in Bot Builder: the node's Connections; add the Else (default) connection.

Fails::

    {"nodeId": "script2", "type": "script", "transitions": [
        {"if": {"context": "found", "op": "eq", "value": "yes"}, "then": "message4"}]}

Passes::

    {"nodeId": "script2", "type": "script", "transitions": [
        {"if": {"context": "found", "op": "eq", "value": "yes"}, "then": "message4"},
        {"default": "message5"}]}
"""
from __future__ import annotations

from collections.abc import Iterator

from ..findings import Problem
from .base import DialogContext

CODE = "KL201"
NAME = "missing-default"
SEVERITY = "warning"
SCOPE = "dialog"


def check(ctx: DialogContext) -> Iterator[Problem]:
    by_node = ctx.flow.edges_by_node  # a node's transitions the builder reads: branches, defaults
    for entry in ctx.dialog.nodes:
        edges = by_node.get(entry.index)
        if not edges or not all(e.conditional for e in edges):
            continue  # no branch, or a default
        branches = len(edges)
        answers = {str(e.condition.get("dialogAct")).lower() for e in edges
                   if isinstance(e.condition, dict) and "dialogAct" in e.condition}
        if len(answers) == branches or answers >= {"yes", "no"}:
            said = " and ".join(a.capitalize() for a in ("yes", "no") if a in answers) or "a yes/no answer"
            message = (f"{ctx.label(entry.node.node_id)} has {said} but no Else connection: any "
                       "other answer ends the dialog")
        else:
            message = (f"{ctx.label(entry.node.node_id)} has {branches} conditional branch"
                       f"{'es' if branches > 1 else ''} and no default: when none holds, the dialog ends")
        yield Problem(message, entry.pointer, node=entry.node.node_id, order=entry.index)
