"""The dialog has no nodes.

Why it matters: an empty dialog task can still be published and matched by its intent, and then
does nothing: the user gets no answer. It is usually a task created and never built, or one whose
nodes were all deleted.

Fails::

    {"_id": "dg-1", "name": "Book a flight", "nodes": []}

Passes: any dialog with at least its intent node.
"""
from __future__ import annotations

from collections.abc import Iterator

from ..findings import Problem
from ..text import quote
from .base import DialogContext

CODE = "KL107"
NAME = "empty-dialog"
SEVERITY = "error"
SCOPE = "dialog"


def check(ctx: DialogContext) -> Iterator[Problem]:
    if not ctx.dialog.has_nodes:
        yield Problem(f"dialog {quote(ctx.dialog.name)} has no nodes", ctx.dialog.pointer)
