"""The drawing's shortcuts give what the plain computation gives: free spots found by scanning the
boxes or through the grid, box sizes kept by what they depend on, a widest line measured in
thousandths of an em, a rectangle's sides kept by its size, two lines of text in one format."""
from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from analyzer.drawing import sizes, svg
from analyzer.drawing.metrics import text_width
from analyzer.drawing.placement import FreeSpots
from analyzer.drawing.sizes import FONT_SIZE, MARGIN_X, MIN_W, box_size, label_size


def test_free_spots_are_the_same_scanned_or_through_the_grid():
    """A dialog with many markers switches to the grid after FreeSpots.SCANS questions: the spots
    it gives are the ones a scan of every box gives."""
    rng = random.Random(7)
    for _ in range(200):
        scanned, indexed = FreeSpots(), FreeSpots()
        scanned.SCANS, indexed.SCANS = 10**9, 0  # one never builds the grid, the other at once
        spread = rng.choice([100, 600, 3000])
        for _ in range(rng.randint(0, 40)):
            box = (rng.uniform(0, spread), rng.uniform(0, spread), rng.uniform(20, 200), rng.uniform(20, 60))
            scanned.add(*box)
            indexed.add(*box)
        for _ in range(rng.randint(1, 60)):
            node = (rng.uniform(0, spread), rng.uniform(0, spread), rng.uniform(20, 200), rng.uniform(20, 60))
            size = (rng.uniform(20, 120), rng.uniform(20, 40))
            assert scanned.place(*node, size) == indexed.place(*node, size)


def test_free_spots_given_their_boxes_at_once_are_the_ones_added():
    rng = random.Random(8)
    for _ in range(50):
        places = [(rng.uniform(-500, 3000), rng.uniform(-500, 3000), rng.uniform(20, 200),
                   rng.uniform(20, 60)) for _ in range(rng.randint(0, 40))]
        added = FreeSpots()
        for place in places:
            added.add(*place)
        assert FreeSpots(places).boxes == added.boxes


def _plain_box_size(shape: str, lines: list[str]) -> tuple[float, float]:
    """box_size as it was written first: each line's width in points, the widest kept."""
    w = max(max(text_width(line, FONT_SIZE) for line in lines) + 2 * MARGIN_X, MIN_W)
    h = max(len(lines) * FONT_SIZE * sizes.LINE + 2 * sizes.MARGIN_Y, sizes.MIN_H)
    if shape in ("hexagon", "octagon"):
        h += 8
        w += h * (0.6 if shape == "hexagon" else 0.5)
    elif shape == "cds":
        w += h * 0.35
    elif shape == "box3d":
        w, h = w + sizes.BOX3D, h + sizes.BOX3D
    elif shape == "tab":
        h += 3
    elif shape == "component":
        w += 8
    return round(w, 1), round(h, 1)


SHAPES = ["box", "rounded", "box3d", "hexagon", "octagon", "tab", "component", "cds", "circle"]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(SHAPES), st.lists(st.text(max_size=40), min_size=1, max_size=4))
def test_box_and_label_sizes_are_the_plain_computation(shape, lines):
    expected = _plain_box_size(shape, lines)
    assert box_size(shape, lines) == expected
    assert box_size(shape, lines) == expected  # answered again from what it kept
    widest = max(text_width(line, sizes.SMALL_SIZE) for line in lines)
    assert label_size(lines) == (widest + 2, len(lines) * sizes.SMALL_SIZE * sizes.LINE + 2)


@settings(max_examples=300, deadline=None)
@given(st.floats(min_value=sizes.MIN_W, max_value=1e6), st.floats(min_value=sizes.MIN_H, max_value=1e6))
def test_sides_kept_are_the_sides_formatted(w, h):
    expected = f'width="{w:.1f}" height="{h:.1f}"'
    assert svg._sides(w, h) == expected
    assert svg._sides(w, h) == expected  # answered again from what it kept


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(max_size=20), min_size=1, max_size=4),
       st.floats(-1e5, 1e5), st.floats(-1e5, 1e5), st.sampled_from([sizes.FONT_SIZE, sizes.SMALL_SIZE]))
def test_text_lines_are_written_as_one_line_at_a_time(lines, x, y, size):
    """_text writes two lines (a node's) with one format: what writing each line gives."""
    step = size * sizes.LINE
    top = y - step * len(lines) / 2 + step / 2 + size * 0.35
    expected = "".join(f'<text x="{x:.1f}" y="{top + i * step:.1f}">{svg._plain(line)}</text>'
                       for i, line in enumerate(lines))
    assert svg._text(lines, x, y, size) == expected
