"""The HTML report: self-contained, every payload string text, every dialog drawn and linked."""
from __future__ import annotations

import base64
import hashlib
import json
import re

from helpers import SAMPLES, default, dialog, korelint, node, publish_status
from htmlpage import Page
from payloads import ALL_EVIL, GHOST_EVIL, broken, hostile

SAMPLE = SAMPLES / "publish-status.json"
# in a tag (payload text has its `<` escaped, so a raw `<` starts a real tag)
EXTERNAL = re.compile(r"""<[a-z][^<>]*\s(?:xlink:)?(?:src|href)\s*=\s*["']?"""
                      r"""\s*(?:https?:|//|[a-z][a-z0-9+.-]*:)""", re.I)


def assert_self_contained(html: str) -> Page:
    page = Page(html)
    for tag, attrs in page.elements:
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)  # no event handler anywhere
            if name in ("src", "href", "xlink:href", "action", "formaction", "data", "poster", "srcset"):
                assert value is not None and value.startswith("#"), (tag, name, value)
                assert "http://" not in value and "https://" not in value and "//" not in value
    for tag in ("img", "iframe", "object", "embed", "link", "image", "use", "foreignobject", "base", "form"):
        assert not page.tags(tag) or tag == "form", tag
    assert len(page.tags("script")) == 1 and "src" not in page.tags("script")[0]
    assert "url(" not in html and "@import" not in html
    assert not EXTERNAL.findall(html)  # also in the raw text, whatever a parser makes of it
    return page


def test_seed_sample_report(make_report):
    code, html, _ = make_report(SAMPLE)
    assert code == 0
    page = assert_self_contained(html)
    ids = page.ids()
    text = page.text
    # job summary
    for value in ("successful", "100 %", "2022-07-29 08:04:48.731 UTC", "2022-07-29 08:04:48.828 UTC",
                  "2022-07-29 08:04:50.083 UTC", "1.352 s", "st-a86a6717-340b-5830-a8b6-13b4aeb6b865",
                  "ds-4a1b3e3d-7f55-5d80-acc6-7066e5cc6a6f"):
        assert value in text, value
    # resources, knowledge graph
    for value in ("SETTINGS", "bot_variables", "Natural Language", "AUTOVERSIONING", "enabledLanguages: en"):
        assert value in text, value
    assert "10241aaa" in text and "Internal Audit Chatbot" in text and "rootNodeId000000001" in text
    assert "kg0-0" in ids and page.tags("a") and any(a.get("href") == "#kg0-0" for a in page.tags("a"))
    # the dialog, drawn, its 10 nodes with anchors and table rows
    assert "d0" in ids and "d0-svg" in ids
    assert {f"d0-n{i}" for i in range(10)} <= ids
    assert {f"d0-row-{i}" for i in range(10)} <= ids
    assert "Find Keyword" in text and "context.questionsFound equals 0" in text
    assert "No problems found." in text


def test_hostile_payload_renders_as_text(make_report):
    code, html, _ = make_report(hostile())
    assert code == 1
    page = assert_self_contained(html)
    assert not page.tags("img") and not page.tags("b") and not page.tags("iframe")
    assert "<script>alert" not in html and "<img" not in html and "<svg onload" not in html
    assert "javascript:" not in "".join(v or "" for _, a in page.elements for v in a.values())
    assert all("alert" not in s for s in page.script_texts)
    text = page.text
    for evil in ALL_EVIL:
        assert evil in text or evil.replace("\\", "\\\\") in text, evil
    assert 'dg-"><script>alert(6)</script>' in text and "st-<script>alert(7)</script>" in text
    assert "<iframe src=//evil.example>" in text and "<script>alert(8)</script>" in text
    # the ghost of the missing node carries its id, as text
    assert GHOST_EVIL in text


