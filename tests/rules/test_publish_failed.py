"""KL301 publish-failed: the publish job's status is FAILED (one per job, on the job's status)."""
import pytest

from helpers import answering, findings, of, publish_status, resource

RULE = "publish-failed"


@pytest.mark.parametrize("status", ["FAILED", "failed", "Failed"])
def test_failed_job_is_one_finding_on_the_job(status):
    payload = publish_status(resources=[resource("SETTINGS"), resource("NL", "FAILED"),
                                        resource("dialog", "FAILED", "Book a flight")],
                             status=status)
    assert findings(payload, RULE) == {(RULE, None)}
    (f,) = of(payload, RULE)
    assert f.rule == "KL301" and f.severity.value == "error"
    assert f.pointer == "/status" and f.line is not None
    assert f.dialog is None and f.node is None


def test_failed_job_with_every_resource_published_is_still_reported():
    payload = publish_status(answering(), status="FAILED")
    assert findings(payload) == {(RULE, None)}


@pytest.mark.parametrize("status", ["successful", "SUCCESSFUL", "INPROGRESS"])
def test_other_job_statuses_pass(status):
    assert findings(publish_status(answering(), status=status), RULE) == set()


def test_publish_response_has_no_job():
    payload = [resource("dialog", "FAILED", "Book a flight")]
    assert findings(payload) == {("resource-failed", None)}
