"""How long `korelint paths` takes: the test plan (the path cover, conflicting paths traded,
each step's input) of generated dialogs of 100, 400 and 1,600
nodes (each node: a default to the next, up to three branches to random nodes, one in four also
ending the dialog), and of every dialog of the corpus when it is there. Prints seconds and the
ratio of 1,600 to 400 nodes (about 4 when the work grows linearly with the transitions)."""
from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analyzer.flow import DialogFlow  # noqa: E402
from analyzer.paths.plan import plan  # noqa: E402
from analyzer.payload import parse  # noqa: E402


def generated(n: int, seed: int = 1) -> DialogFlow:
    rnd = random.Random(seed)
    nodes = []
    for i in range(n):
        branches = [{"if": {"context": f"c{b}", "op": "eq", "value": b}, "then": f"n{rnd.randrange(1, n)}"}
                    for b in range(rnd.randint(0, 3))]
        if rnd.random() < 0.25:
            branches.append({"if": {"context": "done", "op": "eq", "value": 1}, "then": "end"})
        last = {"default": f"n{i + 1}" if i + 1 < n else "end"}
        kind = "intent" if i == 0 else rnd.choice(["message", "entity", "script"])
        nodes.append({"nodeId": f"n{i}", "type": kind, "transitions": [*branches, last]})
    payload = {"statusSummary": [{"resourceType": "dialog", "status": "SUCCESS",
                                  "result": {"_id": "d", "name": "generated", "nodes": nodes}}]}
    (dialog,) = list(parse(json.dumps(payload).encode(), "generated.json").each_dialog())
    return DialogFlow(dialog)


def timed(flow: DialogFlow) -> tuple[float, int, int]:
    start = time.perf_counter()
    result = plan("generated.json", flow)
    return time.perf_counter() - start, result.coverable, len(result.paths)


def main() -> None:
    times = {}
    for n in (100, 400, 1600):
        seconds, coverable, paths = timed(generated(n))
        times[n] = seconds
        print(f"{n:>5} nodes: {coverable} coverable transitions, {paths} paths, {seconds:.3f} s")
    print(f"ratio 1600/400 nodes: {times[1600] / times[400]:.1f}")
    corpus = ROOT.parent / "shared" / "corpus" / "bot-exports"
    if corpus.is_dir():
        start, dialogs, paths = time.perf_counter(), 0, 0
        for path in sorted(corpus.glob("*.json")):
            for dialog in parse(path.read_bytes(), str(path)).each_dialog():
                dialogs += 1
                paths += len(plan(str(path), DialogFlow(dialog)).paths)
        print(f"corpus: {dialogs} dialogs, {paths} paths, {time.perf_counter() - start:.2f} s "
              "(reading included)")


if __name__ == "__main__":
    main()
