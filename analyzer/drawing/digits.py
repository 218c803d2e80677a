"""Numbers as the SVG shows them: one decimal, the digits of `"%.1f" % v` (`digits`), kept by value.

A drawing writes ~2,300 numbers a dialog and formatting one (dtoa: exact rounding of the binary
value) costs about ten times a dict lookup: nodes in a column share an x, in a row a y, and a bot's
dialogs share sizes and layouts (in the corpus a third to two thirds of these numbers were written
before). Callers look in `KEPT` first (`KEPT.get(v) or digits(v)`: no call when it is there).
"""
from __future__ import annotations

KEPT: dict[float, str] = {}  # value -> its digits; never 0.0 (see digits)
_MAX = 50_000  # a few MB at most


def digits(v: float) -> str:
    """`f"{v:.1f}"` (the digits of "%.1f" % v), kept for the next time. Zero is not kept: 0.0
    and -0.0 are one key but are written "0.0" and "-0.0"."""
    found = f"{v:.1f}"
    if v:
        if len(KEPT) >= _MAX:
            KEPT.clear()
        KEPT[v] = found
    return found
