"""analyzer.payload.vocabulary: what the Publish Status API's status strings mean, in one place
(the rules, the loader, the HTML report and `fetch --wait` read it)."""
import pytest

from analyzer.payload.document import Job, Resource
from analyzer.payload.vocabulary import is_failure, is_job_status, is_resource_status, is_running, is_success
from analyzer.reporters.html_values import status_class


@pytest.mark.parametrize("status", ["SUCCESS", "success", "SUCCESSFUL", "successful", "Successful"])
def test_both_success_words_in_any_case_are_success(status):
    assert is_success(status) and not is_failure(status) and not is_running(status)
    assert is_resource_status(status) and status_class(status) == "ok"


@pytest.mark.parametrize("status", [None, 1, "", " SUCCESS", "SUCCEEDED", "FAILED", "INPROGRESS"])
def test_anything_else_is_not_success(status):
    assert not is_success(status)


def test_failure_and_running():
    assert is_failure("FAILED") and is_failure("failed") and not is_failure("FAILURE")
    assert is_running("INPROGRESS") and is_running("inProgress") and not is_running("IN_PROGRESS")


def test_documented_places():
    assert all(is_job_status(s) for s in ("SUCCESSFUL", "failed", "InProgress"))
    assert not is_job_status("SUCCESS")  # not documented for the job: KL305 reports it
    assert all(is_resource_status(s) for s in ("SUCCESS", "SUCCESSFUL", "failed"))
    assert not is_resource_status("INPROGRESS") and not is_resource_status(None)


def resource(status, name=None, id_=None, index=3):
    return Resource(index=index, pointer=f"/statusSummary/{index}", type="dialog", id=id_, name=name,
                    status=status, modules=None)


def test_resource_meaning_and_label():
    assert resource("successful").succeeded and not resource("successful").unpublished
    assert resource("QUEUED").unpublished and resource("FAILED").unpublished
    assert not resource(None).unpublished and not resource(3).unpublished  # no text: says nothing
    assert [resource("x", "Book", "dg-1").label, resource("x", None, "dg-1").label, resource("x").label] == [
        "Book", "dg-1", "#3"]


def test_job_meaning():
    assert Job("", status="failed").failed and Job("", status="INPROGRESS").running
    assert Job("", status="successful").status_known and not Job("", status="SUCCESS").status_known
