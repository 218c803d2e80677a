"""`korelint report`: the HTML report, and with it one SVG per dialog and a zip for a ticket.

    korelint report PATH -o report.html [--svg-dir DIR] [--zip FILE]

Exit codes as `check`: 0 nothing at or above --fail-on (default error), 1 findings at or above
it, 2 usage error, unreadable input or an output that cannot be written.
"""
from __future__ import annotations

import argparse
import io
import os
import re
import sys
import unicodedata
import zipfile
from typing import Callable

from typing import TYPE_CHECKING

from .config import ConfigError
from .findings import Result
from .output import atomic_binary, atomic_bytes
from .reporters import REPORTERS

if TYPE_CHECKING:
    from .drawing import Drawing

# The drawing and HTML modules (graphviz, jinja2, wasmtime) are imported when a report is made,
# not by every `korelint check`.

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
PROGRESS_FROM = 5  # dialogs: fewer are drawn too fast for a progress bar to help
DRAWING_BUDGET = 120.0  # seconds for all the drawings of one report; the rest are tables


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.description = ("Write one self-contained HTML report (publish job, resources, findings, a "
                     "drawing of every dialog). '-' reads stdin.")
    p.add_argument("path", nargs="?", metavar="PATH", help="the payload ('-' for standard input)")
    p.add_argument("-o", "--output", metavar="FILE", default="report.html",
                   help="the HTML file to write (default: report.html; '-' for stdout)")
    p.add_argument("--svg-dir", metavar="DIR", help="also write one SVG per dialog into this folder")
    p.add_argument("--zip", metavar="FILE", dest="zip_path",
                   help="also write a zip: report.html, the SVGs and the findings (json, sarif)")
    p.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    # The CLI adds the lint options (--fail-on, --select, --ignore, --config, --baseline...).


def _err(message: str) -> None:
    sys.stderr.write(f"korelint: {message}\n")


# -- file names -------------------------------------------------------------------------------------

_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
_UNSAFE = re.compile(r"[^\w.-]+")  # letters and digits of any script, _ . - ; nothing else
MAX_NAME_BYTES = 120


def safe_filename(name: str, used: set[str], fallback: str, suffix: str = ".svg") -> str:
    """A file name from payload text: no separator, no `..`, no hidden or reserved name, unique
    in `used` (compared case-insensitively, for case-insensitive file systems)."""
    from .drawing import clean

    text = unicodedata.normalize("NFKC", clean(name))
    text = _UNSAFE.sub("-", text)
    text = re.sub(r"\.{2,}", ".", text)
    text = re.sub(r"-{2,}", "-", text).strip(".-_")
    while len(text.encode("utf-8")) > MAX_NAME_BYTES:
        text = text[:-1]
    text = text.rstrip(".-_")
    if not text or text.split(".")[0].lower() in _RESERVED:
        text = f"{fallback}-{text}" if text else fallback
    candidate, n = text, 2
    while (candidate + suffix).lower() in used:
        candidate = f"{text}-{n}"
        n += 1
    used.add((candidate + suffix).lower())
    return candidate + suffix


def svg_files(result: Result, drawings: dict[str, Drawing]) -> list[tuple[str, bytes]]:
    """(file name, SVG bytes) of every dialog; a dialog that is not drawn gets an SVG with the reason."""
    from .reporters import html as html_report

    used: set[str] = set()
    out = []
    for _, _, _, dialog, _, anchor in html_report.dialog_targets(result):
        name = safe_filename(dialog.name, used, fallback=f"dialog-{anchor[1:]}")
        d = drawings.get(anchor)
        svg = d.standalone if d is not None and d.standalone else placeholder_svg(
            dialog.name, d.note if d is not None and d.note else "not drawn")
        out.append((name, svg.encode("utf-8")))
    return out


def placeholder_svg(name: str, note: str) -> str:
    from html import escape

    from .drawing import short

    title = escape(short(name, 120), quote=True)
    text = escape(short(note, 160), quote=False)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="80" viewBox="0 0 640 80">'
            f'<title>{title}</title><rect width="640" height="80" fill="#fffbeb" stroke="#fde68a"/>'
            f'<text x="16" y="32" font-family="Helvetica,Arial,sans-serif" font-size="14" font-weight="bold">{title}</text>'
            f'<text x="16" y="56" font-family="Helvetica,Arial,sans-serif" font-size="12">{text}</text></svg>\n')


