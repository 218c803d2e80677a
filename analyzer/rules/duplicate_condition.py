"""A node has two branches with the same condition: the later one never fires.

Why it matters: branches are tested in order and the first that holds wins, so a repeated
condition makes the later branch dead. It is usually a copy-paste whose condition was meant to be
changed (a different value, another operator). Conditions are compared as Kore evaluates them:
the forms of the builder's Exists test are one (`op` missing, `""`, `exists`, `ex`; its value is
ignored), so sixteen "exists" branches on one node are fifteen dead ones. One finding per later
branch. Conditions of no known shape are left to `malformed-condition`.

Where to fix it in Bot Builder: the node's Connections; change the later branch's condition or
delete the branch.

Fails::

    {"nodeId": "entity1", "type": "entity", "transitions": [
        {"if": {"field": "entity1", "op": "eq", "value": "gold"}, "then": "message2"},
        {"if": {"field": "entity1", "op": "eq", "value": "gold"}, "then": "message3"},
        {"default": "end"}]}

Passes: the second branch tests `"value": "silver"`.
"""
from __future__ import annotations

from collections.abc import Iterator

from ..conditions import comparable, shape_problems, show
from ..findings import Problem
from .base import DialogContext

CODE = "KL203"
NAME = "duplicate-condition"
SEVERITY = "warning"
SCOPE = "dialog"


def check(ctx: DialogContext) -> Iterator[Problem]:
    by_node = ctx.flow.edges_by_node
    for entry in ctx.dialog.nodes:
        edges = by_node.get(entry.index)
        if not edges or sum(e.conditional for e in edges) < 2:
            continue  # nothing to repeat (most nodes): no condition is shaped or compared
        transitions = entry.node.transitions or []
        first: dict[str, int] = {}
        for i, t in enumerate(transitions):
            if not t.is_conditional or next(shape_problems(t.condition), None):
                continue  # a malformed condition is `malformed-condition`'s to report
            key = comparable(t.condition)
            if key in first:
                yield Problem(
                    f"branch {i + 1} of {ctx.label(entry.node.node_id)} repeats the condition of branch "
                    f"{first[key] + 1} ({show(t.condition, names=ctx.flow.names)}): it never fires",
                    f"{entry.pointer}/transitions/{i}", node=entry.node.node_id, detail=key,
                    order=entry.index)
            else:
                first[key] = i
