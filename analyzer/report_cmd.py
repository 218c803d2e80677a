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
import shutil
import stat
import sys
import time
import unicodedata
import zipfile
from typing import Callable

from typing import TYPE_CHECKING

from .config import ConfigError
from .findings import Result
from .output import atomic_binary, atomic_bytes
from .reporters import REPORTERS
from .text import one_line

if TYPE_CHECKING:
    from .drawing import Drawing
    from .reporters.html import Prepared

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
    sys.stderr.write(f"korelint: {one_line(message)}\n")


# -- file names -------------------------------------------------------------------------------------

_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
_UNSAFE = re.compile(r"[^\w.-]+")  # letters and digits of any script, _ . - ; nothing else
MAX_NAME_BYTES = 120


class UsedNames:
    """The file names given so far (in every folded form), and per name the next number to try:
    the n-th dialog of one name costs one try, not n (thousands of "Untitled" dialogs)."""

    def __init__(self) -> None:
        self.taken: set[str] = set()
        self.next: dict[str, int] = {}


def safe_filename(name: str, used: UsedNames, fallback: str, suffix: str = ".svg") -> str:
    """A file name from payload text: no separator, no `..`, no hidden or reserved name, unique
    in `used` (compared case-insensitively in every way a file system may, see `_folded`)."""
    from .text import clean

    text = unicodedata.normalize("NFKC", clean(name, MAX_NAME_BYTES * 2))
    text = _UNSAFE.sub("-", text)
    text = re.sub(r"\.{2,}", ".", text)
    text = re.sub(r"-{2,}", "-", text).strip(".-_")
    text = text.encode("utf-8")[:MAX_NAME_BYTES].decode("utf-8", "ignore").rstrip(".-_")
    if not text or text.split(".")[0].lower() in _RESERVED:
        text = f"{fallback}-{text}" if text else fallback
    key = text.casefold()
    n = used.next.get(key, 1)  # 1: the name itself; n: the name and "-n"
    while True:
        candidate = (text if n == 1 else f"{text}-{n}") + suffix
        folded = _folded(candidate)
        if used.taken.isdisjoint(folded):
            break
        n += 1
    used.next[key] = n + 1
    used.taken.update(folded)
    return candidate


def _folded(name: str) -> set[str]:
    """The forms under which case-insensitive file systems may take two names for one: NTFS
    compares upper case ('fıle' = 'FILE'), APFS case folding ('Σας' = 'Σασ'), others lower case."""
    return {name.lower(), name.upper(), name.casefold(), unicodedata.normalize("NFKC", name.casefold())}


def svg_files(result: Result, drawings: dict[str, Drawing]) -> list[tuple[str, bytes]]:
    """(file name, SVG bytes) of every dialog; a dialog that is not drawn gets an SVG with the reason."""
    from .reporters import html as html_report
    from .reporters.html_secrets import masker

    used = UsedNames()
    out = []
    masked = masker(result)  # credentials found in the input (KL501) never reach a file, nor its name
    for _, _, _, dialog, _, anchor in html_report.dialog_targets(result):
        name = safe_filename(masked(dialog.name), used, fallback=f"dialog-{anchor[1:]}")
        d = drawings.get(anchor)
        svg = d.standalone if d is not None and d.standalone else placeholder_svg(
            dialog.name, d.note if d is not None and d.note else "not drawn")
        out.append((name, masked(svg).encode("utf-8")))
    return out


def placeholder_svg(name: str, note: str) -> str:
    from html import escape

    from .text import short

    title = escape(short(name, 120), quote=True)
    text = escape(short(note, 160), quote=False)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="80" viewBox="0 0 640 80">'
            f'<title>{title}</title><rect width="640" height="80" fill="#fffbeb" stroke="#fde68a"/>'
            f'<text x="16" y="32" font-family="Helvetica,Arial,sans-serif" font-size="14" font-weight="bold">{title}</text>'
            f'<text x="16" y="56" font-family="Helvetica,Arial,sans-serif" font-size="12">{text}</text></svg>\n')


# -- drawing with progress ----------------------------------------------------------------------------


