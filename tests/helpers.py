"""One helper for every rule test: build a payload, lint it, get (rule name, node) pairs."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from analyzer.config import Config
from analyzer.engine import Linter
from analyzer.findings import Finding
from analyzer.payload import parse

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
CORPUS = ROOT.parent / "shared" / "corpus"


def node(node_id: str, type_: str = "message", *transitions: dict, **extra: Any) -> dict:
    """A dialog node; with no transitions given it goes to `end`."""
    trans = list(transitions) if transitions else [{"default": "end"}]
    return {"nodeId": node_id, "type": type_, "transitions": trans, **extra}


def default(target: str | None) -> dict:
    return {"default": target}


def branch(condition: Any, target: str | None) -> dict:
    return {"if": condition, "then": target}


def cond(field: str, op: str = "eq", value: Any = "x", key: str = "context") -> dict:
    return {key: field, "op": op, "value": value}


def dialog(*nodes: dict, name: str = "Test dialog", **extra: Any) -> dict:
    return {"_id": "dg-test", "name": name, "nodes": list(nodes), **extra}


def publish_status(*dialogs: dict, status: str = "successful", percentage: int = 100,
                   resources: list[dict] | None = None, **extra: Any) -> dict:
    """A publish-status response holding the given dialog bodies."""
    summary = list(resources or [])
    for i, d in enumerate(dialogs):
        summary.append({"resourceId": d.get("_id", f"dg-{i}"), "resourceType": "dialog",
                        "name": d.get("name", f"Dialog {i}"), "status": "SUCCESS", "result": d})
    return {"_id": "ds-test", "status": status, "percentageComplete": percentage,
            "statusSummary": summary, **extra}


def lint(payload: Any, *, path: str = "payload.json", config: Config | None = None) -> list[Finding]:
    """Findings of a payload given as a dict/list (dumped with indent=2), bytes or a file path."""
    if isinstance(payload, Path):
        data = payload.read_bytes()
        path = str(payload)
    elif isinstance(payload, (bytes, bytearray)):
        data = bytes(payload)
    else:
        data = json.dumps(payload, indent=2).encode()
    return Linter(config).analyze(parse(data, path)).findings


def findings(payload: Any, rule: str | None = None, **kwargs: Any) -> set[tuple[str, str | None]]:
    """{(rule name, node id)} of a payload, optionally only of one rule (code or name)."""
    out = set()
    for f in lint(payload, **kwargs):
        if rule is None or rule in (f.rule, f.name):
            out.add((f.name, f.node))
    return out


# -- builders added for the per-rule tests ----------------------------------------------------
DIALOG0 = "/statusSummary/0/result"  # pointer of the first dialog built by publish_status()


def of(payload: Any, rule: str, **kwargs: Any) -> list[Finding]:
    """The findings of one rule (code or name) of a payload, in report order."""
    return [f for f in lint(payload, **kwargs) if rule in (f.rule, f.name)]


def resource(type_: str, status: Any = "SUCCESS", name: str | None = None, **extra: Any) -> dict:
    """A published resource (an item of `statusSummary` or of a Publish API response)."""
    res = {"resourceId": extra.pop("resourceId", type_.upper()), "resourceType": type_,
           "name": name or type_.title(), "status": status}
    res.update(extra)
    return res


def term(node_id: str, *parents: Any, label: str | None = None, **extra: Any) -> dict:
    """A knowledge-graph term (`taxonomy[i]`) with the given parent ids."""
    return {"nodeId": node_id, "label": label or node_id, "parent": list(parents), **extra}


def knowledge(*terms: dict, name: str = "Bank FAQ", status: str = "SUCCESS") -> dict:
    """A `knowledge` resource of a publish-status response holding a taxonomy."""
    return resource("knowledge", status, name, resourceId="kg-test",
                    result={"_id": "kg-test", "name": name, "taxonomy": list(terms)})


def bot_export(*dialogs: dict, knowledge_tasks: list[dict] | None = None, **extra: Any) -> dict:
    """A botDefinition.json holding the given dialogs (and knowledge tasks)."""
    return {"name": "Test bot", "defaultLanguage": "en", "dialogs": list(dialogs),
            "dialogComponents": [], "knowledgeTasks": list(knowledge_tasks or []), **extra}
