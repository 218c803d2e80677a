"""`--format text`: one line a finding, then a summary line (the default)."""
from __future__ import annotations

from typing import TextIO

from ..findings import Result
from ..text import strictly_printable


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def line(f) -> str:
    where = f"{f.path}:{f.line}:" if f.line is not None else f"{f.path}:"
    context = " › ".join(x for x in (f.dialog, f.node_name or f.node) if x)
    suffix = f" [{context}]" if context else ""
    return strictly_printable(f"{where} {f.severity.value} {f.rule} {f.name}: {f.message}{suffix}")


def report(result: Result, stream: TextIO) -> None:
    for f in result.findings:
        stream.write(line(f) + "\n")
    counts = result.summary()
    dialogs = sum(i.dialogs for i in result.inputs)
    nodes = sum(i.nodes for i in result.inputs)
    scope = (f"{_plural(len(result.inputs), 'input')} ({_plural(dialogs, 'dialog')}, "
             f"{_plural(nodes, 'node')})")
    if not result.findings:
        stream.write(f"No problems found in {scope}.\n")
        return
    stream.write(f"Found {_plural(counts['error'], 'error')}, {_plural(counts['warning'], 'warning')}, "
                 f"{counts['info']} info in {scope}.\n")
