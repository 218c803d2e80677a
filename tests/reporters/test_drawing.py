"""The drawing: DOT escaping, canvas positions, problems drawn, the SVG sanitizer, the bounds."""
from __future__ import annotations

import json
import re
import shutil
import time
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analyzer import drawing
from analyzer.flow import DialogFlow
from analyzer.payload import parse
from helpers import SAMPLES, branch, default, dialog, node, publish_status
from payloads import at, broken, hostile

SVG = ""  # svg_tree() drops the namespace: the inline and the standalone form read alike


def flows(payload) -> list[DialogFlow]:
    data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return [DialogFlow(d) for d in parse(data, "p.json").dialogs]


def svg_tree(markup: str) -> ET.Element:
    root = ET.fromstring(markup.split("?>", 1)[-1])
    for el in root.iter():
        el.tag = el.tag.rsplit("}", 1)[-1]
    return root


def groups(root: ET.Element) -> dict[str, ET.Element]:
    return {g.get("id"): g for g in root.iter(f"{SVG}g") if g.get("id")}


def centre(g: ET.Element) -> tuple[float, float]:
    pts = drawing._points(g)
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2


# -- DOT -------------------------------------------------------------------------------------------

def test_dot_escapes_hostile_text():
    flow = flows(hostile())[0]
    p = drawing.plan(flow, "d0")
    # never an HTML-like label, payload text never a DOT identifier
    assert "label=<" not in p.source
    assert not re.search(r"^\s*\"?(n\"|<img|</text)", p.source, re.M)
    for name in re.findall(r"^\s*(\S+) \[", p.source, re.M):
        assert re.fullmatch(r"n\d+|m\d+|graph|node|edge", name), name
    # backslashes doubled (no \N expansion), quotes escaped, the text kept
    assert '\\\\N' in p.source and '\\"' in p.source
    assert "\n" not in "".join(re.findall(r'label="((?:[^"\\]|\\.)*)"', p.source))


@pytest.mark.parametrize("text", ['a"b', "a\\", "a\\\\\\", "<b>x</b>", "<x>", "{}", "a\nb\tc\x00d", "\u202ertl 😀",
                                  "</text><script>alert(1)</script>", "\\N\\G\\E\\l"])
def test_dot_round_trip_through_graphviz(text):
    """Whatever the node id, Graphviz parses the DOT and the drawing shows the id as text."""
    payload = publish_status(dialog(node("intent0", "intent", default(text), **at(0, 0)),
                                    node(text, "message", default("end"), **at(200, 0))))
    flow = flows(payload)[0]
    d = drawing.draw(flow, "d0", text)
    assert d.svg is not None, d.note
    root = svg_tree(d.svg)
    shown = ["".join(t.itertext()) for t in groups(root)["d0-n1"].iter(f"{SVG}text")]
    assert shown[0] == drawing.short(text, 28)
    assert "<script" not in d.svg and "<b>" not in d.svg


# -- positions --------------------------------------------------------------------------------------

def test_seed_sample_nodes_at_canvas_positions():
    data = (SAMPLES / "publish-status.json").read_bytes()
    flow = flows(data)[0]
    assert flow.dialog.name == "Find Keyword"
    d = drawing.draw(flow, "d0", flow.dialog.name)
    assert d.mode == "canvas" and d.svg is not None
    g = groups(svg_tree(d.svg))
    nodes = [e.node for e in flow.dialog.nodes]
    assert len(nodes) == 10
    centres = {}
    for i, n in enumerate(nodes):
        gid = f"d0-n{i}"
        assert gid in g, gid
        label = "".join(g[gid].find(f".//{SVG}text").itertext())
        assert label == n.node_id
        centres[n.node_id] = centre(g[gid])
    meta = {n.node_id: (n.metadata["left"], n.metadata["top"]) for n in nodes}
    # the drawing keeps the canvas: same order left to right and top to bottom, same proportions
    for a in meta:
        for b in meta:
            if meta[a][0] < meta[b][0]:
                assert centres[a][0] < centres[b][0], (a, b)
            if meta[a][1] < meta[b][1]:
                assert centres[a][1] < centres[b][1], (a, b)
    ax, bx = meta["intent0"][0], meta["message12"][0]
    cx, dx = centres["intent0"][0], centres["message12"][0]
    assert (dx - cx) / (bx - ax) == pytest.approx(drawing.CANVAS_SCALE, rel=0.02)
    assert len([k for k in g if "-end" in k]) == 3  # message4, message12, message14 end


