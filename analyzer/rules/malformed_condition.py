"""A condition test without an operator, or a condition of no known shape.

Why it matters: a field or context test whose `op` is missing or empty compares nothing; the
builder saves it when a branch is added and never finished, and at run time the branch's
behaviour is undefined. Known shapes: `{"field"|"context", "op", "value"}`,
`{"dialogAct": "yes"|"no"}`, `{"intent": ..., "op": "", "value": ""}` (an empty operator is
normal here) and `{"conjoin": "and"|"or", "tests": [...]}`. One finding per branch.

Fails::

    {"if": {"field": "entity4"}, "then": "message5"}
    {"if": "amount > 10", "then": "message5"}

Passes::

    {"if": {"field": "entity4", "op": "exists"}, "then": "message5"}
"""
from __future__ import annotations

from collections.abc import Iterator

from ..conditions import canonical, shape_problems
from ..findings import Problem
from ..text import quote
from .base import DialogContext

CODE = "KL205"
NAME = "malformed-condition"
SEVERITY = "error"
SCOPE = "dialog"


def check(ctx: DialogContext) -> Iterator[Problem]:
    for edge in ctx.flow.edges:
        if not edge.conditional:
            continue
        problems = list(shape_problems(edge.condition))
        if problems:
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            yield Problem(f"branch {edge.index + 1} of node {quote(edge.source)}: {problems[0]}{more}",
                          edge.pointer, node=edge.source,
                          detail=canonical(edge.condition) if edge.conditional else "",
                          order=edge.source_index)
