"""`--format markdown`: a summary table and the findings, ready to paste into a ticket comment.

GitHub-flavoured Markdown. Payload text goes into table cells, so every cell is escaped: `|`
cannot end the cell, a newline cannot end the row, and HTML or Markdown in a dialog name stays
text (`<`, `>`, `&` as entities, the punctuation Markdown acts on inside a line backslash-escaped).
"""
from __future__ import annotations

import re
from typing import TextIO

from ..findings import Result
from ..version import __version__

# A comment has a size limit (GitHub: 65,536 characters; GitLab: 1,000,000): the report stops
# adding findings before this many characters (`check --max-chars`); the summary is never cut.
MAX_CHARS = 60_000
ICONS = {"error": "🔴", "warning": "🟠", "info": "🔵"}
_PUNCT = re.compile(r"([\\`*_\[\]|~$])")  # what acts inside a line: emphasis, code, links, cells, math
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def cell(value) -> str:
    """Text for one table cell: one line, nothing Markdown or HTML would act on."""
    if value is None or value == "":
        return "—"
    text = _CONTROL.sub(" ", str(value))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _PUNCT.sub(r"\\\1", text)
    text = re.sub(r"\r\n|\r|\n|\u2028|\u2029", "<br>", text)
    return text.strip() or "—"


def code(value) -> str:
    """A short identifier shown as code when it is safe to, else as escaped text."""
    text = str(value)
    if text and "`" not in text and "|" not in text and not _CONTROL.search(text) and "\n" not in text \
            and "\r" not in text and len(text) < 200:
        return f"`{text}`"
    return cell(text)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def report(result: Result, stream: TextIO, max_chars: int | None = MAX_CHARS) -> None:
    """The summary table, then as many findings as fit in `max_chars` characters (None: all),
    then "… and N more findings" when some did not fit."""
    counts = result.summary()
    if result.findings:
        head = (f"{_plural(counts['error'], 'error')}, {_plural(counts['warning'], 'warning')}, "
                f"{counts['info']} info")
    else:
        head = "no problems found"
    summary = [f"### korelint: {head}\n\n",
               "| Input | Kind | Status | Dialogs | Nodes | Errors | Warnings | Info |\n",
               "|---|---|---|---:|---:|---:|---:|---:|\n"]
    per_input: dict[int, dict[str, int]] = {}  # by input index: two inputs may share a path
    for f in result.findings:
        per_input.setdefault(f.sort_key[0], {"error": 0, "warning": 0, "info": 0})[f.severity.value] += 1
    for i in result.inputs:
        c = per_input.get(i.index, {"error": 0, "warning": 0, "info": 0})
        summary.append(f"| {code(i.path)} | {cell(i.kind)} | {cell(i.status)} | {i.dialogs} | {i.nodes} "
                       f"| {c['error']} | {c['warning']} | {c['info']} |\n")
    footer = f"\n_korelint {__version__}_\n"
    stream.write("".join(summary))
    if not result.findings:
        stream.write(footer)
        return
    table = ["\n| | Rule | Dialog | Node | Message | Where |\n", "|---|---|---|---|---|---|\n"]
    rows = [_row(f) for f in result.findings]
    total = len(rows)
    room = None if max_chars is None else max_chars - sum(map(len, summary)) - len(footer)
    if room is not None and sum(map(len, table)) + sum(map(len, rows)) > room:
        room -= len(_more(total)) + sum(map(len, table))  # the longest "more" line: all of them
        kept = 0
        for row in rows:
            if len(row) > room:
                break
            room -= len(row)
            kept += 1
        rows = rows[:kept]
    if rows:
        stream.write("".join(table) + "".join(rows))
    if len(rows) < total:
        stream.write(_more(total - len(rows)))
    stream.write(footer)


def _row(f) -> str:
    sev = f.severity.value
    where = f"{f.path}:{f.line}" if f.line is not None else f.path
    return (f"| {ICONS.get(sev, '')} {sev} | {code(f.rule)} {cell(f.name)} | {cell(f.dialog)} "
            f"| {cell(f.node_name or f.node) if f.node is not None else '—'} | {cell(f.message)} "
            f"| {code(where)} |\n")


def _more(n: int) -> str:
    return (f"\n… and {n} more finding{'' if n == 1 else 's'}: see the attached report (`korelint report`, "
            "or `korelint check --format json` for all of them).\n")
