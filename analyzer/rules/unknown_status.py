"""A job or resource status outside the documented ones.

Why it matters: the Publish Status API documents SUCCESSFUL, FAILED and INPROGRESS for the job
and SUCCESS or FAILED for resources (compared without regard to case). Any other value means the
platform changed, or the payload was edited or truncated; korelint cannot tell whether the
publish worked. One finding per value and place.

Fails::

    {"status": "PARTIAL", "statusSummary": [{"resourceType": "dialog", "status": "QUEUED"}]}

Passes::

    {"status": "successful", "statusSummary": [{"resourceType": "dialog", "status": "SUCCESS"}]}
"""
from __future__ import annotations

from typing import Iterator

from ..findings import Problem
from .base import DocumentContext
from ..text import quote

CODE = "KL305"
NAME = "unknown-status"
SEVERITY = "warning"
SCOPE = "document"

JOB_STATUSES = frozenset({"SUCCESSFUL", "FAILED", "INPROGRESS"})
RESOURCE_STATUSES = frozenset({"SUCCESS", "FAILED"})


def check(ctx: DocumentContext) -> Iterator[Problem]:
    job = ctx.document.job
    if job is not None and job.status is not None:
        if not isinstance(job.status, str) or job.status.upper() not in JOB_STATUSES:
            yield Problem(f"the publish job's status {quote(job.status)} is not one of SUCCESSFUL, FAILED, INPROGRESS",
                          "/status", detail=str(job.status))
    for res in ctx.document.resources:
        if res.status is None:
            continue
        if not isinstance(res.status, str) or res.status.upper() not in RESOURCE_STATUSES:
            yield Problem(f"resource {quote(res.name or res.id or '#' + str(res.index))} has the status "
                          f"{quote(res.status)}, not SUCCESS or FAILED", f"{res.pointer}/status",
                          detail=f"{res.id or res.index}:{res.status}")
