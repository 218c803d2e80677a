"""KL302 publish-in-progress: the job is INPROGRESS, or `percentageComplete` < 100 (one per job)."""
import pytest

from helpers import answering, findings, of, publish_status, resource

RULE = "publish-in-progress"
CLEAN = answering()


@pytest.mark.parametrize("status", ["INPROGRESS", "inprogress", "InProgress"])
def test_running_job_is_one_finding_on_its_status(status):
    payload = publish_status(CLEAN, status=status, percentage=40)
    assert findings(payload) == {(RULE, None)}
    (f,) = of(payload, RULE)
    assert f.rule == "KL302" and f.severity.value == "warning"
    assert f.pointer == "/status" and f.line is not None and f.dialog is None


def test_in_progress_at_100_percent_is_still_running():
    assert findings(publish_status(CLEAN, status="INPROGRESS", percentage=100)) == {(RULE, None)}


@pytest.mark.parametrize("percentage", [0, 80, 99.5])
def test_incomplete_percentage_is_reported_on_it(percentage):
    payload = publish_status(CLEAN, percentage=percentage)
    (f,) = of(payload, RULE)
    assert f.pointer == "/percentageComplete" and f.line is not None


def test_finished_job_passes():
    assert findings(publish_status(CLEAN, percentage=100)) == set()
    payload = publish_status(CLEAN)
    del payload["percentageComplete"]
    assert findings(payload) == set()


def test_failed_job_at_100_percent_is_not_in_progress():
    assert findings(publish_status(CLEAN, status="FAILED"), RULE) == set()


def test_publish_response_has_no_job():
    payload = [resource("dialog", "SUCCESS", "Book a flight", result=CLEAN)]
    assert findings(payload) == set()
