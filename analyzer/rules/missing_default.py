"""A node has conditional branches but no `default`.

Why it matters: when none of the conditions holds (an unexpected value, a failed service call,
a context variable that was never set) there is nowhere to go and the dialog ends without a word
to the user. A `default` branch, even to a "Sorry, something went wrong" message, keeps control.
One finding per node.

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
from ..text import quote
from .base import DialogContext

CODE = "KL201"
NAME = "missing-default"
SEVERITY = "warning"
SCOPE = "dialog"


def check(ctx: DialogContext) -> Iterator[Problem]:
    for entry in ctx.dialog.nodes:
        transitions = entry.node.transitions or []
        branches = sum(1 for t in transitions if t.is_conditional)
        if branches and not any(t.is_default for t in transitions):
            yield Problem(f"node {quote(entry.node.node_id)} has {branches} conditional branch"
                          f"{'es' if branches > 1 else ''} and no default: when none holds, the dialog ends",
                          entry.pointer, node=entry.node.node_id, order=entry.index)
