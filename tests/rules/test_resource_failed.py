"""KL303 resource-failed: a published resource's status is not SUCCESS (per resource, on its status)."""
import pytest

from helpers import answering, findings, of, publish_status, resource

RULE = "resource-failed"


@pytest.mark.parametrize("status", ["FAILED", "failed"])
def test_failed_resource_is_reported_on_its_status(status):
    payload = publish_status(resources=[resource("SETTINGS"), resource("NL", status)])
    assert findings(payload) == {(RULE, None)}
    (f,) = of(payload, RULE)
    assert f.rule == "KL303" and f.severity.value == "error"
    assert f.pointer == "/statusSummary/1/status" and f.line is not None


def test_one_finding_per_resource():
    payload = publish_status(resources=[resource("NL", "FAILED"), resource("SETTINGS"),
                                        resource("CHANNELS", "FAILED")])
    assert [f.pointer for f in of(payload, RULE)] == ["/statusSummary/0/status", "/statusSummary/2/status"]


def test_failed_dialog_resource_names_its_dialog():
    body = answering("Book a flight")
    payload = publish_status(resources=[resource("dialog", "FAILED", "Book a flight", result=body)])
    (f,) = of(payload, RULE)
    assert (f.pointer, f.dialog, f.dialog_id) == ("/statusSummary/0/status", "Book a flight", "dg-test")


def test_failed_resource_in_a_publish_response():
    payload = [resource("SETTINGS"), resource("dialog", "FAILED", "Book a flight")]
    (f,) = of(payload, RULE)
    assert f.pointer == "/1/status" and f.line is not None


def test_any_status_other_than_success_is_not_published():
    payload = publish_status(resources=[resource("NL", "QUEUED")])
    assert findings(payload) == {(RULE, None), ("unknown-status", None)}


@pytest.mark.parametrize("status", ["SUCCESS", "success"])
def test_published_resources_pass(status):
    payload = publish_status(resources=[resource("SETTINGS", status), resource("NL", status)])
    assert findings(payload) == set()


@pytest.mark.parametrize("status", ["SUCCESSFUL", "successful"])
def test_a_resource_that_says_successful_was_published(status):
    body = answering("Book a flight")
    payload = publish_status(resources=[resource("SETTINGS", status),
                                        resource("dialog", status, "Book a flight", result=body)])
    assert findings(payload) == set()  # neither resource-failed nor unknown-status
    assert findings([resource("NL", status)]) == set()


@pytest.mark.parametrize("status", ["SUCCESSFUL", "successful"])
def test_a_failed_job_does_not_count_successful_resources_as_failed(status):
    payload = publish_status(resources=[resource("SETTINGS", status, "Settings"),
                                        resource("NL", "FAILED", "Language")], status="FAILED")
    assert findings(payload) == {("publish-failed", None), (RULE, None)}
    (f,) = of(payload, "publish-failed")
    assert "'Language'" in f.message and "Settings" not in f.message
    (g,) = of(payload, RULE)
    assert g.pointer == "/statusSummary/1/status"


def test_resource_without_status_is_not_reported():
    res = resource("NL")
    del res["status"]
    assert findings(publish_status(resources=[res])) == set()
