"""Hostile inputs through the real command line: each is refused (exit 2, exactly one line on
stderr naming the file) or becomes `malformed-payload` (KL001) findings while the rest of the
input is still analysed. Never a traceback, never an internal error."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from analyzer import cli
from helpers import ROOT, branch, cond, default, dialog, node, publish_status

KORELINT = ROOT / ".venv" / "bin" / "korelint"
GOOD_TRANSITION = "/statusSummary/0/result/nodes/1/transitions/0"  # the planted dangling target


# -- running korelint ----------------------------------------------------------------------
def run(*args: str, stdin: bytes | None = None, monkeypatch=None) -> tuple[int, str, str]:
    """korelint in this process: (exit code, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    with redirect_stdout(out), redirect_stderr(err):
        code = cli.main(["check", *args])
    stderr = err.getvalue()
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    return code, out.getvalue(), stderr


def run_process(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> tuple[int, str, str]:
    """korelint as a separate process (the installed script when there is one)."""
    command = [str(KORELINT)] if KORELINT.exists() else [sys.executable, "-m", "analyzer"]
    env = {k: v for k, v in os.environ.items() if k != "KORELINT_DEBUG"}
    proc = subprocess.run([*command, "check", *args], input=stdin if stdin is not None else b"",
                          capture_output=True, timeout=120, cwd=cwd, env=env)
    stderr = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    return proc.returncode, proc.stdout.decode("utf-8", "replace"), stderr


def assert_refused(result: tuple[int, str, str], name: str, reason: str = "") -> str:
    code, out, err = result
    lines = err.splitlines()
    assert code == 2, (code, out, err)
    assert len(lines) == 1, err
    assert name in lines[0], (name, lines[0])
    assert reason.lower() in lines[0].lower(), (reason, lines[0])
    assert out == ""
    return lines[0]


def json_findings(result: tuple[int, str, str]) -> list[dict]:
    code, out, err = result
    assert code in (0, 1), (code, err)
    return json.loads(out)["findings"]


def write(tmp_path: Path, name: str, data: bytes | str | dict | list) -> str:
    path = tmp_path / name
    if isinstance(data, (dict, list)):
        data = json.dumps(data, indent=2)
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return str(path)


# -- payloads --------------------------------------------------------------------------------
def good_dialog() -> dict:
    """A dialog whose only defect is the dangling target `gone` (KL101 at GOOD_TRANSITION)."""
    return dialog(node("intent0", "intent", default("message1")),
                  node("message1", "message", default("gone")), name="Good")


def two_dialogs() -> dict:
    """A publish status with the good dialog first and the one the tests break second."""
    bad = dialog(node("intent0", "intent", branch(cond("a"), "message1"), default("end")),
                 node("message1", "message", default("end")), name="Broken")
    bad["_id"] = "dg-broken"
    return publish_status(good_dialog(), bad)


def sample() -> bytes:
    return json.dumps(two_dialogs(), indent=2).encode()


def assert_good_dialog_analysed(found: list[dict]) -> None:
    dangling = [f for f in found if f["rule"] == "KL101" and f["dialog"] == "Good"]
    assert [(f["pointer"], f["node"], f["dialog"]) for f in dangling] == [(GOOD_TRANSITION, "message1", "Good")]


# -- not a payload at all ------------------------------------------------------------------
@pytest.mark.parametrize("name, data, reason", [
    ("empty.json", b"", "empty"),
    ("blank.json", b" \n\t\r\n  ", "empty"),
    ("truncated.json", b'{"statusSummary": [{"resourceType": "dialog", "result": {"nodes": [', "not valid JSON"),
    ("unclosed-string.json", b'{"statusSummary": "abc', "not valid JSON"),
    ("trailing.json", b'{"statusSummary": []} {"x": 1}', "not valid JSON"),
    ("trailing-comma.json", b'{"statusSummary": [],}', "not valid JSON"),
    ("comment.json", b'{"statusSummary": [] // no\n}', "not valid JSON"),
    ("single-quotes.json", b"{'statusSummary': []}", "not valid JSON"),
    ("number.json", b"42", "not an object or array"),
    ("string.json", b'"statusSummary"', "not an object or array"),
    ("null.json", b"null", "not an object or array"),
    ("empty-object.json", b"{}", "not a Kore.ai payload"),
    ("empty-array.json", b"[]", "not a Kore.ai payload"),
    ("array-of-numbers.json", b"[1, 2]", "not a Kore.ai payload"),
    ("nodes-only.json", b'{"nodes": []}', "not a Kore.ai payload"),
    ("odd-keys.json", b'{"a\\nb": 1, "\\u2028": 2, "\\u001e": 3}', "not a Kore.ai payload"),
    ("html.json", b"<!DOCTYPE html><html><body>502 Bad Gateway</body></html>", "not valid JSON"),
    ("nul.json", b"\x00\x00\x00\x00", "UTF-16 or UTF-32"),
])
def test_not_json_or_not_a_payload_is_refused(tmp_path, name, data, reason):
    assert_refused(run(write(tmp_path, name, data)), name, reason)


def test_every_truncation_of_a_payload_is_refused(tmp_path):
    data = json.dumps(publish_status(good_dialog())).encode()
    path = tmp_path / "cut.json"
    for end in range(0, len(data) - 1):
        path.write_bytes(data[:end])
        assert_refused(run(str(path)), "cut.json")


def test_binary_garbage_is_refused(tmp_path):
    import random
    rng = random.Random(20240601)
    for i in range(30):
        name = f"garbage{i}.json"
        assert_refused(run(write(tmp_path, name, rng.randbytes(rng.randrange(1, 4000)))), name)


def test_binary_garbage_in_a_subprocess(tmp_path):
    import random
    path = write(tmp_path, "random.bin", random.Random(7).randbytes(5000))
    assert_refused(run_process(path), "random.bin")


# -- encodings -------------------------------------------------------------------------------
@pytest.mark.parametrize("bad", [b"\xff", b"\xfe", b"\xc0\xaf", b"\xed\xa0\x80", b"\xe2\x82", b"\x80", b"\xf8\x88\x80\x80\x80"])
@pytest.mark.parametrize("where", ["node id", "unread field", "key", "top level", "end of file"])
def test_invalid_utf8_is_refused_with_its_position(tmp_path, bad, where):
    data = sample()
    if where == "node id":
        data = data.replace(b'"message1"', b'"message' + bad + b'1"', 1)
    elif where == "unread field":
        data = data.replace(b'"name": "Broken"', b'"name": "Bro' + bad + b'ken"', 1)
    elif where == "key":
        data = data.replace(b'"status": "SUCCESS"', b'"st' + bad + b'atus": "SUCCESS"', 1)
    elif where == "top level":
        data = data.replace(b'"_id": "ds-test"', b'"_id": "ds-' + bad + b'"', 1)
    else:
        data = data + b"\n" + bad
    offset = next(i for i in range(len(data)) if data[i] >= 0x80)
    line = data.count(b"\n", 0, offset) + 1
    message = assert_refused(run(write(tmp_path, "latin.json", data)), "latin.json", "not valid UTF-8")
    assert f"line {line}," in message


def test_invalid_utf8_after_the_first_megabyte_is_located(tmp_path):
    filler = "é" * (1 << 19)  # two bytes each: the bad byte lies past the checker's first chunk
    payload = publish_status(good_dialog(), filler=filler)
    data = json.dumps(payload, indent=2, ensure_ascii=False).encode()
    data = data.replace(b'"ds-test"', b'"ds-\xfftest"')
    line = data.count(b"\n", 0, data.index(b"\xff")) + 1
    message = assert_refused(run(write(tmp_path, "big.json", data)), "big.json", "not valid UTF-8")
    assert f"line {line}," in message


def test_valid_utf8_across_chunk_boundaries_is_accepted(tmp_path):
    # Multi-byte characters straddle every 1 MiB boundary of the UTF-8 check.
    for pad in range(4):
        payload = publish_status(good_dialog(), filler="x" * pad + "€😀é" * 300_000)
        data = json.dumps(payload, ensure_ascii=False).encode()
        assert_good_dialog_analysed(json_findings(run(write(tmp_path, f"u{pad}.json", data), "--format", "json")))


def test_utf8_bom_is_accepted_and_lines_still_count(tmp_path):
    path = write(tmp_path, "bom.json", b"\xef\xbb\xbf" + sample())
    found = json_findings(run(path, "--format", "json"))
    assert_good_dialog_analysed(found)
    plain = json_findings(run(write(tmp_path, "plain.json", sample()), "--format", "json"))
    assert [f["line"] for f in found] == [f["line"] for f in plain]
    assert all(isinstance(f["line"], int) for f in found)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_are_refused(tmp_path, encoding):
    data = sample().decode().encode(encoding)
    assert_refused(run(write(tmp_path, "wide.json", data)), "wide.json", "UTF-")


def test_utf16_is_refused_in_a_subprocess(tmp_path):
    path = write(tmp_path, "utf16.json", sample().decode().encode("utf-16"))
    assert_refused(run_process(path), "utf16.json", "UTF-16")


# -- nesting -----------------------------------------------------------------------------------
@pytest.mark.parametrize("opening, closing", [(b"[", b"]"), (b'{"a":', b"}")])
def test_200000_deep_nesting_is_refused(tmp_path, opening, closing):
    depth = 200_000
    data = opening * depth + b"1" * (opening != b"[") + closing * depth
    assert_refused(run(write(tmp_path, "deep.json", data)), "deep.json", "nested too deeply")
    inner = b'{"statusSummary": ' + opening * depth + b"null" * (opening != b"[") + closing * depth + b"}"
    assert_refused(run(write(tmp_path, "deep2.json", inner)), "deep2.json", "nested too deeply")


def test_200000_deep_nesting_in_a_subprocess(tmp_path):
    path = write(tmp_path, "deep.json", b"[" * 200_000 + b"]" * 200_000)
    assert_refused(run_process(path), "deep.json", "nested too deeply")


def test_nesting_around_the_parser_limits_never_crashes(tmp_path):
    """msgspec's depth check counts the Python frames below it, so a document that passes at the
    top may fail a few frames deeper: every depth near the limit gives findings or exit 2."""
    path = tmp_path / "deepish.json"
    for depth in list(range(150, 260, 7)) + list(range(850, 1010, 3)):
        payload = json.dumps(two_dialogs()).replace(
            '"status": "successful"', '"status": ' + "[" * depth + "]" * depth, 1)
        head, sep, tail = payload.rpartition('"type": "message"')  # the broken dialog's node
        payload = head + sep + ', "metadata": ' + "[" * depth + "]" * depth + tail
        path.write_text(payload)
        code, out, err = run(str(path), "--format", "json")
        if code == 2:
            assert_refused((code, out, err), "deepish.json", "nested too deeply")
        else:
            assert_good_dialog_analysed(json.loads(out)["findings"])


def test_a_node_nested_deeper_than_pydantic_reads_is_malformed_not_hidden(tmp_path):
    payload = two_dialogs()
    deep: list = []
    for _ in range(300):
        deep = [deep]
    payload["statusSummary"][1]["result"]["nodes"][1]["metadata"] = deep
    found = json_findings(run(write(tmp_path, "deep-node.json", payload), "--format", "json"))
    assert_good_dialog_analysed(found)
    (bad,) = [f for f in found if f["rule"] == "KL001"]
    assert bad["pointer"] == "/statusSummary/1/result/nodes/1"
    assert "nested more than 200 levels" in bad["message"]


# -- wrong types at every level of a publish status ----------------------------------------
def _set(path: tuple, value):
    def mutate(payload):
        target = payload
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return mutate


def _del(path: tuple):
    def mutate(payload):
        target = payload
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]
    return mutate


R1 = ("statusSummary", 1)
D1 = (*R1, "result")
N1 = (*D1, "nodes", 1)
T1 = (*N1, "transitions", 0)
P1 = "/statusSummary/1/result"

WRONG_TYPES = [
    # (id, mutation, KL001 pointers expected, whether the good dialog is still analysed)
    ("statusSummary a string", _set(("statusSummary",), "dialogs"), ["/statusSummary"], False),
    ("statusSummary an object", _set(("statusSummary",), {"0": {}}), ["/statusSummary"], False),
    ("statusSummary null", _set(("statusSummary",), None), ["/statusSummary"], False),
    ("resource a string", _set(R1, "dialog"), ["/statusSummary/1"], True),
    ("resource a number", _set(R1, 7), ["/statusSummary/1"], True),
    ("resource null", _set(R1, None), ["/statusSummary/1"], True),
    ("resource a list", _set(R1, [{"resourceType": "dialog"}]), ["/statusSummary/1"], True),
    ("resourceType a number", _set((*R1, "resourceType"), 3), [], True),
    ("status an object", _set((*R1, "status"), {"ok": True}), [], True),
    ("name a list", _set((*R1, "name"), ["x"]), [], True),
    ("result a string", _set(D1, "done"), [P1], True),
    ("result a number", _set(D1, 0), [P1], True),
    ("result a list", _set(D1, [1, 2]), [P1], True),
    ("result true", _set(D1, True), [P1], True),
    ("result without a dialog", _del(D1), ["/statusSummary/1"], True),
    ("nodes a string", _set((*D1, "nodes"), "intent0"), [f"{P1}/nodes"], True),
    ("nodes an object", _set((*D1, "nodes"), {"nodeId": "intent0"}), [f"{P1}/nodes"], True),
    ("nodes a number", _set((*D1, "nodes"), 2), [f"{P1}/nodes"], True),
    ("node a number", _set(N1, 5), [f"{P1}/nodes/1"], True),
    ("node a string", _set(N1, "message1"), [f"{P1}/nodes/1"], True),
    ("node null", _set(N1, None), [f"{P1}/nodes/1"], True),
    ("node a list", _set(N1, [{"nodeId": "message1"}]), [f"{P1}/nodes/1"], True),
    ("nodeId a number", _set((*N1, "nodeId"), 1), [f"{P1}/nodes/1"], True),
    ("nodeId null", _set((*N1, "nodeId"), None), [f"{P1}/nodes/1"], True),
    ("nodeId empty", _set((*N1, "nodeId"), ""), [f"{P1}/nodes/1"], True),
    ("nodeId an object", _set((*N1, "nodeId"), {"id": "message1"}), [f"{P1}/nodes/1"], True),
    ("nodeId missing", _del((*N1, "nodeId")), [f"{P1}/nodes/1"], True),
    ("node_id instead of nodeId", lambda p: p["statusSummary"][1]["result"]["nodes"][1].update(
        node_id=p["statusSummary"][1]["result"]["nodes"][1].pop("nodeId")), [f"{P1}/nodes/1"], True),
    ("type a number", _set((*N1, "type"), 4), [f"{P1}/nodes/1"], True),
    ("type missing", _del((*N1, "type")), [f"{P1}/nodes/1"], True),
    ("transitions a string", _set((*N1, "transitions"), "end"), [f"{P1}/nodes/1"], True),
    ("transitions an object", _set((*N1, "transitions"), {"default": "end"}), [f"{P1}/nodes/1"], True),
    ("transitions a number", _set((*N1, "transitions"), 0), [f"{P1}/nodes/1"], True),
    ("a transition a string", _set(T1, "end"), [f"{P1}/nodes/1"], True),
    ("a transition null", _set(T1, None), [f"{P1}/nodes/1"], True),
    ("a transition a list", _set(T1, ["default", "end"]), [f"{P1}/nodes/1"], True),
    ("a transition of no kind", _set(T1, {"goto": "end"}), [f"{P1}/nodes/1/transitions/0"], True),
    ("condition instead of if", _set(T1, {"condition": {"context": "a", "op": "eq"}, "then": "end"}),
     [f"{P1}/nodes/1/transitions/0"], True),
    ("default target a number", _set((*T1, "default"), 3), [f"{P1}/nodes/1"], True),
    ("default target a list", _set((*T1, "default"), ["end"]), [f"{P1}/nodes/1"], True),
    ("then target a number", _set((*N1[:-1], 0, "transitions", 0, "then"), 1), [f"{P1}/nodes/0"], True),
    ("then target an object", _set((*N1[:-1], 0, "transitions", 0, "then"), {"nodeId": "message1"}),
     [f"{P1}/nodes/0"], True),
    ("condition a string", _set((*N1[:-1], 0, "transitions", 0, "if"), "a == 1"), [], True),
    ("condition tests a string", _set((*N1[:-1], 0, "transitions", 0, "if"), {"conjoin": "and", "tests": "x"}), [], True),
    ("condition junk", _set((*N1[:-1], 0, "transitions", 0, "if"), {"conjoin": 5, "tests": [5, None, [], {"op": 5}]}), [], True),
    ("dialog name a number", _set((*D1, "name"), 5), [], True),
    ("localeData junk", _set((*D1, "localeData"), {"en": 5, "de": {"name": []}}), [], True),
    ("localeData a list", _set((*D1, "localeData"), [1]), [], True),
    ("state a number", _set((*D1, "state"), 1), [], True),
    ("approvedLanguages a string", _set((*D1, "approvedLanguages"), "en"), [], True),
    ("approvalRequestedLanguages junk", _set((*D1, "approvalRequestedLanguages"), ["en", 5, None, {}]), [], True),
    ("metadata junk", _set((*N1, "metadata"), {"left": "x", "top": None}), [], True),
    ("positionMeta junk", _set((*N1, "positionMeta"), [1, 2]), [], True),
    ("job status a list", _set(("status",), ["FAILED"]), [], True),
    ("percentageComplete a string", _set(("percentageComplete",), "100"), [], True),
    ("percentageComplete huge", _set(("percentageComplete",), 10 ** 300), [], True),
    ("percentageComplete an object", _set(("percentageComplete",), {}), [], True),
]


@pytest.mark.parametrize("label, mutate, pointers, good_kept", WRONG_TYPES, ids=[w[0] for w in WRONG_TYPES])
def test_wrong_types_at_every_level(tmp_path, label, mutate, pointers, good_kept):
    payload = two_dialogs()
    mutate(payload)
    found = json_findings(run(write(tmp_path, "mutated.json", payload), "--format", "json", "--fail-on", "never"))
    malformed = [f["pointer"] for f in found if f["rule"] == "KL001"]
    assert malformed == pointers
    for f in found:
        assert f["line"] is not None or f["pointer"] not in pointers
    if good_kept:
        assert_good_dialog_analysed(found)
    code, _, _ = run(write(tmp_path, "mutated.json", payload))
    assert code == (1 if pointers or good_kept else 0)


@pytest.mark.parametrize("name, payload, pointers", [
    ("taxonomy a string", {"taxonomy": "t0"}, ["/statusSummary/2/result/taxonomy"]),
    ("taxonomy an object", {"taxonomy": {"nodeId": "t0"}}, ["/statusSummary/2/result/taxonomy"]),
    ("term a number", {"taxonomy": [5, {"nodeId": "t1", "parent": ["t9"]}]}, ["/statusSummary/2/result/taxonomy/0"]),
    ("term without nodeId", {"taxonomy": [{"label": "FAQ"}, {"nodeId": "t1", "parent": ["t9"]}]},
     ["/statusSummary/2/result/taxonomy/0"]),
    ("term nodeId a number", {"taxonomy": [{"nodeId": 3}, {"nodeId": "t1", "parent": ["t9"]}]},
     ["/statusSummary/2/result/taxonomy/0"]),
    ("parent a string", {"taxonomy": [{"nodeId": "t0", "parent": "t1"}, {"nodeId": "t1", "parent": ["t9"]}]},
     ["/statusSummary/2/result/taxonomy/0"]),
    ("parents of every type", {"taxonomy": [{"nodeId": "t0", "parent": [None, 1, {}, [], "t1"]},
                                            {"nodeId": "t1", "parent": ["t9"]}]},
     [f"/statusSummary/2/result/taxonomy/0/parent/{j}" for j in range(4)]),
])
def test_wrong_types_in_knowledge_graphs(tmp_path, name, payload, pointers):
    doc = two_dialogs()
    doc["statusSummary"].append({"resourceId": "kg", "resourceType": "knowledge", "name": "FAQ",
                                 "status": "SUCCESS", "result": payload})
    found = json_findings(run(write(tmp_path, "kg.json", doc), "--format", "json"))
    assert [f["pointer"] for f in found if f["rule"] == "KL001"] == pointers
    assert_good_dialog_analysed(found)
    if payload["taxonomy"] and isinstance(payload["taxonomy"], list):
        # The well-formed term is still checked: `t9` is not a term.
        assert any(f["rule"] == "KL401" for f in found)


@pytest.mark.parametrize("name, payload, pointers", [
    ("dialogs a string", {"dialogs": "x"}, ["/dialogs"]),
    ("dialog a number", {"dialogs": [5, good_dialog()]}, ["/dialogs/0"]),
    ("knowledgeTasks a string", {"dialogs": [good_dialog()], "knowledgeTasks": "x"}, ["/knowledgeTasks"]),
    ("knowledge task junk", {"dialogs": [good_dialog()], "knowledgeTasks": [5, {"taxonomy": 5}]},
     ["/knowledgeTasks/0", "/knowledgeTasks/1/taxonomy"]),
    ("dialogComponents junk", {"dialogs": [good_dialog()], "dialogComponents": [5, None, {"dialogId": {}}]},
     ["/dialogComponents/0", "/dialogComponents/1", "/dialogComponents/2"]),
    ("dialog export nodes a string", {"nodes": "x", "components": []}, ["/nodes"]),
    ("publish response junk", [{"resourceType": "dialog", "status": "SUCCESS", "result": 5}, 5, None,
                               {"resourceType": "dialog", "status": "SUCCESS", "result": good_dialog()}],
     ["/0/result", "/1", "/2"]),
])
def test_wrong_types_in_the_other_kinds(tmp_path, name, payload, pointers):
    found = json_findings(run(write(tmp_path, "other.json", payload), "--format", "json"))
    assert [f["pointer"] for f in found if f["rule"] == "KL001"] == pointers


def test_malformed_node_beside_a_dangling_target_in_a_subprocess(tmp_path):
    payload = two_dialogs()
    payload["statusSummary"][1]["result"]["nodes"][1]["nodeId"] = 42
    code, out, err = run_process(write(tmp_path, "mixed.json", payload), "--format", "json")
    assert code == 1 and err == ""
    found = json.loads(out)["findings"]
    assert [f["pointer"] for f in found if f["rule"] == "KL001"] == ["/statusSummary/1/result/nodes/1"]
    assert_good_dialog_analysed(found)


# -- NaN and infinities --------------------------------------------------------------------
PLACES = {
    "top level": ('"percentageComplete": 100', '"percentageComplete": {}'),
    "resource": ('"status": "SUCCESS"', '"status": {}'),
    "dialog": ('"name": "Broken"', '"name": {}'),
    "node": ('"type": "message"', '"type": "message", "x": {}'),
    "condition value": ('"value": "x"', '"value": {}'),
    "in a list": ('"percentageComplete": 100', '"percentageComplete": 100, "l": [1, {}]'),
}


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "nan", "inf", "-inf", "+1", ".5", "01", "1.", "0x10"])
@pytest.mark.parametrize("place", sorted(PLACES))
def test_non_json_numbers_are_refused_anywhere(tmp_path, literal, place):
    old, new = PLACES[place]
    text = sample().decode()
    assert old in text
    data = text.replace(old, new.format(literal), 1).encode()
    assert_refused(run(write(tmp_path, "nan.json", data)), "nan.json", "not valid JSON")


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_non_json_numbers_are_refused_in_every_kind(tmp_path, literal):
    kinds = {
        "bot-export": {"dialogs": [good_dialog()]},
        "dialog-export": {**good_dialog(), "components": []},
        "publish-response": [{"resourceType": "dialog", "status": "SUCCESS", "result": good_dialog()}],
    }
    for kind, payload in kinds.items():
        text = json.dumps(payload).replace('"type": "message"', f'"type": "message", "x": {literal}')
        assert_refused(run(write(tmp_path, f"{kind}.json", text)), f"{kind}.json", "not valid JSON")


