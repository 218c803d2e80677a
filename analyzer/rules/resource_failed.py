"""A published resource's status is not SUCCESS.

Why it matters: that part of the bot (a dialog, the settings, a knowledge graph...) was not
published: users get the previous version of it, or none. One finding per resource.

Fails::

    {"resourceType": "dialog", "name": "Book a flight", "status": "FAILED", "result": {...}}

Passes::

    {"resourceType": "dialog", "name": "Book a flight", "status": "SUCCESS", "result": {...}}
"""
from __future__ import annotations

from typing import Iterator

from ..findings import Problem
from .base import DocumentContext
from ..text import quote

CODE = "KL303"
NAME = "resource-failed"
SEVERITY = "error"
SCOPE = "document"


def check(ctx: DocumentContext) -> Iterator[Problem]:
    for res in ctx.document.resources:
        if isinstance(res.status, str) and res.status.upper() != "SUCCESS":
            label = f"{res.type or 'resource'} {quote(res.name or res.id or '#' + str(res.index))}"
            yield Problem(f"{label} was not published: its status is {quote(res.status)}",
                          f"{res.pointer}/status", detail=res.id or str(res.index))
