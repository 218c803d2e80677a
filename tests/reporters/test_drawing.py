"""The drawing: DOT escaping, canvas positions, problems drawn, the SVG writer's whitelist, Graphviz
layouts read as numbers only, the bounds."""
from __future__ import annotations

import json
import re
import shutil
import time
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analyzer.conditions import show
from analyzer.drawing import STYLES, SVG_CSS, DrawingError, Limits, draw
from analyzer.drawing.dot import dot_source, read_layout
from analyzer.drawing.embedded import EmbeddedEngine
from analyzer.drawing.engines import engine
from analyzer.drawing.geometry import route_canvas
from analyzer.drawing.model import Link, Plan, Shape
from analyzer.drawing.plan import plan
from analyzer.drawing.sizes import CANVAS_SCALE
from analyzer.drawing.styles import RED
from analyzer.drawing.svg import SVG_ATTRIBUTES, SVG_ELEMENTS, SVG_NS, write_svg
from analyzer.flow import DialogFlow, position
from analyzer.payload import parse
from analyzer.text import clean, short
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


def points(el) -> list[tuple[float, float]]:
    """The points of the shapes inside an SVG element (an xml.etree element)."""
    numbers = re.compile(r"-?\d+(?:\.\d+)?")
    out: list[tuple[float, float]] = []
    for child in el.iter():
        tag = child.tag.rsplit("}", 1)[-1] if isinstance(child.tag, str) else ""
        if tag in ("polygon", "polyline", "path"):
            nums = [float(v) for v in numbers.findall(child.get("points", "") or child.get("d", ""))]
            out += list(zip(nums[::2], nums[1::2], strict=False))
        elif tag == "rect":
            x, y = float(child.get("x", 0)), float(child.get("y", 0))
            out += [(x, y), (x + float(child.get("width", 0)), y + float(child.get("height", 0)))]
        elif tag in ("ellipse", "circle"):
            cx, cy = float(child.get("cx", 0)), float(child.get("cy", 0))
            rx = float(child.get("rx", child.get("r", 0)))
            ry = float(child.get("ry", child.get("r", 0)))
            out += [(cx - rx, cy - ry), (cx + rx, cy + ry)]
    return out


def centre(g: ET.Element) -> tuple[float, float]:
    pts = points(g)
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2


def css(selector: str) -> str:
    """The declarations of a rule of the drawings' stylesheet."""
    found = re.search(r"(?:^|[},])" + re.escape(selector) + r"(?:,[^{]*)?\{([^}]*)\}", SVG_CSS, re.M)
    assert found, selector
    return found.group(1)


def assert_whitelisted(markup: str) -> ET.Element:
    """Only the writer's elements and attributes; links only within the page."""
    root = svg_tree(markup)
    for el in root.iter():
        assert el.tag in SVG_ELEMENTS, el.tag
        for k, v in el.attrib.items():
            assert k in SVG_ATTRIBUTES | {"role", "aria-label", "href"}, (el.tag, k)
            if k == "href":
                assert re.fullmatch(r"#[A-Za-z0-9_-]+", v), v
    return root


# -- DOT -------------------------------------------------------------------------------------------

def test_dot_escapes_hostile_text():
    flow = flows(hostile())[0]
    p = plan(flow, "d0")
    # never an HTML-like label, payload text never a DOT identifier
    assert "label=<" not in dot_source(p)
    assert not re.search(r"^\s*\"?(n\"|<img|</text)", dot_source(p), re.M)
    for name in re.findall(r"^\s*(\S+) \[", dot_source(p), re.M):
        assert re.fullmatch(r"n\d+|m\d+|graph|node|edge", name), name
    # backslashes doubled (no \N expansion), quotes escaped, the text kept
    assert '\\\\N' in dot_source(p) and '\\"' in dot_source(p)
    assert "\n" not in "".join(re.findall(r'label="((?:[^"\\]|\\.)*)"', dot_source(p)))


DOT_HOSTILE = ["<b>x</b>", "<<b>x</b>>", 'a"b\\', "}\ndigraph{", '"}; n9 [label=x', "node", "\\N", '"',
               'a\\"b']


