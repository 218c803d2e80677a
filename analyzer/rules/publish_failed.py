"""The publish job's status is FAILED.

Why it matters: nothing of this publish reached users: they still talk to the previously
published version of the bot. The resources reported with a status other than SUCCESS or
SUCCESSFUL (see `resource-failed`) say which parts failed. One finding per job.

Where to fix it in Bot Builder: the Publish Status dock item shows the failed publish with its
details; fix the failed components and publish again (Deploy > Publish).

Fails::

    {"_id": "ds-1", "status": "FAILED", "percentageComplete": 100, "statusSummary": [...]}

Passes::

    {"_id": "ds-1", "status": "successful", "percentageComplete": 100, "statusSummary": [...]}
"""
from __future__ import annotations

from collections.abc import Iterator

from ..findings import Problem
from .base import DocumentContext

CODE = "KL301"
NAME = "publish-failed"
SEVERITY = "error"
SCOPE = "document"


def check(ctx: DocumentContext) -> Iterator[Problem]:
    job = ctx.document.job
    if job is not None and job.failed:
        failed = [r.label for r in ctx.document.resources if r.unpublished]
        detail = f": failed resources {', '.join(map(repr, failed))}" if failed else ""
        job_id = f" {job.id}" if isinstance(job.id, str) else ""
        yield Problem(f"the publish job{job_id} failed{detail}", "/status")
