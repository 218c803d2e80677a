"""The report's bot call graph: which dialog runs which, as a small drawing and a table.

Only dialogs that run or are run by another take part. The drawing is written here (no Graphviz:
a call graph is small and its layout simple): a dialog's column is its distance in calls from a
dialog nothing runs (or, inside a loop, from the loop's first dialog); calls to the right are
straight, calls back or within a column are arcs. Calls without user input are solid, red when
they are part of a loop without input (KL602); calls after user input are dashed; calls from
nodes no path reaches are dotted; a call to a dialog the export lacks (KL601) goes to a red dashed
box named after the missing id. Every payload text is escaped here (`html.escape`); the SVG holds
no script, style element or external reference.
"""
from __future__ import annotations

import math
from collections import deque
from html import escape
from typing import TYPE_CHECKING, Any, NamedTuple

from markupsafe import Markup

from ..bot import CallGraph
from ..findings import Result
from ..text import clean, clip_id, short, show_id

if TYPE_CHECKING:  # imported when a call graph is drawn: a report of dialogs that run none
    import networkx as nx  # (publish status, most bots) need not load it (0.12 s)

MAX_DRAWN = 80  # dialogs: a larger call graph is a table only
BOX_W, BOX_H, GAP_X, GAP_Y, PAD, ARROW = 170, 30, 70, 16, 20, 8.0
RED, INK, GREY = "#dc2626", "#334155", "#94a3b8"


class Box(NamedTuple):
    """A dialog of the call graph's drawing."""

    key: Any  # its index in the input, or ("missing", id) for a dialog the export lacks
    name: str  # as shown: clipped, printable
    anchor: str | None  # its section in the report; None when missing

    @property
    def missing(self) -> bool:
        return isinstance(self.key, tuple)


def _columns(graph: nx.DiGraph, order: list[Any]) -> dict[Any, int]:
    """Column of each graph node: breadth-first distance from the dialogs nothing runs, then from
    the first dialog (in input order) of what is left (loops)."""
    col: dict[Any, int] = {}
    start = [n for n in order if all(p == n for p in graph.predecessors(n))]
    while len(col) < len(order):
        start = [n for n in start if n not in col] or [next(n for n in order if n not in col)]
        for n in start:
            col[n] = 0
        todo = deque(start)
        while todo:
            n = todo.popleft()
            for m in graph.successors(n):
                if m not in col:
                    col[m] = col[n] + 1
                    todo.append(m)
        start = []
    return col


def _svg(dialogs: list[Box], edges: list[dict]) -> tuple[str, int]:
    """(SVG, width) of the call graph: dialogs, edges (src, dst, style)."""
    import networkx as nx

    graph = nx.DiGraph()
    graph.add_nodes_from(b.key for b in dialogs)
    graph.add_edges_from((e["src"], e["dst"]) for e in edges)
    col = _columns(graph, [b.key for b in dialogs])
    rows: dict[int, int] = {}
    pos: dict[Any, tuple[float, float]] = {}
    for b in dialogs:
        c = col[b.key]
        r = rows.get(c, 0)
        rows[c] = r + 1
        pos[b.key] = (PAD + c * (BOX_W + GAP_X), PAD + r * (BOX_H + GAP_Y))
    width = int(PAD * 2 + (max(col.values()) + 1) * (BOX_W + GAP_X) - GAP_X)
    height = int(PAD * 2 + max(rows.values()) * (BOX_H + GAP_Y) - GAP_Y + 24)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="kl-calls" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" role="img" aria-label="Dialog call graph">']
    for e in edges:
        (x1, y1), (x2, y2) = pos[e["src"]], pos[e["dst"]]
        color = RED if e["loop"] else INK if e["free"] else GREY
        dash = (' stroke-dasharray="2,3"' if not e["reachable"]
                else ' stroke-dasharray="6,4"' if not e["free"] else "")
        if e["src"] == e["dst"]:
            sx, sy = x1 + BOX_W, y1 + BOX_H / 2 - 6
            (c1x, c1y), (c2x, c2y), (tx, ty) = (sx + 34, sy - 20), (sx + 34, sy + 32), (sx, sy + 12)
        elif x2 > x1:
            sx, sy, tx, ty = x1 + BOX_W, y1 + BOX_H / 2, x2, y2 + BOX_H / 2
            (c1x, c1y), (c2x, c2y) = (sx + GAP_X / 2, sy), (tx - GAP_X / 2, ty)
        else:  # back or within a column: an arc below the boxes
            sx, sy, tx, ty = x1 + BOX_W / 2 - 10, y1 + BOX_H, x2 + BOX_W / 2 + 10, y2 + BOX_H
            dip = max(sy, ty) + 18 + abs(x1 - x2) * 0.08 + abs(y1 - y2) * 0.15
            (c1x, c1y), (c2x, c2y) = (sx, dip), (tx, dip)
        # the line stops at the arrowhead's base; the head points along the curve's last tangent
        length = math.hypot(tx - c2x, ty - c2y) or 1.0
        ux, uy = (tx - c2x) / length, (ty - c2y) / length
        bx, by = tx - ux * ARROW, ty - uy * ARROW
        head = (f"{tx:.1f},{ty:.1f} {bx - uy * ARROW * .45:.1f},{by + ux * ARROW * .45:.1f} "
                f"{bx + uy * ARROW * .45:.1f},{by - ux * ARROW * .45:.1f}")
        d = f"M{sx:.1f},{sy:.1f}C{c1x:.1f},{c1y:.1f} {c2x:.1f},{c2y:.1f} {bx:.1f},{by:.1f}"
        title = escape(e["title"], quote=True)
        out.append(f'<g><title>{title}</title><path d="{d}" fill="none" stroke="{color}" '
                   f'stroke-width="1.5"{dash}/>'
                   f'<polygon points="{head}" fill="{color}"/></g>')
    for key, name, anchor in dialogs:
        x, y = pos[key]
        missing = anchor is None
        label = escape(short(name, 24), quote=True)
        look = f'rx="0" fill="#fee2e2" stroke="{RED}" stroke-dasharray="5,3"' if missing else \
            'rx="6" fill="#eef2ff" stroke="#6366f1"'
        box = (f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" {look} stroke-width="1.4"/>'
               f'<text x="{x + BOX_W / 2}" y="{y + BOX_H / 2 + 4}" text-anchor="middle" font-size="11" '
               f'font-family="Helvetica,Arial,sans-serif" '
               f'fill="{RED if missing else "#1e1b4b"}">{label}</text>')
        title = f"<title>{escape(name, quote=True)}{' (not in this export)' if missing else ''}</title>"
        if anchor:
            out.append(f'<a href="#{escape(anchor, quote=True)}">{title}{box}</a>')
        else:
            out.append(f"<g>{title}{box}</g>")
    out.append("</svg>")
    return "".join(out), width


