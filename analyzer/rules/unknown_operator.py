"""A condition uses an operator outside the documented list.

Why it matters: the platform knows `eq`, `neq`, `gt`, `gte`, `lt`, `lte`, `cnt` (contains),
`dne` (does not exist) and `exists`/`ex`. Any other operator (a typo such as `equals`, `contains`
or `ne`) does not compare what the author meant. One finding per branch and operator.

Fails::

    {"if": {"context": "count", "op": "equals", "value": "3"}, "then": "message2"}

Passes::

    {"if": {"context": "count", "op": "eq", "value": "3"}, "then": "message2"}
"""
from __future__ import annotations

from collections.abc import Iterator

from ..conditions import OPERATORS, canonical, operators
from ..findings import Problem
from ..text import quote
from .base import DialogContext

CODE = "KL206"
NAME = "unknown-operator"
SEVERITY = "warning"
SCOPE = "dialog"


def check(ctx: DialogContext) -> Iterator[Problem]:
    for edge in ctx.flow.edges:
        if not edge.conditional:
            continue
        for op in dict.fromkeys(operators(edge.condition)):
            if op not in OPERATORS:
                yield Problem(f"branch {edge.index + 1} of node {quote(edge.source)} uses the unknown "
                              f"operator {quote(op)}",
                              edge.pointer, node=edge.source, detail=f"{canonical(edge.condition)}:{op}",
                              order=edge.source_index)
