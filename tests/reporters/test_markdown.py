"""`check --format markdown`: a summary table and the findings, one table cell per value."""
from __future__ import annotations

import json

from markdown_it import MarkdownIt

from analyzer.reporters import markdown
from analyzer.text import printable
from helpers import SAMPLES, default, dialog, korelint, node, publish_status
from htmlpage import Page
from payloads import broken

MD = MarkdownIt("commonmark").enable("table")


def rows(md: str) -> list[list[str]]:
    """Cells of every table row, as a Markdown renderer splits them."""
    out = []
    html = MD.render(md)
    for chunk in html.split("<tr>")[1:]:
        body = chunk.split("</tr>")[0]
        out.append([c for c in body.replace("<th", "<td").split("<td")[1:]])
    return out


def run(payload, tmp_path, *extra) -> tuple[int, str]:
    """`check --format markdown` of the payload, written to a file: (exit code, stdout)."""
    path = tmp_path / "p.json"
    path.write_text(json.dumps(payload))
    code, out, _ = korelint("check", path, "--format", "markdown", *extra)
    return code, out


def test_summary_and_findings(tmp_path):
    code, out = run(broken(), tmp_path)
    assert code == 1
    assert out.startswith("### korelint: 4 errors, 5 warnings, 0 info\n")
    tables = rows(out)
    assert len(tables[0]) == 8 and len(tables[1]) == 8  # input table: header + one input
    findings = tables[2:]
    assert len(findings) == 10 and all(len(r) == 6 for r in findings)  # header + 9 findings


def test_pipes_and_newlines_stay_in_one_cell(tmp_path):
    evil = "a|b\nc\r\nd|e `x|y` <b>bold</b> *em* [link](http://x) $m$ \\| end"
    payload = publish_status(dialog(node("intent0", "intent", default(evil)), name=evil))
    code, out = run(payload, tmp_path)
    assert code == 1
    table = rows(out)
    assert all(len(r) == 6 for r in table[2:]), out
    rendered = MD.render(out)
    page = Page(rendered[: rendered.rindex("</table>")])  # the tables, not the footer
    assert not page.tags("b") and not page.tags("em") and not [a for a in page.tags("a")]
    assert " ".join(printable(evil).split()) in " ".join(page.text.split())  # whole, newlines as spaces


def test_clean_sample():
    code, out, _ = korelint("check", SAMPLES / "publish-status.json", "--format", "markdown")
    assert code == 0 and "no problems found" in out and "| `" in out


def test_cell_escaping():
    assert markdown.cell("a|b") == "a\\|b"
    assert markdown.cell("a\nb") == "a<br>b"
    assert markdown.cell("<img src=x>") == "&lt;img src=x&gt;"
    assert markdown.cell(None) == "—"
    assert markdown.code("intent0") == "`intent0`"
    assert markdown.code("a`b") == "a\\`b"