def test_missing_positions_use_a_layout():
    free, mixed = flows(broken())[1:]
    d1 = drawing.draw(free, "d1", "free")
    d2 = drawing.draw(mixed, "d2", "mixed")
    assert (d1.mode, d2.mode) == ("layout", "canvas+layout")
    assert d1.svg and d2.svg
    assert "no canvas position" in d2.note
    assert all(f"d2-n{i}" in groups(svg_tree(d2.svg)) for i in range(4))


# -- problems drawn ----------------------------------------------------------------------------------

def test_problems_are_drawn():
    flow = flows(broken())[0]
    d = drawing.draw(flow, "d0", "Broken", {"service3": [("error", "KL101 dangling-target: x")],
                                             "script2": [("error", "KL103"), ("warning", "KL104")]})
    root = svg_tree(d.svg)
    g = groups(root)
    ghost = [e for k, e in g.items() if "-missing" in k]
    assert len(ghost) == 1
    assert [t.text for t in ghost[0].iter(f"{SVG}text")] == ["missing", "deletedNode"]
    assert "kl-ghost" in ghost[0].get("class") or "kl-dangling" in ghost[0].get("class")
    assert "kl-unreachable" in g["d0-n6"].get("class")  # orphan6, dimmed
    assert any(p.get("stroke-dasharray") for p in g["d0-n6"].iter(f"{SVG}path"))
    for n in ("d0-n2", "d0-n5"):  # script2 and logic5: an auto-loop, red
        assert "kl-loop" in g[n].get("class")
        assert any(p.get("stroke") == drawing.RED for p in g[n].iter() if p.get("stroke"))
    loop_edges = [e for k, e in g.items() if "-e" in k and "kl-loop" in (e.get("class") or "")]
    assert len(loop_edges) >= 2
    badges = [e for e in root.iter(f"{SVG}g") if "kl-badge" in (e.get("class") or "")]
    assert sorted(b.find(f"{SVG}text").text for b in badges) == ["1", "2"]
    labels = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert "if choice = loop" in labels and "not connected" in labels and "end" in labels
    assert d.anchors["service3"] == "d0-n3"


# -- the sanitizer --------------------------------------------------------------------------------------

def test_sanitizer_drops_scripts_handlers_and_external_references():
    evil = b"""<?xml version="1.0"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10"
     onload="alert(1)" width="10pt">
<script>alert(2)</script><style>@import url(http://evil.example/x.css);</style>
<g id="d0-n0" class="node" onclick="alert(3)" style="fill:url(http://evil.example/#x)">
<title>n0</title>
<a xlink:href="http://evil.example/" href="javascript:alert(4)" target="_blank">
<polygon points="0,0 1,1" fill="url(http://evil.example/#f)" stroke="black"/>
<text x="1" y="1">&lt;script&gt;payload</text>
<foreignObject><div xmlns="http://www.w3.org/1999/xhtml"><script>alert(5)</script></div></foreignObject>
<image xlink:href="https://evil.example/x.png"/>
<use href="//evil.example/#x"/>
</a></g>
<g id="graph0"><text>kept</text></g>
</svg>"""
    item = drawing.Item("d0-n0", ["n<0>"], "title </title><script>")
    markup, anchors, _ = drawing.sanitize(evil, {"n0": item}, "d0", "<label>")
    low = markup.lower()
    for bad in ("script>", "onload", "onclick", "javascript", "evil", "style", "foreignobject", "<image",
                "<use", "xlink", "target", "graph0", "<!doctype"):
        assert bad not in low, bad
    assert "n&lt;0&gt;" in markup and "title &lt;/title&gt;&lt;script&gt;" in markup
    assert 'aria-label="&lt;label&gt;"' in markup
    assert anchors == {"d0-n0"}
    assert ">kept<" in markup


def test_sanitizer_refuses_what_is_not_svg():
    with pytest.raises(drawing.DrawingError):
        drawing.sanitize(b"<html><script>1</script></html>", {}, "d0", "x")
    with pytest.raises(drawing.DrawingError):
        drawing.sanitize(b"<svg><text>unclosed", {}, "d0", "x")


# -- bounds and engines -------------------------------------------------------------------------------

