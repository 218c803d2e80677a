"""A `default` transition is not connected (`""`): the dialog ends silently there.

Why it matters: in the builder, a node whose fallback was never connected shows no line; at run
time the dialog simply ends after it. That is often intended, but connecting it to `end` says so
and makes a forgotten connection visible. One finding per transition (information only).

Off by default (`--select implicit-end`, or ALL): on real bots it is mostly noise. Never reported
on the nodes where an open end is the design: a `message` (a closing message whose default is
`""` behaves like `end`), an `intent` node other than the entry (it hands over to another dialog
or sub-intent; the task ends after it, as Kore.ai documents) and an `agentTransfer` (the
conversation goes to a human agent). What is left: a script, service, entity, logic... node
whose fallback leads nowhere.

Where to fix it in Bot Builder: open the node's Connections tab and set its default connection
to End of Dialog (or to the node that should follow).

Fails::

    {"nodeId": "script4", "type": "script", "transitions": [{"default": ""}]}

Passes::

    {"nodeId": "script4", "type": "script", "transitions": [{"default": "end"}]}
"""
from __future__ import annotations

from collections.abc import Iterator

from ..conditions import canonical
from ..findings import Problem
from .base import DialogContext

CODE = "KL108"
NAME = "implicit-end"
SEVERITY = "info"
SCOPE = "dialog"
DEFAULT = False  # not in the default selection (see the docstring)


def check(ctx: DialogContext) -> Iterator[Problem]:
    flow = ctx.flow
    for edge in flow.edges:
        if not edge.conditional and edge.kind == "unconnected" and not _open_by_design(ctx, edge.source):
            yield Problem(f"the default transition of {ctx.label(edge.source)} is not connected: the "
                          f"dialog ends there",
                          edge.pointer, node=edge.source,
                          detail=canonical(edge.condition) if edge.conditional else "",
                          order=edge.source_index)


def _open_by_design(ctx: DialogContext, nid: str) -> bool:
    """A node whose unconnected default ends the dialog as designed."""
    flow = ctx.flow
    kind = flow.types.get(nid)
    return kind == "message" or (kind == "intent" and nid != flow.entry) or flow.ends_by_design(nid)