def test_findings_link_to_their_node(make_report):
    code, html, _ = make_report(broken())
    page = Page(html)
    ids = page.ids()
    rows = [a for t, a in page.elements if t == "tr" and "data-severity" in a]
    assert len(rows) == 9
    links = [a["href"] for a in page.tags("a") if a.get("href", "").startswith("#")]
    assert all(h[1:] in ids for h in links), [h for h in links if h[1:] not in ids]
    for target in ("#d0-n3", "#d0-n6", "#d0-n1", "#d1-n2"):  # service3, orphan6, entity1; message2
        assert target in links, target
    # every dialog has its section and its drawing
    for k in range(3):
        assert f"d{k}" in ids and f"d{k}-svg" in ids
    assert {"error", "warning"} == {r["data-severity"] for r in rows}
    assert code == 1


def test_rule_samples_draw_their_problem(make_report):
    rules = SAMPLES / "rules"
    expectations = {"KL101-dangling-target.json": "kl-dangling",
                    "KL102-unreachable-node.json": "kl-unreachable",
                    "KL103-loop-without-exit.json": "kl-loop", "KL104-auto-loop.json": "kl-loop",
                    "KL108-implicit-end.json": "kl-unconnected",
                    "KL204-unconnected-branch.json": "kl-unconnected"}
    for name, css in expectations.items():
        code, html, _ = make_report(rules / name, "--select", "ALL")  # KL108 is off by default
        assert code in (0, 1), name
        page = assert_self_contained(html)
        classes = " ".join(a.get("class") or "" for _, a in page.elements)
        assert css in classes, name
        assert "kl-badge" in classes, name


def test_every_rule_sample_reports(make_report):
    for path in sorted((SAMPLES / "rules").glob("KL*.json")):
        code, html, _ = make_report(path)
        assert code in (0, 1), path.name
        page = assert_self_contained(html)
        ids = page.ids()
        sections = [a["id"] for t, a in page.elements
                    if t == "section" and "dialog" in (a.get("class") or "")]
        assert len(sections) == sum(i.dialogs for i in _inputs(path)), path.name
        for s in sections:  # a dialog with nodes is drawn; an empty one says so
            assert (f"{s}-svg" in ids if f"{s}-row-0" in ids
                    else "nothing to draw" in page.text), (path.name, s)


def _inputs(path):
    from analyzer import pipeline
    from analyzer.config import Config

    return pipeline.analyze([str(path)], Config()).result.inputs


def test_script_is_the_only_one_allowed(make_report):
    _, html, _ = make_report(SAMPLE)
    page = Page(html)
    script = "".join(page.script_texts)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    csp = [a["content"] for a in page.tags("meta") if a.get("http-equiv") == "Content-Security-Policy"][0]
    assert f"script-src 'sha256-{digest}'" in csp and "default-src 'none'" in csp


def test_readable_without_javascript_and_printable(make_report):
    _, html, _ = make_report(broken())
    page = Page(html)
    forms = [a for t, a in page.elements if t == "form"]
    assert forms and all("hidden" in f for f in forms)  # the filters appear only with JavaScript
    assert "@media print" in html and "@media (max-width: 700px)" in html
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    # the findings and the node tables are in the page itself, not built by the script
    assert html.count('data-severity="') == 9
    assert "beforeprint" in "".join(page.script_texts)


def test_an_undrawable_dialog_is_a_table_with_a_note():
    from analyzer.drawing import Limits
    from analyzer.reporters import html as html_report

    payload = publish_status(dialog(node("intent0", "intent", default("m1")), node("m1", "message"),
                                    node("m2", "message")))
    result = _result(payload)
    html = html_report.render(result, html_report.prepare(result, limits=Limits(max_nodes=2)))
    page = Page(html)
    assert "d0" in page.ids() and "d0-svg" not in page.ids()
    assert "not drawn: 3 nodes" in page.text and "d0-row-2" in page.ids()


def test_stdin_and_stdout(tmp_path):
    code, out, _ = korelint("report", "-", "-o", "-", stdin=SAMPLE.read_bytes())
    assert code == 0
    assert out.startswith("<!DOCTYPE html>") and "Find Keyword" in out and "&lt;stdin&gt;" in out


