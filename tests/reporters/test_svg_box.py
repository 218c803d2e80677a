"""The SVG writer's view box, found from one box per path, label, node and badge (the least of
their lefts, the most of their rights...), is the one of every x and y they reach, as it was
found: each left is at most its right (the routers' extents, labels and nodes are so, and
their numbers are finite)."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from analyzer.drawing.model import Link, Plan, Shape
from analyzer.drawing.sizes import BADGE_R, PAD, label_size
from analyzer.drawing.svg import write_svg

coords = st.one_of(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False), st.sampled_from([0.0, -0.0]))
sizes = st.floats(min_value=0.0, max_value=1e4, allow_nan=False)
shapes = st.builds(lambda kind, w, h, x, y, badge: Shape("n", "d0-n", kind, ["a", "b"], "t", "c", w, h, x, y,
                                                          badge=badge),
                   st.sampled_from(["box", "rounded", "circle", "box3d"]), sizes, sizes, coords, coords,
                   st.sampled_from([None, (1, "error"), (120, "info")]))
extents = st.one_of(st.none(), st.tuples(coords, coords, coords, coords).map(
    lambda e: (min(e[0], e[2]), min(e[1], e[3]), max(e[0], e[2]), max(e[1], e[3]))))


def _box(p: Plan) -> tuple:  # every x and y, as write_svg gathered them before
    xs, ys = [], []
    for k in p.links:
        if k.extent is not None:
            xs += (k.extent[0], k.extent[2])
            ys += (k.extent[1], k.extent[3])
        if k.label is not None:
            (lx, ly), (lw, lh) = k.label, k.label_box or label_size(k.lines)
            xs += (lx - lw / 2, lx + lw / 2)
            ys += (ly - lh / 2, ly + lh / 2)
    for s in p.shapes:
        xs += (s.x - s.w / 2, s.x + s.w / 2)
        ys += (s.y - s.h / 2, s.y + s.h / 2)
        if s.badge:
            xs.append(s.x + s.w / 2 + 1 + BADGE_R)
            ys.append(s.y - s.h / 2 - 1 - BADGE_R)
    x_lo, x_hi, y_lo, y_hi = (min(xs), max(xs), min(ys), max(ys)) if xs else (0.0,) * 4
    return tuple(round(v, 1) for v in (x_lo - PAD, y_lo - PAD, x_hi - x_lo + 2 * PAD, y_hi - y_lo + 2 * PAD))


@given(st.lists(shapes, max_size=4), st.lists(st.tuples(extents, st.none() | st.tuples(coords, coords),
                                                        st.lists(st.sampled_from(["if a", "default é"]),
                                                                 min_size=1, max_size=3)), max_size=4))
def test_the_view_box_reaches_every_x_and_y(nodes, edges):
    ends = nodes[:1] * 2 or [Shape("m", "d0-m", "box", [], "", "", 1.0, 1.0)] * 2
    links = [Link(*ends, "d0-e", lines, "t", "c", extent=extent, label=label)
             for extent, label, lines in edges]
    p = Plan("canvas", "nop2", nodes, links)
    assert write_svg(p)[1] == _box(p)
