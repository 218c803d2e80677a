"""Benchmark `korelint check` against a plain `json.load` of the same payload.

Generates two publish-status payloads (by default ~100 MB = 1,400 dialogs x 100 nodes, and
~10 MB = a tenth of the dialogs) into a temporary directory, then runs whole processes:

    A (baseline)   python -c "import json; json.load(open(P))"
    B (candidate)  korelint check P --format json -o /dev/null

each --repeat times, interleaved (A B A B ...) so machine noise hits both. Every run's wall
time and peak RSS come from its own process (os.wait4), and the table gives the median time,
the largest peak RSS, and candidate/baseline ratios. Absolute numbers depend on the machine;
compare the ratios of one run.

A second figure compares the HTML report with the check of the same payload (by default 300
dialogs x 100 nodes, ~24 MB), whole processes again, interleaved, --report-repeat times each:

    A (baseline)   korelint check P --format json -o /dev/null
    B (candidate)  korelint report P -o R.html

    .venv/bin/python benchmarks/run.py                 # full size (what `make bench` runs)
    .venv/bin/python benchmarks/run.py --quick         # ~10 MB and ~1 MB, one repeat
    .venv/bin/python benchmarks/run.py --report-only   # just the report figure
    .venv/bin/python benchmarks/run.py --findings-only # just the many-findings figure of issue 17

Then the figures of issue 17 (benchmarks/goals.py): start-up, one giant dialog (100,000 nodes),
400,000 findings; and a closing table of every ratio of the run against its goal.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import goals  # noqa: E402
from generate import write_payload  # noqa: E402
from process import fmt_row, measure, workdir  # noqa: E402

BASELINE = "baseline"
CANDIDATE = "candidate"


@dataclass
class Samples:
    times: list[float] = field(default_factory=list)
    rss_kib: list[int] = field(default_factory=list)

    @property
    def time(self) -> float:
        return statistics.median(self.times)

    @property
    def rss_mib(self) -> float:
        return max(self.rss_kib) / 1024


def korelint_command() -> list[str]:
    """The korelint of this venv; KORELINT_BENCH names another (a before/after comparison:
    KORELINT_BENCH="python -m analyzer" with PYTHONPATH on an older checkout)."""
    if os.environ.get("KORELINT_BENCH"):
        return os.environ["KORELINT_BENCH"].split()
    exe = Path(sys.executable).parent / "korelint"
    if exe.exists():
        return [str(exe)]
    found = shutil.which("korelint")
    return [found] if found else [sys.executable, "-m", "analyzer"]


def commands(path: Path) -> dict[str, list[str]]:
    return {
        BASELINE: [sys.executable, "-c", f"import json; json.load(open({str(path)!r}))"],
        CANDIDATE: korelint_command() + ["check", str(path), "--format", "json", "-o", os.devnull],
    }


def generate(path: Path, dialogs: int, nodes: int) -> float:
    t0 = time.perf_counter()
    write_payload(path, dialogs, nodes)
    size = path.stat().st_size / 1e6
    print(f"bench: generated {path.name}: {dialogs} dialogs x {nodes} nodes = {size:.1f} MB "
          f"in {time.perf_counter() - t0:.1f} s", file=sys.stderr, flush=True)
    return size


def interleaved(cmds: dict[str, list[str]], ok: tuple[int, ...], repeat: int, label: str,
                **measure_options) -> tuple[Samples, Samples]:
    """The baseline and the candidate command run `repeat` times each, in turn (a noisy machine
    slows both alike): their samples."""
    samples = {BASELINE: Samples(), CANDIDATE: Samples()}
    for r in range(repeat):
        for who in (BASELINE, CANDIDATE):
            wall, rss = measure(cmds[who], ok, **measure_options)
            samples[who].times.append(wall)
            samples[who].rss_kib.append(rss)
        print(f"{label} round {r + 1}/{repeat} done", file=sys.stderr, flush=True)
    return samples[BASELINE], samples[CANDIDATE]


def print_table(rows: list[tuple[str, float, float, str]]) -> None:
    header = ["figure", "baseline", "candidate", "ratio"]
    cells = [[name, f.format(a), f.format(b), f"{b / a:.2f}x"] for name, a, b, f in rows]
    widths = [max(len(r[i]) for r in cells + [header]) for i in range(4)]
    print(fmt_row(header, widths))
    print(fmt_row(["-" * w for w in widths], widths))
    for c in cells:
        print(fmt_row(c, widths))


def report_figure(tmp: Path, dialogs: int, nodes: int, repeat: int) -> goals.Goal:
    """`korelint report` against `korelint check` of the same payload, whole processes, interleaved."""
    payload, html = tmp / "report-payload.json", tmp / "report.html"
    mb = generate(payload, dialogs, nodes)
    cmds = {BASELINE: korelint_command() + ["check", str(payload), "--format", "json", "-o", os.devnull],
            CANDIDATE: korelint_command() + ["report", str(payload), "-o", str(html)]}
    ok = (0, 1)  # the generator plants defects
    for cmd in cmds.values():  # warm-up (imports, page cache) and fail fast
        measure(cmd, ok)
    check, report = interleaved(cmds, ok, repeat, "bench: report")
    print(f"korelint report bench: {dialogs} x {nodes} nodes ({mb:.1f} MB), "
          f"{repeat} run{'s' if repeat > 1 else ''} each, interleaved, {os.cpu_count()} cores")
    print("baseline  = korelint check P --format json -o /dev/null")
    print("candidate = korelint report P -o R.html")
    print()
    print_table([("wall time (s, median)", check.time, report.time, "{:.2f}"),
                 ("peak RSS (MiB, max)", check.rss_mib, report.rss_mib, "{:.0f}")])
    print()
    print(f"report vs check: {report.time:.2f} s / {check.time:.2f} s = {report.time / check.time:.2f}x "
          f"(median of {repeat}); report file {html.stat().st_size / 1e6:.1f} MB")
    for who, s in ((BASELINE, check), (CANDIDATE, report)):
        print(f"report figure {who:9} runs (s): " + ", ".join(f"{t:.2f}" for t in s.times))
    corpus_report(tmp, repeat)
    return goals.Goal("report / check", report.time / check.time, 3.0)


def corpus_report(tmp: Path, repeat: int) -> None:
    """For reference (not a goal): the same ratio on the 40 real bots of ../shared/corpus, one
    report of them all against one check of them all; skipped when the corpus is absent."""
    corpus = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "bot-exports"
    if not corpus.is_dir():
        print("report vs check on the corpus: skipped (no ../shared/corpus)")
        return
    cmds = {BASELINE: korelint_command() + ["check", str(corpus), "--format", "json", "-o", os.devnull],
            CANDIDATE: korelint_command() + ["report", str(corpus), "-o", str(tmp / "corpus.html")]}
    for cmd in cmds.values():
        measure(cmd, (0, 1))
    check, report = interleaved(cmds, (0, 1), repeat, "bench: corpus report")
    print(f"for reference, the {len(list(corpus.glob('*.json')))} real bots of the corpus: report "
          f"{report.time:.2f} s / check {check.time:.2f} s = {report.time / check.time:.2f}x "
          f"(median of {repeat})")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dialogs", type=int, default=None,
                    help="dialogs of the large payload (default 1400, 140 with --quick); "
                         "the small one has a tenth")
    ap.add_argument("--nodes", type=int, default=100, help="nodes per dialog (default 100)")
    ap.add_argument("--repeat", type=int, default=None,
                    help="runs of each command per size (default 3, 1 with --quick)")
    ap.add_argument("--keep", action="store_true",
                    help="keep the generated payloads and print where they are")
    ap.add_argument("--quick", action="store_true", help="a small run: ~10 MB and ~1 MB, one repeat")
    ap.add_argument("--report-only", action="store_true",
                    help="only the figure `korelint report` vs `korelint check` (300 x 100 nodes)")
    ap.add_argument("--findings-only", action="store_true",
                    help="only the figure `check --format json` vs `check --ignore KL401` (--findings)")
    ap.add_argument("--report-dialogs", type=int, default=300,
                    help="dialogs of the report figure's payload (default 300)")
    ap.add_argument("--report-repeat", type=int, default=5,
                    help="runs of each command for the report figure (default 5)")
    ap.add_argument("--giant-nodes", type=int, default=None,
                    help="nodes of the giant dialog (default 100,000; 10,000 with --quick)")
    ap.add_argument("--findings", type=int, default=None,
                    help="findings of the findings figure (default 400,000; 40,000 with --quick)")
    ap.add_argument("--startup-repeat", type=int, default=None,
                    help="runs of each start-up command (default 11, 5 with --quick)")
    args = ap.parse_args(argv)
    goals.compile_package()
    if args.report_only:
        if args.report_dialogs < 1 or args.nodes < 3 or args.report_repeat < 1:
            ap.error("need --report-dialogs >= 1, --nodes >= 3 and --report-repeat >= 1")
        started = time.perf_counter()
        with workdir(args.keep) as tmp:
            report_figure(tmp, args.report_dialogs, args.nodes,
                          args.repeat if args.repeat is not None else args.report_repeat)
            print(f"total benchmark wall time: {time.perf_counter() - started:.0f} s")
        return 0
    dialogs = args.dialogs if args.dialogs is not None else (140 if args.quick else 1400)
    repeat = args.repeat if args.repeat is not None else (1 if args.quick else 3)
    findings = args.findings or (40_000 if args.quick else 400_000)
    if args.findings_only:
        if repeat < 1:
            ap.error("need --repeat >= 1")
        started = time.perf_counter()
        with workdir(args.keep) as tmp:
            goals.print_goals(goals.many_findings(tmp, findings, korelint_command(), interleaved, repeat))
            print(f"total benchmark wall time: {time.perf_counter() - started:.0f} s")
        return 0
    if dialogs < 10 or args.nodes < 3 or repeat < 1:
        ap.error("need --dialogs >= 10, --nodes >= 3 and --repeat >= 1")

    started = time.perf_counter()
    with workdir(args.keep) as tmp:
        large, small = tmp / "large.json", tmp / "small.json"
        sizes = {large: generate(large, dialogs, args.nodes),
                 small: generate(small, dialogs // 10, args.nodes)}
        # exit 1 is expected from korelint (the generator plants defects); 2 is a failure.
        ok = {BASELINE: (0,), CANDIDATE: (0, 1)}
        cmds = {p: commands(p) for p in sizes}
        for who, cmd in cmds[small].items():  # warm-up (imports, page cache) and fail fast
            measure(cmd, ok[who])
        results = {p: {BASELINE: Samples(), CANDIDATE: Samples()} for p in sizes}
        for r in range(repeat):
            for p in sizes:
                for who in (BASELINE, CANDIDATE):  # interleaved: A B A B ...
                    wall, rss = measure(cmds[p][who], ok[who])
                    results[p][who].times.append(wall)
                    results[p][who].rss_kib.append(rss)
            print(f"bench: round {r + 1}/{repeat} done", file=sys.stderr, flush=True)

        big, little = results[large], results[small]
        mb_big, mb_small = sizes[large], sizes[small]

        def linearity(who: str) -> float:
            return (big[who].time / mb_big) / (little[who].time / mb_small)

        rows = [
            (f"wall time, {mb_big:.0f} MB (s, median)", big[BASELINE].time, big[CANDIDATE].time, "{:.2f}"),
            (f"peak RSS, {mb_big:.0f} MB (MiB, max)", big[BASELINE].rss_mib, big[CANDIDATE].rss_mib,
             "{:.0f}"),
            (f"wall time, {mb_small:.0f} MB (s, median)", little[BASELINE].time, little[CANDIDATE].time,
             "{:.2f}"),
            (f"peak RSS, {mb_small:.0f} MB (MiB, max)", little[BASELINE].rss_mib, little[CANDIDATE].rss_mib,
             "{:.0f}"),
            (f"linearity: s/MB at {mb_big:.0f} MB / s/MB at {mb_small:.0f} MB",
             linearity(BASELINE), linearity(CANDIDATE), "{:.2f}"),
        ]
        print(f"korelint bench: {dialogs} x {args.nodes} nodes ({mb_big:.1f} MB) and {dialogs // 10} x "
              f"{args.nodes} ({mb_small:.1f} MB), {repeat} run{'s' if repeat > 1 else ''} each, interleaved")
        print("baseline  = python -c 'import json; json.load(open(P))'")
        print("candidate = korelint check P --format json -o /dev/null")
        print()
        print_table(rows)
        print()
        for p, label in ((large, f"{mb_big:.0f} MB"), (small, f"{mb_small:.0f} MB")):
            for who in (BASELINE, CANDIDATE):
                s = results[p][who]
                print(f"{label} {who:9} runs (s): " + ", ".join(f"{t:.2f}" for t in s.times))
        print()
        met = [goals.Goal(f"check {mb_big:.0f} MB publish status: time / json.load",
                          big[CANDIDATE].time / big[BASELINE].time, 0.6),
               goals.Goal(f"check {mb_big:.0f} MB publish status: peak RSS / json.load",
                          big[CANDIDATE].rss_mib / big[BASELINE].rss_mib, 0.5),
               goals.Goal("check linearity (s/MB large / s/MB small)", linearity(CANDIDATE), 1.25)]
        met.append(report_figure(tmp, max(1, round(args.report_dialogs * (0.1 if args.quick else 1))),
                                 args.nodes, args.repeat if args.repeat is not None
                                 else 1 if args.quick else args.report_repeat))
        print()
        korelint = korelint_command()
        met += goals.startup(korelint, interleaved, args.startup_repeat or (5 if args.quick else 11))
        print()
        met += goals.giant_dialog(tmp, args.giant_nodes or (10_000 if args.quick else 100_000), korelint,
                                  interleaved, repeat)
        print()
        met += goals.many_findings(tmp, findings, korelint, interleaved, repeat)
        goals.print_goals(met)
        print(f"total benchmark wall time: {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