def _result(payload):
    import json
    import tempfile

    from analyzer import pipeline
    from analyzer.config import Config

    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        json.dump(payload, fh)
    return pipeline.analyze([fh.name], Config(), keep=True).result


def _many() -> dict:
    """Every kind of dialog the drawing knows, several times: canvas, partial canvas, no canvas."""
    dialogs = []
    for k in range(3):
        for d in (hostile()["statusSummary"] + broken()["statusSummary"]):
            if d.get("resourceType") != "dialog":
                continue
            body = dict(d["result"], _id=f"{d['result']['_id']}-{k}", name=f"{d['result']['name']} {k}")
            dialogs.append(body)
    return publish_status(*dialogs, status="failed")


def test_worker_processes_write_the_same_report():
    """Drawn and rendered by forked worker processes (a large bot) or in this process (a small
    one): the same page, byte for byte; every dialog drawn."""
    import datetime as dt
    import sys

    import pytest

    from analyzer.reporters import html
    from analyzer.workers import fork_context

    if fork_context() is None:
        pytest.skip(f"no worker processes on {sys.platform}")
    result = _result(_many())
    when = dt.datetime(2024, 1, 2, 3, 4, tzinfo=dt.UTC)
    alone = html.prepare(result, workers=1)
    forked = html.prepare(result, workers=2, parallel_from=0, keep_svg=True)
    assert alone.sections is None and forked.sections is not None
    assert ({a: d.standalone for a, d in forked.drawings.items()}
            == {a: d.standalone for a, d in alone.drawings.items()})
    page = html.render(result, alone, generated=when)
    assert html.render(result, forked, generated=when) == page
    slim = html.prepare(result, workers=2, parallel_from=0, keep_svg=False)
    assert all(d.svg is None and not d.moves and d.drawn for d in slim.drawings.values()
               if alone.drawings[d.prefix].drawn)
    assert html.render(result, slim, generated=when) == page
    assert page.count('class="kl-drawing"') == len(alone.drawings) == 15
    assert {d.mode for d in alone.drawings.values()} == {"canvas", "canvas+layout", "layout"}


def test_the_page_is_streamed(monkeypatch):
    """The page is written a piece at a time, never held whole; the pieces make the same page."""
    import datetime as dt
    import io

    from analyzer.reporters import html

    result = _result(_many())
    when = dt.datetime(2024, 1, 2, tzinfo=dt.UTC)
    prepared = html.prepare(result, workers=1)
    whole = html.render(result, prepared, generated=when)
    monkeypatch.setattr(html, "CHUNK", 20_000)
    pieces = list(html.chunks(result, prepared, generated=when))
    assert len(pieces) > 5 and max(map(len, pieces)) < len(whole) / 3
    assert "".join(pieces) == whole
    out = io.BytesIO()
    html.write(result, out, prepared, generated=when)
    assert out.getvalue().decode("utf-8") == whole


def test_the_time_for_drawings_is_shared():
    """Past the report's budget for drawings, dialogs are tables with a note (both ways)."""
    from analyzer.reporters import html

    result = _result(_many())
    for prepared in (html.prepare(result, workers=1, budget=0),
                     html.prepare(result, workers=2, parallel_from=0, budget=0)):
        assert not any(d.drawn for d in prepared.drawings.values())
        assert all("time for drawings is used up" in d.note for d in prepared.drawings.values()
                   if d.note and "no nodes" not in d.note)
    page = Page(html.render(result, prepared))
    assert "d0-row-0" in page.ids() and "d0-svg" not in page.ids()