@pytest.mark.parametrize("text", DOT_HOSTILE)
def test_hostile_text_is_only_ever_a_quoted_label(text):
    """The DOT `graphviz.Digraph` builds for us parses as the graph we named, whatever a label
    holds: exactly our nodes and edges come back, each label a quoted string (never an HTML-like
    label), its text the cleaned text (backslashes doubled, quotes escaped, no newline)."""
    n0 = Shape("n0", "d0-n0", "box", [text], "", "", 80.0, 30.0)
    n1 = Shape("n1", "d0-n1", "rounded", ["x", text], "", "", 80.0, 30.0)
    p = Plan("layout", "dot", [n0, n1], [Link(n0, n1, "d0-e0", [text], "", "")])
    source = dot_source(p)
    lines = source.splitlines()
    assert lines[0] == "digraph dialog {" and lines[-1] == "}" and "label=<" not in source
    assert all(line.startswith("\t") for line in lines[1:-1])  # one statement a line, all ours
    plain = engine().render(source, "dot", 10).decode()
    rows = [line.split(" ") for line in plain.splitlines()]
    assert sorted(r[1] for r in rows if r[0] == "node") == ["n0", "n1"]
    assert [r[1:3] for r in rows if r[0] == "edge"] == [["n0", "n1"]]
    quoted = '"' + clean(text).replace("\\", "\\\\").replace('"', '\\"') + '"'
    node_n0 = next(line for line in plain.splitlines() if line.startswith("node n0 "))
    edge = next(line for line in plain.splitlines() if line.startswith("edge "))
    assert f" {quoted} " in node_n0 and f" {quoted} " in edge, (quoted, plain)
    read_layout(plain.encode(), p)  # and the positions are read back: n0 above n1
    assert 0 < n0.y < n1.y


TEXTS = ['a"b', "a\\", "a\\\\\\", "<b>x</b>", "<x>", "{}", "a\nb\tc\x00d", "\u202ertl 😀",
         "</text><script>alert(1)</script>", "\\N\\G\\E\\l", "\ufffe\uffff", 'a"b\\', "}\ndigraph{"]


@pytest.mark.parametrize("text", TEXTS)
def test_dot_round_trip_through_graphviz(text):
    """Whatever the node id, Graphviz parses the DOT (with the canvas positions pinned, and laid out
    without them), every node comes back where it should, and the drawing shows the id as text."""
    payload = publish_status(dialog(node("intent0", "intent",
                                         branch({"context": text, "op": "eq", "value": text}, text),
                                         default(text), **at(0, 0)),
                                    node(text, "message", default("end"), **at(200, 0))))
    flow = flows(payload)[0]
    d = draw(flow, "d0", text)
    assert d.svg is not None and d.mode == "canvas", d.note
    root = assert_whitelisted(d.svg)
    shown = ["".join(t.itertext()) for t in groups(root)["d0-n1"].iter(f"{SVG}text")]
    assert shown[0] == short(text, 28)
    assert "<script" not in d.svg and "<b>" not in d.svg
    p = plan(flow, "d0")

    def offsets():
        return {s.name: (s.x - p.shapes[0].x, s.y - p.shapes[0].y) for s in p.shapes}

    pinned = offsets()
    read_layout(engine().render(dot_source(p), "nop2", 10), p)
    assert all(abs(a - b) < 1
               for name, got in offsets().items() for a, b in zip(got, pinned[name], strict=True))
    free = flows(json.loads(json.dumps(payload).replace('"metadata"', '"x-metadata"')))[0]
    d = draw(free, "d0", text)
    assert d.svg is not None and d.mode == "layout", d.note
    assert "\tn1 [" in d.dot and "label=<" not in d.dot
    shown = ["".join(t.itertext()) for t in groups(assert_whitelisted(d.svg))["d0-n1"].iter(f"{SVG}text")]
    assert shown[0] == short(text, 28)


# -- positions --------------------------------------------------------------------------------------

def test_seed_sample_nodes_at_canvas_positions():
    data = (SAMPLES / "publish-status.json").read_bytes()
    flow = flows(data)[0]
    assert flow.dialog.name == "Find Keyword"
    d = draw(flow, "d0", flow.dialog.name)
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
    meta = {n.node_id: (n.metadata.left, n.metadata.top) for n in nodes}
    # the drawing keeps the canvas: same order left to right and top to bottom, same proportions
    for a in meta:
        for b in meta:
            if meta[a][0] < meta[b][0]:
                assert centres[a][0] < centres[b][0], (a, b)
            if meta[a][1] < meta[b][1]:
                assert centres[a][1] < centres[b][1], (a, b)
    ax, bx = meta["intent0"][0], meta["message12"][0]
    cx, dx = centres["intent0"][0], centres["message12"][0]
    assert (dx - cx) / (bx - ax) == pytest.approx(CANVAS_SCALE, rel=0.02)
    assert len([k for k in g if "-end" in k]) == 3  # message4, message12, message14 end