def big(n: int, positions: bool) -> DialogFlow:
    nodes = []
    for i in range(n):
        kind = "intent" if i == 0 else "script"
        trans = [branch({"context": f"c{i}", "op": "eq", "value": str(j)}, f"{'script'}{(i * 7 + j * 13) % n or 1}")
                 for j in range(3)] + [default(f"script{(i * 31 + 5) % n or 1}")]
        extra = at((i % 20) * 200, (i // 20) * 120) if positions else {}
        nodes.append(node(f"intent{i}" if i == 0 else f"script{i}", kind, *trans, **extra))
    return flows(publish_status(dialog(*nodes)))[0]


def test_too_many_nodes_is_a_table_with_a_note():
    d = drawing.draw(big(30, True), "d0", "big", limits=drawing.Limits(max_nodes=20))
    assert d.svg is None and "30 nodes" in d.note and "table" in d.note
    d = drawing.draw(big(30, False), "d0", "big", limits=drawing.Limits(max_free_nodes=20))
    assert d.svg is None and "automatic layout" in d.note


def test_a_slow_layout_is_stopped_not_waited_for():
    flow = big(200, False)  # a tangled free layout: seconds of dot
    started = time.monotonic()
    d = drawing.draw(flow, "d0", "slow", limits=drawing.Limits(timeout=0.3), engine_choice="embedded")
    assert time.monotonic() - started < 5
    assert d.svg is None and "more than 0.3 s" in d.note
    # the engine survives: the next dialog is drawn
    ok = drawing.draw(flows(publish_status(dialog(node("intent0", "intent"))))[0], "d1", "ok",
                      engine_choice="embedded")
    assert ok.svg is not None


def test_the_embedded_engine_is_made_once():
    assert drawing.engine("embedded") is drawing.engine("embedded")


@pytest.mark.skipif(not shutil.which("dot"), reason="no system Graphviz on PATH")
def test_system_engine_draws_the_same_and_is_bounded():
    flow = flows((SAMPLES / "publish-status.json").read_bytes())[0]
    d = drawing.draw(flow, "d0", "x", engine_choice="system")
    assert d.engine == "system" and len([k for k in groups(svg_tree(d.svg)) if re.fullmatch(r"d0-n\d+", k)]) == 10
    started = time.monotonic()
    slow = drawing.draw(big(200, False), "d0", "slow", limits=drawing.Limits(timeout=0.3), engine_choice="system")
    assert time.monotonic() - started < 5 and slow.svg is None


def test_describe_conditions():
    assert drawing.describe({"context": "x", "op": "eq", "value": "1"}) == "x = 1"
    assert drawing.describe({"field": "a", "op": "exists"}) == "a exists"
    assert drawing.describe({"dialogAct": "yes"}) == "user says yes"
    assert drawing.describe({"intent": "Book", "op": "", "value": ""}) == "intent Book"
    assert drawing.describe({"conjoin": "and", "tests": [{"context": "a", "op": "gt", "value": 2},
                                                         {"context": "b", "op": "neq", "value": "z"}]}) == "a > 2 and b ≠ z"
    assert drawing.describe({"context": "x"}) == "x (no operator)"
    assert drawing.describe(["odd"]) == '["odd"]'


@settings(max_examples=40, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60),
       st.text(st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_any_text_is_drawn_as_text(node_id, value):
    """Property: whatever a node id or condition holds, Graphviz parses the DOT, the SVG parses,
    it holds no element or attribute of the payload's making, and shows the text as text."""
    payload = publish_status(dialog(
        node("intent0", "intent", branch({"context": value, "op": "eq", "value": value}, node_id),
             default("end"), **at(0, 0)),
        node(node_id if node_id != "intent0" else "x", "message", default(value or "end"), **at(200, 0)),
        name=value or "d"))
    flow = flows(payload)[0]
    d = drawing.draw(flow, "d0", value)
    assert d.svg is not None, d.note
    root = svg_tree(d.svg)
    for el in root.iter():
        assert el.tag in drawing._ELEMENTS, el.tag
        assert all(k in drawing._ATTRS | {"role", "aria-label", "href"} for k in el.attrib), el.attrib
    shown = ["".join(t.itertext()) for t in groups(root)["d0-n1"].iter("text")]
    assert shown[0] == drawing.short(node_id if node_id != "intent0" else "x", 28)
