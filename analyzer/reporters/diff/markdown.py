"""`diff --format markdown`: a comment for a merge request or a ticket: a summary table, then per
dialog its changes as a list, then the findings NEW adds and fixes.

It fits in LIMIT characters (GitHub refuses comments past 65,536): past that, what is left is
elided with a count. Payload text is escaped as the check's markdown escapes it.
"""
from __future__ import annotations

from typing import TextIO

from ...diff.model import Diff
from ...version import __version__
from ..markdown import ICONS, cell, code
from .phrases import counts, dialog_title, node_line, transition_line

LIMIT = 60_000
_ROOM = 1_000  # kept for the elision notes and the footer
_MARKS = {"added": "➕", "removed": "➖", "changed": "✏️", "retargeted": "↪️", "condition": "🔀"}


def _finding(f) -> str:
    where = f"{f.path}:{f.line}" if f.line is not None else f.path
    node = f" › {cell(f.node_name or f.node)}" if f.node is not None else ""
    return (f"- {ICONS.get(f.severity.value, '')} {f.severity.value} {code(f.rule)} {cell(f.name)}: "
            f"{cell(f.message)} ({cell(f.dialog)}{node}, {code(where)})\n")


def _dialog(d) -> str:
    lines = [f"\n#### {_MARKS[d.change]} {cell(dialog_title(d))}\n\n"]
    for n in d.nodes:
        lines.append(f"- {_MARKS[n.change]} {cell(node_line(n))}\n")
        if n.before is not None or n.after is not None:
            lines.append(f"  - before: {cell(n.before)}\n  - after: {cell(n.after)}\n")
    for t in d.transitions:
        lines.append(f"- {_MARKS[t.change]} {cell(transition_line(t))}\n")
    return "".join(lines)


def report(diff: Diff, stream: TextIO) -> None:
    parts: list[str] = []
    size = 0

    def add(text: str) -> bool:
        nonlocal size
        if size + len(text) > LIMIT - _ROOM:
            return False
        parts.append(text)
        size += len(text)
        return True

    c = diff.summary()
    head = "no changes" if diff.empty else (f"{c['findings_new']} new finding(s), "
                                           f"{c['findings_fixed']} fixed")
    add(f"### korelint diff: {head}\n\n")
    add(f"{code(diff.old.path)} ({cell(diff.old.kind)}) → {code(diff.new.path)} ({cell(diff.new.kind)})\n\n")
    add("| | Added | Removed | Changed | Other |\n|---|---:|---:|---:|---|\n")
    add(f"| Dialogs | {c['dialogs_added']} | {c['dialogs_removed']} | {c['dialogs_changed']} "
        f"| {c['dialogs_renamed']} renamed, {c['dialogs_unchanged']} unchanged |\n")
    add(f"| Nodes | {c['nodes_added']} | {c['nodes_removed']} | {c['nodes_changed']} | |\n")
    add(f"| Transitions | {c['transitions_added']} | {c['transitions_removed']} | "
        f"{c['transitions_retargeted'] + c['transitions_condition']} | {c['transitions_retargeted']} "
        f"retargeted, {c['transitions_condition']} with a new condition |\n")
    add(f"| Findings | {c['findings_new']} new | {c['findings_fixed']} fixed | | "
        f"{c['findings_unchanged']} unchanged |\n")
    notes: list[str] = []
    # Findings first: what fails the merge request must not be the part elided.
    for title, findings in (("New findings", diff.new_findings), ("Fixed findings", diff.fixed_findings)):
        if findings:
            add(f"\n#### {title}\n\n")
            shown = 0
            for f in findings:
                if not add(_finding(f)):
                    break
                shown += 1
            if shown < len(findings):
                notes.append(f"{len(findings) - shown} more {title.lower()}")
    if diff.dialogs:
        add("\n### Changes\n")
    shown = 0
    for d in diff.dialogs:
        if not add(_dialog(d)):
            break
        shown += 1
    if shown < len(diff.dialogs):
        notes.append(f"{len(diff.dialogs) - shown} more changed dialog(s)")
    if diff.empty:
        add("\n" + " ".join(cell(s) for s in counts(diff)) + "\n")
    stream.write("".join(parts))
    if notes:
        stream.write(f"\n… not shown to fit a comment: {', '.join(notes)} "
                     "(see `korelint diff --format json`).\n")
    stream.write(f"\n_korelint {__version__}_\n")
