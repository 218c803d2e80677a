"""Fuzzing `korelint report` (HTML, --svg-dir, --zip): slower than check, so fewer examples.
Besides harness.py's invariants: payload markup never reaches the HTML or an SVG unescaped,
every SVG name is safe and unique case-insensitively, the zip holds exactly the HTML, the SVGs
and the findings."""
from __future__ import annotations

from hypothesis import given

from fuzzgen import examples, samples
from harness import check_report


@examples(fuzz=500, default=3)
@given(sample=samples(qualities=("valid", "valid", "near-valid", "garbage")))
def test_report_with_svg_dir_and_zip(workdir, sample):
    check_report(workdir, sample)
