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
    width = max(map(em_width, lines)) * FONT_SIZE / 1000.0 + 2 * MARGIN_X
    return max(width, MIN_W), max(len(lines) * FONT_SIZE * LINE + 2 * MARGIN_Y, MIN_H)


def box_size(shape: str, lines: list[str]) -> tuple[float, float]:
    """The size of a node of this shape holding these lines (room for its outline's corners)."""
    w, h = text_box_size(lines)
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
    return round(w, 1), round(h, 1)


def label_size(lines: list[str]) -> tuple[float, float]:
    """The size of an edge's label: these lines of 9 pt text."""
    if not lines:
        return 0.0, 0.0
    return max(map(em_width, lines)) * SMALL_SIZE / 1000.0 + 2, len(lines) * SMALL_SIZE * LINE + 2
