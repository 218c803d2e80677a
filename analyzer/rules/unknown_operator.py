"""A condition uses an operator outside the documented list.

Why it matters: the platform knows `eq`, `neq`, `gt`, `gte`, `lt`, `lte`, `cnt` (contains),
`dne` (does not exist) and `exists`/`ex`. Any other operator (a typo such as `equals`, `contains`
or `ne`) does not compare what the author meant. One finding per branch and operator.

Where to fix it in Bot Builder: the node's Connection Properties; pick the condition's Operator
again from its drop-down, which offers only the known operators (equal to, contains...). An unknown
one comes from an edited file.

Fails::

    {"if": {"context": "count", "op": "equals", "value": "3"}, "then": "message2"}

Passes::

    {"if": {"context": "count", "op": "eq", "value": "3"}, "then": "message2"}
"""
from __future__ import annotations

from collections.abc import Iterator

from ..conditions import OPERATORS, operators
from ..findings import Problem
from ..text import quote
from .base import DialogContext, on_branch

CODE = "KL206"
NAME = "unknown-operator"
SEVERITY = "warning"
SCOPE = "dialog"


def check(ctx: DialogContext) -> Iterator[Problem]:
    for edge in ctx.branches():
        for op in dict.fromkeys(operators(edge.condition)):
            if op not in OPERATORS:
                yield on_branch(edge, f"branch {edge.index + 1} of {ctx.label(edge.source)} uses the "
                                      f"unknown operator {quote(op)}", detail=op)
