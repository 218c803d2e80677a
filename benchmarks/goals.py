"""The figures of issue 17, each a ratio against a baseline measured in the same run, interleaved
(run.interleaved): start-up, one giant dialog, many findings. `run.py` prints them with the
others and a closing table of every ratio against its goal.

    start-up      korelint --version / rules            vs  python -c "import json"
                  korelint check samples/publish-status.json  vs  python -c "import networkx, pydantic"
    giant dialog  korelint check (one dialog of N nodes)      vs  json.load of the file (time, peak RSS)
    findings      korelint check --format json (N findings)   vs  korelint check --ignore KL401

Python files are compiled first (`compileall`): a user's install has its bytecode (pip writes
it), while a checkout run with PYTHONDONTWRITEBYTECODE would compile every module at every start.
"""
from __future__ import annotations

import compileall
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "publish-status.json"


@dataclass
class Goal:
    """One ratio of the issue: candidate / baseline of one figure, and the most it may be."""

    figure: str
    ratio: float
    most: float

    @property
    def met(self) -> bool:
        return self.ratio <= self.most


def compile_package() -> None:
    """Bytecode for the package, as an installed korelint has (see the module's docstring)."""
    for folder in ("analyzer", "templates"):
        compileall.compile_dir(str(ROOT / folder), quiet=1)


def startup(korelint: list[str], interleaved, repeat: int) -> list[Goal]:
    """Whole processes on the bundled sample, `repeat` runs each, interleaved: medians."""
    python = sys.executable
    pairs = {
        "korelint --version / import json": ([python, "-c", "import json"], korelint + ["--version"], 3.0),
        "korelint rules / import json": ([python, "-c", "import json"], korelint + ["rules"], 3.0),
        "korelint check sample / import networkx, pydantic": (
            [python, "-c", "import networkx, pydantic"],
            korelint + ["check", str(SAMPLE), "--isolated", "-o", os.devnull], 1.2),
    }
    goals = []
    print(f"start-up: {repeat} runs each, interleaved, median wall time")
    for name, (base, cand, most) in pairs.items():
        a, b = interleaved({"baseline": base, "candidate": cand}, (0, 1), repeat, f"bench: {name}", cwd=ROOT)
        goals.append(Goal(f"start-up: {name}", b.time / a.time, most))
        print(f"  {name:52} {b.time:.3f} s / {a.time:.3f} s = {b.time / a.time:.2f}x (goal <= {most}x)")
    return goals


def giant_dialog(tmp: Path, nodes: int, korelint: list[str], interleaved, repeat: int) -> list[Goal]:
    """`check` on one dialog of `nodes` nodes against json.load of the same file. Generated in a
    process of its own: the dialog is built whole in memory, and on Linux a child's peak RSS
    (ru_maxrss) starts from its parent's at the fork, so this process must stay small."""
    path = tmp / "giant-dialog.json"
    subprocess.run([sys.executable, str(Path(__file__).parent / "generate.py"), str(path), "--dialogs", "1",
                    "--nodes", str(nodes)], check=True, stdout=subprocess.DEVNULL)
    mb = path.stat().st_size / 1e6
    cmds = {"baseline": [sys.executable, "-c", f"import json; json.load(open({str(path)!r}))"],
            "candidate": korelint + ["check", str(path), "--isolated", "--format", "json", "-o", os.devnull]}
    a, b = interleaved(cmds, (0, 1), repeat, "bench: giant dialog")
    print(f"one dialog of {nodes:,} nodes ({mb:.0f} MB), {repeat} runs each, interleaved: "
          f"check {b.time:.2f} s / json.load {a.time:.2f} s = {b.time / a.time:.2f}x time; "
          f"peak RSS {b.rss_mib:.0f} / {a.rss_mib:.0f} MiB = {b.rss_mib / a.rss_mib:.2f}x")
    print("  runs (s): json.load " + ", ".join(f"{t:.2f}" for t in a.times)
          + "; check " + ", ".join(f"{t:.2f}" for t in b.times))
    return [Goal(f"giant dialog ({nodes:,} nodes): time / json.load", b.time / a.time, 1.0),
            Goal(f"giant dialog ({nodes:,} nodes): peak RSS / json.load", b.rss_mib / a.rss_mib, 1.0)]


def many_findings(tmp: Path, findings: int, korelint: list[str], interleaved, repeat: int) -> list[Goal]:
    """`check --format json` of a bot with `findings` knowledge-graph findings (KL401: one term
    with a missing parent per knowledge task, benchmarks/scaling.py's `kgtasks`) against the same
    check with KL401 ignored (the loading and analysing without the findings)."""
    path = tmp / "findings.json"
    with open(path, "w", encoding="utf-8") as fh:  # streamed: this process stays small (see above)
        fh.write('{"_id": "st-bench", "name": "bench", "dialogs": [], "dialogComponents": [], '
                 '"knowledgeTasks": [')
        for i in range(findings):
            task = {"name": f"k{i}", "taxonomy": [{"nodeId": "t", "label": "t", "parent": ["missing"]}]}
            fh.write(("," if i else "") + json.dumps(task))
        fh.write("]}")
    base = korelint + ["check", str(path), "--isolated", "-o", os.devnull]
    cmds = {"baseline": base + ["--ignore", "KL401"], "candidate": base + ["--format", "json"]}
    a, b = interleaved(cmds, (0, 1), repeat, "bench: findings")
    print(f"{findings:,} findings, {repeat} runs each, interleaved: check --format json {b.time:.2f} s / "
          f"check --ignore KL401 {a.time:.2f} s = {b.time / a.time:.2f}x")
    return [Goal(f"{findings:,} findings: check --format json / check --ignore KL401", b.time / a.time, 3.0)]


def print_goals(goals: list[Goal]) -> None:
    print("\nissue 17, every ratio of this run against its goal:")
    width = max(len(g.figure) for g in goals)
    for g in goals:
        verdict = "met" if g.met else "NOT MET"
        print(f"  {g.figure:{width}}  {g.ratio:5.2f}x  goal <= {g.most:.1f}x  {verdict}")