def test_a_worker_that_dies_does_not_lose_dialogs(monkeypatch):
    """A worker process killed mid-way (out of memory, a crash): the dialogs are made here."""
    import os
    import sys

    import pytest

    from analyzer.reporters import html
    from analyzer.workers import fork_context

    if fork_context() is None:
        pytest.skip(f"no worker processes on {sys.platform}")
    result = _result(_many())
    _DYING.update(parent=os.getpid(), work=html._work)
    monkeypatch.setattr(html, "_work", _dying)
    prepared = html.prepare(result, workers=2, parallel_from=0)
    alone = html.prepare(result, workers=1)
    assert prepared.sections is not None and len(prepared.sections) == len(alone.drawings)
    assert html.render(result, prepared, generated=_WHEN) == html.render(result, alone, generated=_WHEN)


def _when():
    import datetime as dt

    return dt.datetime(2024, 1, 2, tzinfo=dt.UTC)


_WHEN = _when()


_DYING: dict = {}


def _dying(job, k):
    """html._work, but a worker process dies at the 5th dialog (module level: inherited by the fork)."""
    import os

    if os.getpid() != _DYING["parent"] and k == 4:
        os._exit(9)
    return _DYING["work"](job, k)


def test_a_bot_actions_steps_are_listed_in_its_row(make_report):
    """A botAction node's row lists its inner flow: each step by its component's name, its type
    and where it goes."""
    export = {
        "dialogs": [{"_id": "dg1", "name": "Pay", "nodes": [
            {"nodeId": "intent0", "type": "intent", "componentId": "c-int",
             "transitions": [{"default": "ba1"}]},
            {"nodeId": "ba1", "type": "botAction", "componentId": "c-ba",
             "transitions": [{"default": "end"}]},
        ]}],
        "dialogComponents": [
            {"_id": "c-int", "type": "intent", "name": "Pay Bill"},
            {"_id": "c-ba", "type": "botAction", "name": "Charge Card", "nodes": [
                {"nodeId": "s1", "type": "service", "componentId": "c-svc", "level": "root",
                 "transitions": [{"default": "s2"}]},
                {"nodeId": "s2", "type": "script", "componentId": "c-scr", "transitions": [{"default": ""}]},
            ]},
            {"_id": "c-svc", "type": "service", "name": "Call Gateway"},
            {"_id": "c-scr", "type": "script", "name": "Read Answer"},
        ],
    }
    code, html, _ = make_report(export)
    assert code == 0, html[-500:]
    page = Page(html)
    steps = [el for el in page.tags("ol") if "steps" in (el.get("class") or "")]
    assert len(steps) == 1
    text = page.text
    assert "Call Gateway (service) · start → Read Answer" in text and "Read Answer (script) → end" in text


def test_each_dialog_says_how_many_conversations_test_it(make_report):
    code, html, _ = make_report(SAMPLES / "paths" / "order-status.json")
    assert code in (0, 1)
    assert "Test paths: 5 conversations take all 11 coverable transitions" in Page(html).text


def test_the_path_picker_holds_each_paths_nodes_and_edges(make_report):
    """The picker's data (report.js lights it up) names, for each path of `korelint paths`, the
    SVG ids of its nodes, of the edges it takes and of the end it reaches: all on the drawing."""
    code, html, _ = make_report(SAMPLES / "paths" / "order-status.json")
    assert code in (0, 1)
    page = Page(html)
    (pick,) = [a for t, a in page.elements if t == "div" and "path-pick" in (a.get("class") or "")]
    assert pick["data-for"] == "d0-svg"
    picks = json.loads(pick["data-paths"])
    ran = korelint("paths", SAMPLES / "paths" / "order-status.json", "--format", "json")
    (plan,) = json.loads(ran.out)["dialogs"]
    assert len(picks) == len(plan["paths"]) == 5
    options = [a for t, a in page.elements if t == "option" and a.get("value")]
    assert len(options) == 5
    svg_ids = page.ids()
    nodes_of = json.loads((SAMPLES / "paths" / "order-status.json").read_text())["statusSummary"][0]
    index = {n["nodeId"]: i for i, n in enumerate(nodes_of["result"]["nodes"])}
    for got, path in zip(picks, plan["paths"], strict=True):
        assert set(got["ids"]) <= svg_ids
        nodes = [i for i in got["ids"] if re.fullmatch(r"d0-n\d+", i)]
        assert nodes == list(dict.fromkeys(f"d0-n{index[s['node']]}" for s in path["steps"]))
        edges = [i for i in got["ids"] if re.fullmatch(r"d0-e\d+", i)]
        assert len(edges) == len({(s["node"], s["transition"]) for s in path["steps"]})
        assert got["ids"][-1].startswith("d0-end") and len(got["steps"]) == len(path["steps"]) + 1
