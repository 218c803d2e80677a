"""`diff --format text` (the default): the summary, then per dialog one line per change, then the
findings NEW adds and fixes, one line each as `check` prints them."""
from __future__ import annotations

from typing import TextIO

from ...diff.model import Diff
from ...text import strictly_printable
from ..text import line
from .phrases import MARKS, counts, dialog_title, node_line, transition_line


def report(diff: Diff, stream: TextIO) -> None:
    w = stream.write

    def out(text: str) -> None:
        w(strictly_printable(text) + "\n")

    out(f"korelint diff: {diff.old.path} ({diff.old.kind}) -> {diff.new.path} ({diff.new.kind})")
    if diff.empty:
        out(f"No changes: {diff.summary()['dialogs_unchanged']} dialog(s) alike, "
            f"{diff.unchanged_findings} finding(s) on both sides.")
        return
    for sentence in counts(diff):
        out(sentence)
    for d in diff.dialogs:
        out("")
        out(f"{MARKS[d.change]} {dialog_title(d)}")
        for n in d.nodes:
            out(f"    {MARKS[n.change]} {node_line(n)}")
            if n.before is not None or n.after is not None:
                out(f"        before: {n.before if n.before is not None else '(none)'}")
                out(f"        after:  {n.after if n.after is not None else '(none)'}")
        for t in d.transitions:
            out(f"    {MARKS[t.change]} {transition_line(t)}")
    for title, findings in (("New findings", diff.new_findings), ("Fixed findings", diff.fixed_findings)):
        if findings:
            out("")
            out(f"{title} ({len(findings)}):")
            for f in findings:
                out(f"  {line(f)}")
