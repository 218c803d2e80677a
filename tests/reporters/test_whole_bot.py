"""Whole-bot analysis in the outputs: no credential of the input in any format, the report, its
SVGs or zip; the report's call graph and the components in the node tables."""
from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest

from helpers import SAMPLES, bot, calls, default, dialog, korelint, node, service

J = "".join
SENDGRID = J(["SG.", "aB3dE5gH7jK9mN1pQ3sT5v", ".", "wX7yZ9aB1cD3eF5gH7jK9mN1pQ3sT5vW7xY9zA1bC3d"])
OPENAI = J(["sk-", "A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8S9t0"])
JWT = J(["eyJhbGciOiJIUzI1NiJ9", ".", "eyJzdWIiOiIxMjM0NTY3ODkwIn0", ".",
         "dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk"])
HEX32 = "bc074c1b17036f9b3805bce8c5733b7b"
PASSWORD = "Winter2024!xyz"
SECRETS = (SENDGRID, OPENAI, JWT, HEX32, PASSWORD)
FORMATS = ("text", "json", "sarif", "junit", "github", "gitlab", "markdown")


def leaky() -> dict:
    cond = {"context": "session.token", "op": "eq", "value": JWT}  # shown by KL203, the table, the drawing
    mail = service("dc-mail", "sendMail", headers={"Authorization": "Bearer " + SENDGRID, "x-api-key": HEX32})
    weather = service("dc-weather", "weather", protocol="http", host="api.example.com",
                      path=f"/w?q={{{{context.entities.city}}}}&appid={HEX32}")
    pay = dialog(node("intent0", "intent", default("service1"), metadata={"left": 10, "top": 10}),
                 node("service1", "service", default("service2"), componentId="dc-mail",
                      metadata={"left": 200, "top": 10}),
                 node("service2", "service", default("script3"), componentId="dc-weather",
                      metadata={"left": 400, "top": 10}),
                 node("script3", "script", {"if": cond, "then": "end"}, {"if": cond, "then": "end"},
                      default("end"),
                      metadata={"left": 600, "top": 10}), name="Pay")
    return bot(pay, components=[mail, weather],
               llmConfigsForStream=[{"integrations": {"openai": {"apiKey": OPENAI}}}],
               databases=[{"user": "bot", "password": PASSWORD}])


def assert_clean(text: str | bytes, where: str) -> None:
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    for secret in SECRETS:
        for form in (secret, secret[4:], json.dumps(secret)[1:-1]):
            assert form not in text, (where, secret[:4])


@pytest.fixture
def leaky_path(tmp_path) -> Path:
    path = tmp_path / "botDefinition.json"
    path.write_text(json.dumps(leaky(), indent=2))
    return path


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_output_format_shows_a_credential(leaky_path, fmt):
    code, out, err = korelint("check", leaky_path, "--format", fmt)
    assert code == 1
    assert_clean(out, fmt)
    assert_clean(err, fmt)
    assert "SG.a…" in out and "sk-A…" in out  # the findings are there, masked


def test_statistics_and_baseline_show_no_credential(leaky_path, tmp_path):
    baseline = tmp_path / "baseline.json"
    written = korelint("check", leaky_path, "--write-baseline", baseline)
    statistics = korelint("check", leaky_path, "--statistics")
    assert_clean(written.out + written.err + statistics.out + statistics.err, "statistics")
    assert_clean(baseline.read_text(), "baseline")


def test_the_report_its_svgs_and_zip_show_no_credential(leaky_path, tmp_path):
    html, svgs, archive = tmp_path / "r.html", tmp_path / "svg", tmp_path / "r.zip"
    code = korelint("report", leaky_path, "-o", html, "--svg-dir", svgs, "--zip", archive).code
    assert code == 1
    page = html.read_text(encoding="utf-8")
    assert_clean(page, "report")
    assert "KL501" in page and "eyJh…" in page  # the condition is shown, masked
    for svg in svgs.iterdir():
        assert_clean(svg.read_bytes(), svg.name)
    with zipfile.ZipFile(archive) as z:
        for name in z.namelist():
            assert_clean(z.read(name), name)


def test_report_lists_components_and_draws_the_call_graph(make_report):
    code, html, _ = make_report(SAMPLES / "rules" / "KL602-dialog-call-cycle.json")
    assert code == 0
    section = html[html.index('<section id="calls"'):html.index('<section id="dialogs"')]
    assert 'href="#calls"' in html and 'class="kl-calls"' in section
    assert section.count("<tr") == 3  # header + two calls
    assert "Book Flight" in section and "Check Status" in section and 'class="tag-bad">loop' in section
    assert re.search(r'<a href="#d0"><title>Book Flight</title>', section)
    # the node table names what each node runs
    assert '<span class="muted small">Check Status</span>' in html


def test_call_graph_escapes_payload_text_and_shows_missing_dialogs(make_report):
    evil = '<script>alert("x")</script>'
    call, comp = calls("intent1", "dg-gone", default("end"), name=evil)
    d = {**dialog(node("intent0", "intent", default("intent1")), call, name=evil), "_id": "dg-evil"}
    code, html, _ = make_report(bot(d, components=[comp]))
    assert code == 1
    section = html[html.index('<section id="calls"'):html.index('<section id="dialogs"')]
    assert "<script>" not in section and "&lt;script&gt;" in section
    assert "dg-gone" in section and "not in this export" in section


def test_no_call_graph_without_calls(make_report):
    _, html, _ = make_report(bot(dialog(node("intent0", "intent"))))
    assert 'id="calls"' not in html and 'href="#calls"' not in html
