"""A published resource's status is not SUCCESS (nor SUCCESSFUL).

Why it matters: that part of the bot (a dialog, the settings, a knowledge graph...) was not
published: users get the previous version of it, or none. The API documents SUCCESS or FAILED
for a resource; SUCCESSFUL, the job's word for success, is a success too (in any case). Any
other status is reported, and by `unknown-status` as well. One finding per resource.

Where to fix it in Bot Builder: the Publish Status dock item shows the failed publish with its
details; fix this component, then publish it again (Deploy > Publish, its checkbox selected).

Fails::

    {"resourceType": "dialog", "name": "Book a flight", "status": "FAILED", "result": {...}}

Passes::

    {"resourceType": "dialog", "name": "Book a flight", "status": "SUCCESS", "result": {...}}
    {"resourceType": "dialog", "name": "Book a flight", "status": "successful", "result": {...}}
"""
from __future__ import annotations

from collections.abc import Iterator

from ..findings import Problem
from ..text import quote
from .base import DocumentContext

CODE = "KL303"
NAME = "resource-failed"
SEVERITY = "error"
SCOPE = "document"


def check(ctx: DocumentContext) -> Iterator[Problem]:
    for res in ctx.document.resources:
        if res.unpublished:
            yield Problem(f"{res.type or 'resource'} {quote(res.label)} was not published: "
                          f"its status is {quote(res.status)}", f"{res.pointer}/status",
                          detail=res.id or str(res.index))
