"""One helper for every rule test: build a payload, lint it, get (rule name, node) pairs; and one
runner of the command line for every end-to-end test (`korelint`)."""
from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any, NamedTuple

from analyzer import cli
from analyzer.config import Config
from analyzer.engine import Linter
from analyzer.findings import Finding
from analyzer.payload import parse

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
CORPUS = ROOT.parent / "shared" / "corpus"


# -- running the command line -------------------------------------------------------------------
class Ran(NamedTuple):
    """What one run of the command line gave: its exit code, stdout and stderr."""

    code: int
    out: str  # UTF-8; bytes that are not UTF-8 as lone surrogates (`out_bytes` gives them back)
    err: str

    @property
    def out_bytes(self) -> bytes:
        """stdout byte for byte (`report -o -` and `fetch` write bytes)."""
        return self.out.encode("utf-8", "surrogateescape")


def _stream(errors: str) -> io.TextIOWrapper:
    """A stream like a real stdout or stderr: text, with the bytes underneath in `.buffer`."""
    return io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors=errors, write_through=True)


def _written(stream: io.TextIOWrapper) -> str:
    stream.flush()
    return stream.buffer.getvalue().decode("utf-8", "surrogateescape")


def korelint(*argv: Any, stdin: bytes | None = None, allow_internal_error: bool = False,
             allow_traceback: bool = False) -> Ran:
    """`korelint ARGV` in this process (`analyzer.cli.main`; each argument through str()), with
    stdout and stderr captured, and stdin holding `stdin` when given; all three restored after.
    stdout encodes strictly as UTF-8 and stderr with backslashreplace, as a real process's do.

    Asserts that stderr holds no traceback and no internal error (`korelint: internal error: ...`;
    the help mentions "an internal error"), unless allowed (the test provokes one). An exception
    out of main() propagates, with stdin, stdout and stderr restored."""
    out, err = _stream("strict"), _stream("backslashreplace")
    saved = sys.stdin, sys.stdout, sys.stderr
    if stdin is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin))
    sys.stdout, sys.stderr = out, err
    try:
        code = cli.main([str(a) for a in argv])
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
    ran = Ran(code, _written(out), _written(err))
    if not allow_traceback:
        assert "Traceback" not in ran.err, ran.err
    if not allow_internal_error:
        assert "korelint: internal error" not in ran.err, ran.err
    return ran


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


def answering(name: str = "Test dialog", **extra: Any) -> dict:
    """The smallest dialog with nothing to report: its intent leads to a message that ends it
    (a dialog of its intent alone is `empty-dialog`)."""
    return dialog(node("intent0", "intent", default("message1")), node("message1"), name=name, **extra)


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


def with_branch(condition: Any, *more: dict, source: str = "entity4", kind: str = "entity",
                target: str = "message5") -> dict:
    """A publish status whose one dialog runs intent0 -> `source`, a node whose first branch
    tests `condition` (then `more` transitions and a default to end) and leads to `target`."""
    return publish_status(dialog(node("intent0", "intent", default(source)),
                                 node(source, kind, branch(condition, target), *more, default("end")),
                                 node(target)))


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


# -- whole-bot rules: components and calls between dialogs ------------------------------------
def component(cid: str, type_: str = "message", name: str | None = None, **extra: Any) -> dict:
    """A dialog component (`dialogComponents[i]`): what a node with `componentId` cid runs."""
    return {"_id": cid, "name": name or cid, "type": type_, **extra}


def service(cid: str, name: str | None = None, *, protocol: str = "https", host: str = "api.example.com",
            port: str = "", path: str = "/v1/items", method: str = "get",
            headers: dict | None = None, **extra: Any) -> dict:
    """A service component; its headers stored as the builder stores them (a JSON string)."""
    return component(cid, "service", name, endPoint={
        "protocol": protocol, "host": host, "port": port, "path": path, "method": method},
        headers={"type": "raw", "value": json.dumps(headers or {})},
        payload={"type": "raw", "value": ""}, **extra)


def calls(node_id: str, dialog_id: str | None, *transitions: dict, cid: str | None = None,
          name: str | None = None) -> tuple[dict, dict]:
    """A dialog node running the dialog `dialog_id` (None: a sub-intent): (node, its component)."""
    cid = cid or f"dc-{node_id}-{dialog_id}"
    extra = {"dialogId": dialog_id} if dialog_id is not None else {}
    return (node(node_id, "intent", *transitions, componentId=cid),
            component(cid, "intent", name or f"run {dialog_id}", **extra))


def bot(*dialogs: dict, components: list[dict] = (), **extra: Any) -> dict:
    """A bot export whose dialogs' entry nodes get components naming their own dialog (as the
    platform exports them), plus the given components."""
    comps = list(components)
    for d in dialogs:
        entry = next((n for n in d["nodes"] if n.get("type") == "intent"), None)
        if entry is not None and "componentId" not in entry:
            entry["componentId"] = f"dc-entry-{d['_id']}"
            comps.append(component(entry["componentId"], "intent", d.get("name"), dialogId=d["_id"]))
    return bot_export(*dialogs, dialogComponents=comps, **extra)