def call_graphs(result: Result, anchors: dict[tuple[str, int], str],
                node_anchor: Any) -> list[dict[str, Any]]:
    """One entry per analysed document whose dialogs call each other: its drawing and table."""
    out = []
    for i, analysis in enumerate(result.documents):
        doc = analysis.document
        if not any(d.calls for d in doc.calls):  # (no graph to build: networkx stays unloaded)
            continue
        graph = CallGraph.of(doc)
        if not graph:
            continue
        # calls within a loop: free edges whose two ends are members of the same loop (one pass
        # over the edges, not one per loop: a dialog running itself is a loop of its own)
        cycles = graph.cycles()
        loop_of = {d.index: k for k, cycle in enumerate(cycles) for d in cycle.members}
        loops = {(u, v) for u, v in graph.free_edges().edges if u in loop_of and loop_of[u] == loop_of.get(v)}
        names = {k: show_id(d.name) for k, d in graph.dialogs.items()}
        rows, edges = [], []
        involved: set[Any] = set()
        for d in doc.calls:
            for call in d.calls:
                target = graph.by_id.get(call.target)
                dst = target if target is not None else ("missing", call.target)
                loop = (d.index, target) in loops and call.reachable and call.without_input
                involved |= {d.index, dst}
                rows.append({
                    "caller": names[d.index], "caller_href": _href(anchors.get((doc.path, d.index))),
                    # the builder's name of the calling node (its component's), its id beside it
                    "node": clean(call.component) if call.component else show_id(call.node),
                    "node_id": show_id(call.node),
                    "node_href": _href(node_anchor.get((doc.path, d.index, clip_id(call.node)))),
                    "callee": names[target] if target is not None else show_id(call.target),
                    "callee_href": _href(anchors.get((doc.path, target))) if target is not None else None,
                    "missing": target is None, "loop": loop,
                    "input": "unreachable" if not call.reachable else "no" if call.without_input else "yes",
                })
                edges.append({"src": d.index, "dst": dst, "free": call.without_input,
                              "reachable": call.reachable,
                              "loop": loop,
                              "title": f"{names[d.index]} → {names.get(target) or show_id(call.target)} "
                                                     f"({clean(call.label) or show_id(call.node)})"})
        shown = [Box(k, names[k], anchors.get((doc.path, k))) for k in graph.dialogs if k in involved]
        shown += sorted({Box(dst, show_id(dst[1]), None) for dst in involved if isinstance(dst, tuple)})
        svg, width = (None, 0)
        if len(shown) <= MAX_DRAWN:
            ranked = sorted(edges, key=lambda e: (e["loop"], e["free"], e["reachable"]))
            unique = {(e["src"], e["dst"]): e for e in ranked}
            text, width = _svg(shown, list(unique.values()))
            svg = Markup(text)
        out.append({"path": doc.path, "anchor": f"calls{i}", "svg": svg, "width": width, "rows": rows,
                    "dialogs": len([b for b in shown if not b.missing]),
                    "loops": len(cycles), "missing": len(graph.missing)})
    return out


def _href(anchor: str | None) -> str | None:
    return f"#{anchor}" if anchor else None
