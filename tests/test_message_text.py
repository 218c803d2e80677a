"""A pass over every message (issue 18): the findings of every sample and of the corpus, in the
JSON and text formats, have no two spaces in a row (a blank placeholder, a doubled separator)."""
from __future__ import annotations

import json
import re

from helpers import CORPUS, SAMPLES, korelint

INPUTS = [SAMPLES, *([CORPUS / "bot-exports"] if (CORPUS / "bot-exports").is_dir() else [])]
_DOUBLE = re.compile(r"\S  +\S")  # two spaces between words (not indentation)
# Payload text a message quotes may hold two spaces: the bot's, not a typo of korelint.
_QUOTED = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|\[[^\]]*\]$")


def doubled(text: str) -> bool:
    return bool(_DOUBLE.search(_QUOTED.sub("'…'", text)))


def test_no_two_spaces_in_a_row_in_any_message():
    code, out, err = korelint("check", *INPUTS, "--select", "ALL", "--format", "json", "--isolated",
                              "--fail-on", "never")
    assert code == 0, err
    findings = json.loads(out)["findings"]
    assert len(findings) > 100  # the samples of every rule were read
    every_rule = {r.name.split("-")[0] for r in (SAMPLES / "rules").glob("KL*.json")}
    assert {f["rule"] for f in findings} >= every_rule
    assert [(f["rule"], f["message"]) for f in findings if doubled(f["message"])] == []
    code, out, _ = korelint("check", *INPUTS, "--select", "ALL", "--isolated", "--fail-on", "never")
    assert [line for line in out.splitlines() if doubled(line)] == []
    assert [line for line in err.splitlines() if doubled(line)] == []  # the notes of skipped files
