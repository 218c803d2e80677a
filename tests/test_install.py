"""Installing korelint as users do (issue 18): `make demo` ends with the command to run on one's
own bot."""
from __future__ import annotations

import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers import ROOT, SAMPLES

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
