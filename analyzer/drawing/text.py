"""Conditions in words (`describe`) and the width of a line of Helvetica (`text_width`), what boxes are sized from."""
from __future__ import annotations

import unicodedata
from typing import Any

from ..conditions import canonical
from ..payload.credentials import mask_known
from ..text import clean, short


_OPS = {"eq": "=", "neq": "≠", "gt": ">", "gte": "≥", "lt": "<", "lte": "≤", "cnt": "contains",
        "dne": "does not exist", "exists": "exists", "ex": "exists"}


def describe(cond: Any, limit: int = 400) -> str:
    """A condition as a bot developer reads it: `questionsFound = "0"`, `user says yes`."""
    text = mask_known(_describe(cond, 0))  # a key compared in a condition is shown masked
    return short(text, limit)


def _describe(cond: Any, depth: int) -> str:
    if depth > 20:
        return "…"
    if isinstance(cond, dict):
        tests = cond.get("tests")
        if "conjoin" in cond and isinstance(tests, list):
            joiner = f" {clean(cond.get('conjoin'))} "
            inner = joiner.join(_describe(t, depth + 1) for t in tests[:50])
            return f"({inner})" if depth else inner
        if "dialogAct" in cond:
            return f"user says {clean(cond['dialogAct'])}"
        for key in ("context", "field", "intent"):
            if key in cond:
                subject = clean(cond[key])
                if key == "intent":
                    subject = f"intent {subject}"
                op = cond.get("op")
                if op in (None, ""):
                    sign = "" if key == "intent" else " (no operator)"
                else:
                    sign = " " + _OPS.get(op, clean(op)) if isinstance(op, str) else f" {clean(op)}"
                value = cond.get("value")
                if value in (None, "") or op in ("exists", "ex", "dne"):
                    return subject + sign
                shown = value if isinstance(value, str) else canonical(value)
                return f"{subject}{sign} {clean(shown)}"
    return clean(canonical(cond))


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


def text_width(text: str, size: float) -> float:
    """Estimated width in points of one line of Helvetica at `size` points."""
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
    return total * size / 1000.0
