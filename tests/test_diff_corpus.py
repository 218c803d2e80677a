"""`korelint diff` on real exports (../shared/corpus, not part of the repository): two exports of
one bot with nothing changed, two versions of one bot (renamed dialogs, edited messages), and one
bot imported elsewhere (new dialog and component ids, same refIds)."""
from __future__ import annotations

import json

import pytest

from helpers import CORPUS, korelint

EXPORTS = CORPUS / "bot-exports"
SAME_BOT = ("darshana0406+Bot-Pipeline__Export_All.json", "darshana0406+Bot-Pipeline__Export_BotTasks.json")
VERSIONS = ("archananamadurai-24+Kore.ai_E-Commerce.json", "nivethia+Amethyst-VA.json")
IMPORTED = ("vemula04+bot-scan.json", "vrk79+cr1.2.json")


def pair(names: tuple[str, str]) -> tuple[str, str]:
    paths = [EXPORTS / n for n in names]
    if not all(p.exists() for p in paths):
        pytest.skip(f"corpus pair not at {EXPORTS}")
    return str(paths[0]), str(paths[1])


def run(names: tuple[str, str], *args: str):
    ran = korelint("diff", *pair(names), "--format", "json", *args)
    assert ran.code in (0, 1) and ran.err == "", ran.err
    return ran.code, json.loads(ran.out)


def test_two_exports_of_one_bot_have_no_changes():
    code, doc = run(SAME_BOT)
    assert code == 0 and doc["dialogs"] == []
    assert doc["summary"]["dialogs_unchanged"] == 8
    assert doc["findings"]["new"] == doc["findings"]["fixed"] == []


def test_two_versions_of_one_bot():
    _, doc = run(VERSIONS)
    by_name = {d["name"]: d for d in doc["dialogs"]}
    renamed = {d["old_name"]: d["name"] for d in doc["dialogs"] if "old_name" in d}
    assert renamed == {"GotoCartandRemove": "Cart", "ZipcodeAvailability": "PincodeAvailability"}
    assert by_name["DollartoInr"]["change"] == "added"
    assert {d["name"] for d in doc["dialogs"] if d["change"] == "removed"} == {"Cart", "GoToCartandBuy"}
    texts = [n for n in by_name["PaymentMethods"]["nodes"] if "message text" in n["what"]]
    assert any(n["before"] == "Here are the suggestions you might me interested in." for n in texts)
    # The credential NEW brings in a service header is a new finding, masked.
    new = [f for f in doc["findings"]["new"] if f["rule"] == "KL501"]
    assert new and all("…" in f["message"] for f in new)
    text = korelint("diff", *pair(VERSIONS))
    assert "dialog 'Cart' changed, renamed from 'GotoCartandRemove'" in text.out


def test_a_bot_imported_elsewhere_is_matched_by_refids():
    _, doc = run(IMPORTED)
    assert {d["change"] for d in doc["dialogs"]} == {"changed"}
    assert doc["summary"]["dialogs_changed"] + doc["summary"]["dialogs_unchanged"] == 19
    assert not any("component" in n["what"] for d in doc["dialogs"] for n in d["nodes"])
    # The bearer token of a service a bot action calls moved to an environment variable: the
    # header change is shown masked, and the KL501 finding is fixed.
    (code_review,) = [d for d in doc["dialogs"] if d["name"] == "Code Review"]
    (header,) = [n for n in code_review["nodes"] if "step 'CodeReviewService' headers" in n["what"]]
    assert "Bearer 9o1j…" in header["before"] and "{{env.API_TOKEN}}" in header["after"]
    assert [f["rule"] for f in doc["findings"]["fixed"]] == ["KL501"]
