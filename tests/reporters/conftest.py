"""Shared by the report tests: build a report from a payload."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from helpers import korelint


@pytest.fixture
def make_report(tmp_path):
    """Write a payload, run `korelint report` on it (helpers.korelint: stdout and stderr are
    captured, and hold no traceback nor internal error); returns (exit code, html, out path)."""

    def run(payload, *extra: str, name: str = "payload.json"):
        if isinstance(payload, Path):
            src = payload
        else:
            src = tmp_path / name
            src.write_text(json.dumps(payload, indent=2), encoding="utf-8")
        out = tmp_path / "report.html"
        code = korelint("report", src, "-o", out, *extra).code
        html = out.read_text(encoding="utf-8") if out.exists() else ""
        return code, html, out

    return run


@pytest.fixture(autouse=True, scope="session")
def _graphviz_cache(tmp_path_factory):
    """The compiled Graphviz module goes to a folder of the test session, not the user's cache."""
    if "KORELINT_CACHE_DIR" not in os.environ:
        os.environ["KORELINT_CACHE_DIR"] = str(tmp_path_factory.mktemp("korelint-cache"))
    yield
