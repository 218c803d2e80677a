"""The SVG writer's one-format fast paths (the usual edge, the usual node, a one-line label) and
the nodes table's position cell write the bytes of the general pieces they stand for."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from analyzer.drawing.model import Link, Plan, Shape
from analyzer.drawing.sizes import ARROW, ARROW_HALF, FONT_SIZE, SMALL_SIZE
from analyzer.drawing.svg import _plain, _shape_markup, _text, write_svg
from analyzer.reporters.html_rows import _AT, esc

coords = st.floats(min_value=-1e7, max_value=1e7, allow_nan=False)
sizes = st.floats(min_value=10.0, max_value=1e4, allow_nan=False)
texts = st.text(alphabet=st.sampled_from("ab <&>→é\"'"), max_size=12)


@given(x=coords, y=coords, w=sizes, h=sizes, kind=st.sampled_from(["rounded", "box"]),
       lines=st.lists(texts, min_size=2, max_size=2), title=texts, href=st.sampled_from([None, "#d0-row-3"]))
def test_usual_node_is_its_pieces(x, y, w, h, kind, lines, title, href):
    s = Shape("n0", "d0-n0", kind, lines, title, "kl-node", w, h, x, y, True, FONT_SIZE, href)
    inner = _shape_markup(s, x - w / 2, y - h / 2) + _text(lines, x, y, FONT_SIZE)
    if href:
        inner = f'<a href="{href}">{inner}</a>'
    body, _ = write_svg(Plan("canvas", "nop2", [s], []))
    assert body == f'<g id="d0-n0" class="kl-node"><title>{_plain(title)}</title>{inner}</g>'


@given(x0=coords, y0=coords, x1=coords, y1=coords, lx=coords, ly=coords,
       lines=st.lists(texts, max_size=3), title=texts)
def test_usual_edge_is_its_pieces(x0, y0, x1, y1, lx, ly, lines, title):
    a = Shape("n0", "d0-n0", "box", ["a", "b"], "a", "kl-node", 20.0, 20.0, x0, y0)
    b = Shape("n1", "d0-n1", "box", ["a", "b"], "b", "kl-node", 20.0, 20.0, x1, y1)
    k = Link(a, b, "d0-e0", lines, title, "kl-edge", path="M1.0,2.0L3.0,4.0", tip=(x1, y1),
             direction=(0.6, -0.8), label=(lx, ly) if lines else None, extent=(x0, y0, x1, y1))
    bx, by = x1 - 0.6 * ARROW, y1 + 0.8 * ARROW
    vx, vy = 0.8 * ARROW_HALF, 0.6 * ARROW_HALF
    arrow = (f'<polygon points="{bx + vx:.1f},{by + vy:.1f} {x1:.1f},{y1:.1f} '
             f'{bx - vx:.1f},{by - vy:.1f}"/>')
    label = _text(lines, lx, ly, SMALL_SIZE) if lines else ""
    body, _ = write_svg(Plan("canvas", "nop2", [], [k]))
    assert body == (f'<g id="d0-e0" class="kl-edge"><title>{_plain(title)}</title>'
                    f'<path d="M1.0,2.0L3.0,4.0"/>{arrow}{label}</g>')


@given(st.floats(), st.floats())
def test_position_cell_is_the_escaped_g_format(x, y):
    assert _AT % (x, y) == f"</td><td>{esc(f'{x:g}, {y:g}')}</td></tr>"
