"""`--format json`: one document for all inputs (spec section 7).

The findings are written by a small writer of their own, byte for byte what `json.dump(...,
indent=2, ensure_ascii=False)` writes: with an indent, the standard library encodes in Python,
~25 us a finding (400,000 findings: 10 s, three times the analysis); strings here go through
its C escaping, and a value of another shape than a finding's falls back to json.dump.
"""
from __future__ import annotations

import json
from json.encoder import encode_basestring  # C-accelerated: what json.dump uses for strings
from typing import Any, TextIO

from ..findings import Result
from ..version import __version__

_BATCH = 2000  # findings written at a time (one string for 400,000 would be ~200 MB)


class _Unusual(Exception):
    """A value the writer does not encode: json.dump writes the document instead."""


def document(result: Result) -> dict:
    return {
        "tool": {"name": "korelint", "version": __version__},
        "inputs": [i.to_dict() for i in result.inputs],
        "summary": result.summary(),
        "findings": [f.to_dict() for f in result.findings],
    }


def report(result: Result, stream: TextIO) -> None:
    head = document(Result(result.inputs, [])) | {"summary": result.summary()}
    try:
        blocks = [_finding(f.to_dict()) for f in result.findings]
    except _Unusual:
        json.dump(document(result), stream, indent=2, ensure_ascii=False)
        stream.write("\n")
        return
    text = json.dumps(head, indent=2, ensure_ascii=False)
    if not blocks:
        stream.write(text + "\n")
        return
    assert text.endswith('"findings": []\n}')
    stream.write(text[:-len("[]\n}")] + "[\n")
    for start in range(0, len(blocks), _BATCH):
        stream.write((",\n" if start else "") + ",\n".join(blocks[start:start + _BATCH]))
    stream.write("\n  ]\n}\n")


def _scalar(v: Any) -> str:
    if isinstance(v, str):
        return encode_basestring(v)
    if v is None:
        return "null"
    if v is True:
        return "true"
    if v is False:
        return "false"
    if type(v) is int:
        return int.__repr__(v)
    raise _Unusual


def _finding(d: dict[str, Any]) -> str:
    """One finding as an item of `findings` (indent 4; its members 6, their items 8)."""
    lines = []
    for key, value in d.items():
        if isinstance(value, list):
            if value:
                items = ",\n        ".join(map(_scalar, value))
                lines.append(f'      {encode_basestring(key)}: [\n        {items}\n      ]')
            else:
                lines.append(f"      {encode_basestring(key)}: []")
        else:
            lines.append(f"      {encode_basestring(key)}: {_scalar(value)}")
    return "    {\n" + ",\n".join(lines) + "\n    }"