def test_nan_is_refused_in_a_subprocess(tmp_path):
    text = sample().decode().replace('"type": "message"', '"type": "message", "left": NaN', 1)
    assert_refused(run_process(write(tmp_path, "nan.json", text)), "nan.json", "not valid JSON")


def test_huge_but_valid_numbers_are_read(tmp_path):
    text = sample().decode().replace('"type": "message"', '"type": "message", "left": 1e400, "top": -1e999', 1)
    assert_good_dialog_analysed(json_findings(run(write(tmp_path, "big.json", text), "--format", "json")))


# -- archives ----------------------------------------------------------------------------------
def make_zip(path: Path, members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> str:
    with zipfile.ZipFile(path, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return str(path)


def bot_definition() -> bytes:
    return json.dumps({"dialogs": [good_dialog()], "dialogComponents": []}).encode()


def test_export_zip_is_read(tmp_path):
    path = make_zip(tmp_path / "bot.zip", {"export/botDefinition.json": bot_definition(), "icon.png": b"\x89PNG"})
    (f,) = [f for f in json_findings(run(path, "--format", "json")) if f["rule"] == "KL101"]
    assert f["pointer"] == "/dialogs/0/nodes/1/transitions/0" and f["line"] is None


def test_fake_zip_is_refused(tmp_path):
    import random
    path = write(tmp_path, "export.zip", random.Random(3).randbytes(2000))
    assert_refused(run(path), "export.zip", "zip")
    assert_refused(run_process(path), "export.zip", "zip")


def test_zip_without_bot_definition_is_refused(tmp_path):
    path = make_zip(tmp_path / "other.zip", {"README.md": b"hello", "botDefinition.json/": b""})
    assert_refused(run(path), "other.zip", "without botDefinition.json")


def test_zip_with_garbage_bot_definition_is_refused(tmp_path):
    path = make_zip(tmp_path / "garbage.zip", {"botDefinition.json": b"\x00\x01garbage"})
    assert_refused(run(path), "garbage.zip")
    path = make_zip(tmp_path / "lex.zip", {"botDefinition.json": b'{"metadata": {}, "resource": {}}'})
    assert_refused(run(path), "lex.zip", "not a Kore.ai payload")


def test_zip_entry_that_climbs_out_is_read_in_memory_only(tmp_path):
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    path = make_zip(work / "evil.zip", {"../../botDefinition.json": bot_definition()})
    code, out, err = run_process(path, "--format", "json", cwd=work)
    assert code == 1 and err == ""
    assert [f["rule"] for f in json.loads(out)["findings"]] == ["KL101"]
    assert not (tmp_path / "botDefinition.json").exists()
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["a", "b", "evil.zip"]


def _corrupt(path: Path, fn) -> str:
    raw = bytearray(path.read_bytes())
    fn(raw)
    path.write_bytes(bytes(raw))
    return str(path)


def test_corrupt_zips_are_refused(tmp_path):
    big = bot_definition() * 20  # compresses, so the deflate stream has room to break
    ok = tmp_path / "ok.zip"
    make_zip(ok, {"botDefinition.json": big})
    cases = {}
    cases["truncated.zip"] = ok.read_bytes()[: len(ok.read_bytes()) // 2]

    def flip_data(raw):  # corrupt the deflate stream itself (zlib.error, not BadZipFile)
        start = raw.index(b"botDefinition.json") + len("botDefinition.json")
        for k in range(start + 5, start + 60):
            raw[k] ^= 0x55

    def encrypted(raw):  # the "encrypted" flag, set in both headers
        raw[raw.index(b"PK\x03\x04") + 6] |= 1
        raw[raw.index(b"PK\x01\x02") + 8] |= 1

    def method99(raw):  # an unknown compression method
        raw[raw.index(b"PK\x03\x04") + 8] = 99
        raw[raw.index(b"PK\x01\x02") + 10] = 99

    def bad_crc(raw):
        raw[raw.index(b"PK\x03\x04") + 14] ^= 0xFF
        raw[raw.index(b"PK\x01\x02") + 16] ^= 0xFF

    for name, fn in [("deflate.zip", flip_data), ("encrypted.zip", encrypted), ("method.zip", method99),
                     ("crc.zip", bad_crc)]:
        data = bytearray(ok.read_bytes())
        fn(data)
        cases[name] = bytes(data)
    for compression, name in [(zipfile.ZIP_BZIP2, "bzip2.zip"), (zipfile.ZIP_LZMA, "lzma.zip")]:
        path = tmp_path / name
        make_zip(path, {"botDefinition.json": big}, compression)
        data = bytearray(path.read_bytes())
        flip_data(data)
        cases[name] = bytes(data)
    for name, data in cases.items():
        assert_refused(run(write(tmp_path, name, data)), name)
    assert_refused(run_process(str(tmp_path / "deflate.zip")), "deflate.zip", "broken .zip")


def test_zip_on_standard_input(monkeypatch, tmp_path):
    data = Path(make_zip(tmp_path / "bot.zip", {"botDefinition.json": bot_definition()})).read_bytes()
    found = json_findings(run("-", "--format", "json", stdin=data, monkeypatch=monkeypatch))
    assert [(f["rule"], f["path"], f["line"]) for f in found] == [("KL101", "<stdin>", None)]


# -- files that are not there, not files, not readable -------------------------------------
def test_missing_file(tmp_path):
    assert_refused(run(str(tmp_path / "nope.json")), "nope.json", "no such file")
    assert_refused(run_process(str(tmp_path / "nope.json")), "nope.json", "no such file")


def test_directory(tmp_path):
    assert_refused(run(str(tmp_path)), str(tmp_path), "directory")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path):
    path = write(tmp_path, "secret.json", sample())
    os.chmod(path, 0)
    try:
        assert_refused(run(path), "secret.json", "permission denied")
    finally:
        os.chmod(path, 0o600)


def test_symlink_to_a_payload_works(tmp_path):
    target = write(tmp_path, "real.json", sample())
    link = tmp_path / "link.json"
    link.symlink_to(target)
    found = json_findings(run(str(link), "--format", "json"))
    assert_good_dialog_analysed(found)
    assert {f["path"] for f in found} == {str(link)}


def test_broken_symlink_and_symlink_loop(tmp_path):
    (tmp_path / "dangling.json").symlink_to(tmp_path / "gone.json")
    assert_refused(run(str(tmp_path / "dangling.json")), "dangling.json", "no such file")
    (tmp_path / "loop1.json").symlink_to(tmp_path / "loop2.json")
    (tmp_path / "loop2.json").symlink_to(tmp_path / "loop1.json")
    assert_refused(run(str(tmp_path / "loop1.json")), "loop1.json")


def test_names_no_file_can_have(tmp_path):
    assert_refused(run("bad\x00name.json"), "bad", "not a valid file name")
    assert_refused(run(str(tmp_path / ("x" * 5000))), "xxxx")


def test_named_pipe_is_read(tmp_path):
    # `korelint check <(curl ...)`: a FIFO, not a regular file.
    import threading
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_bytes(sample()))
    writer.start()
    try:
        found = json_findings(run(str(fifo), "--format", "json"))
    finally:
        writer.join(10)
    assert_good_dialog_analysed(found)


def test_stdin(monkeypatch):
    found = json_findings(run("-", "--format", "json", stdin=sample(), monkeypatch=monkeypatch))
    assert_good_dialog_analysed(found)
    assert {f["path"] for f in found} == {"<stdin>"}
    assert all(isinstance(f["line"], int) for f in found)


def test_stdin_in_a_subprocess():
    code, out, err = run_process("-", "--format", "json", stdin=sample())
    assert code == 1 and err == ""
    assert_good_dialog_analysed(json.loads(out)["findings"])
    assert_refused(run_process("-", stdin=b""), "<stdin>", "empty")
    assert_refused(run_process("-", stdin=b"\xff\xfe{\x00}\x00"), "<stdin>", "UTF-16")


def test_closed_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", None)
    assert_refused(run("-"), "<stdin>", "no standard input")


def test_closed_stdin_in_a_subprocess():
    command = [str(KORELINT)] if KORELINT.exists() else [sys.executable, "-m", "analyzer"]
    proc = subprocess.run([*command, "check", "-"], capture_output=True, timeout=60,
                          preexec_fn=lambda: os.close(0))  # `korelint check - <&-`
    assert_refused((proc.returncode, proc.stdout.decode(), proc.stderr.decode()), "<stdin>", "no standard input")


def test_one_unreadable_input_does_not_hide_the_others(tmp_path):
    good = write(tmp_path, "good.json", sample())
    code, out, err = run(str(tmp_path / "missing.json"), good, write(tmp_path, "bad.json", b"{"), "--format", "json")
    assert code == 2
    assert [line.split(": ")[2] for line in err.splitlines()] == [
        str(tmp_path / "missing.json"), str(tmp_path / "bad.json")]
    report = json.loads(out)
    assert [i["path"] for i in report["inputs"]] == [good]
    assert_good_dialog_analysed(report["findings"])


def test_inputs_over_the_size_limits_are_refused(tmp_path, monkeypatch):
    from analyzer import sources
    monkeypatch.setattr(sources, "MAX_INPUT_BYTES", 100)
    monkeypatch.setattr(sources, "MAX_ZIP_MEMBER_BYTES", 100)
    assert_refused(run(write(tmp_path, "big.json", sample())), "big.json", "larger than korelint reads")
    assert_refused(run("-", stdin=sample(), monkeypatch=monkeypatch), "<stdin>", "larger than korelint reads")
    monkeypatch.setattr(sources, "MAX_INPUT_BYTES", 10**6)
    path = make_zip(tmp_path / "bomb.zip", {"botDefinition.json": b" " * 5000 + bot_definition()})
    assert_refused(run(path), "bomb.zip", "too large")


# ================================================================================================
# Hardening (issue 8): memory on huge fields, output amplification, duplicate keys, zip bombs and
# archives of many members, symlinks and directories as inputs, and --debug in every command.
# ================================================================================================
MiB = 1024 * 1024
BIG = "@BIG@"  # where write_big() puts the huge string

_MEASURE = r"""
import json, os, subprocess, sys
proc = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(proc.pid, 0)
proc.returncode = os.waitstatus_to_exitcode(status)
with open(sys.argv[1], "w") as fh:
    json.dump({"code": proc.returncode, "maxrss": usage.ru_maxrss * 1024}, fh)
"""


def measured(tmp_path: Path, command: str, *args: str) -> tuple[int, int, str]:
    """`korelint COMMAND ARGS` in a process of its own, stdout discarded: (exit code, peak RSS in
    bytes, stderr). A small Python process starts it and reads its rusage (os.wait4): a child
    forked straight from this large test process would count our pages in its peak."""
    korelint = [str(KORELINT)] if KORELINT.exists() else [sys.executable, "-m", "analyzer"]
    result, errors = tmp_path / "rusage.json", tmp_path / "stderr.txt"
    env = {k: v for k, v in os.environ.items() if k != "KORELINT_DEBUG"}
    env.setdefault("KORELINT_CACHE_DIR", str(tmp_path / "korelint-cache"))  # not the user's cache
    with open(errors, "wb") as err:
        subprocess.run([sys.executable, "-c", _MEASURE, str(result), *korelint, command, *args],
                       stdout=subprocess.DEVNULL, stderr=err, env=env, check=True, timeout=600)
    outcome = json.loads(result.read_text())
    stderr = errors.read_text("utf-8", "replace")
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr[:2000]
    return outcome["code"], outcome["maxrss"], stderr


@pytest.fixture(scope="module")
def small_rss(tmp_path_factory) -> dict[str, int]:
    """Peak RSS of `check` and `report` on a small payload: the interpreter and its imports."""
    tmp = tmp_path_factory.mktemp("rss")
    path = write(tmp, "small.json", sample())
    check_code, check_rss, _ = measured(tmp, "check", path, "--format", "json")
    report_code, report_rss, _ = measured(tmp, "report", path, "-o", str(tmp / "small.html"))
    assert check_code == report_code == 1
    return {"check": check_rss, "report": report_rss}


def write_big(path: Path, payload: object, size: int) -> int:
    """Write the payload as JSON with the string "@BIG@" replaced by `size` bytes of text, written
    in pieces (this process never holds it). Returns the file's size."""
    head, tail = json.dumps(payload).split(json.dumps(BIG))
    piece = b"x" * MiB
    with open(path, "wb") as fh:
        fh.write(head.encode() + b'"')
        for _ in range(size // MiB):
            fh.write(piece)
        fh.write(b"x" * (size % MiB) + b'"' + tail.encode())
    return path.stat().st_size


def _big_in(where: str) -> dict:
    payload = two_dialogs()
    good = payload["statusSummary"][0]["result"]
    broken = payload["statusSummary"][1]["result"]
    if where == "unread field":
        good["nodes"][1]["description"] = BIG
    elif where == "node id":
        good["nodes"][1]["nodeId"] = BIG
    elif where == "dialog name":
        good["name"] = BIG
    elif where == "transition target":
        good["nodes"][1]["transitions"][0]["default"] = BIG
    elif where == "condition value":
        broken["nodes"][0]["transitions"][0]["if"]["value"] = BIG
    elif where == "job status":
        payload["status"] = BIG
    return payload


# Measured on 100 MiB: peak RSS beyond the interpreter's is 2.0x the input (a field no rule reads),
# 2.3x (dialog name), 4.0x (target, condition value, job status: the input, the dialog's bytes, the
# parsed string and one message or fingerprint built from it), 3.0x (node id: was 5.0x while messages
# quoted ids whole; `report` on it: 377 MB peak, 3 s, a 42 KB page, was 3.5 GB, 49 s, 1 GB).
@pytest.mark.parametrize("where", [
    "unread field", "dialog name", "transition target", "condition value", "job status", "node id"])
def test_a_100_mb_string_in_one_field_keeps_memory_bounded(tmp_path, small_rss, where):
    path = tmp_path / "huge.json"
    size = write_big(path, _big_in(where), 100 * MiB)
    code, rss, err = measured(tmp_path, "check", str(path), "--format", "json")
    assert code == 1, err
    assert rss - small_rss["check"] <= 4.5 * size, (where, rss / size)


def test_a_huge_string_in_one_field_keeps_report_memory_bounded(tmp_path, small_rss):
    path = tmp_path / "huge.json"
    size = write_big(path, _big_in("node id"), 5 * MiB)
    out = tmp_path / "report.html"
    code, rss, err = measured(tmp_path, "report", str(path), "-o", str(out))
    assert code == 1, err
    assert rss - small_rss["report"] <= 8 * size, rss / size


def _amplifier(id_length: int, transitions: int) -> dict:
    """A node with a long id and many transitions to missing nodes: one finding per transition."""
    long_id = "n" * id_length
    return publish_status(dialog(node("intent0", "intent", default(long_id)),
                                 node(long_id, "message", *[default(f"gone{i}") for i in range(transitions)])))


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_check_output_grows_with_the_input_not_with_findings_times_text(tmp_path, fmt):
    path = write(tmp_path, "amplifier.json", _amplifier(100_000, 200))
    code, out, err = run(path, "--format", fmt, "--fail-on", "never")
    assert code == 0
    assert len(out.encode()) <= 20 * os.path.getsize(path) + 65536, len(out) / os.path.getsize(path)


def test_report_grows_with_the_input_not_with_findings_times_text(tmp_path):
    path = write(tmp_path, "amplifier.json", _amplifier(20_000, 100))
    out = tmp_path / "report.html"
    err = io.StringIO()
    with redirect_stdout(io.StringIO()), redirect_stderr(err):
        code = cli.main(["report", path, "-o", str(out), "--fail-on", "never"])
    assert code == 0, err.getvalue()
    assert out.stat().st_size <= 50 * os.path.getsize(path) + 2 * MiB, out.stat().st_size / os.path.getsize(path)


# -- duplicate keys: the last one wins, as in JSON.parse and json.loads, in every layer ------------
DUPLICATE_KEYS = {
    "statusSummary twice": (
        '{"_id": "ds", "status": "successful", "percentageComplete": 100,\n'
        ' "statusSummary": [{"resourceType": "dialog", "status": "SUCCESS", "name": "First", "result":'
        ' {"name": "First", "nodes": [{"nodeId": "intent0", "type": "intent", "transitions": [{"default": "gone1"}]}]}}],\n'
        ' "statusSummary": [{"resourceType": "dialog", "status": "SUCCESS", "name": "Second", "result":'
        ' {"name": "Second", "nodes": [{"nodeId": "intent0", "type": "intent", "transitions": [{"default": "gone2"}]}]}}]\n}',
        [("KL101", "/statusSummary/0/result/nodes/0/transitions/0", "intent0", 3)]),
    "nodeId, transitions and nodes twice": (
        '{"dialogs": [{"name": "D", "nodes": [\n'
        '  {"nodeId": "intent0", "type": "intent", "transitions": [{"default": "gone1"}]}],\n'
        ' "nodes": [\n'
        '  {"nodeId": "intent0", "nodeId": "start", "type": "intent",\n'
        '   "transitions": [{"default": "gone2"}], "transitions": [{"default": "a", "default": "gone3"}]},\n'
        '  {"nodeId": "a", "type": "message"}]}]}',
        [("KL101", "/dialogs/0/nodes/0/transitions/0", "start", 5),
         ("KL102", "/dialogs/0/nodes/1", "a", 6)]),
    "type twice in a malformed node (the tolerant path)": (
        '{"dialogs": [{"name": "D", "nodes": [\n'
        '  {"nodeId": "intent0", "type": "intent", "transitions": [{"default": "a"}]},\n'
        '  {"nodeId": "a", "type": "message", "type": 5},\n'
        '  {"nodeId": "b", "type": 5, "type": "message", "transitions": [{"default": "gone"}]}]}]}',
        [("KL001", "/dialogs/0/nodes/1", "a", 3), ("KL102", "/dialogs/0/nodes/2", "b", 4),
         ("KL101", "/dialogs/0/nodes/2/transitions/0", "b", 4)]),
    "dialogs twice, the last not an array": (
        '{"dialogs": [{"name": "D", "nodes": []}],\n "dialogs": 5}',
        [("KL001", "/dialogs", None, 2)]),
}


@pytest.mark.parametrize("label", sorted(DUPLICATE_KEYS))
def test_duplicate_keys_the_last_one_wins(tmp_path, label):
    text, expected = DUPLICATE_KEYS[label]
    found = json_findings(run(write(tmp_path, "dup.json", text), "--format", "json", "--fail-on", "never"))
    assert sorted((f["rule"], f["pointer"], f["node"], f["line"]) for f in found) == sorted(expected, key=str)
    # The same findings as the document json.loads reads (the last value of each key).
    plain = json_findings(run(write(tmp_path, "plain.json", json.dumps(json.loads(text))), "--format", "json",
                              "--fail-on", "never"))
    assert [(f["rule"], f["pointer"], f["message"]) for f in found] == \
        [(f["rule"], f["pointer"], f["message"]) for f in plain]


# -- zip bombs and archives of many members --------------------------------------------------------
def _patch_claimed_size(blob: bytes, claimed: int) -> bytes:
    """The uncompressed size of the first member, in its local header and the central directory."""
    import struct
    raw = bytearray(blob)
    local, central = raw.index(b"PK\x03\x04"), raw.index(b"PK\x01\x02")
    raw[local + 22:local + 26] = struct.pack("<I", claimed)
    raw[central + 24:central + 28] = struct.pack("<I", claimed)
    return bytes(raw)


def _spaces_zip(mib: int) -> bytes:
    """An export whose botDefinition.json is `mib` MiB of spaces (deflate: ~1 KB a MiB)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("botDefinition.json", "w") as fh:
            for _ in range(mib):
                fh.write(b" " * MiB)
    return buf.getvalue()


def test_zip_bomb_claiming_more_than_the_limit_is_refused_before_inflating(tmp_path, small_rss):
    from analyzer.sources import MAX_ZIP_MEMBER_BYTES
    claimed = 0xF000_0000
    assert claimed > MAX_ZIP_MEMBER_BYTES
    path = write(tmp_path, "bomb.zip", _patch_claimed_size(_spaces_zip(16), claimed))
    code, rss, err = measured(tmp_path, "check", path)
    assert code == 2 and err.count("\n") == 1 and "too large" in err and "bomb.zip" in err, err
    assert rss - small_rss["check"] < 32 * MiB, rss


def test_zip_bomb_with_a_lying_header_inflates_no_more_than_it_claims(tmp_path, small_rss):
    # 128 MiB of spaces (a 125 KB archive) whose headers claim 1,000 bytes: zipfile stops at the
    # claimed size (then the CRC fails); reading it in one call inflated the whole member first.
    blob = _patch_claimed_size(_spaces_zip(128), 1000)
    assert len(blob) < MiB
    path = write(tmp_path, "liar.zip", blob)
    code, rss, err = measured(tmp_path, "check", path)
    assert code == 2 and err.count("\n") == 1 and "broken .zip" in err, err
    assert rss - small_rss["check"] < 32 * MiB, rss
    assert_refused(run(path), "liar.zip", "broken .zip")


def test_zip_bomb_under_the_size_limit_is_refused_by_its_ratio(tmp_path, small_rss):
    """200 MiB of spaces in a 200 KB archive (honest headers, under the 1 GiB limit) took 458 MB;
    a member that unpacks to more than 200 times its packed size past 32 MiB is refused unread."""
    blob = _spaces_zip(200)
    assert len(blob) < MiB
    path = write(tmp_path, "bomb.zip", blob)
    code, rss, err = measured(tmp_path, "check", path)
    assert code == 2 and err.count("\n") == 1 and "zip bomb" in err and "bomb.zip" in err, err
    assert rss - small_rss["check"] < 32 * MiB, rss


def test_a_large_but_honest_zip_is_read(tmp_path):
    """Real JSON (a big export, pretty-printed) packs far less than a bomb: read, analysed."""
    from analyzer.sources import ZIP_RATIO_FROM
    dialogs = [dialog(node("intent0", "intent", default("message1")),
                      *[node(f"message{i}", "message", default(f"message{i + 1}")) for i in range(1, 400)],
                      name=f"Dialog {d}") for d in range(160)]
    data = json.dumps(publish_status(*dialogs), indent=8).encode()
    assert len(data) > ZIP_RATIO_FROM
    path = make_zip(tmp_path / "honest.zip", {"botDefinition.json": data})
    code, _, err = run(path, "--format", "json", "--fail-on", "never")
    assert code == 0, err


def test_zip_member_over_the_limit_is_refused_in_bounded_memory(tmp_path, monkeypatch):
    from analyzer import sources
    monkeypatch.setattr(sources, "MAX_ZIP_MEMBER_BYTES", 4 * MiB)
    path = write(tmp_path, "big.zip", _spaces_zip(5))
    assert_refused(run(path), "big.zip", "too large")
    path = write(tmp_path, "fits.zip", _spaces_zip(4))  # exactly the limit: read (and empty)
    assert_refused(run(path), "fits.zip", "empty input")


def _zip_of_many(count: int, with_definition: bool) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as archive:
        for i in range(count):
            archive.writestr(f"m/{i}", b"")
        if with_definition:
            archive.writestr("export/botDefinition.json", bot_definition())
    return buf.getvalue()


def test_zip_with_very_many_members_is_refused_in_bounded_memory(tmp_path, small_rss):
    from analyzer.sources import MAX_ZIP_MEMBERS
    # 60,000 empty members: a 4.5 MB archive, and ~40 MB of zipfile objects had it been opened.
    path = write(tmp_path, "many.zip", _zip_of_many(60_000, True))
    code, rss, err = measured(tmp_path, "check", path)
    assert code == 2 and err.count("\n") == 1 and "60001 members" in err, err
    assert rss - small_rss["check"] < 2 * os.path.getsize(path) + 16 * MiB, rss
    assert_refused(run(write(tmp_path, "over.zip", _zip_of_many(MAX_ZIP_MEMBERS, True))), "over.zip", "members")
    found = json_findings(run(write(tmp_path, "under.zip", _zip_of_many(MAX_ZIP_MEMBERS - 1, True)), "--format", "json"))
    assert [f["rule"] for f in found] == ["KL101"]


# -- symlinks and directories as inputs ------------------------------------------------------------
def test_symlinks_to_what_is_not_a_payload_file_are_refused(tmp_path):
    (tmp_path / "folder").mkdir()
    (tmp_path / "to-folder.json").symlink_to(tmp_path / "folder")
    assert_refused(run(str(tmp_path / "to-folder.json")), "to-folder.json", "directory")
    # /dev/zero never ends: refused from its type, never read.
    (tmp_path / "zero.json").symlink_to("/dev/zero")
    assert_refused(run(str(tmp_path / "zero.json")), "zero.json", "not a regular file")
    assert_refused(run_process(str(tmp_path / "zero.json")), "zero.json", "not a regular file")
    assert_refused(run_process("/dev/zero"), "/dev/zero", "not a regular file")


def test_symlinks_to_a_zip_and_a_chain_of_links_are_read(tmp_path):
    real = make_zip(tmp_path / "bot.zip", {"botDefinition.json": bot_definition()})
    (tmp_path / "export").symlink_to(real)  # no .zip suffix: recognised by its first bytes
    (tmp_path / "chain1.json").symlink_to(tmp_path / "chain2.json")
    (tmp_path / "chain2.json").symlink_to(write(tmp_path, "real.json", sample()))
    assert [f["rule"] for f in json_findings(run(str(tmp_path / "export"), "--format", "json"))] == ["KL101"]
    assert_good_dialog_analysed(json_findings(run(str(tmp_path / "chain1.json"), "--format", "json")))


def test_a_directory_as_input_to_every_command(tmp_path):
    folder = tmp_path / "bot"
    folder.mkdir()
    (folder / "botDefinition.json").write_bytes(bot_definition())
    for name in (str(folder), str(folder) + "/"):
        assert_refused(run(name), str(folder), "is a directory")
        assert_refused(run_process(name), str(folder), "is a directory")
    out, err = io.StringIO(), io.StringIO()
    html = tmp_path / "report.html"
    with redirect_stdout(out), redirect_stderr(err):
        code = cli.main(["report", str(folder), "-o", str(html)])
    assert_refused((code, out.getvalue(), err.getvalue()), str(folder), "is a directory")
    assert not html.exists()
    good = write(tmp_path, "good.json", sample())
    for option in ("--baseline", "--config"):
        code, out, err = run(good, option, str(folder))
        assert code == 2 and out == "" and err.count("\n") == 1 and str(folder) in err, err


# -- internal errors: one line asking to report it, or the traceback with --debug ------------------
def _explode(*args, **kwargs):
    raise RuntimeError("kaboom in the middle")


def _break(command: str, monkeypatch, tmp_path: Path) -> list[str]:
    """Make `command` fail inside with a RuntimeError; its command line."""
    from analyzer import live, pipeline
    from live_server import BOT_ID, CLIENT_ID, CLIENT_SECRET
    sample_path = str(ROOT / "samples" / "publish-status.json")
    if command in ("check", "report"):
        monkeypatch.setattr(pipeline, "analyze", _explode)
        return [command, sample_path] + (["-o", str(tmp_path / "report.html")] if command == "report" else [])
    if command == "fetch":
        monkeypatch.setattr(live, "fetch", _explode)
        return ["fetch", "--host", "http://127.0.0.1:9", "--bot-id", BOT_ID, "--client-id", CLIENT_ID,
                "--client-secret", CLIENT_SECRET]
    import analyzer.rules

    monkeypatch.setattr(analyzer.rules, "all_rules", _explode)
    return ["rules"]


@pytest.mark.parametrize("command", ["check", "report", "fetch", "rules"])
def test_internal_error_is_one_line_unless_debug_in_every_command(monkeypatch, tmp_path, command):
    monkeypatch.delenv("KORELINT_DEBUG", raising=False)
    argv = _break(command, monkeypatch, tmp_path)

    def main(args):
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            code = cli.main(args)
        return code, out.getvalue(), err.getvalue()

    code, out, err = main(argv)
    assert code == 2 and out == "" and err.count("\n") == 1, err
    assert "internal error" in err and "report it" in err and "--debug" in err and "Traceback" not in err
    assert "RuntimeError: kaboom in the middle" in err
    for debug_argv in (["--debug", *argv], [argv[0], "--debug", *argv[1:]]):
        code, out, err = main(debug_argv)
        assert code == 2 and "Traceback (most recent call last)" in err and "kaboom in the middle" in err, err
    monkeypatch.setenv("KORELINT_DEBUG", "1")
    code, out, err = main(argv)
    assert code == 2 and "Traceback (most recent call last)" in err
    if command == "fetch":
        from live_server import CLIENT_SECRET
        assert CLIENT_SECRET not in err


def test_internal_error_inside_the_fetch_asks_to_report_it_and_debug_shows_it(monkeypatch):
    from analyzer.live import client
    from live_server import BOT_ID, CLIENT_ID, CLIENT_SECRET
    monkeypatch.delenv("KORELINT_DEBUG", raising=False)
    def explode_with_the_secret(*args, **kwargs):
        raise RuntimeError(f"kaboom with {CLIENT_SECRET} in the message")
    monkeypatch.setattr(client.Client, "get_status", explode_with_the_secret)
    argv = ["fetch", "--host", "http://127.0.0.1:9", "--bot-id", BOT_ID, "--client-id", CLIENT_ID,
            "--client-secret", CLIENT_SECRET]
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = cli.main(argv)
    assert code == 2 and err.getvalue().count("\n") == 1 and "report it" in err.getvalue(), err.getvalue()
    assert CLIENT_SECRET not in err.getvalue() and "[redacted]" in err.getvalue()
    err = io.StringIO()
    with redirect_stdout(io.StringIO()), redirect_stderr(err):
        code = cli.main(["--debug", *argv])
    assert code == 2 and "Traceback (most recent call last)" in err.getvalue(), err.getvalue()
    assert "explode_with_the_secret" in err.getvalue() and "kaboom with [redacted]" in err.getvalue()
    assert CLIENT_SECRET not in err.getvalue()


@pytest.fixture(scope="module")
def _korelint_cache_dir(tmp_path_factory) -> str:
    return os.environ.get("KORELINT_CACHE_DIR") or str(tmp_path_factory.mktemp("korelint-cache"))


@pytest.fixture(autouse=True)
def _korelint_cache(monkeypatch, _korelint_cache_dir):
    """`report` keeps its compiled Graphviz in a folder of the test session, not the user's cache."""
    monkeypatch.setenv("KORELINT_CACHE_DIR", _korelint_cache_dir)


# -- integers too large for a float -----------------------------------------------------------------
HUGE = "1" + "0" * 400  # JSON allows it, Python keeps it exactly, float() raises OverflowError


@pytest.mark.parametrize("where, sign", [("percentageComplete", ""), ("percentageComplete", "-"),
                                         ("left", ""), ("top", "-")])
def test_integers_too_large_for_a_float_are_not_numbers(tmp_path, where, sign):
    payload = publish_status(dialog(
        node("intent0", "intent", default("message1"), metadata={"left": 10, "top": 10}),
        node("message1", "message", default("gone"), metadata={"left": 10, "top": 90})), status="inprogress")
    text = json.dumps(payload)
    if where == "percentageComplete":
        text = text.replace('"percentageComplete": 100', f'"percentageComplete": {sign}{HUGE}')
    else:
        text = text.replace(f'"{where}": 10', f'"{where}": {sign}{HUGE}', 1)
    assert HUGE in text
    path = write(tmp_path, "huge-number.json", text)
    code, out, _ = run(path, "--format", "json")
    assert code == 1 and {f["rule"] for f in json.loads(out)["findings"]} >= {"KL101"}
    err = io.StringIO()
    with redirect_stdout(io.StringIO()), redirect_stderr(err):
        code = cli.main(["report", path, "-o", str(tmp_path / "r.html")])
    assert code == 1 and "internal error" not in err.getvalue(), err.getvalue()
    assert (tmp_path / "r.html").read_text().rstrip().endswith("</html>")


# -- file names and option values that are not plain text ----------------------------------------------
@pytest.mark.parametrize("fmt", ["json", "sarif", "github", "gitlab", "junit", "markdown", "text"])
def test_a_file_name_that_is_not_utf8_is_shown_not_crashed_on(tmp_path, fmt):
    """`x\\xff,a:b\\x1b[31m.json`: every format writes (stdout and -o) what it can encode; the
    name shows U+FFFD for the byte that is not text and no control character."""
    name = os.fsdecode(b"x\xff,a:b\x1b[31m.json")
    path = tmp_path / name
    path.write_text(json.dumps(two_dialogs()))
    code, out, err = run(str(path), "--format", fmt, "-o", str(tmp_path / "out"))
    assert code == 1 and err == "", err
    written = (tmp_path / "out").read_bytes().decode("utf-8")  # valid UTF-8
    code, out, err = run(str(path), "--format", fmt)
    assert code == 1 and out == written
    if fmt in ("json", "sarif", "gitlab"):
        json.loads(written)
    assert ("%EF%BF%BD" if fmt == "sarif" else "\ufffd") in written and "\x1b" not in written  # SARIF: a URI


def test_report_of_a_file_whose_name_is_not_utf8(tmp_path):
    path = tmp_path / os.fsdecode(b"bot\xfe.json")
    path.write_text(json.dumps(two_dialogs()))
    err = io.StringIO()
    with redirect_stdout(io.StringIO()), redirect_stderr(err):
        code = cli.main(["report", str(path), "-o", str(tmp_path / "r.html"), "--zip", str(tmp_path / "r.zip")])
    assert code == 1 and "internal error" not in err.getvalue(), err.getvalue()
    assert "bot\ufffd.json" in (tmp_path / "r.html").read_text()


@pytest.mark.parametrize("argv", [["--select", "KL1\x1b]0;pwned\x07,x\ny"], ["--baseline", "no\x1b[2Jsuch\n::error::x"],
                                  ["--ignore", "y" * 100_000]])
def test_option_values_echoed_in_errors_are_one_printable_bounded_line(tmp_path, argv):
    path = write(tmp_path, "p.json", two_dialogs())
    err = io.StringIO()
    with redirect_stdout(io.StringIO()), redirect_stderr(err):
        code = cli.main(["check", path, *argv])
    text = err.getvalue()
    assert code == 2 and text.count("\n") == 1 and len(text) < 1200, text[:200]
    assert not any(c in text for c in "\x1b\x07") and not text.startswith("::")
