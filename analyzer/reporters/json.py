"""`--format json`: one document for all inputs (spec section 7)."""
from __future__ import annotations

import json
from typing import TextIO

from ..findings import Result
from ..version import __version__


def document(result: Result) -> dict:
    return {
        "tool": {"name": "korelint", "version": __version__},
        "inputs": [i.to_dict() for i in result.inputs],
        "summary": result.summary(),
        "findings": [f.to_dict() for f in result.findings],
    }


def report(result: Result, stream: TextIO) -> None:
    json.dump(document(result), stream, indent=2, ensure_ascii=False)
    stream.write("\n")
