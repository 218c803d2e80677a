"""Start-up: each command imports only what it uses (issue 17). pre-commit runs korelint on
every commit, so what `--version`, `rules` and a small `check` import is most of what users
wait for. Not timed (timings are noisy): the modules a fresh process has loaded are compared."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from helpers import ROOT

# Third-party packages only some commands need (and the project's drawing and live packages).
HEAVY = ("networkx", "pydantic", "pydantic_core", "jinja2", "httpx", "rich", "wasmtime", "msgspec",
         "analyzer.drawing", "analyzer.live.client", "analyzer.reporters.html", "analyzer.diff")

_PROBE = """
import contextlib, io, json, sys
from analyzer import cli
with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
    code = cli.main(sys.argv[1:])
print(json.dumps(sorted(sys.modules)))
"""


def imported(*argv: str) -> set[str]:
    """The modules loaded by a fresh process once `korelint ARGV` has run."""
    ran = subprocess.run([sys.executable, "-c", _PROBE, *argv], cwd=ROOT, capture_output=True,
                         text=True, check=True)
    return set(json.loads(ran.stdout.splitlines()[-1]))


def heavy(modules: set[str]) -> set[str]:
    return {h for h in HEAVY if h in modules}


@pytest.mark.parametrize("argv", [["--version"], ["--help"], ["rules"], ["rules", "KL101"],
                                  ["rules", "--format", "json"]], ids=" ".join)
def test_light_commands_import_nothing_heavy(argv):
    assert heavy(imported(*argv)) == set()


def test_check_imports_the_analysis_but_not_pydantic_the_report_or_the_network():
    modules = imported("check", "samples/publish-status.json", "--isolated")
    assert "analyzer.engine" in modules
    # not pydantic: msgspec reads a publish status; not networkx: no path of the sample's dialog
    # loops, no dialog runs another, its knowledge graph is a tree (no graph query needs it)
    assert heavy(modules) == {"msgspec"}


@pytest.mark.parametrize("sample", ["KL103-loop-without-exit.json", "KL402-kg-cycle.json"])
def test_check_imports_networkx_when_a_graph_has_a_cycle(sample):
    modules = imported("check", f"samples/rules/{sample}", "--isolated")
    assert heavy(modules) == {"networkx", "msgspec"}  # the rules' graph library, when needed


@pytest.mark.parametrize("argv", [["--version"], ["rules"]], ids=" ".join)
def test_light_commands_leave_logging_and_hashing_alone(argv):
    """logging (~10 ms) and hashlib (~5 ms) are a tenth of what `korelint rules` may take."""
    assert {"logging", "hashlib"} & imported(*argv) == set()
