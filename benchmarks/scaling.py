"""Does korelint's time grow linearly with hostile payloads? Time at n and at 4n, whole processes.

Each shape is a payload built to stress one part that once took time growing with the square of
its size. The script writes it at n and at 4n into a temporary directory, runs

    python -m analyzer check P --isolated --format json -o /dev/null
    python -m analyzer report P --isolated -o R.html [--svg-dir D]

as its own process for each, and prints the wall times, their ratio and the peak RSS (os.wait4).
The ratio is net of start-up: the same command on an empty bot is timed first and its time is
taken off both runs. About 4 is linear, about 16 quadratic.

    .venv/bin/python benchmarks/scaling.py                  # every shape (a few minutes)
    .venv/bin/python benchmarks/scaling.py --quick          # sizes / 4: a smoke run, noisier ratios
    .venv/bin/python benchmarks/scaling.py --shape ring     # one shape (repeatable)

Shapes:
    ring       dialog i runs dialog i+1, the last runs the first: one long KL602 loop (check)
    selfcalls  every dialog runs itself: one KL602 loop each, the report's call graph (report)
    kgtasks    knowledge tasks of one term with a missing parent each (report)
    samename   dialogs all named the same: their SVG file names (report --svg-dir)
    secrets    script nodes with an apiKey each: KL501 and the masking (check, report)
    tokens     one script of "token" repeated n times (check)
    sk         one script of "sk-" repeated n times (check)
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import string
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from process import fmt_row, measure, workdir  # noqa: E402

OK = (0, 1)  # 1: findings at the failing severity


def bot(dialogs: list[dict], components: list[dict] | None = None, **extra: Any) -> dict:
    return {"_id": "st-bench", "name": "bench", "dialogs": dialogs, "dialogComponents": components or [],
            **extra}


def calling(n: int, target: Callable[[int], int]) -> dict:
    """n dialogs whose entry leads straight to a node running dialog target(i)."""
    comps, dialogs = [], []
    for i in range(n):
        comps += [{"_id": f"dc-e{i}", "type": "intent", "name": f"e{i}", "dialogId": f"dg-{i}"},
                  {"_id": f"dc-c{i}", "type": "intent", "name": f"c{i}", "dialogId": f"dg-{target(i)}"}]
        dialogs.append({"_id": f"dg-{i}", "name": f"d{i}", "nodes": [
            {"nodeId": "e", "type": "intent", "componentId": f"dc-e{i}", "transitions": [{"default": "c"}]},
            {"nodeId": "c", "type": "intent", "componentId": f"dc-c{i}",
             "transitions": [{"default": "end"}]}]})
    return bot(dialogs, comps)


def secrets(n: int) -> dict:
    rnd = random.Random(1)
    key = lambda: "".join(rnd.choice(string.ascii_letters + string.digits) for _ in range(32))  # noqa: E731
    nodes = [{"nodeId": "intent0", "type": "intent", "transitions": [{"default": "n0"}]}]
    nodes += [{"nodeId": f"n{i}", "type": "script", "apiKey": key(),
               "transitions": [{"default": f"n{i + 1}" if i < n - 1 else "end"}]} for i in range(n)]
    return bot([{"_id": "dg", "name": "D", "nodes": nodes}])


def text(word: str) -> Callable[[int], dict]:
    def make(n: int) -> dict:
        return bot([{"_id": "dg", "name": "D", "nodes": [
            {"nodeId": "intent0", "type": "intent", "transitions": [{"default": "s"}]},
            {"nodeId": "s", "type": "script", "script": word * n, "transitions": [{"default": "end"}]}]}])
    return make


def kgtasks(n: int) -> dict:
    return bot([],
               knowledgeTasks=[{"name": f"k{i}",
                                "taxonomy": [{"nodeId": "t", "label": "t", "parent": ["missing"]}]}
                                   for i in range(n)])


def samename(n: int) -> dict:
    return bot([{"_id": f"dg-{i}", "name": "Same", "nodes": [
        {"nodeId": "i", "type": "intent", "transitions": [{"default": "end"}],
         "metadata": {"left": 0, "top": 0}}]}
        for i in range(n)])


def prompts(n: int) -> dict:
    """n entity nodes in a chain, each asking with a deeply nested, unreadable template and a
    connection testing the next entity (not asked yet: KL214's traversals), and one prompt of n
    buttons (KL213 and the nodes table read it)."""
    nested = "var message = {payload: {buttons: [" + "{a: [" * 200 + "]}" * 200 + "]}};"
    many = "{payload: {buttons: [" + ",".join(f"{{title: 'b{i}', payload: 'p{i}'}}" for i in range(n)) + "]}}"
    nodes = [{"nodeId": "intent0", "type": "intent", "transitions": [{"default": "n0"}]}]
    comps = []
    for i in range(n):
        text = many if i == 0 else nested
        message = [{"channel": "default", "localeData": {"en": {"text": text, "type": "js"}}}]
        comps.append({"_id": f"dc-{i}", "type": "entity", "name": f"E{i}", "entityType": "label",
                      "message": message})
        nodes.append({"nodeId": f"n{i}", "type": "entity", "componentId": f"dc-{i}", "transitions": [
            {"if": {"field": f"n{i + 1}" if i < n - 1 else "n0", "op": "eq", "value": "x"}, "then": "end"},
            {"default": f"n{i + 1}" if i < n - 1 else "end"}]})
    return bot([{"_id": "dg", "name": "D", "nodes": nodes}], comps)


# name -> (payload maker, {command: n}); n large enough that a run takes well over start-up
SHAPES: dict[str, tuple[Callable[[int], dict], dict[str, int]]] = {
    "ring": (lambda n: calling(n, lambda i: (i + 1) % n), {"check": 4000}),
    "selfcalls": (lambda n: calling(n, lambda i: i), {"report": 1000}),
    "kgtasks": (kgtasks, {"report": 4000}),
    "samename": (samename, {"report --svg-dir": 1500}),
    "secrets": (secrets, {"check": 4000, "report": 2000}),
    "tokens": (text("token"), {"check": 200_000}),
    "sk": (text("sk-"), {"check": 200_000}),
    "prompts": (prompts, {"check": 3000, "report": 1000}),
}


def command(kind: str, payload: Path, tmp: Path) -> list[str]:
    base = [sys.executable, "-m", "analyzer"]
    if kind == "check":
        return base + ["check", str(payload), "--isolated", "--format", "json", "-o", os.devnull]
    cmd = base + ["report", str(payload), "--isolated", "-o", str(tmp / "report.html")]
    if kind == "report --svg-dir":
        svg = tmp / "svg"
        shutil.rmtree(svg, ignore_errors=True)  # a fresh folder for every run
        cmd += ["--svg-dir", str(svg)]
    return cmd


def write(path: Path, doc: dict) -> float:
    with path.open("w", encoding="utf-8") as fh:
        json.dump(doc, fh, separators=(",", ":"))
    return path.stat().st_size / 1e6


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="sizes divided by 4")
    ap.add_argument("--shape", action="append", choices=sorted(SHAPES), metavar="NAME",
                    help=f"only this shape (repeatable): {', '.join(SHAPES)}")
    ap.add_argument("--timeout", type=float, default=300.0, help="seconds a run may take (default 300)")
    ap.add_argument("--keep", action="store_true",
                    help="keep the generated payloads and print where they are")
    args = ap.parse_args(argv)
    shapes = args.shape or list(SHAPES)
    started = time.perf_counter()
    with workdir(args.keep, "scaling") as tmp:
        def run(cmd: list[str]) -> tuple[float | None, int]:
            return measure(cmd, OK, timeout=args.timeout, cwd=ROOT, who="scaling")

        empty = tmp / "empty.json"
        write(empty, bot([]))
        kinds = sorted({k for s in shapes for k in SHAPES[s][1]})
        # start-up: the best of 3 (the first also warms the page cache and the imports)
        startup = {k: min(run(command(k, empty, tmp))[0] or 0.0 for _ in range(3)) for k in kinds}
        rows = []
        for name in shapes:
            make, sizes_of = SHAPES[name]
            for kind, n in sizes_of.items():
                n = max(1, n // 4) if args.quick else n
                sizes = {m: write(tmp / f"{name}_{m}.json", make(m)) for m in (n, 4 * n)}
                res = {m: run(command(kind, tmp / f"{name}_{m}.json", tmp)) for m in (n, 4 * n)}
                (t1, r1), (t4, r4) = res[n], res[4 * n]
                up = startup[kind]
                ratio = f"{(t4 - up) / (t1 - up):.1f}" if t1 and t4 and t1 - up > 0.01 else "—"
                show = [f"{t:.2f}" if t is not None else f">{args.timeout:.0f}" for t in (t1, t4)]
                rows.append([name, kind, f"{n} ({sizes[n]:.1f} MB)", *show, ratio,
                             f"{r1 / 1024:.0f}", f"{r4 / 1024:.0f}"])
                print(f"scaling: {name} {kind} done", file=sys.stderr, flush=True)
        header = ["shape", "command", "n (size)", "s at n", "s at 4n", "ratio*", "MiB at n", "MiB at 4n"]
        widths = [max(len(r[i]) for r in rows + [header]) for i in range(len(header))]
        print(f"korelint scaling: {os.cpu_count()} cores, python {sys.version.split()[0]}")
        print(fmt_row(header, widths, left=2))
        print(fmt_row(["-" * w for w in widths], widths, left=2))
        for r in rows:
            print(fmt_row(r, widths, left=2))
        print("* (time at 4n - start-up) / (time at n - start-up); start-up (the command on an empty bot): "
              + ", ".join(f"{k} {v:.2f} s" for k, v in startup.items()) + ". ~4 linear, ~16 quadratic.")
        print(f"total wall time: {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
