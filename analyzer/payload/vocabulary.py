"""What the Publish Status API's status strings mean: the one place korelint decides it.

The API documents SUCCESSFUL, FAILED and INPROGRESS for the publish job and SUCCESS or FAILED
for each resource; real responses write them in any case (`successful`). Both success words
mean success wherever they appear: a resource that says SUCCESSFUL was published. Only case is
ignored: ` SUCCESS ` (with spaces) is not a documented status.

Stdlib only: the rules, the loader, the reporters and the live client all read it.
"""
from __future__ import annotations

from typing import Any

JOB_STATUSES = ("SUCCESSFUL", "FAILED", "INPROGRESS")  # documented for the publish job
RESOURCE_STATUSES = ("SUCCESS", "FAILED")  # documented for a resource
SUCCESS_WORDS = frozenset({"SUCCESS", "SUCCESSFUL"})
FAILED = "FAILED"
INPROGRESS = "INPROGRESS"


def _word(status: Any) -> str | None:
    return status.upper() if isinstance(status, str) else None


def is_success(status: Any) -> bool:
    """SUCCESS or SUCCESSFUL, in any case (for the job and for resources)."""
    return _word(status) in SUCCESS_WORDS


def is_failure(status: Any) -> bool:
    """FAILED, in any case."""
    return _word(status) == FAILED


def is_running(status: Any) -> bool:
    """INPROGRESS, in any case: the publish job has not finished."""
    return _word(status) == INPROGRESS


def is_job_status(status: Any) -> bool:
    """One of the job statuses the API documents (a job that says SUCCESS is not: KL305)."""
    return _word(status) in JOB_STATUSES


def is_resource_status(status: Any) -> bool:
    """A status korelint understands on a resource: a documented one, or SUCCESSFUL."""
    return _word(status) in RESOURCE_STATUSES or is_success(status)
