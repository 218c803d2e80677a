"""Which Graphviz lays a dialog out: the system one (`dot` on PATH) when there is one, else the
embedded one (`embedded.py`); `KORELINT_GRAPHVIZ=system|embedded` forces one."""
from __future__ import annotations

import os
import shutil
import subprocess
import threading
from typing import Any

from .embedded import EmbeddedEngine
from .limits import DrawingError, DrawingTimeout


class _SystemEngine:
    name = "system"

    def __init__(self, dot: str):
        self.dot = dot

    def render(self, source: str, layout: str, timeout: float, fmt: str = "plain") -> bytes:
        try:
            proc = subprocess.run([self.dot, f"-K{layout}", f"-T{fmt}"], input=source.encode("utf-8"),
                                  capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise DrawingTimeout(f"the layout took more than {timeout:g} s") from None
        except OSError as exc:
            raise DrawingError(f"cannot run {self.dot}: {exc}") from None
        if proc.returncode != 0 or not proc.stdout:
            first = proc.stderr.decode("utf-8", "replace").strip().splitlines()[:1]
            raise DrawingError(f"Graphviz failed: {first[0] if first else proc.returncode}")
        return proc.stdout


_engine_lock = threading.Lock()
_engines: dict[tuple[int, str], Any] = {}


def engine(choice: str | None = None):
    """The Graphviz to use, created once per process: `system`, `embedded` or `auto`."""
    choice = (choice or os.environ.get("KORELINT_GRAPHVIZ") or "auto").lower()
    key = (os.getpid(), choice)  # a forked worker makes its own (threads do not survive a fork)
    with _engine_lock:
        if key in _engines:
            return _engines[key]
        dot = shutil.which("dot")
        if choice == "system" or (choice == "auto" and dot):
            if not dot:
                raise DrawingError("KORELINT_GRAPHVIZ=system but no `dot` on PATH")
            made: Any = _SystemEngine(dot)
        elif choice in ("embedded", "auto"):
            try:
                made = EmbeddedEngine()
            except ImportError as exc:
                raise DrawingError(f"no Graphviz: no `dot` on PATH and {exc.name} is not installed") from None
            except Exception as exc:  # a broken wasm module must not break the report
                raise DrawingError(f"the embedded Graphviz cannot start: {exc}") from None
        else:
            raise DrawingError(f"KORELINT_GRAPHVIZ={choice!r}: use system, embedded or auto")
        _engines[key] = made
        return made
