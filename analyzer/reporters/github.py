"""`--format github`: GitHub Actions workflow commands, shown as annotations on the run."""
from __future__ import annotations

from typing import TextIO

from ..findings import Result
from ..text import printable

LEVEL = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    # Line breaks encoded as the runner decodes them; any other control character (ESC in a
    # file name) a space: the log is a terminal's.
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def report(result: Result, stream: TextIO) -> None:
    # GitHub shows at most 10 annotations of each level per step (50 per job): the most severe
    # first, so the errors are the ones shown. Otherwise in report order (the sort is stable).
    for f in sorted(result.findings, key=lambda f: -f.severity.rank):
        props = [f"file={_prop(f.path)}"]
        if f.line is not None:
            props.append(f"line={f.line}")
        props.append(f"title={_prop(f'{f.rule} {f.name}')}")
        where = " › ".join(x for x in (f.dialog, f.node_name or f.node) if x)
        message = f"{f.message} [{where}]" if where else f.message
        stream.write(f"::{LEVEL[f.severity.value]} {','.join(props)}::{_data(message)}\n")