# -- drawing with progress ----------------------------------------------------------------------------


def draw(result: Result, show_progress: bool | None = None) -> dict[str, Drawing]:
    from .drawing import short
    from .reporters import html as html_report

    total = len(html_report.dialog_targets(result))
    if show_progress is None:
        show_progress = total >= PROGRESS_FROM and sys.stderr.isatty()
    if not show_progress:
        return html_report.draw_all(result, budget=DRAWING_BUDGET)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    with Progress(TextColumn("[bold]drawing dialogs"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), TextColumn("{task.description}"), console=console,
                  transient=True) as progress:
        task = progress.add_task("", total=total)

        def step(done: int, _total: int, name: str) -> None:
            progress.update(task, completed=done, description=short(name, 40))

        return html_report.draw_all(result, progress=step, budget=DRAWING_BUDGET)


# -- outputs --------------------------------------------------------------------------------------------


def _text_of(reporter: Callable, result: Result) -> bytes:
    buf = io.StringIO()
    reporter(result, buf)
    return buf.getvalue().encode("utf-8", "replace")


def write_zip(path: str, html: bytes, svgs: list[tuple[str, bytes]], result: Result) -> None:
    members = [("report.html", html)] + [(f"svg/{name}", data) for name, data in svgs]
    members.append(("findings.json", _text_of(REPORTERS["json"], result)))
    if "sarif" in REPORTERS:
        members.append(("findings.sarif", _text_of(REPORTERS["sarif"], result)))
    with atomic_binary(path) as fh:
        with zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, data in members:
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, data)


def write_svg_dir(folder: str, svgs: list[tuple[str, bytes]]) -> None:
    os.makedirs(folder, exist_ok=True)
    for name, data in svgs:
        target = os.path.join(folder, name)
        # safe_filename() guarantees this; checked again because the name came from the payload
        if os.path.dirname(os.path.abspath(target)) != os.path.abspath(folder):
            raise OSError(f"refusing to write outside {folder}: {name!r}")
        atomic_bytes(target, data)


def run(args) -> int:
    from .cli import config_from_args, run_analysis  # imported here: the CLI imports this module
    from .drawing import short
    from .reporters import html as html_report

    try:
        config = config_from_args(args)
    except ConfigError as exc:
        _err(f"error: {exc}")
        return EXIT_ERROR
    if not args.path:
        _err("error: report needs a PATH ('-' for standard input)")
        return EXIT_ERROR
    from .drawing import warm_up

    warm_up()  # the embedded Graphviz compiles while the input is analysed
    result, failed = run_analysis([args.path], config, keep=True)
    if failed:
        return EXIT_ERROR  # the reason is on stderr; no report that could pass for a clean one
    drawings = draw(result)
    for (_, _, _, dialog, _, anchor) in html_report.dialog_targets(result):
        d = drawings.get(anchor)
        if d is not None and d.svg is None and d.note and dialog.nodes:
            _err(f"note: dialog {short(dialog.name, 80)!r}: {d.note}")
    html = html_report.render(result, drawings).encode("utf-8", "replace")
    try:
        if args.output == "-":
            sys.stdout.buffer.write(html)
            sys.stdout.flush()
        else:
            atomic_bytes(args.output, html)
        svgs = svg_files(result, drawings) if (args.svg_dir or args.zip_path) else []
        if args.svg_dir:
            write_svg_dir(args.svg_dir, svgs)
        if args.zip_path:
            write_zip(args.zip_path, html, svgs, result)
    except OSError as exc:
        where = exc.filename or args.output
        _err(f"error: cannot write {where}: {exc.strerror or exc}")
        return EXIT_ERROR
    if sys.stderr.isatty() and args.output != "-":
        _err(f"report written to {os.path.abspath(args.output)}")
    return EXIT_FINDINGS if result.fails(config.fail_on) else EXIT_OK