def test_missing_positions_use_a_layout():
    free, mixed = flows(broken())[1:]
    d1 = draw(free, "d1", "free")
    d2 = draw(mixed, "d2", "mixed")
    assert (d1.mode, d2.mode) == ("layout", "canvas+layout")
    assert d1.svg and d2.svg
    assert "no canvas position" in d2.note
    assert all(f"d2-n{i}" in groups(svg_tree(d2.svg)) for i in range(4))


# -- problems drawn ----------------------------------------------------------------------------------

def test_problems_are_drawn():
    flow = flows(broken())[0]
    d = draw(flow, "d0", "Broken", {"service3": [("error", "KL101 dangling-target: x")],
                                             "script2": [("error", "KL103"), ("warning", "KL104")]})
    root = svg_tree(d.svg)
    g = groups(root)
    ghost = [e for k, e in g.items() if "-missing" in k]
    assert len(ghost) == 1
    assert [t.text for t in ghost[0].iter(f"{SVG}text")] == ["missing", "deletedNode"]
    assert "kl-ghost" in ghost[0].get("class") or "kl-dangling" in ghost[0].get("class")
    assert "kl-unreachable" in g["d0-n6"].get("class")  # orphan6, dimmed
    assert "stroke-dasharray" in css(".kl-node.kl-unreachable")
    assert "kl-node" in g["d0-n6"].get("class")
    for n in ("d0-n2", "d0-n5"):  # script2 and logic5: an auto-loop, red
        assert "kl-loop" in g[n].get("class")
    assert RED in css(".kl-node.kl-loop") and RED in css(".kl-edge.kl-loop")
    loop_edges = [e for k, e in g.items() if "-e" in k and "kl-loop" in (e.get("class") or "")]
    assert len(loop_edges) >= 2
    # every type has its colours, problems come after the types (and win)
    for kind, style in STYLES.items():
        assert style.fill in css(f".kl-type-{kind}") and style.stroke in css(f".kl-type-{kind}")
    assert SVG_CSS.index(".kl-node.kl-loop") > SVG_CSS.index(".kl-type-agentTransfer")
    badges = [e for e in root.iter(f"{SVG}g") if "kl-badge" in (e.get("class") or "")]
    assert sorted(b.find(f"{SVG}text").text for b in badges) == ["1", "2"]
    labels = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    assert "if context.choice equals 'loop'" in labels and "not connected" in labels and "end" in labels
    assert d.anchors["service3"] == "d0-n3"


# -- the writer, and what it takes from Graphviz --------------------------------------------------------

def test_svg_is_written_from_a_whitelist():
    """The hostile dialog drawn: only the writer's elements and attributes, every text ours."""
    flow = flows(hostile())[0]
    d = draw(flow, "d0", "<label>", {"intent0": [("error", "</title><script>x</script>")]})
    root = assert_whitelisted(d.svg)
    low = d.svg.lower()
    for bad in ("<script", "<img", "<svg onload", "<b>", "style=", "url(", "href=\"j", "href=\"/"):
        assert bad not in low, bad  # payload text is text: escaped, in <text> and <title> only
    assert 'aria-label="&lt;label&gt;"' in d.svg
    assert "&lt;/title&gt;&lt;script&gt;x&lt;/script&gt;" in d.svg
    texts = "".join("".join(t.itertext()) for t in root.iter("text"))
    assert "javascript:alert(5)" in texts  # as text, never as a link
    standalone = ET.fromstring(d.standalone.split("?>", 1)[1])
    assert [el.text for el in standalone.iter(f"{{{SVG_NS}}}style")] == [SVG_CSS]
    assert "<" not in SVG_CSS and "&" not in SVG_CSS and "url(" not in SVG_CSS


