"""A condition of no known shape, or a test that names nothing.

Why it matters: Kore cannot evaluate such a branch as designed: a test whose `field`/`context`
is empty or missing, an operator that is not text, a `conjoin` without tests, a `dialogAct` other
than yes/no, or a condition that is not an object at all. Known shapes:
`{"field"|"context", "op", "value"}`, `{"dialogAct": "yes"|"no"}`, `{"intent": ..., "op": ""}`
and `{"conjoin": "and"|"or", "tests": [...]}`. A test without an operator (`op` missing or `""`)
is the builder's **Exists** test and is not malformed (a value beside it is
`value-without-operator`'s). One finding per branch.

Where to fix it in Bot Builder: the node's Connections; re-pick the branch's condition (entity or
context, operator, value), or delete the branch.

Fails::

    {"if": {"field": "", "op": "eq", "value": "gold"}, "then": "message5"}
    {"if": "amount > 10", "then": "message5"}

Passes::

    {"if": {"field": "entity4"}, "then": "message5"}
    {"if": {"field": "entity4", "op": "eq", "value": "gold"}, "then": "message5"}
"""
from __future__ import annotations

from collections.abc import Iterator

from ..conditions import shape_problems
from ..findings import Problem
from .base import DialogContext, on_branch

CODE = "KL205"
NAME = "malformed-condition"
SEVERITY = "error"
SCOPE = "dialog"


def check(ctx: DialogContext) -> Iterator[Problem]:
    for edge in ctx.branches():
        problems = list(shape_problems(edge.condition))
        if problems:
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            yield on_branch(edge, f"branch {edge.index + 1} of {ctx.label(edge.source)}: "
                                  f"{problems[0]}{more}")
