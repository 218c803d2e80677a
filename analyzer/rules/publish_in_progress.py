"""The publish job is still running (INPROGRESS, or `percentageComplete` below 100).

Why it matters: the response describes a publish that has not finished, so what korelint
analysed may not be what users will get, and a release pipeline should not call it done. Fetch
the status again once the job completes (`korelint fetch --wait`). One finding per job.

Where to fix it in Bot Builder: nothing to fix; the Publish Status dock item shows the job's
progress. Wait until it completes, then fetch the status again.

Fails::

    {"status": "INPROGRESS", "percentageComplete": 40, "statusSummary": [...]}

Passes::

    {"status": "SUCCESSFUL", "percentageComplete": 100, "statusSummary": [...]}
"""
from __future__ import annotations

from collections.abc import Iterator

from ..findings import Problem
from ..payload.numbers import finite
from .base import DocumentContext

CODE = "KL302"
NAME = "publish-in-progress"
SEVERITY = "warning"
SCOPE = "document"


def check(ctx: DocumentContext) -> Iterator[Problem]:
    job = ctx.document.job
    if job is None:
        return
    pct = finite(job.percentage)
    numeric = pct is not None
    if job.running:
        shown = f" ({pct:g}% complete)" if numeric else ""
        yield Problem(f"the publish job is still in progress{shown}", "/status")
    elif numeric and pct < 100:
        yield Problem(f"the publish job reports {pct:g}% complete", "/percentageComplete")
