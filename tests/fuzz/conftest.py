"""The fuzzing harness's settings and tally.

`make test` runs these tests with a few examples each (the "default" profile: seconds);
`make fuzz` runs them with HYPOTHESIS_PROFILE=fuzz and KORELINT_FUZZ_MIN=10000: at least 10,000
generated payloads through `check`, or the session fails. The count is printed at the end.
"""
from __future__ import annotations

import os
import sys

import pytest

from fuzzgen import COUNTS, FUZZ


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


@pytest.fixture(autouse=True, scope="session")
def _graphviz_cache(tmp_path_factory):
    """The compiled Graphviz module goes to a folder of the test session, not the user's cache."""
    if "KORELINT_CACHE_DIR" not in os.environ:
        os.environ["KORELINT_CACHE_DIR"] = str(tmp_path_factory.mktemp("korelint-cache"))
    yield


def pytest_terminal_summary(terminalreporter):
    if not COUNTS:
        return
    tr = terminalreporter
    tr.write_sep("-", "korelint fuzzing")
    tr.write_line(f"generated payloads through check: {COUNTS['check']}, report: {COUNTS['report']}, "
                  f"paths: {COUNTS['paths']}, loaders: {COUNTS['loaders']}, diff: {COUNTS['diff']}")
    for key in sorted(k for k in COUNTS if k.startswith("check ") and FUZZ):
        tr.write_line(f"  {key}: {COUNTS[key]}")


def pytest_sessionfinish(session, exitstatus):
    minimum = int(os.environ.get("KORELINT_FUZZ_MIN", "0") or 0)
    if minimum and COUNTS["check"] < minimum:
        sys.stderr.write(f"korelint fuzzing: only {COUNTS['check']} payloads went through check "
                         f"(KORELINT_FUZZ_MIN={minimum})\n")
        session.exitstatus = 1
