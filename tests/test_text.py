"""Payload text shown to people is shortened (analyzer/text.py), and findings about long ids
still name, fingerprint and link the right node."""
from __future__ import annotations

import io
import json
import re
from contextlib import redirect_stderr, redirect_stdout

from hypothesis import given
from hypothesis import strategies as st

from analyzer import cli
from analyzer.text import ID_LIMIT, MESSAGE_LIMIT, QUOTE_LIMIT, clip_id, printable, quote, shorten, unclipped
from helpers import default, dialog, lint, node, publish_status


@given(st.text(max_size=600), st.integers(min_value=2, max_value=300))
def test_shorten_keeps_short_text_and_cuts_long_text_to_the_limit(text, limit):
    out = shorten(text, limit)
    if len(text) <= limit:
        assert out == text
    else:
        assert len(out) == limit and out.endswith("…") and text.startswith(out[:-1])


@given(st.text(min_size=ID_LIMIT + 1, max_size=ID_LIMIT + 50), st.text(min_size=1, max_size=20))
def test_clipped_ids_with_the_same_start_stay_distinct(start, tail):
    a, b = start, start + tail
    assert clip_id(a) != clip_id(b)
    assert clip_id(a).startswith(printable(start[:ID_LIMIT])) and len(clip_id(a)) < ID_LIMIT + 80
    assert unclipped([a, b, "short"]) == {clip_id(a): a, clip_id(b): b}


def test_short_ids_and_none_are_left_alone():
    assert (clip_id(None) is None and clip_id("message1") == "message1"
            and clip_id("x" * ID_LIMIT) == "x" * ID_LIMIT)


def test_quote_names_the_length_of_what_it_cut():
    assert quote("message1") == "'message1'"
    long = quote("n" * 100_000)
    assert len(long) < QUOTE_LIMIT + 40 and "100,000" in long
    assert len(quote(list(range(10_000)))) <= QUOTE_LIMIT + 2


def _two_long_ids():
    start = "n" * 5000
    a, b = start + "A", start + "B"
    return a, b, publish_status(dialog(node("intent0", "intent", default(a)),
                                       node(a, "message", default("goneA")),
                                       node(b, "message", default("goneB"))))


def test_findings_on_long_ids_are_short_distinct_and_fingerprinted_apart():
    a, b, payload = _two_long_ids()
    got = [f for f in lint(payload) if f.rule in ("KL101", "KL102")]
    assert sorted((f.rule, f.pointer) for f in got) == [
        ("KL101", "/statusSummary/0/result/nodes/1/transitions/0"),
        ("KL101", "/statusSummary/0/result/nodes/2/transitions/0"),
        ("KL102", "/statusSummary/0/result/nodes/2")]
    by_pointer = {f.pointer: f for f in got}
    assert by_pointer["/statusSummary/0/result/nodes/1/transitions/0"].node == clip_id(a)
    assert by_pointer["/statusSummary/0/result/nodes/2/transitions/0"].node == clip_id(b)
    assert len({f.fingerprint for f in got}) == 3
    for f in got:
        assert len(f.message) <= MESSAGE_LIMIT and len(f.node) < 400


def test_the_report_links_findings_on_long_ids_to_their_node(tmp_path):
    a, b, payload = _two_long_ids()
    src = tmp_path / "long.json"
    src.write_text(json.dumps(payload))
    out = tmp_path / "report.html"
    with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
        code = cli.main(["report", str(src), "-o", str(out), "--fail-on", "never"])
    assert code == 0
    page = out.read_text()
    assert a not in page and b not in page  # never whole
    assert page.count(clip_id(a)) >= 2 and page.count(clip_id(b)) >= 2  # the finding and the node table
    # Each node carries a badge for its own finding (the drawing matched the clipped id back).
    assert len(re.findall(r'class="kl-node [^"]*kl-has-error', page)) == 2


@given(st.text(max_size=300))
def test_ids_and_messages_are_printable(text):
    """No control character or bidi override reaches a finding's fields (a terminal reads ESC
    sequences from `--format text`, GitHub's log from `--format github`)."""
    assert printable(text).isprintable() or not any(c in printable(text) for c in "\x00\x07\x1b\n\r\u202e")
    shown = clip_id(text)
    assert not any(c in shown for c in "\x00\x07\x1b\n\r\t\u202e\u2066")


def test_findings_carry_no_control_characters():
    evil = "Pay\x07\x1b[31m\u202eRED\x00"
    payload = publish_status(dialog(node("intent0", "intent", default(evil + "gone")), node(evil, "message"),
                                    name=evil))
    got = lint(payload)
    assert {f.rule for f in got} >= {"KL101", "KL102"}
    for f in got:
        for text in (f.message, f.dialog, f.node, *f.nodes):
            assert not any(c in text for c in "\x00\x07\x1b\u202e"), (f.rule, text)


def test_the_job_status_is_shown_short_printable_and_masked(tmp_path):
    """inputs[].status (json, markdown, the zip's findings.json) is payload text like any other."""
    key = "".join(["sk-", "proj-Zq8Wm2Lx7Rt4Vn1Kc6Hb3Yd9Gf5Js0Pa"])
    for status, unwanted in ((key, key[:8]), ("x\x1b[2J" + "y" * 5000, "\x1b")):
        payload = publish_status(dialog(node("intent0", "intent", default("gone"))), status=status)
        payload["statusSummary"].append({"resourceType": "x", "settings": {"apiKey": key}})
        src = tmp_path / "status.json"
        src.write_text(json.dumps(payload))
        for fmt in ("json", "markdown"):
            out = io.StringIO()
            with redirect_stdout(out), redirect_stderr(io.StringIO()):
                cli.main(["check", str(src), "--format", fmt, "--isolated"])
            assert unwanted not in out.getvalue() and len(out.getvalue()) < 4000, fmt
