"""route_canvas's inline clipping (a rectangle's outline) and one-line label placement give the
numbers of the general pieces they stand for: `_clip` at both ends, `label_size`, `_beside`."""
from __future__ import annotations

import math

from hypothesis import given
from hypothesis import strategies as st

from analyzer.drawing.geometry import _beside, _clip, route_canvas
from analyzer.drawing.model import Link, Plan, Shape
from analyzer.drawing.sizes import ARROW, label_size

coords = st.one_of(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
                 st.sampled_from([0.0, -0.0, 5.0]))
sizes = st.floats(min_value=10.0, max_value=1e3, allow_nan=False)
shapes = st.sampled_from(["box", "rounded", "box3d", "tab", "component", "circle", "hexagon", "octagon",
                         "cds"])
texts = st.text(alphabet=st.sampled_from("ab <&>→é\"'…中\u0301"), max_size=40)


def _reference(k: Link) -> tuple:
    """The straight edge as route_canvas wrote it before the fast paths."""
    s, d = k.src, k.dst
    dx, dy = d.x - s.x, d.y - s.y
    length = math.hypot(dx, dy)
    t0, t1 = _clip(s, dx, dy), 1.0 - _clip(d, -dx, -dy)
    if t1 <= t0 or length == 0:
        ax, ay, ex, ey = s.x, s.y, d.x, d.y
    else:
        ax, ay, ex, ey = s.x + dx * t0, s.y + dy * t0, s.x + dx * t1, s.y + dy * t1
    ux, uy = (dx / length, dy / length) if length else (0.0, 1.0)
    path = f"M{ax:.1f},{ay:.1f}L{ex - ux * ARROW:.1f},{ey - uy * ARROW:.1f}"
    box = label_size(k.lines) if k.lines else None
    label = _beside((ax, ay), (ex, ey), ((ax + ex) / 2, (ay + ey) / 2), box) if k.lines else None
    return path, (ex, ey), (ux, uy), (min(ax, ex), min(ay, ey), max(ax, ex), max(ay, ey)), label, box


@given(x0=coords, y0=coords, x1=coords, y1=coords, w0=sizes, h0=sizes, w1=sizes, h1=sizes,
       kinds=st.tuples(shapes, shapes), lines=st.lists(texts, max_size=3))
def test_straight_edge_is_its_pieces(x0, y0, x1, y1, w0, h0, w1, h1, kinds, lines):
    a = Shape("n0", "d0-n0", kinds[0], ["a"], "a", "kl-node", w0, h0, x0, y0)
    b = Shape("n1", "d0-n1", kinds[1], ["b"], "b", "kl-node", w1, h1, x1, y1)
    k = Link(a, b, "d0-e0", lines, "t", "kl-edge")
    route_canvas(Plan("canvas", "nop2", [a, b], [k]))
    # repr: -0.0 and 0.0 told apart
    assert repr((k.path, k.tip, k.direction, k.extent, k.label, k.label_box)) == repr(_reference(k))
