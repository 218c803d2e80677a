"""The report's companion files: one SVG per dialog (named after the dialog, safely) and the zip
for a ticket (report.html, summary.md, README.txt, the SVGs, findings.json and findings.sarif),
written to the binary stream it is given. Every payload text in them is masked like the page's."""
from __future__ import annotations

import io
import re
import shutil
import unicodedata
import zipfile
from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING, BinaryIO

from ..findings import Result
from ..text import clean, short
from ..version import __version__
from . import REPORTERS
from .html import dialog_targets
from .html_secrets import masker
from .markdown import MAX_CHARS

if TYPE_CHECKING:
    from ..drawing import Drawing

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
    used = UsedNames()
    out = []
    masked = masker(result)  # credentials found in the input (KL501) never reach a file, nor its name
    for target in dialog_targets(result):
        dialog, anchor = target.dialog, target.anchor
        name = safe_filename(masked(dialog.name), used, fallback=f"dialog-{anchor[1:]}")
        d = drawings.get(anchor)
        svg = d.standalone if d is not None and d.standalone else placeholder_svg(
            dialog.name, d.note if d is not None and d.note else "not drawn")
        out.append((name, masked(svg).encode("utf-8")))
    return out


def placeholder_svg(name: str, note: str) -> str:
    title = escape(short(name, 120), quote=True)
    text = escape(short(note, 160), quote=False)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="80" viewBox="0 0 640 80">'
            f'<title>{title}</title><rect width="640" height="80" fill="#fffbeb" stroke="#fde68a"/>'
            f'<text x="16" y="32" font-family="Helvetica,Arial,sans-serif" font-size="14" '
            f'font-weight="bold">{title}</text>'
            f'<text x="16" y="56" font-family="Helvetica,Arial,sans-serif" '
            f'font-size="12">{text}</text></svg>\n')


def _text_of(reporter: Callable, result: Result) -> bytes:
    buf = io.StringIO()
    reporter(result, buf)
    return buf.getvalue().encode("utf-8", "replace")


README = """korelint {version}: the report of {inputs}.

summary.md      the summary and the findings as Markdown: paste it into the ticket
                (at most {max_chars:,} characters, as `korelint check --format markdown` writes it)
report.html     the whole report: open it in a browser (it loads nothing from the network)
svg/            one drawing per dialog, named after the dialog
findings.json   every finding, for scripts (`korelint check --format json`)
findings.sarif  every finding as SARIF 2.1.0, for code-scanning tools
"""


def readme(result: Result) -> bytes:
    """README.txt of the zip: what each file is."""
    names = [clean(i.path, 200) for i in result.inputs]
    inputs = names[0] if len(names) == 1 else f"{len(names)} inputs ({', '.join(names[:5])}" + (
        f" and {len(names) - 5} more)" if len(names) > 5 else ")")
    return README.format(version=__version__, inputs=inputs, max_chars=MAX_CHARS).encode("utf-8")


def write_zip(out: BinaryIO, html: bytes | BinaryIO, svgs: list[tuple[str, bytes]], result: Result) -> None:
    """The zip into `out`: report.html (its bytes, or the file written already, open for
    reading), summary.md, README.txt, the SVGs, the findings as JSON and SARIF. Fixed dates and modes:
    the same inputs, the same zip."""
    members: list[tuple[str, bytes | BinaryIO]] = [("report.html", html),
                                                   ("summary.md", _text_of(REPORTERS["markdown"], result)),
                                                   ("README.txt", readme(result))]
    members += [(f"svg/{name}", data) for name, data in svgs]
    members.append(("findings.json", _text_of(REPORTERS["json"], result)))
    members.append(("findings.sarif", _text_of(REPORTERS["sarif"], result)))
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            if isinstance(data, bytes):
                archive.writestr(info, data)
            else:  # a file: copied in pieces
                with archive.open(info, "w") as dst:
                    shutil.copyfileobj(data, dst, 1 << 20)
