"""A `default` transition is not connected (`""`): the dialog ends silently there.

Why it matters: in the builder, a node whose fallback was never connected shows no line; at run
time the dialog simply ends after it. That is often intended, but connecting it to `end` says so
and makes a forgotten connection visible. One finding per transition (information only).

Fails::

    {"nodeId": "message4", "type": "message", "transitions": [{"default": ""}]}

Passes::

    {"nodeId": "message4", "type": "message", "transitions": [{"default": "end"}]}
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


def check(ctx: DialogContext) -> Iterator[Problem]:
    for edge in ctx.flow.edges:
        if not edge.conditional and edge.kind == "unconnected":
            yield Problem(f"the default transition of {ctx.label(edge.source)} is not connected: the "
                          f"dialog ends there",
                          edge.pointer, node=edge.source,
                          detail=canonical(edge.condition) if edge.conditional else "",
                          order=edge.source_index)
