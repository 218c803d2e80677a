"""Fuzzing `korelint paths`: every generated payload gives a plan (exit 0) or is refused in one
line (exit 2); the JSON plan parses and each path is a walk that starts at a dialog's entry."""
from __future__ import annotations

import json

from hypothesis import given

from fuzzgen import COUNTS, examples, samples
from harness import assert_refused_in_one_line, run_cli


@examples(fuzz=500, default=5)
@given(sample=samples(qualities=("valid", "valid", "near-valid", "garbage")))
def test_paths_as_json(workdir, sample):
    src = workdir / sample.name
    src.write_bytes(sample.data)
    COUNTS["paths"] += 1
    code, out, err = run_cli(["paths", str(src), "--format", "json"])
    if code == 2:
        assert_refused_in_one_line(code, out, err, str(src))
        if sample.quality == "valid":
            raise AssertionError(f"a valid payload was refused: {err}")
        return
    assert code == 0, err
    plan = json.loads(out)
    for dialog in plan["dialogs"]:
        assert dialog["minimal"] is True and dialog["coverable"] >= 0
        for path in dialog["paths"]:
            assert path["steps"] and path["exit"] in ("end", "not-connected", "no-transitions",
                                                      "agent-transfer", "waits-for-input")
