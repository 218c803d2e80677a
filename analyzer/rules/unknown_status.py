"""A job or resource status outside the documented ones.

Why it matters: the Publish Status API documents SUCCESSFUL, FAILED and INPROGRESS for the job
and SUCCESS or FAILED for resources (compared without regard to case); a resource that says
SUCCESSFUL, the job's word for success, is understood as published and not reported. Any other
value means the platform changed, or the payload was edited or truncated; korelint cannot tell
whether the publish worked. One finding per value and place.

Where to fix it in Bot Builder: nothing to fix in the bot; read the outcome in the Publish Status
dock item, and fetch the status again without editing it (`korelint fetch`).

Fails::

    {"status": "PARTIAL", "statusSummary": [{"resourceType": "dialog", "status": "QUEUED"}]}

Passes::

    {"status": "successful", "statusSummary": [{"resourceType": "dialog", "status": "SUCCESS"},
                                               {"resourceType": "NL", "status": "Successful"}]}
"""
from __future__ import annotations

from collections.abc import Iterator

from ..findings import Problem
from ..payload.vocabulary import JOB_STATUSES, RESOURCE_STATUSES
from ..text import quote
from .base import DocumentContext

CODE = "KL305"
NAME = "unknown-status"
SEVERITY = "warning"
SCOPE = "document"


def check(ctx: DocumentContext) -> Iterator[Problem]:
    job = ctx.document.job
    if job is not None and job.status is not None:
        if not job.status_known:
            yield Problem(f"the publish job's status {quote(job.status)} is not one of "
                          f"{', '.join(JOB_STATUSES)}",
                          "/status", detail=str(job.status))
    for res in ctx.document.resources:
        if res.status is None:
            continue
        if not res.status_known:
            yield Problem(f"resource {quote(res.label)} has the status "
                          f"{quote(res.status)}, not {' or '.join(RESOURCE_STATUSES)}",
                          f"{res.pointer}/status",
                          detail=f"{res.id or res.index}:{res.status}")
