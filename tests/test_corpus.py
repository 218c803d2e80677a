"""The real-world corpus (../shared/corpus, not part of the repository): every bot export is read
without a `malformed-payload` finding, and the foreign export is refused."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import CORPUS, korelint

EXPORTS = sorted((CORPUS / "bot-exports").glob("*.json")) if (CORPUS / "bot-exports").is_dir() else []


@pytest.fixture(autouse=True)
def corpus_present():
    if not CORPUS.is_dir():
        pytest.skip(f"no corpus at {CORPUS}")


def test_the_corpus_is_all_there():
    assert len(EXPORTS) >= 40


@pytest.mark.parametrize("path", EXPORTS, ids=[p.stem for p in EXPORTS])
def test_bot_export_is_read_without_malformed_parts(path):
    code, out, err = korelint("check", str(path), "--format", "json")
    assert code in (0, 1), err
    assert err == ""
    report = json.loads(out)
    (summary,) = report["inputs"]
    assert summary["kind"] == "bot-export" and summary["dialogs"] > 0
    malformed = [f for f in report["findings"] if f["rule"] == "KL001"]
    assert malformed == []
    assert all(isinstance(f["line"], int) and f["line"] >= 1 for f in report["findings"])


def test_all_exports_in_one_run():
    code, out, err = korelint("check", *map(str, EXPORTS), "--format", "json")
    assert code in (0, 1) and err == ""
    report = json.loads(out)
    assert len(report["inputs"]) == len(EXPORTS)
    assert sum(i["dialogs"] for i in report["inputs"]) >= 300


def test_foreign_export_is_refused():
    path = CORPUS / "foreign" / "amazon-lex-export.json"
    if not path.exists():
        pytest.skip("no foreign export in the corpus")
    code, out, err = korelint("check", str(path))
    assert code == 2 and out == ""
    (line,) = err.splitlines()
    assert str(path) in line and "not a Kore.ai payload" in line
    assert "Traceback" not in err


# -- whole-bot rules on the corpus ---------------------------------------------------------------------
def whole_bot(*names: str) -> list[dict]:
    paths = [str(CORPUS / "bot-exports" / n) for n in names] if names else list(map(str, EXPORTS))
    _, out, err = korelint("check", *paths, "--select", "KL5,KL6", "--format", "json")
    assert err == ""
    return json.loads(out)["findings"]


def test_the_leaking_exports_are_flagged_where_the_credential_is():
    """The four exports the corpus README names (values replaced by fakes of the same shape)."""
    found = {(Path(f["path"]).name, f["pointer"]): f for f in whole_bot() if f["rule"] == "KL501"}
    expected = {
        # OpenAI keys in the LLM integration settings
        ("anotherwebguy+Vaidyah-Bot.json",
         "/llmConfigsForStream/0/integrations/openai/apiKey"): "OpenAI API key 'sk-M…'",
        ("nadinCodeHat+travel-assistance-chat-bot.json", "/llmConfigsForStream/0/integrations/openai/apiKey"):
            "OpenAI API key 'sk-L…'",
        # a SendGrid bearer in a service call's headers, stored as a JSON string
        ("TARUNBALAJI17+Chatbot-using-kore-ai-platform.json", "/dialogComponents/21/headers/value"):
            "SendGrid API key 'SG.u…' in service component 'sendUploadFormEmail'",
        # a 32-hex key in a header
        ("nivethia+Anya-.json",
         "/dialogComponents/27/headers/value"): "API key 'bc07…' in service component 'Getnutrients'",
    }
    for key, text in expected.items():
        assert key in found, key
        assert text in found[key]["message"], found[key]["message"]
        assert isinstance(found[key]["line"], int)
    sendgrid = found[("TARUNBALAJI17+Chatbot-using-kore-ai-platform.json",
                      "/dialogComponents/21/headers/value")]
    assert (sendgrid["dialog"], sendgrid["node"]) == ("PrepForVaccine", "service56")
    assert "in the bot settings at llmConfigsForStream[0].integrations.openai.apiKey" in \
        found[("anotherwebguy+Vaidyah-Bot.json",
               "/llmConfigsForStream/0/integrations/openai/apiKey")]["message"]


def test_whole_bot_findings_over_the_corpus():
    """Every finding was judged by hand: 16 credentials (the four
    leaks above; Twilio basic-auth pairs, OpenWeatherMap/apilayer/Nutritionix/Microsoft
    Translator keys, a CodeScene bearer), 22 plain-http services (public hosts and IPs), no call to
    a missing dialog and no call loop without input (the corpus's loops all go through a menu
    that asks the user)."""
    counts = {}
    for f in whole_bot():
        counts[f["rule"]] = counts.get(f["rule"], 0) + 1
    assert counts == {"KL501": 16, "KL502": 22}


def _element(path: str, pointer: str, up: int = 0):
    """The JSON element at `pointer` in the file, or `up` levels above it."""
    value = json.loads(Path(path).read_text(encoding="utf-8"))
    tokens = pointer.split("/")[1:]
    for token in tokens[:len(tokens) - up]:
        value = value[int(token)] if isinstance(value, list) else value[token]
    return value


def test_implicit_end_only_where_an_open_end_is_no_design():
    """KL108 (selected explicitly: it is off by default) never on a message, a non-entry intent
    or an agent transfer."""
    _, out, err = korelint("check", *map(str, EXPORTS), "--select", "implicit-end", "--format", "json")
    assert err == ""
    found = json.loads(out)["findings"]
    assert found
    for f in found:
        node = _element(f["path"], f["pointer"], up=2)
        assert node["type"] not in ("message", "agentTransfer"), f
        if node["type"] == "intent":
            entry = next(n for n in _element(f["path"], f["pointer"], up=3) if n.get("type") == "intent")
            assert entry["nodeId"] == node["nodeId"], f
    _, out, _ = korelint("check", *map(str, EXPORTS), "--format", "json")
    assert not [f for f in json.loads(out)["findings"] if f["rule"] == "KL108"]  # off by default


def test_a_wrapped_export_reads_as_the_bare_one(tmp_path):
    path = EXPORTS[0]
    wrapped = tmp_path / "wrapped.json"
    wrapped.write_bytes(b'{"appDefinition": ' + path.read_bytes() + b"}")
    bare = json.loads(korelint("check", str(path), "--format", "json").out)["findings"]
    got = json.loads(korelint("check", str(wrapped), "--format", "json").out)["findings"]
    assert [(f["rule"], f["node"], "/appDefinition" + f["pointer"], f["line"]) for f in bare] == [
        (f["rule"], f["node"], f["pointer"], f["line"]) for f in got]