def test_layout_output_contributes_numbers_only():
    """Whatever Graphviz returns, only numbers for the names we gave are read: unknown names,
    labels and colours are ignored; something that does not parse is a table, not an error."""
    flow = flows(broken())[1]
    p = plan(flow, "d1")
    evil = (b'graph 1 3 4\n'
            b'node n0 1 3 1 0.5 "<script>alert(1)</script>" filled box "onload=x" "url(http://evil/)"\n'
            b'node "<img src=x onerror=alert(2)>" 1 1 1 1 x filled box black white\n'
            b'node n1 1 2 1 0.5 "\\"</text><script>" filled box a b\n'
            b'edge n0 n1 4 1 2.7 1 2.6 1 2.5 1 2.3 "</text><script>alert(3)</script>" 1.5 2.5 solid red\n'
            b'stop\n')
    read_layout(evil, p)
    body, box = write_svg(p)
    assert "script" not in body and "onload" not in body and "url(" not in body and "<img" not in body
    shapes = {s.name: s for s in p.shapes}
    assert (shapes["n0"].x, shapes["n0"].y) == (72, 72) and (shapes["n1"].x, shapes["n1"].y) == (72, 144)
    for bad in (b"graph 1 3 4\nnode n0 nan 1 1 1\n", b"graph 1 3 4\nnode n0 1e300 1 1 1\n",
                b"graph 1 3 4\nedge n0 n1 99999999 1 1\n", b"graph 1 x 4\n", b"graph 1 3 x\n",
                b"nothing at all"):
        with pytest.raises(DrawingError):
            read_layout(bad, plan(flow, "d1"))


def test_shapes_and_edges_meet():
    """Edges start and end on the outlines of their nodes (the arrow's tip touches the target)."""
    flow = flows(broken())[0]
    p = plan(flow, "d0")
    route_canvas(p)
    for k in p.links:
        if k.src is k.dst:
            continue
        d, (tx, ty) = k.dst, k.tip
        inside = abs(tx - d.x) <= d.w / 2 + 0.5 and abs(ty - d.y) <= d.h / 2 + 0.5
        on_edge = abs(abs(tx - d.x) - d.w / 2) < 1 or abs(abs(ty - d.y) - d.h / 2) < 1 or d.shape in (
            "hexagon", "octagon", "cds", "circle")
        assert inside and on_edge, (k.anchor, k.tip, d.x, d.y, d.w, d.h)


def test_positions_are_computed_once_and_as_anew():
    """flow.positions() is cached (the drawing and the nodes table both ask): the same dict each
    time, equal to what reading the nodes anew gives, the first position of a repeated id kept."""
    for flow in flows(broken()) + flows((SAMPLES / "publish-status.json").read_bytes()):
        anew: dict = {}
        for entry in flow.dialog.nodes:
            pos = position(entry)
            if pos is not None:
                anew.setdefault(entry.node.node_id, pos)
        assert flow.positions() is flow.positions()
        assert flow.positions() == anew


# -- bounds and engines -------------------------------------------------------------------------------

