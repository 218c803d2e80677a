"""Generate large, realistic publish-status payloads for benchmarks.

Nodes are copies of the bundled sample's real node objects (same nodeOptions, metadata,
component ids), renamed and rewired into bigger dialogs, so the bytes per node match what
the platform sends. A few defects are planted so the rules have work to do.
"""
from __future__ import annotations

import argparse
import copy
import itertools
import json
import random
from collections.abc import Iterator
from pathlib import Path

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "publish-status.json"
_COMPACT = (",", ":")


def _templates(sample: dict) -> tuple[dict, list[dict], dict]:
    summary = sample["statusSummary"]
    dialog = next(r for r in summary if r.get("resourceType") == "dialog")
    return sample, dialog["result"]["nodes"], dialog


def _parts(dialogs: int, nodes: int, seed: int) -> tuple[dict, list[dict], Iterator[dict], list[dict]]:
    """(top level without statusSummary, resources before the dialogs, dialog resources
    (lazily, one at a time), resources after them)."""
    sample = json.loads(SAMPLE.read_text(encoding="utf-8"))
    _, node_templates, dialog_resource = _templates(sample)
    others = [r for r in sample["statusSummary"] if r.get("resourceType") != "dialog"]
    top = {k: v for k, v in sample.items() if k != "statusSummary"}
    return (top, others[:-1], _dialog_resources(dialogs, nodes, seed, node_templates, dialog_resource),
            others[-1:])


def _dialog_resources(dialogs: int, nodes: int, seed: int, node_templates: list[dict],
                      dialog_resource: dict) -> Iterator[dict]:
    rng = random.Random(seed)
    by_type = {}
    for n in node_templates:
        by_type.setdefault(n["type"], n)
    # Copies come from each template's JSON text: json.loads is several times faster than
    # copy.deepcopy and gives the same objects (templates are plain JSON values).
    by_type_text = {k: json.dumps(v) for k, v in by_type.items()}
    kinds = ["message", "script", "service", "entity", "message", "script"]
    for d in range(dialogs):
        body = copy.deepcopy({k: v for k, v in dialog_resource["result"].items() if k != "nodes"})
        body["_id"] = f"dg-{d:08d}"
        body["name"] = f"Dialog {d}"
        built = []
        for i in range(nodes):
            kind = "intent" if i == 0 else rng.choice(kinds)
            node = json.loads(by_type_text.get(kind) or by_type_text["message"])
            node["type"] = kind
            node["nodeId"] = f"{kind}{i}"
            node["metadata"] = {"left": 40 + (i % 10) * 180, "top": 40 + (i // 10) * 120}
            built.append(node)
        ids = [n["nodeId"] for n in built]
        for i, node in enumerate(built):
            nxt = ids[i + 1] if i + 1 < nodes else "end"
            trans = []
            if node["type"] in ("script", "service") and i + 2 < nodes:
                trans.append({"if": {"context": f"flag{i}", "op": "eq", "value": "1"},
                              "then": ids[i + 2], "metadata": {"color": "#299d8e", "connId": f"c{i}a"}})
            trans.append({"default": nxt, "metadata": {"color": "#299d8e", "connId": f"c{i}"}})
            node["transitions"] = trans
        if d % 7 == 3:  # planted defects: a dangling target and an unreachable node
            built[-2]["transitions"][-1]["default"] = "deleted-node"
            built.append(dict(copy.deepcopy(built[1]), nodeId="orphan", transitions=[{"default": "end"}]))
        body["nodes"] = built
        res = {k: v for k, v in dialog_resource.items() if k != "result"}
        res["resourceId"] = body["_id"]
        res["name"] = body["name"]
        res["result"] = body
        yield res


def make_payload(dialogs: int, nodes: int, seed: int = 1) -> dict:
    """A publish-status payload with `dialogs` dialogs of `nodes` nodes each."""
    top, before, resources, after = _parts(dialogs, nodes, seed)
    out = dict(top)
    out["statusSummary"] = before + list(resources) + after
    return out


def write_payload(path: Path, dialogs: int, nodes: int, indent: int | None = None, seed: int = 1) -> Path:
    """Write make_payload(...) as JSON. Compact output is streamed one dialog at a time (same
    bytes as json.dump of the whole payload, in a fraction of the time and memory)."""
    if indent:
        text = json.dumps(make_payload(dialogs, nodes, seed), indent=indent)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
        return path
    top, before, resources, after = _parts(dialogs, nodes, seed)
    with open(path, "w", encoding="utf-8") as fh:
        # statusSummary is the last key of the payload: write the rest, then the array item by item.
        head = json.dumps(top, separators=_COMPACT)
        fh.write(head[:-1] + ("," if top else "") + '"statusSummary":[')
        first = True
        # json.dumps uses the C encoder, json.dump does not
        for res in itertools.chain(before, resources, after):
            fh.write(("" if first else ",") + json.dumps(res, separators=_COMPACT))
            first = False
        fh.write("]}")
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("output")
    ap.add_argument("--dialogs", type=int, default=1400)
    ap.add_argument("--nodes", type=int, default=100)
    ap.add_argument("--indent", type=int, default=None)
    args = ap.parse_args()
    path = write_payload(Path(args.output), args.dialogs, args.nodes, args.indent)
    print(f"{path}: {path.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
