"""On real bots, findings name nodes as Bot Builder does (issue 13): no finding message, text line
or drawing label shows a node's internal id (`nd-ent-5d78…`) when its component has a name."""
from __future__ import annotations

import json
import re

import pytest

from helpers import CORPUS, korelint

EXPORTS = sorted((CORPUS / "bot-exports").glob("*.json")) if (CORPUS / "bot-exports").is_dir() else []


@pytest.fixture(autouse=True)
def corpus_present():
    if not CORPUS.is_dir():
        pytest.skip(f"no corpus at {CORPUS}")


def named_ids(export: dict) -> dict[str, dict[str, str]]:
    """Dialog name -> node id -> its component's name, for every node whose component has one
    (legacy exports reuse ids such as `entity1` in every dialog)."""
    bot = export.get("appDefinition", export)
    names = {c.get("_id"): c.get("name") for c in bot.get("dialogComponents", [])
             if isinstance(c, dict) and isinstance(c.get("name"), str) and c["name"].strip()}
    out: dict[str, dict[str, str]] = {}
    for dialog in bot.get("dialogs", []):
        locale = dialog.get("localeData") or {}
        shown = next((v["name"] for v in locale.values() if isinstance(v, dict) and v.get("name")),
                     dialog.get("name") or dialog.get("lname"))
        mine = out.setdefault(shown, {})
        for node in dialog.get("nodes", []):
            name = names.get(node.get("componentId"))
            if name and name not in (node.get("nodeId"), node.get("componentId")):
                mine.setdefault(node["nodeId"], name)
    return out


def _shown(text: str, ids: dict[str, str]) -> list[str]:
    """The ids `text` shows other than as the short id that tells two same-named nodes apart
    (`state (entity1)`)."""
    return [i for i, name in ids.items()
            if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text.replace(f"{name} ({i})", name))]


def test_no_message_or_line_shows_the_id_of_a_named_node():
    _, out, _ = korelint("check", *map(str, EXPORTS), "--select", "ALL", "--format", "json")
    findings = json.loads(out)["findings"]
    _, text, _ = korelint("check", *map(str, EXPORTS), "--select", "ALL")
    by_path: dict[str, list[dict]] = {}
    for f in findings:
        by_path.setdefault(f["path"], []).append(f)
    checked = 0
    for path, items in by_path.items():
        per_dialog = named_ids(json.loads(open(path, encoding="utf-8").read()))
        for f in items:
            ids = per_dialog.get(f["dialog"], {})
            assert not _shown(f["message"], ids), f
            if f["node"] in ids:
                assert f["node_name"] == ids[f["node"]] or f["node_name"].startswith(ids[f["node"]] + " ("), f
                checked += 1
        lines = [line for line in text.splitlines() if line.startswith(path + ":")]
        for line in lines:
            dialog = line.rsplit(" [", 1)[-1].split(" › ")[0]
            assert not _shown(line, per_dialog.get(dialog, {})), line
    assert checked > 100  # the corpus has hundreds of findings on named nodes


def test_real_exports_are_named_by_their_components():
    path = CORPUS / "bot-exports" / "AiswaryaNarayanan+EducationBot.json"
    if not path.exists():
        pytest.skip("export not in the corpus")
    _, out, _ = korelint("check", str(path), "--select", "ALL", "--format", "json")
    report = json.loads(out)
    shown = {(f["dialog"], f["node"], f["node_name"]) for f in report["findings"] if f["node"]}
    ids = named_ids(json.loads(path.read_text(encoding="utf-8")))
    assert shown and all(name == ids[dialog].get(nid, nid) for dialog, nid, name in shown)
