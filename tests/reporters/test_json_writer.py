"""The json reporter writes its findings itself (the standard library encodes in Python when it
indents): byte for byte what json.dump(indent=2, ensure_ascii=False) writes."""
from __future__ import annotations

import io
import json
from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from analyzer.findings import Finding, InputSummary, Result, Severity
from analyzer.reporters import json as json_reporter

TEXT = st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=12)
FINDINGS = st.builds(
    Finding, rule=TEXT, name=TEXT, severity=st.sampled_from(list(Severity)), message=TEXT, path=TEXT,
    dialog=st.none() | TEXT, dialog_id=st.none() | TEXT, node=st.none() | TEXT,
    nodes=st.lists(TEXT, max_size=3).map(tuple), pointer=TEXT, line=st.none() | st.integers(),
    node_name=st.none() | TEXT, nodes_names=st.lists(TEXT, max_size=3).map(tuple))


def _standard(result: Result) -> str:
    out = io.StringIO()
    json.dump(json_reporter.document(result), out, indent=2, ensure_ascii=False)
    return out.getvalue() + "\n"


@given(st.lists(FINDINGS, max_size=6), st.booleans())
def test_the_writer_writes_what_json_dump_writes(findings, with_input):
    result = Result([InputSummary("p.json", "bot-export", None, 1, 2)] if with_input else [], findings)
    out = io.StringIO()
    json_reporter.report(result, out)
    assert out.getvalue() == _standard(result)


def test_many_findings_are_written_in_batches_the_same():
    one = Finding("KL401", "kg-dangling-parent", Severity.ERROR, "m", "p", None, None, "t", ("t",), "/x", 3)
    result = Result([], [one] * (2 * json_reporter._BATCH + 1))
    out = io.StringIO()
    json_reporter.report(result, out)
    assert out.getvalue() == _standard(result)


UNUSUAL = st.sampled_from([1.5, float("nan"), True, 10**30, ["a", 1], {"k": None}, "\u2028"])


@given(st.lists(FINDINGS, min_size=1, max_size=5), st.data())
def test_a_finding_with_an_unusual_value_is_written_as_json_dump_writes_it(findings, data):
    """Written a batch at a time, the others by the writer: the same bytes as the whole document
    by json.dump."""
    k = data.draw(st.integers(0, len(findings) - 1))
    member = data.draw(st.sampled_from(["line", "node", "dialog", "message", "nodes"]))
    value = data.draw(UNUSUAL)
    findings[k] = replace(findings[k], **{member: (value,) if member == "nodes" else value})
    result = Result([], findings)
    out = io.StringIO()
    json_reporter.report(result, out)
    assert out.getvalue() == _standard(result)