def test_a_nodes_buttons_are_listed_in_its_row_escaped(make_report):
    """An entity's row lists the buttons its prompt offers: `title → payload` (the payload alone
    when both say the same), as text: a title holding markup is shown, never run."""
    script = ("var message = {type: 'template', payload: {template_type: 'button', buttons: ["
              "{type: 'postback', title: 'Curriculum and Syllabi', payload: 'Curriculum'},"
              "{type: 'postback', title: '<script>alert(1)</script>', payload: 'x'},"
              "{type: 'postback', title: 'Scope', payload: 'Scope'}]}};\nprint(JSON.stringify(message));")
    export = {
        "dialogs": [{"_id": "dg1", "name": "Courses", "nodes": [
            {"nodeId": "intent0", "type": "intent", "componentId": "c-int",
             "transitions": [{"default": "e1"}]},
            {"nodeId": "e1", "type": "entity", "componentId": "c-ent", "transitions": [{"default": "end"}]},
        ]}],
        "dialogComponents": [
            {"_id": "c-int", "type": "intent", "name": "Courses"},
            {"_id": "c-ent", "type": "entity", "name": "Menu", "entityType": "label", "message": [
                {"channel": "default", "localeData": {"en": {"text": script, "type": "uxmap"}}}]},
        ],
    }
    code, html, _ = make_report(export)
    assert code == 0, html[-500:]
    page = Page(html)
    (buttons,) = [el for el in page.tags("ul") if "buttons" in (el.get("class") or "")]
    assert "Curriculum and Syllabi → Curriculum" in page.text and "<script>alert(1)</script> → x" in page.text
    assert "<script>alert(1)" not in html


def test_worker_processes_mask_the_sections_they_make():
    """Sections made by worker processes arrive masked and encoded: the page written from them is
    the one written in this process, byte for byte, and holds no credential of the payload."""
    import io
    import sys

    import pytest
    from test_secret_leaks import OPENAI, PAYLOAD_SECRETS, SCRIPT_TOKEN, publish_status

    from analyzer.reporters import html
    from analyzer.workers import fork_context

    if fork_context() is None:
        pytest.skip(f"no worker processes on {sys.platform}")
    payload = publish_status()
    test = {"context": "session.apiKey", "op": "eq", "value": OPENAI}
    # a node named after a credential the first dialog's script holds: only the page's masking
    # (of every text the page shows) hides it there
    shown = {"_id": "dg-2", "name": "Keyed", "nodes": [
        {"nodeId": "intent0", "type": "intent", "transitions": [{"if": test, "then": SCRIPT_TOKEN},
                                                                {"default": "end"}]},
        {"nodeId": SCRIPT_TOKEN, "type": "message", "transitions": [{"default": "end"}]}]}
    payload["statusSummary"] += [{"resourceId": f"dg-{k}", "resourceType": "dialog", "name": f"D{k}",
                                  "status": "SUCCESS", "result": dict(shown, _id=f"dg-{k}")}
                                 for k in range(2, 6)]
    result = _result(payload)
    pages = []
    for prepared in (html.prepare(result, workers=1), html.prepare(result, workers=2, parallel_from=0)):
        out = io.BytesIO()
        html.write(result, out, prepared, generated=_WHEN)
        pages.append(out.getvalue())
    assert pages[0] == pages[1]
    assert b"session.apiKey" in pages[1] and b"kl-drawing" in pages[1]
    assert not [s for s in PAYLOAD_SECRETS if s.encode() in pages[1]]
