"""Edges as paths: on the canvas, straight lines clipped to the shapes' outlines (two edges
between the same nodes curve apart, a node to itself loops), each label beside its edge's
midpoint; after a Graphviz layout, its B-splines. Coordinates in points, y growing down."""
from __future__ import annotations

import math

from .metrics import em_width
from .model import Link, Plan, Shape
from .sizes import ARROW, LINE, SMALL_SIZE, label_size

_ONE_LINE = 1 * SMALL_SIZE * LINE + 2  # label_size's height of one line


def outline(s: Shape) -> list[tuple[float, float]] | None:
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


_POLYGONS = frozenset({"hexagon", "octagon", "cds"})  # the shapes `outline` draws as polygons
_CLIPPED = _POLYGONS | {"circle"}  # the shapes whose outline is not their rectangle


def _clip(s: Shape, dx: float, dy: float) -> float:
    """How far (a fraction of (dx, dy)) from the centre of `s` its outline is, that way."""
    if dx == 0 and dy == 0:
        return 0.0
    kind = s.shape
    if kind not in _POLYGONS:
        if kind == "circle":
            return min(s.w / 2, s.h / 2) / math.hypot(dx, dy)
        # a rectangle (the outline of every other shape): the nearer of its sides
        tx = s.w / 2 / abs(dx) if dx else math.inf
        ty = s.h / 2 / abs(dy) if dy else math.inf
        return ty if ty < tx else tx  # min(tx, ty), without the call
    best = math.inf
    x, y = s.x, s.y
    poly = outline(s)
    for (ax, ay), (bx, by) in zip(poly, poly[1:] + poly[:1], strict=True):
        ex, ey = bx - ax, by - ay
        den = dx * ey - dy * ex
        if abs(den) < 1e-12:
            continue
        t = ((ax - x) * ey - (ay - y) * ex) / den
        u = ((ax - x) * dy - (ay - y) * dx) / den
        if t > 0 and -1e-9 <= u <= 1 + 1e-9:
            best = min(best, t)
    return best if best != math.inf else 0.0


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


def _label_box(k: Link) -> tuple[float, float]:
    """The size of the edge's label, kept for the SVG writer."""
    k.label_box = size = label_size(k.lines)
    return size


def route_canvas(p: Plan) -> None:
    """Straight edges between shapes at known positions, clipped to their outlines; two edges
    between the same shapes curve apart; a shape's edge to itself loops on its right."""
    pairs = {(k.src, k.dst) for k in p.links}
    for k in p.links:
        s, d = k.src, k.dst
        if s is d:
            x0, hy = s.x + s.w / 2, s.h / 2
            a, b = (x0, s.y - hy * 0.5), (x0 + ARROW, s.y + hy * 0.5)
            reach = x0 + 30
            k.path = "M%.1f,%.1fC%.1f,%.1f %.1f,%.1f %.1f,%.1f" % (
                a[0], a[1], reach, s.y - hy * 1.6, reach + 6, b[1], b[0], b[1])
            k.tip, k.direction = (x0, b[1]), (-1.0, 0.0)
            k.extent = (x0, s.y - hy * 1.6, reach + 6, b[1])
            if k.lines:  # right of the loop's far end
                k.label = (x0 + 27 + _label_box(k)[0] / 2, s.y)
            continue
        sx, sy = s.x, s.y
        dx, dy = d.x - sx, d.y - sy
        length = math.hypot(dx, dy)
        if length > 1 and (d, s) in pairs:
            _route_curve(k, dx, dy, length)
            continue
        if length == 0:  # one centre: _clip's 0.0 at both ends, centre to centre
            ax, ay, ex, ey = sx, sy, d.x, d.y
        else:
            # _clip of a rectangle (most shapes) inline, at both ends: ~300 calls a dialog
            adx, ady = abs(dx), abs(dy)
            if s.shape in _CLIPPED:
                t0 = _clip(s, dx, dy)
            else:
                tx = s.w / 2 / adx if dx else math.inf
                ty = s.h / 2 / ady if dy else math.inf
                t0 = ty if ty < tx else tx
            if d.shape in _CLIPPED:
                t1 = 1.0 - _clip(d, -dx, -dy)
            else:
                tx = d.w / 2 / adx if dx else math.inf
                ty = d.h / 2 / ady if dy else math.inf
                t1 = 1.0 - (ty if ty < tx else tx)
            if t1 <= t0:  # overlapping shapes: centre to centre
                ax, ay, ex, ey = sx, sy, d.x, d.y
            else:
                ax, ay, ex, ey = sx + dx * t0, sy + dy * t0, sx + dx * t1, sy + dy * t1
        ux, uy = (dx / length, dy / length) if length else (0.0, 1.0)
        # %-formatting: the digits of f"{v:.1f}", and faster for several numbers (svg.py)
        k.path = "M%.1f,%.1fL%.1f,%.1f" % (ax, ay, ex - ux * ARROW, ey - uy * ARROW)
        k.tip, k.direction = (ex, ey), (ux, uy)
        # min() and max() of two, written out: a call each costs more than the comparison
        k.extent = (ex if ex < ax else ax, ey if ey < ay else ay,
                    ex if ex > ax else ax, ey if ey > ay else ay)
        lines = k.lines
        if lines:
            if len(lines) == 1:  # the usual label: label_size of one line, inline
                k.label_box = box = (em_width(lines[0]) * SMALL_SIZE / 1000.0 + 2, _ONE_LINE)
            else:
                box = _label_box(k)
            k.label = _beside((ax, ay), (ex, ey), ((ax + ex) / 2, (ay + ey) / 2), box)


def _route_curve(k: Link, dx: float, dy: float, length: float) -> None:
    """A quadratic curve bowing to its right: the edge back bows the other way."""
    s, d = k.src, k.dst
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
        k.label = _beside(a, e, mid, _label_box(k))


def route_spline(k: Link, pts: list[tuple[float, float]]) -> None:
    """An edge along Graphviz's B-spline; the arrowhead after its last point."""
    path = [f"M{pts[0][0]:.1f},{pts[0][1]:.1f}"]
    if len(pts) >= 4 and (len(pts) - 1) % 3 == 0:
        path.append("C" + svg_points(pts[1:]))
    else:
        path.append("L" + svg_points(pts[1:]))
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


def svg_points(points: list[tuple[float, float]]) -> str:
    """Points as SVG writes them in `points` and path data: `x,y x,y`, one decimal."""
    return " ".join([f"{x:.1f},{y:.1f}" for x, y in points])
