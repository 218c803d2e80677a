"""`diff --format html`: one self-contained page (no external URL, the report's CSP, no script):
the summary, the findings NEW adds and fixes, and per changed dialog a drawing of NEW's graph
where added nodes and transitions are green, changed ones amber, and removed ones red dashed
ghosts at their old positions; then its changes as a list; the unchanged dialogs listed.

Every piece of the page goes through the masker of the inputs' credentials (as the report's),
and Jinja escapes every value; drawings are written by analyzer.drawing, which escapes its text.
"""
from __future__ import annotations

import datetime as dt
import time
from typing import TextIO

from markupsafe import Markup

from ... import drawing as draw_mod
from ...credentials.mask import form_scrubber
from ...diff.model import Diff
from ...flow import DialogFlow
from ...version import __version__
from ..html_secrets import _HTML_FORMS
from ..html_templates import environment
from .phrases import counts, dialog_title, node_line, transition_line

BUDGET = 120.0  # seconds of drawing for the whole page; past it dialogs are listed, not drawn


def _drawing(change, k: int, deadline: float) -> draw_mod.Drawing | None:
    drawn = change.drawn
    if drawn is None:
        return None
    left = deadline - time.monotonic()
    return draw_mod.draw(DialogFlow(drawn.source), f"d{k}", change.name, timeout=max(left, 0.0),
                         marks=drawn.marks)


def context(diff: Diff, generated: dt.datetime | None = None) -> dict:
    deadline = time.monotonic() + BUDGET
    dialogs = []
    for k, d in enumerate(diff.dialogs):
        pic = _drawing(d, k, deadline)
        dialogs.append({
            "anchor": f"d{k}", "change": d.change, "title": dialog_title(d),
            "svg": Markup(pic.svg) if pic is not None and pic.svg else None,
            "note": pic.note if pic is not None else None,
            "nodes": [(n.change, node_line(n), n.before, n.after) for n in d.nodes],
            "transitions": [(t.change, transition_line(t)) for t in d.transitions],
        })
    now = generated or dt.datetime.now(dt.UTC)
    return {"diff": diff, "summary": diff.summary(), "sentences": counts(diff), "dialogs": dialogs,
            "version": __version__, "generated": now.strftime("%Y-%m-%d %H:%M UTC"),
            "drawing_css": Markup(draw_mod.SVG_CSS)}


def report(diff: Diff, stream: TextIO) -> None:
    masked = form_scrubber(diff.secrets, _HTML_FORMS)
    for piece in environment().get_template("diff.html.j2").generate(**context(diff)):
        stream.write(masked(piece))
