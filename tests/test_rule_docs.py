"""Every rule's documentation says where to fix the problem in Bot Builder, not only in JSON."""
from __future__ import annotations

import pytest

from analyzer.rules import all_rules

HEADING = "Where to fix it in Bot Builder:"

# added with issue 13's other changes
PENDING: set[str] = set()


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.name)
def test_rule_doc_says_where_to_fix_it_in_bot_builder(rule):
    if rule.name in PENDING:
        pytest.skip("added with issue 13's other changes")
    paragraphs = [p.strip() for p in rule.doc.split("\n\n")]
    said = [p for p in paragraphs if p.startswith(HEADING)]
    assert len(said) == 1, f"{rule.name}: one paragraph starting {HEADING!r}"
    assert len(said[0]) > len(HEADING) + 10, f"{rule.name}: the paragraph says nothing"
    why = next(i for i, p in enumerate(paragraphs) if p.startswith("Why it matters"))
    fails = next(i for i, p in enumerate(paragraphs) if p.startswith("Fails"))
    assert why < paragraphs.index(said[0]) < fails, f"{rule.name}: after Why it matters, before Fails"


def test_pending_names_registered_rules():
    assert PENDING <= {r.name for r in all_rules()}