def draw(result: Result, show_progress: bool | None = None, keep_svg: bool = True) -> Prepared:
    """Every dialog drawn (in worker processes for a large bot), with a progress bar on a
    terminal. Without keep_svg the SVGs are only in the dialogs' HTML sections."""
    from .text import short
    from .reporters import html as html_report

    total = len(html_report.dialog_targets(result))
    if show_progress is None:
        show_progress = total >= PROGRESS_FROM and sys.stderr.isatty()
    if not show_progress:
        return html_report.prepare(result, budget=DRAWING_BUDGET, keep_svg=keep_svg)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from .reporters.html_secrets import masker

    masked = masker(result)
    console = Console(stderr=True)
    # Redrawn at each step, not by a thread of its own: worker processes are forked meanwhile,
    # and a fork should not catch a thread writing to stderr.
    with Progress(TextColumn("[bold]drawing dialogs"), BarColumn(), MofNCompleteColumn(),
                  # A dialog name is payload text: shown as text, never read as rich markup
                  # ('[/bold]' raised, '[link=...]' wrote a terminal hyperlink).
                  TimeElapsedColumn(), TextColumn("{task.description}", markup=False), console=console,
                  transient=True, auto_refresh=False) as progress:
        task = progress.add_task("", total=total)
        shown = [0.0]

        def step(done: int, _total: int, name: str) -> None:
            now = time.monotonic()
            redraw = done == _total or now - shown[0] >= 0.1
            if redraw:
                shown[0] = now
            progress.update(task, completed=done, description=short(masked(name), 40), refresh=redraw)

        return html_report.prepare(result, progress=step, budget=DRAWING_BUDGET, keep_svg=keep_svg)


# -- outputs --------------------------------------------------------------------------------------------


def _text_of(reporter: Callable, result: Result) -> bytes:
    buf = io.StringIO()
    reporter(result, buf)
    return buf.getvalue().encode("utf-8", "replace")


def write_zip(path: str, html: bytes | str, svgs: list[tuple[str, bytes]], result: Result) -> None:
    """The zip: report.html (its bytes, or the file written already), the SVGs, the findings."""
    members: list[tuple[str, bytes | str]] = [("report.html", html)]
    members += [(f"svg/{name}", data) for name, data in svgs]
    members.append(("findings.json", _text_of(REPORTERS["json"], result)))
    if "sarif" in REPORTERS:
        members.append(("findings.sarif", _text_of(REPORTERS["sarif"], result)))
    with atomic_binary(path) as fh:
        with zipfile.ZipFile(fh, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, data in members:
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                if isinstance(data, str):  # a file: copied in pieces
                    with open(data, "rb") as src, archive.open(info, "w") as dst:
                        shutil.copyfileobj(src, dst, 1 << 20)
                else:
                    archive.writestr(info, data)


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


def write_svg_dir(folder: str, svgs: list[tuple[str, bytes]]) -> None:
    os.makedirs(folder, exist_ok=True)
    for name, data in svgs:
        target = os.path.join(folder, name)
        # safe_filename() guarantees this; checked again because the name came from the payload
        if os.path.dirname(os.path.abspath(target)) != os.path.abspath(folder):
            raise OSError(f"refusing to write outside {folder}: {name!r}")
        atomic_bytes(target, data)


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


def run(args) -> int:
    from .cli import config_from_args, run_analysis  # imported here: the CLI imports this module
    from .text import short
    from .reporters import html as html_report
    from .reporters.html_secrets import masker

    try:
        config = config_from_args(args)
    except ConfigError as exc:
        _err(f"error: {exc}")
        return EXIT_ERROR
    if not args.path:
        _err("error: report needs a PATH ('-' for standard input)")
        return EXIT_ERROR
    problem = _destinations_problem(args)
    if problem:
        _err(f"error: {problem}")
        return EXIT_ERROR
    result, failed = run_analysis([args.path], config, keep=True)
    if failed:
        return EXIT_ERROR  # the reason is on stderr; no report that could pass for a clean one
    for analysis in result.documents:
        if not analysis.document.pending:  # read in full: its reader (a cycle back to the
            analysis.document.reader = None  # document) would keep it alive past this run
    want_svgs = bool(args.svg_dir or args.zip_path)
    prepared = draw(result, keep_svg=want_svgs)
    drawings = prepared.drawings
    masked = masker(result)
    for (_, _, _, dialog, _, anchor) in html_report.dialog_targets(result):
        d = drawings.get(anchor)
        if d is not None and not d.drawn and d.note and dialog.nodes:
            _err(f"note: dialog {short(masked(dialog.name), 80)!r}: {d.note}")
    try:
        html: bytes | str = args.output  # the zip copies the report from its file...
        if args.zip_path and not _a_file(args.output):  # ...or from memory, when it goes to a stream
            buffer = io.BytesIO()
            html_report.write(result, buffer, prepared)
            html = buffer.getvalue()
        if args.output == "-":
            if isinstance(html, bytes):
                sys.stdout.buffer.write(html)
            else:
                html_report.write(result, sys.stdout.buffer, prepared)
            sys.stdout.flush()
        else:
            with atomic_binary(args.output) as fh:
                if isinstance(html, bytes):
                    fh.write(html)
                else:
                    html_report.write(result, fh, prepared)
        svgs = svg_files(result, drawings) if want_svgs else []
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
