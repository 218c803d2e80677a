"""`korelint report` of several inputs (issue 18): one page, an input picker at the top, one
section per input, ids that stay unique; and without -o it says where it wrote the report."""
from __future__ import annotations

import json
import os
from collections import Counter

from helpers import SAMPLES, default, dialog, korelint, node, publish_status
from htmlpage import Page

SAMPLE = SAMPLES / "publish-status.json"


def ids(page: Page) -> list[str]:
    return [a["id"] for _, a in page.elements if a.get("id")]


def test_several_inputs_give_one_page_with_a_section_per_input(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(publish_status(dialog(node("intent0", "intent", default("gone")),
                                                       name="Broken"))))
    out = tmp_path / "r.html"
    code, stdout, _ = korelint("report", SAMPLE, broken, SAMPLES / "kinds", "-o", out)
    assert code == 1 and stdout == ""
    page = Page(out.read_text())
    inputs = 2 + len(list((SAMPLES / "kinds").iterdir()))
    sections = [a for t, a in page.elements if t == "article" and a.get("id", "").startswith("input-")]
    assert len(sections) == inputs
    picker = {a["href"] for a in page.tags("a") if a.get("href", "").startswith("#input-")}
    assert picker == {f"#input-{n}" for n in range(inputs)}  # every section is linked from the top
    assert [i for i, n in Counter(ids(page)).items() if n > 1] == []  # two publish jobs: two ids
    targets = {a["href"][1:] for a in page.tags("a") if a.get("href", "#").startswith("#")} - {""}
    assert targets <= set(ids(page))  # every link of the page leads somewhere
    rows = [a for t, a in page.elements if t == "tr" and "data-input" in a]
    assert {r["data-input"] for r in rows} == {"1"}  # the findings of broken.json, its section's number
    assert "Broken" in page.text and str(broken) in page.text


def test_one_input_keeps_its_page_as_it_was(tmp_path):
    out = tmp_path / "r.html"
    assert korelint("report", SAMPLE, "-o", out).code == 0
    page = Page(out.read_text())
    assert not [a for a in page.tags("article") if a.get("id", "").startswith("input-")]
    assert {"job", "resources"} <= set(ids(page))


def test_without_o_the_report_goes_to_report_html_and_stderr_says_where(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = korelint("report", SAMPLE)
    written = tmp_path / "report.html"
    assert code == 0 and out == "" and written.is_file()
    assert str(written) in err and len(err.splitlines()) == 1
    code, out, err = korelint("report", SAMPLE, "-o", "named.html")  # named: quiet off a terminal
    assert code == 0 and err == "" and os.path.isfile("named.html")


def test_the_zip_holds_a_summary_and_a_readme(tmp_path):
    import zipfile

    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(publish_status(dialog(node("intent0", "intent", default("gone")),
                                                       name="Broken"))))
    archive = tmp_path / "ticket.zip"
    code, _, _ = korelint("report", broken, "-o", tmp_path / "r.html", "--zip", archive)
    assert code == 1
    with zipfile.ZipFile(archive) as z:
        names = z.namelist()
        summary = z.read("summary.md").decode()
        readme = z.read("README.txt").decode()
    check = korelint("check", broken, "--format", "markdown")
    assert summary == check.out  # the markdown report, as `check --format markdown` writes it
    assert "KL101" in summary
    top = {n.split("/")[0] + ("/" if "/" in n else "") for n in names} - {"README.txt"}
    assert top == {"report.html", "summary.md", "svg/", "findings.json", "findings.sarif"}
    assert all(name in readme for name in top)  # the README says what each one is
    assert str(broken) in readme
