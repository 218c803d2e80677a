"""Generate large, realistic publish-status payloads for benchmarks.

Nodes are copies of the bundled sample's real node objects (same nodeOptions, metadata,
component ids), renamed and rewired into bigger dialogs, so the bytes per node match what
the platform sends. A few defects are planted so the rules have work to do.
"""
from __future__ import annotations

import argparse
import copy
import json
import random
from pathlib import Path

SAMPLE = Path(__file__).resolve().parent.parent / "samples" / "publish-status.json"


def _templates(sample: dict) -> tuple[dict, list[dict], dict]:
    summary = sample["statusSummary"]
    dialog = next(r for r in summary if r.get("resourceType") == "dialog")
    return sample, dialog["result"]["nodes"], dialog


def make_payload(dialogs: int, nodes: int, seed: int = 1) -> dict:
    """A publish-status payload with `dialogs` dialogs of `nodes` nodes each."""
    rng = random.Random(seed)
    sample = json.loads(SAMPLE.read_text(encoding="utf-8"))
    _, node_templates, dialog_resource = _templates(sample)
    others = [r for r in sample["statusSummary"] if r.get("resourceType") != "dialog"]
    by_type = {}
    for n in node_templates:
        by_type.setdefault(n["type"], n)
    kinds = ["message", "script", "service", "entity", "message", "script"]
    resources = []
    for d in range(dialogs):
        body = copy.deepcopy({k: v for k, v in dialog_resource["result"].items() if k != "nodes"})
        body["_id"] = f"dg-{d:08d}"
        body["name"] = f"Dialog {d}"
        built = []
        for i in range(nodes):
            kind = "intent" if i == 0 else rng.choice(kinds)
            tpl = by_type.get(kind) or by_type["message"]
            node = copy.deepcopy(tpl)
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
        resources.append(res)
    out = {k: v for k, v in sample.items() if k != "statusSummary"}
    out["statusSummary"] = others[:-1] + resources + others[-1:]
    return out


def write_payload(path: Path, dialogs: int, nodes: int, indent: int | None = None) -> Path:
    data = make_payload(dialogs, nodes)
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(data, fh, indent=indent, separators=None if indent else (",", ":"))
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
