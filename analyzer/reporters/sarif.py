"""`--format sarif`: SARIF 2.1.0 for code-scanning dashboards (GitHub, Azure DevOps, ...)."""
from __future__ import annotations

import json
import os
from typing import TextIO
from urllib.parse import quote

from ..findings import Result
from ..version import __version__

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/korelint/"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}


def artifact_uri(path: str) -> str:
    """The input's path relative to the working directory, as a URI reference."""
    if path in ("-", "<stdin>"):
        return "stdin"
    rel = os.path.relpath(path) if os.path.isabs(path) else os.path.normpath(path)
    return quote(rel.replace(os.sep, "/"))


def _rules() -> list[dict]:
    from ..rules import all_rules  # the registry, when a SARIF log is written

    out = []
    for r in all_rules():
        doc = r.doc
        paragraphs = [p.strip() for p in doc.split("\n\n") if p.strip()]
        why = next((p for p in paragraphs if p.startswith("Why it matters")), r.summary)
        out.append({
            "id": r.code,
            "name": r.name,
            "shortDescription": {"text": r.summary},
            "fullDescription": {"text": " ".join(why.split())},
            "help": {"text": f"{r.code} {r.name}\n\n{doc}",
                     "markdown": f"**{r.code} {r.name}**\n\n{doc}\n\n`korelint rules {r.name}`"},
            "defaultConfiguration": {"level": LEVEL[r.severity.value]},
            "properties": {"tags": [r.scope]},
        })
    return out


def document(result: Result) -> dict:
    rules = _rules()
    index = {r["id"]: i for i, r in enumerate(rules)}
    results = []
    for f in result.findings:
        physical = {"artifactLocation": {"uri": artifact_uri(f.path)}}
        if f.line is not None:
            physical["region"] = {"startLine": f.line}
        logical = [{"fullyQualifiedName": f.pointer or "/", "kind": "element",
                    "name": f.node_name or f.node or f.dialog or f.pointer or "/"}]
        if f.dialog:
            logical.append({"name": f.dialog, "kind": "module",
                            "fullyQualifiedName": f.dialog_id or f.dialog})
        item = {
            "ruleId": f.rule,
            "ruleIndex": index[f.rule],
            "level": LEVEL[f.severity.value],
            "message": {"text": f.message},
            "locations": [{"physicalLocation": physical, "logicalLocations": logical}],
            "partialFingerprints": {"korelint/v1": f.fingerprint},
            "properties": {"name": f.name, "dialog": f.dialog, "node": f.node, "node_name": f.node_name,
                           "nodes": list(f.nodes), "nodes_names": list(f.nodes_names),
                           "pointer": f.pointer},
        }
        results.append(item)
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "korelint", "version": __version__, "semanticVersion": __version__,
                                "informationUri": INFORMATION_URI, "rules": rules}},
            "artifacts": [{"location": {"uri": artifact_uri(i.path)}} for i in result.inputs],
            "results": results,
            "columnKind": "unicodeCodePoints",
        }],
    }


def report(result: Result, stream: TextIO) -> None:
    json.dump(document(result), stream, indent=2, ensure_ascii=False)
    stream.write("\n")
