"""What the benchmark scripts share: a command timed as its own process (wall time and peak RSS
from os.wait4), a temporary folder for generated payloads, and a plain-text table row."""
from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path


def measure(cmd: list[str], ok_codes: tuple[int, ...], timeout: float | None = None,
            cwd: Path | None = None, who: str = "bench") -> tuple[float | None, int]:
    """Run cmd as its own process: (wall seconds, or None when killed at `timeout`; peak RSS in
    KiB) of that process. Another exit code than ok_codes stops the script with its stderr."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err, cwd=cwd)
        timer = threading.Timer(timeout, proc.kill) if timeout else None
        if timer:
            timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            if timer:
                timer.cancel()
        wall = time.perf_counter() - start
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        if timeout and code == -9 and wall >= timeout:
            return None, usage.ru_maxrss
        if code not in ok_codes:
            err.seek(0)
            detail = err.read().decode("utf-8", "replace").strip()[-2000:]
            raise SystemExit(f"{who}: {' '.join(cmd[:5])}... exited {code}\n{detail}")
    return wall, usage.ru_maxrss  # KiB on Linux


@contextlib.contextmanager
def workdir(keep: bool, who: str = "bench") -> Iterator[Path]:
    """A temporary folder for the generated payloads, removed afterwards unless kept."""
    tmp = Path(tempfile.mkdtemp(prefix=f"korelint-{who}-"))
    try:
        yield tmp
    finally:
        if keep:
            print(f"{who}: payloads kept in {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def fmt_row(cells: list[str], widths: list[int], left: int = 1) -> str:
    """The cells padded to their widths: the first `left` to the left, numbers to the right."""
    return "  ".join(c.ljust(w) if i < left else c.rjust(w)
                     for i, (c, w) in enumerate(zip(cells, widths, strict=True)))