def big(n: int, positions: bool) -> DialogFlow:
    nodes = []
    for i in range(n):
        kind = "intent" if i == 0 else "script"
        trans = [branch({"context": f"c{i}", "op": "eq", "value": str(j)},
                        f"{'script'}{(i * 7 + j * 13) % n or 1}")
                 for j in range(3)] + [default(f"script{(i * 31 + 5) % n or 1}")]
        extra = at((i % 20) * 200, (i // 20) * 120) if positions else {}
        nodes.append(node(f"intent{i}" if i == 0 else f"script{i}", kind, *trans, **extra))
    return flows(publish_status(dialog(*nodes)))[0]


def test_too_many_nodes_is_a_table_with_a_note():
    d = draw(big(30, True), "d0", "big", limits=Limits(max_nodes=20))
    assert d.svg is None and "30 nodes" in d.note and "table" in d.note
    d = draw(big(30, False), "d0", "big", limits=Limits(max_free_nodes=20))
    assert d.svg is None and "automatic layout" in d.note


def test_a_slow_layout_is_stopped_not_waited_for():
    flow = big(200, False)  # a tangled free layout: seconds of dot
    started = time.monotonic()
    d = draw(flow, "d0", "slow", limits=Limits(timeout=0.3), engine_choice="embedded")
    assert time.monotonic() - started < 5
    assert d.svg is None and "more than 0.3 s" in d.note
    # the engine survives: the next dialog is drawn
    ok = draw(flows(publish_status(dialog(node("intent0", "intent"))))[0], "d1", "ok",
                      engine_choice="embedded")
    assert ok.svg is not None


def test_the_embedded_engine_is_made_once():
    assert engine("embedded") is engine("embedded")


def test_the_compiled_module_is_cached(tmp_path, monkeypatch):
    """The wasm module is compiled once, kept (0600) in the cache folder and loaded from there by
    the next process; a cache file that is not ours or does not load is compiled again."""
    monkeypatch.setenv("KORELINT_CACHE_DIR", str(tmp_path / "cache"))
    layout = plan(flows(broken())[1], "d1")
    first = EmbeddedEngine()
    cached = list((tmp_path / "cache").glob("graphviz-*.cwasm"))
    assert len(cached) == 1 and cached[0].stat().st_mode & 0o777 == 0o600
    plain = first.render(dot_source(layout), layout.layout, 10)
    assert EmbeddedEngine().render(dot_source(layout), layout.layout, 10) == plain
    cached[0].write_bytes(b"not a compiled module")
    assert EmbeddedEngine().render(dot_source(layout), layout.layout, 10) == plain
    assert cached[0].read_bytes() != b"not a compiled module"  # compiled again, replaced
    cached[0].chmod(0o666)  # writable by others: never loaded
    assert EmbeddedEngine().render(dot_source(layout), layout.layout, 10) == plain
    monkeypatch.setenv("KORELINT_CACHE_DIR", "")  # no cache at all
    assert EmbeddedEngine().render(dot_source(layout), layout.layout, 10) == plain


@pytest.mark.skipif(not shutil.which("dot"), reason="no system Graphviz on PATH")
def test_system_engine_draws_the_same_and_is_bounded():
    data = json.loads((SAMPLES / "publish-status.json").read_text())
    text = (json.dumps(data).replace('"metadata"', '"x-metadata"')
            .replace('"positionMeta"', '"x-positionMeta"'))
    flow = flows(text.encode())[0]
    d = draw(flow, "d0", "x", engine_choice="system")
    assert d.mode == "layout" and d.engine == "system"
    assert len([k for k in groups(svg_tree(d.svg)) if re.fullmatch(r"d0-n\d+", k)]) == 10
    started = time.monotonic()
    slow = draw(big(200, False), "d0", "slow", limits=Limits(timeout=0.3), engine_choice="system")
    assert time.monotonic() - started < 5 and slow.svg is None


def test_describe_conditions():
    """Conditions read as the builder phrases them; entity node ids are named by their names."""
    assert show({"context": "x", "op": "eq", "value": "1"}, 400, words=True) == "context.x equals 1"
    assert show({"field": "a", "op": "exists"}, 400, words=True) == "a exists"
    assert show({"field": "a", "op": "eq", "value": "skin"}, 400, words=True) == "a equals 'skin'"
    assert show({"dialogAct": "yes"}, 400, words=True) == "confirmation is Yes"
    assert show({"intent": "Book", "op": "", "value": ""}, 400, words=True) == "intent is 'Book'"
    assert show({"conjoin": "and", "tests": [{"context": "a", "op": "gt", "value": 2},
                                             {"context": "b", "op": "neq", "value": "z"}]},
                400, words=True) == "context.a is greater than 2 and context.b does not equal 'z'"
    assert show({"context": "x"}, 400, words=True) == "context.x exists"  # no operator: Exists
    # the builder's path may keep its `context.` (most corpus bots do): not shown twice
    assert show({"context": "context.fetch.total", "op": "neq", "value": 0}, 400, words=True) == \
        "context.fetch.total does not equal 0"
    assert show(["odd"], 400, words=True) == '["odd"]'

    class Names:
        def shown(self, nid):
            return {"nd-ent-1": "Choice"}.get(nid, nid)
    assert show({"field": "nd-ent-1", "op": "gte", "value": "400"}, names=Names()) == \
        "Choice is greater than or equal to 400"
    assert show({"field": "nd-ent-2"}, names=Names()) == "nd-ent-2 exists"


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
    d = draw(flow, "d0", value)
    assert d.svg is not None, d.note
    root = svg_tree(d.svg)
    for el in root.iter():
        assert el.tag in SVG_ELEMENTS, el.tag
        assert all(k in SVG_ATTRIBUTES | {"role", "aria-label", "href"} for k in el.attrib), el.attrib
    shown = ["".join(t.itertext()) for t in groups(root)["d0-n1"].iter("text")]
    assert shown[0] == short(node_id if node_id != "intent0" else "x", 28)
