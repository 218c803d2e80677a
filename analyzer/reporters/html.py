"""The HTML report: one self-contained file (inline CSS, inline SVG, a little inline JavaScript).

This module turns a Result whose documents were kept (`pipeline.analyze(keep=True)`) into the values
the Jinja templates show, and streams the page out. Every payload string reaches the page
through Jinja's autoescaping or, for drawings, through the SVG writer of `analyzer.drawing`
(which escapes every text itself); nothing is marked safe here but that writer's output, the
dialog sections rendered by our own autoescaped template, and the drawings' constant CSS.

Here: drawing every dialog (in worker processes when there are many) and writing the page.
The values it shows are made by `html_values` (publish job, resources, knowledge graphs),
`html_dialogs` (each dialog's view and section) and `html_context` (the whole page's values);
`html_templates` finds and loads the templates.
"""
from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO, TextIO

from markupsafe import Markup

from .. import drawing as draw_mod
from ..drawing import DEFAULT_LIMITS, Drawing, Limits
from ..findings import Result
from ..workers import cores, in_processes
from .html_context import Prepared, page_context
from .html_dialogs import (
    SEVERITIES,
    DialogSummary,
    DialogTarget,
    DialogView,
    _findings_by_input,
    _section,
    dialog_findings,
    dialog_targets,
    node_findings,
    target_findings,
)
from .html_secrets import masker
from .html_spool import Spool, Spooled
from .html_templates import _script, environment, template_dir
from .html_values import (
    JobView,
    TermView,
    TimeValue,
    duration,
    job_view,
    modules_text,
    status_class,
    time_value,
)

__all__ = [
    "CHUNK", "PARALLEL_FROM", "SEVERITIES", "DialogSummary", "DialogTarget", "DialogView", "JobView",
    "Prepared",
    "TermView", "TimeValue", "chunks", "context", "dialog_findings", "dialog_targets",
    "draw_all", "duration", "environment", "job_view", "modules_text", "node_findings", "prepare", "ready",
    "render", "report", "status_class", "template_dir", "time_value", "write",
]

# -- drawing every dialog, in worker processes when there are many -----------------------------------

PARALLEL_FROM = 3000  # nodes in all: fewer are drawn in less time than worker processes take to start


def _work(job: dict[str, Any], k: int) -> tuple[Drawing, bytes | Spooled]:
    """Dialog k drawn and its section written (in a worker process, which inherited `job`): the
    section as the page's bytes, masked and encoded as `chunks` and `write` would, left in the
    spool (html_spool) or, where it cannot be, sent back (as bytes: not text decoded and encoded
    again, ~0.2 s CPU for 37 MB)."""
    target = job["targets"][k]
    findings = target_findings(job["findings"], target)
    drawing = draw_mod.draw(target.flow, target.anchor, target.dialog.name, node_findings(findings),
                            limits=job["limits"], timeout=job["deadline"] - time.monotonic())
    section = job["masked"](_section(target, findings, drawing)).encode("utf-8", "replace")
    spool = job["spool"]
    return (drawing if job["keep_svg"] else drawing.slim()), spool.put(section) if spool else section


def ready() -> None:
    """The templates compiled (and this module imported): what a page needs before its values,
    done while a large input is still analysed by a child process (commands.report). Those the
    page includes too: Jinja compiles an included one when the page first writes it."""
    for name in ("macros.html.j2", "report.html.j2", "report.css", "calls.html.j2"):
        environment().get_template(name)


