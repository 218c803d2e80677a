"""A conditional branch's target is `""` or missing.

Why it matters: the condition was written but the branch was never connected to a node, so when
it holds the dialog just ends. Unlike an unconnected default (information), a branch is added to
do something, so this is almost always unfinished work. One finding per branch.

Where to fix it in Bot Builder: the node's Connection Properties; choose the branch's Then go to
node, or delete the condition (bin icon) if it is not needed.

Fails::

    {"nodeId": "script2", "type": "script", "transitions": [
        {"if": {"context": "found", "op": "eq", "value": "yes"}, "then": ""}, {"default": "end"}]}

Passes: the branch has `"then": "message4"`.
"""
from __future__ import annotations

from collections.abc import Iterator

from ..conditions import canonical, show
from ..findings import Problem
from .base import DialogContext

CODE = "KL204"
NAME = "unconnected-branch"
SEVERITY = "warning"
SCOPE = "dialog"


def check(ctx: DialogContext) -> Iterator[Problem]:
    for edge in ctx.flow.edges:
        if edge.conditional and edge.kind == "unconnected":
            shown = show(edge.condition, names=ctx.flow.names)
            yield Problem(f"branch {edge.index + 1} of {ctx.label(edge.source)} ({shown}) "
                          "is not connected to any node", edge.pointer, node=edge.source,
                          detail=canonical(edge.condition) if edge.conditional else "",
                          order=edge.source_index)
