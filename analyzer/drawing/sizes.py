"""The drawing's dimensions in points, and the size of a box or a label for its text."""
from __future__ import annotations

from .metrics import em_width

CANVAS_SCALE = 0.8  # Bot Builder pixels -> points: its boxes are larger than ours
FONT_SIZE = 11.0
SMALL_SIZE = 9.0
LINE = 1.2  # line height, in font sizes
MARGIN_X, MARGIN_Y = 8.64, 3.6  # points around a label (Graphviz margin 0.12,0.05)
MIN_W, MIN_H = 54.0, 28.8  # points (Graphviz 0.75 x 0.4 inches)
PAD = 21.6  # points around the drawing
ARROW = 7.0  # arrowhead length (Graphviz arrowsize 0.7)
ARROW_HALF = ARROW * 0.35
BADGE_R = 8.5
BOX3D = 4.0  # depth of a box3d


def text_box_size(lines: list[str]) -> tuple[float, float]:
    """The size of a box holding these lines of 11 pt text."""
    # the widest line's width (a width grows with its thousandths of an em: the widest in those
    # is the widest in points, and scaled once)
    return _text_box(max(map(em_width, lines)), len(lines))


def _text_box(em: int, count: int) -> tuple[float, float]:
    """The size of a box holding `count` lines of 11 pt text, the widest `em` thousandths of an em."""
    width = em * FONT_SIZE / 1000.0 + 2 * MARGIN_X
    height = count * FONT_SIZE * LINE + 2 * MARGIN_Y
    return max(width, MIN_W), max(height, MIN_H)


# What box_size answered, by (shape, widest line in thousandths of an em, number of lines): all a
# size depends on, and nodes of a bot share them (~70% of the corpus' nodes); rounding is slow.
_BOXES: dict[tuple[str, int, int], tuple[float, float]] = {}


def box_size(shape: str, lines: list[str]) -> tuple[float, float]:
    """The size of a node of this shape holding these lines (room for its outline's corners)."""
    return em_box_size(shape, max(map(em_width, lines)), len(lines))


def em_box_size(shape: str, em: int, count: int) -> tuple[float, float]:
    """`box_size` of `count` lines whose widest is `em` thousandths of an em wide (what a box's
    size depends on: `plan` knows the width of a type word's line already)."""
    key = (shape, em, count)
    found = _BOXES.get(key)
    if found is not None:
        return found
    w, h = _text_box(key[1], key[2])
    if shape == "hexagon":
        h += 8
        w += h * 0.6
    elif shape == "octagon":
        h += 8
        w += h * 0.5
    elif shape == "cds":
        w += h * 0.35
    elif shape == "box3d":
        w += BOX3D
        h += BOX3D
    elif shape == "tab":
        h += 3
    elif shape == "component":
        w += 8
    if len(_BOXES) > 20_000:
        _BOXES.clear()
    found = _BOXES[key] = (round(w, 1), round(h, 1))
    return found


def label_size(lines: list[str]) -> tuple[float, float]:
    """The size of an edge's label: these lines of 9 pt text."""
    if not lines:
        return 0.0, 0.0
    return max(map(em_width, lines)) * SMALL_SIZE / 1000.0 + 2, len(lines) * SMALL_SIZE * LINE + 2
