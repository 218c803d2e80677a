"""Shared by the hostile-input catalogue (tests/test_hostile_reading.py, _parsing, _analysing,
_writing): hostile inputs through the real command line, each refused (exit 2, exactly one line on
stderr naming the file) or turned into `malformed-payload` (KL001) findings while the rest of the input is
still analysed. Never a traceback, never an internal error."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from analyzer import cli
from helpers import ROOT, branch, cond, default, dialog, node, publish_status

KORELINT = ROOT / ".venv" / "bin" / "korelint"
GOOD_TRANSITION = "/statusSummary/0/result/nodes/1/transitions/0"  # the planted dangling target


# -- running korelint ----------------------------------------------------------------------
def run(*args: str, stdin: bytes | None = None, monkeypatch=None) -> tuple[int, str, str]:
    """korelint in this process: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    with redirect_stdout(out), redirect_stderr(err):
        code = cli.main(["check", *args])
    stderr = err.getvalue()
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    return code, out.getvalue(), stderr


def run_process(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> tuple[int, str, str]:
    """korelint as a separate process (the installed script when there is one)."""
    command = [str(KORELINT)] if KORELINT.exists() else [sys.executable, "-m", "analyzer"]
    env = {k: v for k, v in os.environ.items() if k != "KORELINT_DEBUG"}
    proc = subprocess.run([*command, "check", *args], input=stdin if stdin is not None else b"",
                          capture_output=True, timeout=120, cwd=cwd, env=env)
    stderr = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    return proc.returncode, proc.stdout.decode("utf-8", "replace"), stderr


def assert_refused(result: tuple[int, str, str], name: str, reason: str = "") -> str:
    code, out, err = result
    lines = err.splitlines()
    assert code == 2, (code, out, err)
    assert len(lines) == 1, err
    assert name in lines[0], (name, lines[0])
    assert reason.lower() in lines[0].lower(), (reason, lines[0])
    assert out == ""
    return lines[0]


def json_findings(result: tuple[int, str, str]) -> list[dict]:
    code, out, err = result
    assert code in (0, 1), (code, err)
    return json.loads(out)["findings"]


def write(tmp_path: Path, name: str, data: bytes | str | dict | list) -> str:
    path = tmp_path / name
    if isinstance(data, (dict, list)):
        data = json.dumps(data, indent=2)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return str(path)


# -- payloads --------------------------------------------------------------------------------
def good_dialog() -> dict:
    """A dialog whose only defect is the dangling target `gone` (KL101 at GOOD_TRANSITION)."""
    return dialog(node("intent0", "intent", default("message1")),
                  node("message1", "message", default("gone")), name="Good")


def two_dialogs() -> dict:
    """A publish status with the good dialog first and the one the tests break second."""
    bad = dialog(node("intent0", "intent", branch(cond("a"), "message1"), default("end")),
                 node("message1", "message", default("end")), name="Broken")
    bad["_id"] = "dg-broken"
    return publish_status(good_dialog(), bad)


def sample() -> bytes:
    return json.dumps(two_dialogs(), indent=2).encode()


def assert_good_dialog_analysed(found: list[dict]) -> None:
    dangling = [f for f in found if f["rule"] == "KL101" and f["dialog"] == "Good"]
    assert [(f["pointer"], f["node"], f["dialog"]) for f in dangling] == [
        (GOOD_TRANSITION, "message1", "Good")]


# -- peak memory of a korelint process (the hardening of issue 8) ----------------------------------
MiB = 1024 * 1024
BIG = "@BIG@"  # where write_big() puts the huge string

_MEASURE = r"""
import json, os, subprocess, sys
proc = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(proc.pid, 0)
proc.returncode = os.waitstatus_to_exitcode(status)
with open(sys.argv[1], "w") as fh:
    json.dump({"code": proc.returncode, "maxrss": usage.ru_maxrss * 1024}, fh)
"""


def measured(tmp_path: Path, command: str, *args: str) -> tuple[int, int, str]:
    """`korelint COMMAND ARGS` in a process of its own, stdout discarded: (exit code, peak RSS in
    bytes, stderr). A small Python process starts it and reads its rusage (os.wait4): a child
    forked straight from this large test process would count our pages in its peak."""
    korelint = [str(KORELINT)] if KORELINT.exists() else [sys.executable, "-m", "analyzer"]
    result, errors = tmp_path / "rusage.json", tmp_path / "stderr.txt"
    env = {k: v for k, v in os.environ.items() if k != "KORELINT_DEBUG"}
    env.setdefault("KORELINT_CACHE_DIR", str(tmp_path / "korelint-cache"))  # not the user's cache
    with open(errors, "wb") as err:
        subprocess.run([sys.executable, "-c", _MEASURE, str(result), *korelint, command, *args],
                       stdout=subprocess.DEVNULL, stderr=err, env=env, check=True, timeout=600)
    outcome = json.loads(result.read_text())
    stderr = errors.read_text("utf-8", "replace")
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr[:2000]
    return outcome["code"], outcome["maxrss"], stderr


@pytest.fixture(scope="module")
def small_rss(tmp_path_factory) -> dict[str, int]:
    """Peak RSS of `check` and `report` on a small payload: the interpreter and its imports."""
    tmp = tmp_path_factory.mktemp("rss")
    path = write(tmp, "small.json", sample())
    check_code, check_rss, _ = measured(tmp, "check", path, "--format", "json")
    report_code, report_rss, _ = measured(tmp, "report", path, "-o", str(tmp / "small.html"))
    assert check_code == report_code == 1
    return {"check": check_rss, "report": report_rss}


# -- where `report` keeps its compiled Graphviz --------------------------------------------------
@pytest.fixture(scope="module")
def _korelint_cache_dir(tmp_path_factory) -> str:
    return os.environ.get("KORELINT_CACHE_DIR") or str(tmp_path_factory.mktemp("korelint-cache"))


@pytest.fixture(autouse=True)
def _korelint_cache(monkeypatch, _korelint_cache_dir):
    """`report` keeps its compiled Graphviz in a folder of the test session, not the user's cache."""
    monkeypatch.setenv("KORELINT_CACHE_DIR", _korelint_cache_dir)
