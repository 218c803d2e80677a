"""`korelint diff --format html`: one self-contained page (the report's CSP, no external URL, no
script), a drawing per changed dialog with added, changed and removed nodes marked, masked
credentials, escaped payload text; and the page in a real browser when Chromium is installed."""
from __future__ import annotations

import copy
import json
import re

import pytest
from test_diff import BOT, SECRET, balance, content_bot, node_of, write

from helpers import korelint

EVIL = "<script>alert(1)</script>"


def page(tmp_path, old, new, *args) -> str:
    out = tmp_path / "diff.html"
    ran = korelint("diff", write(tmp_path, "old.json", old), write(tmp_path, "new.json", new),
                   "--format", "html", "-o", out, *args)
    assert ran.code in (0, 1) and ran.err == "", ran.err
    return out.read_text()


def edited() -> dict:
    new = copy.deepcopy(BOT)
    nodes = balance(new)["nodes"]
    nodes.append({"nodeId": "message9", "type": "message", "transitions": [{"default": "end"}],
                  "metadata": {"left": 470, "top": 320}})
    nodes[:] = [n for n in nodes if n["nodeId"] != "script3"]
    node_of(new, "service2")["transitions"] = [{"default": "message9"}]
    balance(new)["localeData"]["en"]["name"] = EVIL
    return new


def test_the_page_is_self_contained_and_draws_the_changes(tmp_path):
    html = page(tmp_path, BOT, edited())
    assert html.startswith("<!DOCTYPE html>")
    assert "default-src 'none'" in html and "script-src 'none'" in html
    assert "<script" not in html.replace("&lt;script", "")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert html.count('class="kl-drawing"') == 1
    assert "kl-diff-added" in html and "kl-diff-removed" in html and "kl-diff-changed" in html
    assert EVIL not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Talk to Agent" in html  # the unchanged dialog is listed


def test_a_credential_never_reaches_the_page(tmp_path):
    old = content_bot()
    new = copy.deepcopy(old)
    # In a header, where KL501 finds it; the script quotes it too: masked everywhere in the page.
    next(c for c in new["dialogComponents"] if c["_id"] == "dc-service")["headers"] = {
        "type": "raw", "value": json.dumps({"Authorization": f"Bearer {SECRET}"})}
    next(c for c in new["dialogComponents"] if c["_id"] == "dc-script")["script"] = f"var key = '{SECRET}';"
    html = page(tmp_path, old, new)
    assert SECRET not in html and SECRET[:8] not in html


def test_no_changes_page(tmp_path):
    html = page(tmp_path, BOT, BOT)
    assert "No changes." in html and 'class="kl-drawing"' not in html


def test_the_page_in_a_browser(tmp_path):
    from test_browser import CHROMIUM, dom
    if CHROMIUM is None:
        pytest.skip("no chromium installed")
    page(tmp_path, BOT, edited())
    shown = dom(tmp_path, tmp_path / "diff.html")
    assert "kl-diff-removed" in shown and "Changed dialogs" in shown
    assert "<script>alert(1)</script>" not in shown

