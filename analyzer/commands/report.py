"""`korelint report`: the HTML report, and with it one SVG per dialog and a zip for a ticket.

    korelint report PATH... [-o report.html] [--svg-dir DIR] [--zip FILE]

Several inputs (or a directory) give one page: a picker at the top, one section per input, one
findings table (filterable by input). One page rather than one per input (`--output-dir`): `-o`,
`--zip` and a ticket's attachment stay one file, and the findings filter works across inputs.

Exit codes as `check`. The drawing and HTML modules (jinja2, wasmtime, rich) are imported when a
report is made, not by every `korelint check`.
"""
from __future__ import annotations

import argparse
import io
import os
import stat
import sys
import time
from typing import TYPE_CHECKING

from ..findings import Result
from ..output import atomic_binary, atomic_bytes
from .common import CommandError, Exit, add_lint_options, config_from_args, say, tell, verdict
from .live_options import add_fetch_options, live_input

if TYPE_CHECKING:
    from ..reporters.html import Prepared

PROGRESS_FROM = 5  # dialogs: fewer are drawn too fast for a progress bar to help
DRAWING_BUDGET = 120.0  # seconds for all the drawings of one report; the rest are tables
DEFAULT_OUTPUT = "report.html"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.description = ("Write one self-contained HTML report (publish job, resources, findings, a "
                     "drawing of every dialog). '-' reads stdin.")
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="payloads or directories ('-' for standard input); several give one page with a "
                        "section per input; none: fetch the live bot (--bot-id or KORE_BOT_ID)")
    p.add_argument("-o", "--output", metavar="FILE", default=None,
                   help=f"the HTML file to write (default: {DEFAULT_OUTPUT}, and where it went is said on "
                        "stderr; '-' for stdout)")
    p.add_argument("--svg-dir", metavar="DIR", help="also write one SVG per dialog into this folder")
    p.add_argument("--zip", metavar="FILE", dest="zip_path",
                   help="also write a zip: report.html, the SVGs and the findings (json, sarif)")
    add_lint_options(p)
    add_fetch_options(p)


def run(args) -> int:
    config = config_from_args(args)  # a bad configuration or destination fails before the fetch
    named_output = args.output is not None
    if not named_output:
        args.output = DEFAULT_OUTPUT
    problem = _destinations_problem(args)
    if problem:
        raise CommandError(problem)
    fetched = live_input(args, "report", bool(args.paths))
    from .. import pipeline  # the analysis, imported by the commands that run it
    from ..workers import cores

    # every core: a large input's dialogs are analysed in two processes (dialog_split), the page
    # prepared here meanwhile
    outcome = pipeline.analyze([fetched] if fetched else args.paths, config, keep=True, jobs=cores(),
                               meanwhile=_prepare_page)
    tell(outcome, config)
    if outcome.errors:
        return Exit.ERROR  # no report that could pass for a clean one
    result = outcome.result
    for analysis in result.documents:
        if not analysis.document.pending:  # read in full: its reader (a cycle back to the
            analysis.document.reader = None  # document) would keep it alive past this run
    want_svgs = bool(args.svg_dir or args.zip_path)
    prepared = draw(result, keep_svg=want_svgs)
    _tell_not_drawn(result, prepared)
    try:
        _write_outputs(args, result, prepared, want_svgs)
    except OSError as exc:
        raise CommandError(f"cannot write {exc.filename or args.output}: {exc.strerror or exc}") from None
    if (not named_output or sys.stderr.isatty()) and args.output != "-":
        say(f"report written to {os.path.abspath(args.output)}")
    return verdict(result, config.fail_on)


def _prepare_page() -> None:
    from ..reporters import html as html_report

    html_report.ready()


def _destinations_problem(args) -> str | None:
    """Why the outputs asked for cannot all be written, checked before any work: `--zip -`
    (only the HTML goes to stdout), an empty name, or one file named twice (the zip silently
    replaced the report)."""
    named = {"-o": args.output, "--zip": args.zip_path, "--svg-dir": args.svg_dir}
    for option, value in named.items():
        if value is not None and not value.strip():
            return f"{option} needs a file name"
    for option in ("--zip", "--svg-dir"):
        if named[option] == "-":
            return f"{option} writes files: give it a name ('-' is for -o, the HTML on stdout)"
    given = [(o, os.path.realpath(v)) for o, v in named.items() if v and v != "-"]
    for i, (option, where) in enumerate(given):
        for other, there in given[i + 1:]:
            if where == there:
                return f"{option} and {other} name the same file"
    return None


