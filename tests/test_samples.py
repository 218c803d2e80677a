"""samples/rules/: one payload per rule (a publish status; a bot export for the whole-bot rules
KL5xx/KL6xx, which read components and calls between dialogs); expected.json lists every finding."""
import json
from collections import Counter

import pytest

from analyzer.config import Config
from analyzer.payload import parse
from analyzer.rules import all_rules
from helpers import SAMPLES, lint

RULES_DIR = SAMPLES / "rules"
EXPECTED: dict[str, list[list]] = json.loads((RULES_DIR / "expected.json").read_text())


ALL = Config(select=["ALL"])  # the samples show every rule, those off by default (KL108) too


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_yields_exactly_the_expected_findings(name):
    got = Counter((f.name, f.node) for f in lint(RULES_DIR / name, config=ALL))
    assert got == Counter((rule, node) for rule, node in EXPECTED[name])


def test_every_sample_is_listed_in_expected():
    files = {p.name for p in RULES_DIR.glob("*.json")} - {"expected.json"}
    assert files == set(EXPECTED)


@pytest.mark.parametrize("rule", all_rules(), ids=lambda r: r.code)
def test_every_rule_has_a_sample_that_triggers_it(rule):
    name = f"{rule.code}-{rule.name}.json"
    assert name in EXPECTED, f"no sample {name}"
    assert rule.name in {r for r, _ in EXPECTED[name]}


# Rules that read components or calls between dialogs: those exist in bot exports only.
BOT_LEVEL = ("KL5", "KL6", "KL109", "KL208", "KL212", "KL213", "KL214")


def _dialogs(payload: dict, kind: str) -> list[dict]:
    if kind == "bot-export":
        return payload["dialogs"]
    return [res["result"] for res in payload["statusSummary"] if res["resourceType"] == "dialog"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_samples_are_small_payloads_with_canvas_positions(name):
    path = RULES_DIR / name
    assert path.stat().st_size < 8_000
    payload = json.loads(path.read_bytes())
    kind = "bot-export" if name.startswith(BOT_LEVEL) else "publish-status"
    doc = parse(path.read_bytes(), str(path))
    assert doc.kind == kind
    for dialog in _dialogs(payload, kind):
        for node in dialog["nodes"]:
            assert set(node) >= {"nodeId", "type", "transitions", "metadata", "componentId"}, node
            assert set(node["metadata"]) == {"left", "top"}
            if kind == "bot-export" and not name.startswith("KL109"):  # every node runs a component
                assert node["componentId"] in doc.components, node


def test_sample_findings_have_lines():
    for name in EXPECTED:
        assert all(f.line is not None for f in lint(RULES_DIR / name, config=ALL)), name


def test_bundled_publish_status_sample_has_no_error_or_warning():
    found = lint(SAMPLES / "publish-status.json")
    assert [f for f in found if f.severity.value in ("error", "warning")] == []
