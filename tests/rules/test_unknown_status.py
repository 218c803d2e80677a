"""KL305 unknown-status: a job or resource status outside the documented ones (per value and place)."""
import pytest

from helpers import answering, findings, of, publish_status, resource

RULE = "unknown-status"
CLEAN = answering()


@pytest.mark.parametrize("status", ["PARTIAL", "COMPLETED", "SUCCESS", "", 1])
def test_unknown_job_status_is_reported_on_it(status):
    payload = publish_status(CLEAN, status=status)
    assert findings(payload) == {(RULE, None)}
    (f,) = of(payload, RULE)
    assert f.rule == "KL305" and f.severity.value == "warning"
    assert f.pointer == "/status" and f.line is not None and f.dialog is None


@pytest.mark.parametrize("status", ["QUEUED", "", 0, True])
def test_unknown_resource_status_is_reported_on_it(status):
    payload = publish_status(resources=[resource("SETTINGS"), resource("NL", status)])
    (f,) = of(payload, RULE)
    assert f.pointer == "/statusSummary/1/status" and f.line is not None


def test_one_finding_per_value_and_place():
    payload = publish_status(status="PARTIAL", resources=[
        resource("NL", "QUEUED"), resource("SETTINGS", "QUEUED"), resource("CHANNELS", "PENDING")])
    assert [f.pointer for f in of(payload, RULE)] == [
        "/status", "/statusSummary/0/status", "/statusSummary/1/status", "/statusSummary/2/status"]


def test_unknown_status_in_a_publish_response():
    (f,) = of([resource("NL", "QUEUED")], RULE)
    assert f.pointer == "/0/status"


@pytest.mark.parametrize("job", ["SUCCESSFUL", "successful", "FAILED", "failed", "INPROGRESS", "InProgress"])
def test_documented_job_statuses_pass(job):
    assert findings(publish_status(CLEAN, status=job), RULE) == set()


@pytest.mark.parametrize("status", ["SUCCESS", "success", "FAILED", "Failed"])
def test_documented_resource_statuses_pass(status):
    assert findings(publish_status(resources=[resource("NL", status)]), RULE) == set()


@pytest.mark.parametrize("status", ["SUCCESSFUL", "successful", "Successful"])
def test_a_resource_that_says_successful_is_not_unknown(status):
    # SUCCESSFUL is the job's word for success: on a resource it means published, not unknown.
    assert findings(publish_status(resources=[resource("NL", status)])) == set()
    assert findings([resource("NL", status)]) == set()


def test_success_words_with_spaces_are_still_unknown():
    (f,) = of(publish_status(resources=[resource("NL", " SUCCESSFUL ")]), RULE)
    assert f.pointer == "/statusSummary/0/status"


def test_absent_statuses_are_not_checked():
    payload = publish_status(resources=[{"resourceType": "NL", "name": "NL"}])
    del payload["status"]
    assert findings(payload, RULE) == set()
