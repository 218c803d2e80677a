"""Fuzzing `korelint diff`: pairs of generated payloads (any kinds, valid, near-valid or garbage)
in every format. Besides harness.py's invariants: an unreadable side is refused in one line
naming it (exit 2), a readable pair gives a well-formed report, and a payload diffed against
itself has no changes and exits 0."""
from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from analyzer.reporters.diff import DIFF_REPORTERS
from fuzzgen import COUNTS, PROBE, examples, samples
from harness import check_format, run_cli

FORMATS = sorted(DIFF_REPORTERS)


def _diff(workdir, old, new, fmt: str) -> tuple[int, str]:
    a, b = workdir / f"old-{old.name}", workdir / f"new-{new.name}"
    a.write_bytes(old.data)
    b.write_bytes(new.data)
    COUNTS["diff"] += 1
    code, out, err = run_cli(["diff", str(a), str(b), "--format", fmt])
    if code == 2:
        assert out == "", out[:500]
        lines = err.splitlines()
        assert 1 <= len(lines) <= 2, err  # one line per unreadable side
        assert all(line.startswith("korelint: error: ") for line in lines), err
        assert any(str(a) in line or str(b) in line for line in lines), err
        assert old.quality != "valid" or new.quality != "valid", ("a valid pair was refused", err)
        return code, out
    assert err == "", err
    if fmt == "json":
        doc = json.loads(out)
        assert set(doc) == {"tool", "old", "new", "summary", "dialogs", "findings"}
        assert (code == 1) == any(f["severity"] == "error" for f in doc["findings"]["new"])
    elif fmt == "html":
        assert out.startswith("<!DOCTYPE html>") and out.rstrip().endswith("</html>")
        assert PROBE not in out, "payload markup reached the page unescaped"
    elif fmt == "markdown":
        check_format("markdown", out)
        assert len(out) <= 61_000
    else:
        assert all(line.isprintable() for line in out.splitlines()), out
    return code, out


@examples(fuzz=600, default=6)
@given(old=samples(qualities=("valid", "valid", "near-valid", "garbage")),
       new=samples(qualities=("valid", "valid", "near-valid", "garbage")),
       fmt=st.sampled_from(FORMATS))
def test_diff_of_two_payloads(workdir, old, new, fmt):
    _diff(workdir, old, new, fmt)


@examples(fuzz=300, default=4)
@given(sample=samples(qualities=("valid", "near-valid")), fmt=st.sampled_from(FORMATS))
def test_a_payload_against_itself_has_no_changes(workdir, sample, fmt):
    code, out = _diff(workdir, sample, sample, fmt)
    if code == 2:
        return
    assert code == 0
    if fmt == "json":
        doc = json.loads(out)
        assert doc["dialogs"] == [] and doc["findings"]["new"] == doc["findings"]["fixed"] == []
    assert PROBE not in out or fmt not in ("markdown", "html")
