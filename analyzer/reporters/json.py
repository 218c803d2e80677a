"""`--format json`: one document for all inputs (spec section 7).

The findings are written by a small writer of their own, byte for byte what `json.dump(...,
indent=2, ensure_ascii=False)` writes: with an indent, the standard library encodes in Python,
~25 us a finding (400,000 findings: 10 s, three times the analysis); here a finding is one
f-string of its members, its strings escaped by the standard library's C function. A finding
with a value of another type than a finding's is written by the standard library (the same
bytes: json.dumps of it, indented to its depth). They are written a batch at a time, so the
text of all of them (~190 MB for 400,000) is never held at once.
"""
from __future__ import annotations

import json
from json.encoder import encode_basestring  # C-accelerated: what json.dump uses for strings
from typing import Any, TextIO

from ..findings import Finding, Result
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
    text = json.dumps(head, indent=2, ensure_ascii=False)
    findings = result.findings
    if not findings:
        stream.write(text + "\n")
        return
    assert text.endswith('"findings": []\n}')
    stream.write(text[:-len("[]\n}")] + "[\n")
    for start in range(0, len(findings), _BATCH):
        stream.write((",\n" if start else "")
                     + ",\n".join([_block(f) for f in findings[start:start + _BATCH]]))
    stream.write("\n  ]\n}\n")


def _block(f: Finding) -> str:
    try:
        return _finding(f)
    except _Unusual:  # what json.dump writes for it, at its depth in the document
        return "    " + json.dumps(f.to_dict(), indent=2, ensure_ascii=False).replace("\n", "\n    ")


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


def _items(values: list) -> str:
    if not values:
        return "[]"
    return "[\n        " + ",\n        ".join(map(_scalar, values)) + "\n      ]"


def _text(v: Any) -> str:
    """A member that is text or null."""
    return "null" if v is None else encode_basestring(v)


def _finding(f: Finding) -> str:
    """One finding as an item of `findings` (indent 4; its members 6, their items 8): the members
    of Finding.to_dict, in its order (tests/reporters/test_json_writer.py compares the two)."""
    try:
        return (f'    {{\n      "rule": {encode_basestring(f.rule)},\n'
                f'      "name": {encode_basestring(f.name)},\n'
                f'      "severity": {encode_basestring(f.severity.value)},\n'
                f'      "message": {encode_basestring(f.message)},\n'
                f'      "path": {encode_basestring(f.path)},\n'
                f'      "dialog": {_text(f.dialog)},\n'
                f'      "dialog_id": {_text(f.dialog_id)},\n'
                f'      "node": {_text(f.node)},\n'
                f'      "node_name": {_text(f.node_name)},\n'
                f'      "nodes": {_items(f.nodes)},\n'
                f'      "nodes_names": {_items(f.nodes_names)},\n'
                f'      "pointer": {encode_basestring(f.pointer)},\n'
                f'      "line": {_scalar(f.line)}\n    }}')
    except TypeError:  # encode_basestring of something else than text
        raise _Unusual from None
