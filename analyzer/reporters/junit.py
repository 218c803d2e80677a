"""`--format junit`: JUnit XML, one test case per finding, a passing one per clean input."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from typing import TextIO

from ..findings import Result
from .text import line

# Characters XML 1.0 cannot carry at all, whatever the escaping.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _x(text: object) -> str:
    return _INVALID_XML.sub("\ufffd", str(text))


def report(result: Result, stream: TextIO) -> None:
    root = ET.Element("testsuites", name="korelint", tests="0", failures="0")
    total = failures = 0
    by_input = result.by_input()
    for summary in result.inputs:
        found = by_input.get(summary.index, [])
        suite = ET.SubElement(root, "testsuite", name=_x(summary.path), tests=str(max(1, len(found))),
                              failures=str(len(found)), errors="0", skipped="0")
        if not found:
            ET.SubElement(suite, "testcase", classname="korelint", name=_x(f"{summary.path}: no problems"))
        names: Counter[str] = Counter()
        for f in found:
            where = " › ".join(x for x in (f.dialog, f.node_name or f.node) if x) or f.pointer or "payload"
            name = f"{f.rule} {f.name}: {where} ({f.pointer or '/'})"
            names[name] += 1
            if names[name] > 1:
                name = f"{name} #{names[name]}"
            case = ET.SubElement(suite, "testcase", classname=_x(f"korelint.{f.rule}"), name=_x(name))
            if f.line is not None:
                case.set("file", _x(f.path))
                case.set("line", str(f.line))
            failure = ET.SubElement(case, "failure", message=_x(f.message), type=f.severity.value)
            failure.text = _x(line(f))
        total += max(1, len(found))
        failures += len(found)
    root.set("tests", str(total))
    root.set("failures", str(failures))
    ET.indent(root)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    stream.write(ET.tostring(root, encoding="unicode"))
    stream.write("\n")
