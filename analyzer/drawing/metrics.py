"""The width of a line of Helvetica (`text_width`; `em_width` in thousandths of an em), what boxes
are sized from."""
from __future__ import annotations

import unicodedata

# Helvetica's advance widths (thousandths of an em) of printable ASCII, from its AFM: the
# estimate Graphviz makes without fonts, and close to what a browser shows.
_ASCII_WIDTHS = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,  # space to /
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,  # 0 to ?
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,  # @ to O
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,  # P to _
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,  # ` to o
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,  # p to ~
)
_WIDTHS: dict[str, int] = {chr(32 + i): w for i, w in enumerate(_ASCII_WIDTHS)}
_WIDTHS.update({"·": 278, "…": 1000, "→": 1000, "≠": 584, "≥": 584, "≤": 584})


def _char_width(c: str) -> int:
    if unicodedata.combining(c):
        w = 0
    elif unicodedata.east_asian_width(c) in ("W", "F"):
        w = 1000
    else:
        w = 600
    if len(_WIDTHS) < 20000:
        _WIDTHS[c] = w
    return w


_LINE_WIDTHS: dict[str, int] = {}  # a line's width in thousandths of an em (labels repeat a lot)


def em_width(text: str) -> int:
    """The width of one line of Helvetica in thousandths of an em."""
    total = _LINE_WIDTHS.get(text)
    if total is None:
        widths = _WIDTHS
        total = 0
        for c in text:
            w = widths.get(c)
            total += w if w is not None else _char_width(c)
        if len(_LINE_WIDTHS) > 100_000:
            _LINE_WIDTHS.clear()
        _LINE_WIDTHS[text] = total
    return total


def text_width(text: str, size: float) -> float:
    """Estimated width in points of one line of Helvetica at `size` points."""
    return em_width(text) * size / 1000.0
