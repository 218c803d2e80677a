"""Reports for comments and annotations (issue 18): `--format markdown` fits a comment
(`--max-chars`, the summary table never cut, "… and N more findings" when cut); `--format github`
puts the most severe findings first (GitHub shows 10 annotations of each level per step)."""
from __future__ import annotations

import json

import pytest

from analyzer.reporters.markdown import MAX_CHARS
from helpers import default, dialog, korelint, node, publish_status


@pytest.fixture
def many(tmp_path):
    """Three inputs with hundreds of findings: dangling targets (errors) and unreachable nodes
    (warnings), interleaved in report order."""
    paths = []
    for k in range(3):
        nodes = [node("intent0", "intent", default("message0"))]
        for i in range(300):
            nodes.append(node(f"message{i}", "message", default(f"message{i + 1}" if i % 2 else f"gone{i}")))
            nodes.append(node(f"orphan{i}", "message"))
        path = tmp_path / f"bot{k}.json"
        path.write_text(json.dumps(publish_status(dialog(*nodes, name=f"Dialog {k}")), indent=2))
        paths.append(path)
    return paths


def findings_of(paths) -> list[dict]:
    code, out, _ = korelint("check", *paths, "--format", "json", "--isolated")
    assert code == 1
    return json.loads(out)["findings"]


def markdown(paths, *extra) -> str:
    code, out, err = korelint("check", *paths, "--format", "markdown", "--isolated", *extra)
    assert code == 1 and err == "", err
    return out


def finding_rows(md: str) -> list[str]:
    return [line for line in md.splitlines() if line.startswith("| 🔴") or line.startswith("| 🟠")
            or line.startswith("| 🔵")]


def test_markdown_fits_a_comment_by_default(many):
    total = len(findings_of(many))
    md = markdown(many)
    assert total > 1000 and len(md) <= MAX_CHARS
    shown = len(finding_rows(md))
    assert 0 < shown < total
    assert f"… and {total - shown} more findings" in md
    assert all(f"bot{k}.json" in md.split("\n\n")[1] for k in range(3))  # every input in the summary


def test_max_chars_bounds_the_comment_and_zero_means_all(many):
    total = len(findings_of(many))
    for limit in (5000, 20_000):
        md = markdown(many, "--max-chars", limit)
        assert len(md) <= limit and 0 < len(finding_rows(md)) < total
    md = markdown(many, "--max-chars", 0)
    assert len(finding_rows(md)) == total and "more finding" not in md


def test_the_summary_table_is_never_cut(many):
    md = markdown(many, "--max-chars", 10)
    summary = [line for line in md.splitlines() if line.startswith("| `")]
    assert len(summary) == 3 and finding_rows(md) == []
    assert f"… and {len(findings_of(many))} more findings" in md


def test_a_bad_max_chars_is_a_usage_error(many):
    code, out, err = korelint("check", *many, "--format", "markdown", "--max-chars", "lots")
    assert code == 2 and out == "" and "--max-chars" in err


def test_github_annotations_most_severe_first(many):
    code, out, _ = korelint("check", *many, "--format", "github", "--isolated")
    levels = [line.split(" ", 1)[0] for line in out.splitlines()]
    rank = {"::error": 0, "::warning": 1, "::notice": 2}
    assert code == 1 and len(levels) == len(findings_of(many))
    assert [rank[x] for x in levels] == sorted(rank[x] for x in levels)
    assert set(levels) == {"::error", "::warning"}