def prepare(result: Result, progress: Callable[[int, int, str], None] | None = None,
            budget: float = 300.0, limits: Limits = DEFAULT_LIMITS, workers: int | None = None,
            keep_svg: bool = True, parallel_from: int | None = None) -> Prepared:
    """Draw every dialog (anchor -> Drawing) within a time budget for the whole report.

    A large report is made by worker processes (one a core, forked: they inherit the analysis
    instead of receiving it), each drawing dialogs and writing their HTML sections; the embedded
    Graphviz, when a dialog needs a layout, is loaded once in each. `keep_svg` False leaves the
    SVGs in the sections only (what a report without --svg-dir or --zip needs)."""
    started = time.monotonic()
    targets = dialog_targets(result)
    by_input = _findings_by_input(result, targets)
    total = len(targets)
    workers = workers or cores()
    threshold = PARALLEL_FROM if parallel_from is None else parallel_from
    size = sum(len(t.flow.first_index) for t in targets)
    drawings: dict[str, Drawing] = {}
    if workers < 2 or size < threshold:
        for k, target in enumerate(targets):
            drawings[target.anchor] = draw_mod.draw(
                target.flow, target.anchor, target.dialog.name,
                node_findings(target_findings(by_input, target)),
                limits=limits, timeout=budget - (time.monotonic() - started))
            if progress:
                progress(k + 1, total, target.dialog.name)
        return Prepared(drawings)
    environment().get_template("macros.html.j2")  # the legends': compiled once, before the fork
    try:
        spool: Spool | None = Spool()
    except OSError:  # no temporary file: the sections come back as bytes
        spool = None
    job = {"targets": targets, "findings": by_input, "limits": limits, "deadline": started + budget,
           "keep_svg": keep_svg, "masked": masker(result), "spool": spool}
    sections: list[bytes | Spooled] = []
    chunk = max(1, min(4, total // (workers * 8)))  # small: no worker idles long at the end
    for k, (drawing, section) in enumerate(in_processes(_work, range(total), job, workers, chunk)):
        if k == 0:  # the page's template compiled while the workers draw, not after them
            environment().get_template("report.html.j2")
        drawings[targets[k].anchor] = drawing
        sections.append(section)
        if progress:
            progress(k + 1, total, targets[k].dialog.name)
    return Prepared(drawings, sections, spool)


def draw_all(result: Result, progress: Callable[[int, int, str], None] | None = None,
             budget: float = 300.0, limits: Limits = DEFAULT_LIMITS,
             workers: int | None = None) -> dict[str, Drawing]:
    """Draw every dialog: anchor -> Drawing (with its SVG)."""
    return prepare(result, progress, budget, limits, workers).drawings


# -- the page --------------------------------------------------------------------------------------


def context(result: Result, prepared: Prepared | dict[str, Drawing] | None = None,
            generated: dt.datetime | None = None) -> dict[str, Any]:
    """The values of the page. Its dialog sections (`sections`) are rendered one at a time as
    the page is written, unless worker processes made them already."""
    if prepared is None:
        prepared = prepare(result)
    elif not isinstance(prepared, Prepared):
        prepared = Prepared(prepared)
    return page_context(result, prepared, generated)


CHUNK = 1 << 18  # characters written at a time


def chunks(result: Result, prepared: Prepared | dict[str, Drawing] | None = None,
           generated: dt.datetime | None = None) -> Iterator[str | bytes | Spooled]:
    """The page, a piece at a time (about CHUNK characters): never the whole of it at once.
    Text, but a section that worker processes made comes whole, as its bytes (UTF-8, masked),
    or where they are in the spool."""
    script, script_hash = _script()
    values = context(result, prepared, generated)
    masked = masker(result)  # credentials found in the input (KL501) never reach the page
    made = values.pop("made")  # a made section's placeholder -> its bytes
    pending: list[str] = []
    size = 0
    for piece in environment().get_template("report.html.j2").generate(
            **values, script=Markup(script), script_hash=script_hash):
        if made and piece in made:  # (the template writes a section as a piece of its own)
            if pending:
                yield "".join(pending)
                pending, size = [], 0
            yield made.pop(piece)
            continue
        pending.append(masked(piece))
        size += len(piece)
        if size >= CHUNK:
            yield "".join(pending)
            pending, size = [], 0
    if pending:
        yield "".join(pending)


def write(result: Result, out: BinaryIO, prepared: Prepared | dict[str, Drawing] | None = None,
          generated: dt.datetime | None = None) -> None:
    """Stream the page into a binary file, UTF-8 (text that cannot be encoded becomes '?')."""
    for piece in chunks(result, prepared, generated):
        if isinstance(piece, Spooled):
            piece.copy_to(out)
        else:
            out.write(piece if isinstance(piece, bytes) else piece.encode("utf-8", "replace"))


def render(result: Result, drawings: Prepared | dict[str, Drawing] | None = None,
           generated: dt.datetime | None = None) -> str:
    """The whole page as one string (small reports and tests; `write` streams)."""
    return "".join(_text(chunks(result, drawings, generated)))


def _text(pieces: Iterator[str | bytes | Spooled]) -> Iterator[str]:
    for piece in pieces:
        if isinstance(piece, Spooled):
            piece = piece.read()
        yield piece.decode("utf-8") if isinstance(piece, bytes) else piece


def report(result: Result, stream: TextIO) -> None:
    """The Reporter interface (draws every dialog itself)."""
    for piece in _text(chunks(result)):
        stream.write(piece)
