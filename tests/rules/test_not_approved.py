"""KL304 not-approved: a dialog's `state` is not `published`, or a requested language is not
approved (one per dialog, on the dialog; absent fields are not checked)."""
import pytest

from helpers import DIALOG0, answering, bot_export, findings, of, publish_status

RULE = "not-approved"


@pytest.mark.parametrize("extra", [
    {"state": "configured"},
    {"state": "inDevelopment", "approvalRequestedLanguages": ["en"], "approvedLanguages": ["en"]},
    {"state": "published", "approvalRequestedLanguages": ["en", "de"], "approvedLanguages": ["en"]},
    {"approvalRequestedLanguages": ["en"]},
    {"approvalRequestedLanguages": ["en"], "approvedLanguages": []},
])
def test_dialog_not_fully_published_is_reported_on_the_dialog(extra):
    payload = publish_status(answering(**extra))
    assert findings(payload) == {(RULE, None)}
    (f,) = of(payload, RULE)
    assert f.rule == "KL304" and f.severity.value == "warning"
    assert f.pointer == DIALOG0 and f.line is not None and f.dialog == "Test dialog"


def test_both_reasons_are_one_finding_per_dialog():
    payload = publish_status(answering(state="configured", approvalRequestedLanguages=["en", "de"],
                                    approvedLanguages=[]))
    assert len(of(payload, RULE)) == 1


def test_one_finding_per_dialog():
    payload = publish_status(answering("A", state="configured"),
                             answering("B", state="published"),
                             answering("C", approvalRequestedLanguages=["de"]))
    assert [(f.dialog, f.pointer) for f in of(payload, RULE)] == [
        ("A", "/statusSummary/0/result"), ("C", "/statusSummary/2/result")]


@pytest.mark.parametrize("extra", [
    {"state": "published", "approvalRequestedLanguages": ["en"], "approvedLanguages": ["en"]},
    {"state": "PUBLISHED", "approvalRequestedLanguages": [], "approvedLanguages": []},
    {"approvalRequestedLanguages": ["en"], "approvedLanguages": ["en", "de"]},
    {"approvedLanguages": ["en"]},
    {},
])
def test_published_or_unknown_passes(extra):
    assert findings(publish_status(answering(**extra))) == set()


def test_bot_export_dialogs_have_no_state_and_are_not_checked():
    assert findings(bot_export(answering())) == set()
