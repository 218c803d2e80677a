"""Installing korelint as users do (issue 18): `make demo` ends with the command to run on one's
own bot; the wheel installs into a fresh venv with its dependencies and draws a report there
(slow: it builds the wheel and installs the dependencies from the package registry); the GitHub
Action's inputs."""
from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import ROOT, SAMPLES, default, dialog, node, publish_status

VENV_KORELINT = ROOT / ".venv" / "bin" / "korelint"


@pytest.mark.skipif(not shutil.which("make") or not VENV_KORELINT.exists(), reason="needs make and .venv")
def test_make_demo_ends_with_the_command_to_run_on_ones_own_bot(tmp_path):
    ran = subprocess.run(["make", "--no-print-directory", "demo", f"DEMO_DIR={tmp_path}"], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert ran.returncode == 0, ran.stderr
    assert (tmp_path / "report.html").is_file()
    command = next(line.strip() for line in ran.stdout.splitlines() if "korelint check path/to/" in line)
    argv = shlex.split(command.replace("path/to/botDefinition.json", str(SAMPLES / "publish-status.json")))
    assert Path(argv[0]).is_absolute()  # runs from any directory
    checked = subprocess.run(argv, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert checked.returncode == 0, checked.stderr


@pytest.mark.slow
def test_the_wheel_installs_into_a_fresh_venv_and_draws_a_report(tmp_path):
    wheels = tmp_path / "wheels"
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(wheels),
                            str(ROOT)], capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr
    wheel = next(wheels.glob("korelint-*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    installed = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheel)],
                               capture_output=True, text=True, timeout=900)
    assert installed.returncode == 0, installed.stderr
    # A dialog without canvas positions: drawn by the Graphviz that comes with the dependencies.
    unplaced = tmp_path / "unplaced.json"
    unplaced.write_text(json.dumps(publish_status(dialog(
        node("intent0", "intent", default("message1")), node("message1", "message")))))
    env = {**os.environ, "KORELINT_GRAPHVIZ": "embedded", "KORELINT_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("PYTHONPATH", None)
    work = tmp_path / "elsewhere"  # not the checkout: the installed package, not the sources
    work.mkdir()
    for payload in (SAMPLES / "publish-status.json", unplaced):
        out = work / f"{payload.stem}.html"
        ran = subprocess.run([str(venv / "bin" / "korelint"), "report", str(payload), "-o", str(out)],
                             cwd=work, env=env, capture_output=True, text=True, timeout=600)
        assert ran.returncode == 0, ran.stderr
        html = out.read_text()
        assert "<svg" in html and "not drawn" not in html and "table only" not in html
    where = subprocess.run([str(venv / "bin" / "python"), "-c", "import analyzer; print(analyzer.__file__)"],
                           cwd=work, env=env, capture_output=True, text=True, check=True)
    assert str(venv) in where.stdout


def test_the_github_action_runs_check_with_its_inputs():
    action = (ROOT / "action.yml").read_text()
    inputs = re.search(r"^inputs:\n((?:  .*\n|\n)*)", action, re.M).group(1)
    names = re.findall(r"^  ([\w-]+):", inputs, re.M)
    assert {"paths", "format", "fail-on", "sarif"} <= set(names)
    assert "using: composite" in action and "korelint check" in action and "upload-sarif" in action
    runs = re.findall(r"^\s+run: (.*)$", action, re.M)
    # inputs reach the shell through the environment, never pasted into the script (injection)
    assert runs and not [r for r in runs if "${{" in r]
