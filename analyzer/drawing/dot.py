"""Graphviz's languages, both ways: the DOT of a plan (`dot_source`: our names, our fixed sizes,
pinned positions, every label escaped), built by the `graphviz` package's `Digraph`, and
Graphviz's `-Tplain` output read back (`read_layout`), of which only numbers for the names we
gave are used.

Payload text reaches the DOT only as label text: cleaned (no control characters) and shortened
by `text.clean`, backslashes doubled (`graphviz.escape`: no `\\N`-style escape can expand),
quoted with its quotes escaped (`Digraph`), and never an HTML-like label (`nohtml`: `<b>x</b>`
is a quoted string, not markup). Nothing Graphviz returns but numbers reaches the drawing.
"""
from __future__ import annotations

import math
import re

import graphviz

from ..text import clean
from .geometry import route_spline
from .limits import DrawingError
from .model import Plan
from .sizes import FONT_SIZE
from .styles import FONT

_GRAPHVIZ_SHAPES = {"rounded": "box", "circle": "circle"}  # ours -> Graphviz's (the rest: the same)


def _label(lines: list[str]) -> str:
    """A DOT label from display lines, joined by `\\n` (centred lines): each line cleaned, its
    backslashes doubled; the whole never read as an HTML-like label."""
    return graphviz.nohtml("\\n".join(graphviz.escape(clean(line)) for line in lines))


def dot_source(p: Plan) -> str:
    """The DOT Graphviz lays the plan out from: our names (`n3`, `m1`), our sizes (fixed), labels
    escaped, canvas positions pinned (`pos="x,y!"`)."""
    graph = [("bgcolor", "transparent"), ("pad", "0.3"), ("fontname", FONT)]
    if p.mode == "layout":
        graph += [("rankdir", "TB"), ("nodesep", "0.35"), ("ranksep", "0.45")]
        if len(p.shapes) > 40:  # dot on a large tangled dialog: straight edges, few optimisation passes
            graph += [("splines", "line"), ("mclimit", "0.3"), ("nslimit", "1"), ("nslimit1", "1")]
    else:
        graph += [("splines", "line"), ("inputscale", "72"), ("overlap", "false"), ("mode", "KK")]
    g = graphviz.Digraph(name="dialog")
    # attribute lists, not dicts: Digraph keeps their order (it sorts a dict's)
    g.attr("graph", _attributes=graph)
    g.attr("node", _attributes=[("fontname", FONT), ("fontsize", "11"), ("fixedsize", "true"),
                                ("margin", "0.12,0.05")])
    g.attr("edge", _attributes=[("fontname", FONT), ("fontsize", "9"), ("arrowsize", "0.7")])
    for s in p.shapes:
        attrs = [("shape", _GRAPHVIZ_SHAPES.get(s.shape, s.shape)), ("width", f"{s.w / 72:.4f}"),
                 ("height", f"{s.h / 72:.4f}")]
        if s.size != FONT_SIZE:
            attrs.append(("fontsize", f"{s.size:g}"))
        if s.pinned:
            attrs.append(("pos", f"{s.x:.1f},{-s.y:.1f}!"))
        g.node(s.name, label=_label(s.lines), _attributes=attrs)
    for k in p.links:
        g.edge(k.src.name, k.dst.name, label=_label(k.lines) if k.lines else None)
    return g.source


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
                pts = [(_number(tok[4 + 2 * i]) * 72,
                        height - _number(tok[5 + 2 * i]) * 72) for i in range(n)]
                rest = tok[4 + 2 * n:]
                route_spline(k, pts)
                if len(rest) >= 5 and k.lines:
                    k.label = (_number(rest[1]) * 72, height - _number(rest[2]) * 72)
            elif tok[0] == "stop":
                break
    except (ValueError, IndexError):
        raise DrawingError("Graphviz returned a layout that does not parse") from None
    if height is None:
        raise DrawingError("Graphviz returned no layout")
