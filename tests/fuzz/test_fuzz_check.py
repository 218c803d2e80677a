"""Fuzzing `korelint check`: every generated payload (five kinds; valid, near-valid, garbage)
through every output format, standard input and the lint options. See harness.py for the
invariants. `make fuzz` runs 1,450 examples per format (10,150) plus the stdin and options tests."""
from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from analyzer.reporters import REPORTERS
from fuzzgen import COUNTS, examples, samples
from harness import assert_refused_in_one_line, check_format, check_run, run_cli

FORMATS = sorted(REPORTERS)


@pytest.mark.parametrize("fmt", FORMATS)
@examples(fuzz=1450, default=12)
@given(sample=samples())
def test_check_in_every_format(workdir, fmt, sample):
    check_run(workdir, sample, fmt)


@examples(fuzz=200, default=8)
@given(sample=samples())
def test_check_standard_input(workdir, sample):
    check_run(workdir, sample, "json", stdin=True)


RULES = ["KL001", "KL1", "KL101", "dangling-target", "KL2", "KL3", "KL4", "implicit-end", "ALL"]


@examples(fuzz=300, default=8)
@given(sample=samples(), fmt=st.sampled_from(FORMATS),
       fail_on=st.sampled_from(["error", "warning", "info", "never"]),
       select=st.lists(st.sampled_from(RULES), max_size=3),
       ignore=st.lists(st.sampled_from(RULES), max_size=2),
       statistics=st.booleans(), to_file=st.booleans())
def test_check_with_options(workdir, sample, fmt, fail_on, select, ignore, statistics, to_file):
    path, out_file = workdir / sample.name, workdir / "out.txt"
    path.write_bytes(sample.data)
    out_file.unlink(missing_ok=True)
    argv = ["check", str(path), "--format", fmt, "--fail-on", fail_on, "--isolated", "-j", "1"]
    argv += ["--select", ",".join(select)] if select else []
    argv += ["--ignore", ",".join(ignore)] if ignore else []
    argv += ["--statistics"] if statistics else []
    argv += ["-o", str(out_file)] if to_file else []
    COUNTS["check"] += 1
    COUNTS[f"check {sample.kind} {sample.quality}"] += 1
    code, out, err = run_cli(argv)
    if code == 2:
        assert_refused_in_one_line(code, out, err, str(path))
        assert not out_file.exists()
        return
    assert err == ""
    report = out_file.read_text(encoding="utf-8") if to_file else out
    assert (out == "") if to_file else not out_file.exists()
    if fail_on == "never":
        assert code == 0
    if statistics:
        assert report.splitlines()[-1].split() [1:] == ["total"]
    else:
        check_format(fmt, report)
    if fmt == "json" and not statistics:
        found = json.loads(report)["findings"]
        assert code == (1 if any(_fails(f["severity"], fail_on) for f in found) else 0)


def _fails(severity: str, fail_on: str) -> bool:
    order = {"info": 0, "warning": 1, "error": 2, "never": 3}
    return order[severity] >= order[fail_on]
