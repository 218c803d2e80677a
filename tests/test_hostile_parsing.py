"""The hostile-input catalogue, stage 2 - parsing: what is not JSON or not a payload, truncations,
encodings, nesting, wrong types at every level, non-JSON and huge numbers, duplicate keys. Each is
refused (exit 2, one line) or becomes `malformed-payload` (KL001) findings while the rest is still
analysed. Shared helpers: tests/hostile.py."""
from __future__ import annotations

import io
import json
from contextlib import redirect_stderr, redirect_stdout

import pytest

import hostile
from analyzer import cli
from helpers import default, dialog, node, publish_status
from hostile import (
    assert_good_dialog_analysed,
    assert_refused,
    good_dialog,
    json_findings,
    run,
    run_process,
    sample,
    two_dialogs,
    write,
)

# The fixtures of tests/hostile.py, bound here so that pytest finds them in this module.
_korelint_cache_dir = hostile._korelint_cache_dir
_korelint_cache = hostile._korelint_cache


# -- not a payload at all ------------------------------------------------------------------
@pytest.mark.parametrize("name, data, reason", [
    ("empty.json", b"", "empty"),
    ("blank.json", b" \n\t\r\n  ", "empty"),
    ("truncated.json", b'{"statusSummary": [{"resourceType": "dialog", "result": {"nodes": [',
     "not valid JSON"),
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
@pytest.mark.parametrize("bad",
                         [b"\xff", b"\xfe", b"\xc0\xaf", b"\xed\xa0\x80", b"\xe2\x82", b"\x80",
                          b"\xf8\x88\x80\x80\x80"])
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
        assert_good_dialog_analysed(
            json_findings(run(write(tmp_path, f"u{pad}.json", data), "--format", "json")))


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
    ("condition tests a string",
     _set((*N1[:-1], 0, "transitions", 0, "if"), {"conjoin": "and", "tests": "x"}), [], True),
    ("condition junk",
     _set((*N1[:-1], 0, "transitions", 0, "if"), {"conjoin": 5, "tests": [5, None, [], {"op": 5}]}), [],
     True),
    ("dialog name a number", _set((*D1, "name"), 5), [], True),
    ("localeData junk", _set((*D1, "localeData"), {"en": 5, "de": {"name": []}}), [], True),
    ("localeData a list", _set((*D1, "localeData"), [1]), [], True),
    ("state a number", _set((*D1, "state"), 1), [], True),
    ("approvedLanguages a string", _set((*D1, "approvedLanguages"), "en"), [], True),
    ("approvalRequestedLanguages junk", _set((*D1, "approvalRequestedLanguages"), ["en", 5, None, {}]), [],
     True),
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
    found = json_findings(run(write(tmp_path, "mutated.json", payload), "--format", "json", "--fail-on",
                              "never"))
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
    ("term a number", {"taxonomy": [5, {"nodeId": "t1", "parent": ["t9"]}]},
     ["/statusSummary/2/result/taxonomy/0"]),
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


@pytest.mark.parametrize("literal",
                         ["NaN", "Infinity", "-Infinity", "nan", "inf", "-inf", "+1", ".5", "01", "1.",
                          "0x10"])
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
    text = sample().decode().replace('"type": "message"', '"type": "message", "left": 1e400, "top": -1e999',
                                     1)
    assert_good_dialog_analysed(json_findings(run(write(tmp_path, "big.json", text), "--format", "json")))


# -- duplicate keys: the last one wins, as in JSON.parse and json.loads, in every layer ------------
DUPLICATE_KEYS = {
    "statusSummary twice": (
        '{"_id": "ds", "status": "successful", "percentageComplete": 100,\n'
        ' "statusSummary": [{"resourceType": "dialog", "status": "SUCCESS", "name": "First", "result":'
        ' {"name": "First", "nodes": [{"nodeId": "intent0", "type": "intent",'
        ' "transitions": [{"default": "gone1"}]}]}}],\n'
        ' "statusSummary": [{"resourceType": "dialog", "status": "SUCCESS", "name": "Second", "result":'
        ' {"name": "Second", "nodes": [{"nodeId": "intent0", "type": "intent",'
        ' "transitions": [{"default": "gone2"}]}]}}]\n}',
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
