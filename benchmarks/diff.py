"""Benchmark `korelint diff OLD NEW` against `korelint check OLD` (issue 14: at most 2.5x).

Generates OLD, a publish-status payload (by default ~100 MB = 1,400 dialogs x 100 nodes, as
benchmarks/run.py), and NEW, the same bot edited: every dialog saved again (new `lMod`), one in
ten edited (a transition retargeted, a condition changed, a node removed, one added), one in fifty
renamed. Then whole processes, interleaved (A B A B ...), --repeat times each:

    A (baseline)   korelint check OLD --format json -o /dev/null
    B (candidate)  korelint diff OLD NEW --format json -o /dev/null

and the table gives the median wall time, the largest peak RSS and the ratio of one run.

    .venv/bin/python benchmarks/diff.py            # ~100 MB, 3 runs each
    .venv/bin/python benchmarks/diff.py --quick    # ~10 MB, 1 run each
"""
from __future__ import annotations

import argparse
import itertools
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import BASELINE, CANDIDATE, interleaved, korelint_command, print_table  # noqa: E402

from generate import _COMPACT, _parts  # noqa: E402
from process import workdir  # noqa: E402


def _edit(res: dict, d: int) -> dict:
    body = res["result"]
    body["lMod"] = "2026-12-04T10:00:00.000Z"  # saved again: no change for diff
    if d % 50 == 7:
        body["name"] = res["name"] = f"Dialog {d} (renamed)"
    if d % 10 == 1:
        nodes = body["nodes"]
        nodes[3]["transitions"][-1]["default"] = "end"  # retargeted
        for n in nodes:
            for t in n["transitions"]:
                if "if" in t:
                    t["if"]["value"] = "2"  # condition changed
                    break
        removed = nodes.pop(5)["nodeId"]
        for n in nodes:
            for t in n["transitions"]:
                for key in ("default", "then"):
                    if t.get(key) == removed:
                        t[key] = nodes[5]["nodeId"]
        nodes.append({"nodeId": "added", "type": "message", "transitions": [{"default": "end"}],
                      "metadata": {"left": 0, "top": 0}})
    return res


def write_pair(old: Path, new: Path, dialogs: int, nodes: int) -> None:
    """OLD and NEW, written a dialog at a time (as generate.write_payload writes one)."""
    for path, edit in ((old, False), (new, True)):
        top, before, resources, after = _parts(dialogs, nodes, seed=1)
        with open(path, "w", encoding="utf-8") as fh:
            head = json.dumps(top, separators=_COMPACT)
            fh.write(head[:-1] + ("," if top else "") + '"statusSummary":[')
            items = itertools.chain(before, (_edit(r, d) if edit else r for d, r in enumerate(resources)),
                                    after)
            for i, res in enumerate(items):
                fh.write(("," if i else "") + json.dumps(res, separators=_COMPACT))
            fh.write("]}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dialogs", type=int, default=None,
                    help="dialogs of OLD (default 1400, 140 with --quick)")
    ap.add_argument("--nodes", type=int, default=100, help="nodes per dialog (default 100)")
    ap.add_argument("--repeat", type=int, default=None,
                    help="runs of each command (default 3, 1 with --quick)")
    ap.add_argument("--keep", action="store_true", help="keep the generated payloads")
    ap.add_argument("--quick", action="store_true", help="~10 MB, one run each")
    args = ap.parse_args(argv)
    dialogs = args.dialogs if args.dialogs is not None else (140 if args.quick else 1400)
    repeat = args.repeat if args.repeat is not None else (1 if args.quick else 3)
    if dialogs < 20 or args.nodes < 10 or repeat < 1:
        ap.error("need --dialogs >= 20, --nodes >= 10 and --repeat >= 1")
    started = time.perf_counter()
    with workdir(args.keep, "diff-bench") as tmp:
        old, new = tmp / "old.json", tmp / "new.json"
        write_pair(old, new, dialogs, args.nodes)
        mb = old.stat().st_size / 1e6
        print(f"diff-bench: generated OLD {mb:.1f} MB and NEW {new.stat().st_size / 1e6:.1f} MB in "
              f"{time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
        cmds = {BASELINE: korelint_command() + ["check", str(old), "--format", "json", "-o", os.devnull],
                CANDIDATE: korelint_command() + ["diff", str(old), str(new), "--format", "json", "-o",
                                                 os.devnull]}
        ok = (0, 1)  # the generator plants defects
        check, diff = interleaved(cmds, ok, repeat, "diff-bench:", who="diff-bench")
        print(f"korelint diff bench: {dialogs} x {args.nodes} nodes ({mb:.1f} MB each side), "
              f"{repeat} run{'s' if repeat > 1 else ''} each, interleaved")
        print("baseline  = korelint check OLD --format json -o /dev/null")
        print("candidate = korelint diff OLD NEW --format json -o /dev/null")
        print()
        print_table([("wall time (s, median)", check.time, diff.time, "{:.2f}"),
                     ("peak RSS (MiB, max)", check.rss_mib, diff.rss_mib, "{:.0f}")])
        print()
        print(f"diff vs check: {diff.time:.2f} s / {check.time:.2f} s = {diff.time / check.time:.2f}x "
              f"(median of {repeat}; issue 14 asks for at most 2.5x)")
        for who, s in ((BASELINE, check), (CANDIDATE, diff)):
            print(f"{who:9} runs (s): " + ", ".join(f"{t:.2f}" for t in s.times))
    print(f"total benchmark wall time: {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
