"""XO 11 exports may wrap the bot in one key (`{"appDefinition": {...}}`, also `botDefinition`,
`app`, `bot`): korelint reads the bot inside, and every pointer keeps the key as prefix so that
lines are still those of the file as it is."""
import io
import json
import zipfile

import pytest

from analyzer.config import Config
from analyzer.payload import parse
from helpers import SAMPLES, bot, component, korelint, lint, node, service
from helpers import default as to

BOT = SAMPLES / "kinds" / "bot-export.json"
WRAPPERS = ["appDefinition", "botDefinition", "app", "bot"]


def wrap(key: str, data: bytes) -> bytes:
    """The export inside `{key: ...}`, two lines further down the file."""
    return b'{\n  "' + key.encode() + b'":\n' + data + b"\n}\n"


def check(path) -> tuple[int, list[dict]]:
    ran = korelint("check", "--format", "json", "--select", "ALL", path)
    return ran.code, json.loads(ran.out)["findings"]


def comparable(f: dict) -> tuple:
    return f["rule"], f["node"], f["dialog"], f["nodes"], f["message"]


@pytest.mark.parametrize("key", WRAPPERS)
def test_a_wrapped_export_gives_the_findings_of_the_bare_one_with_prefixed_pointers(tmp_path, key):
    path = tmp_path / "wrapped.json"
    path.write_bytes(wrap(key, BOT.read_bytes()))
    code, found = check(path)
    bare_code, bare = check(BOT)
    assert found and code == bare_code
    assert [comparable(f) for f in found] == [comparable(f) for f in bare]
    assert [f["pointer"] for f in found] == [f"/{key}{f['pointer']}" for f in bare]
    assert [f["line"] for f in found] == [f["line"] + 2 for f in bare]
    doc = parse(path.read_bytes(), str(path))
    assert (doc.kind, doc.base) == ("bot-export", f"/{key}")
    assert [t.pointer for t in doc.taxonomies] == [f"/{key}/knowledgeTasks/0/taxonomy"]


def test_a_zip_holding_a_wrapped_export(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("BankAssist/botDefinition.json", wrap("appDefinition", BOT.read_bytes()))
    path = tmp_path / "export.zip"
    path.write_bytes(buf.getvalue())
    _, found = check(path)
    _, bare = check(BOT)
    assert [(f["rule"], f["node"], f["pointer"], f["line"]) for f in found] == [
        (f["rule"], f["node"], "/appDefinition" + f["pointer"], None) for f in bare]


def test_components_and_secrets_inside_a_wrapper_are_placed_as_in_the_bare_export(tmp_path):
    payload = bot({"_id": "dg-1", "name": "D", "nodes": [
        node("intent0", "intent", to("svc")), node("svc", "service", to("end"), componentId="sv-1")]},
        components=[service("sv-1", headers={"Authorization": "Bearer 9o1jK3mQpXr7sT2vW8yZ4bC6dF0gH5nL"}),
                    component("mc-1")],
        llmConfigsForStream=[{"integrations": {"openai": {"apiKey": "sk-" + "A1b2C3d4E5f6" * 4}}}])
    bare = tmp_path / "bare.json"
    bare.write_text(json.dumps(payload, indent=2))
    wrapped = tmp_path / "wrapped.json"
    wrapped.write_bytes(wrap("appDefinition", bare.read_bytes()))
    _, want = check(bare)
    _, got = check(wrapped)
    assert {f["rule"] for f in want} >= {"KL501"}
    assert [comparable(f) for f in got] == [comparable(f) for f in want]
    assert [f["pointer"] for f in got] == ["/appDefinition" + f["pointer"] for f in want]
    # fingerprints too: a baseline of the bare export still holds for the wrapped one
    config = Config(select=["ALL"])
    assert [f.fingerprint for f in lint(wrapped, config=config)] == [
        f.fingerprint for f in lint(bare, config=config)]


@pytest.mark.parametrize("inner", [b'{"foo": 1}', b"[1, 2]", b'"text"', b'{"statusSummary": []}'])
def test_a_wrapper_around_anything_but_a_bot_export_is_refused(tmp_path, inner):
    path = tmp_path / "junk.json"
    path.write_bytes(b'{"appDefinition": ' + inner + b"}")
    ran = korelint("check", path)
    assert ran.code == 2 and "not a Kore.ai payload" in ran.err and "Traceback" not in ran.err


def test_two_wrapping_keys_are_no_bot_export(tmp_path):
    path = tmp_path / "two.json"
    path.write_text(json.dumps({"app": {"dialogs": []}, "bot": {"dialogs": []}}))
    assert korelint("check", path).code == 2


def test_a_wrapped_export_with_malformed_parts_reports_them_under_the_prefix(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"bot": {"dialogs": 5, "knowledgeTasks": [1]}}))
    code, found = check(path)
    assert code == 1
    assert sorted((f["rule"], f["pointer"]) for f in found) == [
        ("KL001", "/bot/dialogs"), ("KL001", "/bot/knowledgeTasks/0")]
