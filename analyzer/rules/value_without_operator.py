"""A field or context test has a value but no operator: Kore ignores the value.

Why it matters: a test saved without an operator is the builder's **Exists** test (Kore stores
it with `op` missing or empty): it holds as soon as the entity or context variable has any
value. A value written beside it (`"value": "gold"`) is never compared, so the branch fires for
every answer, not only for the one the developer meant. Usually the operator was cleared by
mistake, or the branch was copied from another and only half edited.

Where to fix it in Bot Builder: open the node's Connections, the branch's condition, and pick the
operator the value needs (equals, contains, greater than...), or clear the value if "exists" was
meant. One finding per branch.

Fails::

    {"if": {"field": "entity4", "op": "", "value": "gold"}, "then": "message5"}

Passes::

    {"if": {"field": "entity4", "op": "eq", "value": "gold"}, "then": "message5"}
    {"if": {"field": "entity4", "op": ""}, "then": "message5"}
"""
from __future__ import annotations

from collections.abc import Iterator

from ..conditions import ignored_values
from ..findings import Problem
from ..text import quote
from .base import DialogContext, on_branch

CODE = "KL209"
NAME = "value-without-operator"
SEVERITY = "warning"
SCOPE = "dialog"


def check(ctx: DialogContext) -> Iterator[Problem]:
    for edge in ctx.branches():
        ignored = list(ignored_values(edge.condition))
        if ignored:
            key, subject, value = ignored[0]
            subject = ctx.flow.names.shown(subject) if key == "field" else subject
            more = f" (and {len(ignored) - 1} more such tests)" if len(ignored) > 1 else ""
            yield on_branch(edge, f"branch {edge.index + 1} of {ctx.label(edge.source)} tests the {key} "
                                  f"{quote(subject)} with the value {quote(value)} but no operator: Kore "
                                  f"only checks that it has a value, {quote(value)} is ignored{more}")