def _tell_not_drawn(result: Result, prepared: Prepared) -> None:
    from ..reporters.html import dialog_targets
    from ..reporters.html_secrets import masker
    from ..text import short

    masked = masker(result)
    for target in dialog_targets(result):
        dialog, anchor = target.dialog, target.anchor
        d = prepared.drawings.get(anchor)
        if d is not None and not d.drawn and d.note and dialog.nodes:
            say(f"note: dialog {short(masked(dialog.name), 80)!r}: {d.note}")


def _write_outputs(args, result: Result, prepared: Prepared, want_svgs: bool) -> None:
    """The page (-o), then the SVG folder and the zip, each written atomically."""
    from ..reporters import artifacts
    from ..reporters import html as html_report

    html: bytes | None = None  # the zip copies the report from its file, or from memory when
    if args.zip_path and not _a_file(args.output):  # the page goes to a stream
        buffer = io.BytesIO()
        html_report.write(result, buffer, prepared)
        html = buffer.getvalue()
    if args.output == "-":
        if html is not None:
            sys.stdout.buffer.write(html)
        else:
            html_report.write(result, sys.stdout.buffer, prepared)
        sys.stdout.flush()
    else:
        with atomic_binary(args.output) as fh:
            if html is not None:
                fh.write(html)
            else:
                html_report.write(result, fh, prepared)
    svgs = artifacts.svg_files(result, prepared.drawings) if want_svgs else []
    if args.svg_dir:
        _write_svg_dir(args.svg_dir, svgs)
    if args.zip_path:
        with atomic_binary(args.zip_path) as out:
            if html is not None:
                artifacts.write_zip(out, html, svgs, result)
            else:
                with open(args.output, "rb") as page:
                    artifacts.write_zip(out, page, svgs, result)


def _a_file(path: str) -> bool:
    """Whether the report at `path` is a regular file once written (not stdout, a device or a
    FIFO, which are written in place and cannot be read back)."""
    if path == "-":
        return False
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except FileNotFoundError:
        return True
    except OSError:
        return False


def _write_svg_dir(folder: str, svgs: list[tuple[str, bytes]]) -> None:
    os.makedirs(folder, exist_ok=True)
    for name, data in svgs:
        target = os.path.join(folder, name)
        # safe_filename() guarantees this; checked again because the name came from the payload
        if os.path.dirname(os.path.abspath(target)) != os.path.abspath(folder):
            raise OSError(f"refusing to write outside {folder}: {name!r}")
        atomic_bytes(target, data)


def draw(result: Result, show_progress: bool | None = None, keep_svg: bool = True) -> Prepared:
    """Every dialog drawn (in worker processes for a large bot), with a progress bar on a
    terminal. Without keep_svg the SVGs are only in the dialogs' HTML sections."""
    from ..reporters import html as html_report
    from ..reporters.html_secrets import masker
    from ..text import short

    total = len(html_report.dialog_targets(result))
    if show_progress is None:
        show_progress = total >= PROGRESS_FROM and sys.stderr.isatty()
    if not show_progress:
        return html_report.prepare(result, budget=DRAWING_BUDGET, keep_svg=keep_svg)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    masked = masker(result)
    # Redrawn at each step, not by a thread of its own: worker processes are forked meanwhile,
    # and a fork should not catch a thread writing to stderr.
    with Progress(TextColumn("[bold]drawing dialogs"), BarColumn(), MofNCompleteColumn(),
                  # A dialog name is payload text: shown as text, never read as rich markup
                  # ('[/bold]' raised, '[link=...]' wrote a terminal hyperlink).
                  TimeElapsedColumn(), TextColumn("{task.description}", markup=False),
                  console=Console(stderr=True), transient=True, auto_refresh=False) as progress:
        task = progress.add_task("", total=total)
        shown = [0.0]

        def step(done: int, _total: int, name: str) -> None:
            now = time.monotonic()
            redraw = done == _total or now - shown[0] >= 0.1
            if redraw:
                shown[0] = now
            progress.update(task, completed=done, description=short(masked(name), 40), refresh=redraw)

        return html_report.prepare(result, progress=step, budget=DRAWING_BUDGET, keep_svg=keep_svg)
