"""Garbage through the real command line: arbitrary bytes, arbitrary JSON values, and near-valid
payloads with one field changed to a value of another type. korelint exits 0, 1 or 2, never lets
an exception out, never reports an internal error, and prints valid JSON whenever it does not
refuse the input."""
from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from helpers import SAMPLES, korelint

BOM = b"\xef\xbb\xbf"


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("garbage")


def check(workdir, data: bytes, name: str = "input.json") -> tuple[int, Any]:
    """Run `korelint check FILE --format json`: (exit code, parsed report or None)."""
    path = workdir / name
    path.write_bytes(data)
    code, out, stderr = korelint("check", path, "--format", "json")  # no traceback nor internal error
    assert code in (0, 1, 2), code
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    if code == 2:
        assert out == ""
        (line,) = stderr.splitlines()
        assert str(path) in line
        return code, None
    assert stderr == ""
    report = json.loads(out)
    assert set(report) == {"tool", "inputs", "summary", "findings"}
    return code, report


def strict_json(data: bytes) -> bool:
    """Whether the bytes are one JSON text by RFC 8259: UTF-8, no NaN/Infinity."""
    if data.startswith(BOM):
        data = data[len(BOM):]

    def refuse(constant):
        raise ValueError(constant)
    try:
        json.loads(data.decode("utf-8"), parse_constant=refuse)
    except (ValueError, RecursionError):
        return False
    return True


# -- arbitrary bytes -------------------------------------------------------------------------
@given(st.binary(max_size=2000))
@example(b"")
@example(b"\xef\xbb\xbf")
@example(b"\xef\xbb\xbf{}")
@example(b"\xff\xfe\x00\x00")
@example(b'{"statusSummary": [NaN]}')
@example(b'{"dialogs": [{"nodes": [{"nodeId": "\xff", "type": "intent"}]}]}')
@example(b'{"dialogs": ["\\ud800"]}')
@example(b'{"nodes": [], "components": []}\x00')
@example(b"PK\x03\x04garbage")
def test_arbitrary_bytes(workdir, data):
    code, report = check(workdir, data)
    if code != 2:
        assert strict_json(data)


@given(st.binary(max_size=300).map(lambda b: b'{"statusSummary": [{"resourceType": "dialog", "result": ' + b))
def test_arbitrary_bytes_after_a_valid_prefix(workdir, data):
    code, _ = check(workdir, data)
    if code != 2:
        assert strict_json(data)


# -- arbitrary JSON values -------------------------------------------------------------------
KEYS = st.sampled_from(["statusSummary", "dialogs", "nodes", "components", "resourceType", "result",
                        "status", "nodeId", "type", "transitions", "default", "if", "then", "taxonomy",
                        "knowledgeTasks", "parent", "name", "_id", "conjoin", "tests", "op", "x"])
json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12), st.sampled_from(["dialog", "knowledge", "intent", "end", "", "SUCCESS", "FAILED"]))
json_values = st.recursive(
    json_scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=5),
                            st.dictionaries(st.one_of(KEYS, st.text(max_size=5)), inner, max_size=5)),
    max_leaves=30)


@given(json_values, st.booleans())
@example({"\x1e": None}, False)  # a key that splits lines once echoed in the refusal
@example({"a\nb": 1, "\u2028": 2}, False)
def test_arbitrary_json_values(workdir, value, ascii_only):
    data = json.dumps(value, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")
    check(workdir, data)


@given(st.dictionaries(KEYS, json_values, min_size=1, max_size=6))
def test_arbitrary_objects_with_kore_keys(workdir, value):
    check(workdir, json.dumps(value).encode())


# -- near-valid payloads with one field of another type --------------------------------------
def _bot_export() -> dict:
    return {
        "name": "Bot", "defaultLanguage": "en",
        "dialogs": [{"_id": "dg-1", "name": "Book", "localeData": {"en": {"name": "Book"}},
                     "nodes": [{"nodeId": "intent0", "type": "intent", "componentId": "dc-1",
                                "transitions": [{"if": {"conjoin": "and", "tests": [
                                    {"context": "a", "op": "eq", "value": 1}]}, "then": "message1"},
                                    {"default": "end"}],
                                "metadata": {"left": 1, "top": 2}},
                               {"nodeId": "message1", "type": "message", "transitions": [{"default": ""}]}]}],
        "dialogComponents": [{"_id": "dc-1", "dialogId": "dg-1"}],
        "knowledgeTasks": [{"name": "FAQ", "taxonomy": [{"nodeId": "t0", "label": "Root", "parent": []},
                                                        {"nodeId": "t1", "parent": ["t0"]}]}],
    }


BASES = {
    "publish-status": json.loads((SAMPLES / "publish-status.json").read_text()),
    "bot-export": _bot_export(),
    "dialog-export": {**_bot_export()["dialogs"][0], "components": [{"_id": "dc-1"}]},
    "publish-response": [{"resourceType": "dialog", "status": "SUCCESS",
                          "result": _bot_export()["dialogs"][0]},
                         {"resourceType": "knowledge", "status": "SUCCESS",
                          "result": {"taxonomy": _bot_export()["knowledgeTasks"][0]["taxonomy"]}}],
}


def paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path to a value inside a JSON document (the root excluded)."""
    out = []
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in items:
        out.append((*prefix, key))
        out.extend(paths(child, (*prefix, key)))
    return out


PATHS = {kind: paths(base) for kind, base in BASES.items()}
CASES = [(kind, path) for kind in BASES for path in PATHS[kind]]
# Values of every JSON type (text without lone surrogates: msgspec refuses them as invalid).
REPLACEMENTS = st.one_of(
    st.none(), st.booleans(), st.integers(-10**30, 10**30), st.floats(allow_nan=False, allow_infinity=False),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=8), st.just(""), st.just([]), st.just({}),
    st.lists(st.one_of(st.integers(), st.text(max_size=3).filter(str.isprintable), st.none()), max_size=3),
    st.dictionaries(st.sampled_from(["nodeId", "type", "x"]), st.one_of(st.integers(), st.none()),
                    max_size=2))


def _type(value: Any) -> str:
    return ("number" if isinstance(value, (int, float)) and not isinstance(value, bool)
            else type(value).__name__)


@given(st.sampled_from(CASES), REPLACEMENTS, st.booleans())
def test_one_field_of_another_type(workdir, case, replacement, delete):
    kind, path = case
    payload = json.loads(json.dumps(BASES[kind]))
    parent = payload
    for key in path[:-1]:
        parent = parent[key]
    if delete and isinstance(parent, dict):
        del parent[path[-1]]
    elif _type(parent[path[-1]]) != _type(replacement) or replacement != parent[path[-1]]:
        parent[path[-1]] = replacement
    code, report = check(workdir, json.dumps(payload, indent=1).encode())
    # Only the keys that tell the kind apart (or the first resource of a publish response) can
    # make a near-valid payload unrecognisable; every other change gives a report.
    kind_key = len(path) == 1 and kind != "publish-response"
    if not kind_key and not (kind == "publish-response" and path[0] == 0):
        assert code != 2, (path, replacement)


def test_every_path_is_mutated_by_the_strategy():
    # Guard: the near-valid cases walk the whole documents (a few hundred paths).
    assert len(CASES) > 100
    assert ("bot-export", ("dialogs", 0, "nodes", 0, "transitions", 0, "if", "tests", 0, "op")) in CASES
