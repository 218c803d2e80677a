"""Every output stays byte-identical: the digests of what `check` (every format), `report` and
`paths` print for the samples and the corpus (../shared/corpus, skipped when absent) are pinned
in golden/outputs.json, recorded from the code before the performance work (issue 17).

Only what legitimately varies is normalised: the version and the report's generation time.
`KORELINT_WRITE_GOLDEN=1 pytest tests/test_golden_outputs.py` records the digests again (do it
only for an intended change of an output, and say so in the commit).
"""
from __future__ import annotations

import hashlib
import json
import os
import re

import pytest

from analyzer.reporters import REPORTERS
from analyzer.version import __version__
from helpers import CORPUS, ROOT, SAMPLES, korelint

GOLDEN = ROOT / "tests" / "golden" / "outputs.json"
WRITE = bool(os.environ.get("KORELINT_WRITE_GOLDEN"))
# The report's generation time (`<time datetime="...">...</time> by korelint`), nothing else.
_GENERATED = re.compile(r'<time datetime="[^"]*">[^<]*</time>')


def _inputs(folder, pattern: str) -> list[str]:
    # relative to the repository (the test runs there): paths are part of every output
    return [os.path.relpath(p, ROOT) for p in sorted(folder.glob(pattern))] if folder.is_dir() else []


SAMPLE_FILES = [p for p in _inputs(SAMPLES, "**/*") if p.endswith((".json", ".zip"))
                and not p.endswith(("expected.json", ".plan.json"))]
CORPUS_FILES = _inputs(CORPUS / "bot-exports", "*.json")
GROUPS = {"samples": SAMPLE_FILES, "corpus": CORPUS_FILES}


def _digest(*argv: str) -> str:
    ran = korelint(*argv, "--isolated" if argv[0] != "paths" else "--max-paths=50")
    out = _GENERATED.sub("<time/>", ran.out).replace(__version__, "VERSION")
    text = f"{ran.code}\n{out}\n--stderr--\n{ran.err.replace(__version__, 'VERSION')}"
    return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()


def _runs(group: str) -> dict[str, list[str]]:
    """name -> argv of every run pinned for the group."""
    files = GROUPS[group]
    runs = {}
    for path in files:  # one report per input: a difference names its file
        runs[f"check json {path}"] = ["check", path, "--format", "json", "--jobs", "1"]
        runs[f"check json ALL {path}"] = ["check", path, "--format", "json", "--select", "ALL", "--jobs", "1"]
    for fmt in sorted(REPORTERS):  # every format, all the inputs of the group in one report
        runs[f"check {fmt} {group}"] = ["check", *files, "--format", fmt, "--select", "ALL", "--jobs", "1"]
    runs[f"check statistics {group}"] = ["check", *files, "--statistics", "--jobs", "1"]
    runs[f"report {group}"] = ["report", *files, "-o", "-"]
    runs[f"paths json {group}"] = ["paths", *files, "--format", "json"]
    return runs


@pytest.fixture(autouse=True)
def at_the_root(monkeypatch):
    monkeypatch.chdir(ROOT)


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_outputs_are_the_golden_ones(group):
    if not GROUPS[group]:
        pytest.skip(f"no {group} (the corpus is at {CORPUS})")
    got = {name: _digest(*argv) for name, argv in _runs(group).items()}
    golden = json.loads(GOLDEN.read_text()) if GOLDEN.exists() else {}
    if WRITE:
        golden[group] = got
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(json.dumps(golden, indent=1, sort_keys=True) + "\n")
    pinned = golden.get(group, {})
    changed = sorted(k for k in got.keys() | pinned.keys() if got.get(k) != pinned.get(k))
    assert not changed, f"outputs differ from the golden ones: {changed[:20]}"
