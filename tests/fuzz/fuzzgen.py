"""Hypothesis strategies for the fuzzing harness: the five input kinds korelint reads
(publish-status, publish-response, bot-export, dialog-export, and a zip of a bot export), each
as a valid payload, a near-valid one (one field changed to a value of another type, deleted,
duplicated or filled with hostile text) and garbage (random bytes, random JSON, truncations,
byte flips, wrong encodings, broken archives).

Every strategy draws a `Sample`: the kind, the quality, the bytes and a file name. Payload text
comes from a hostile alphabet (markup, path separators, control characters, bidi overrides, very
long names, names that differ only in case) so the reporters' escaping and the file names built
from payload text are exercised too.

COUNTS is the session's tally of generated payloads per target (conftest.py prints it).
"""
from __future__ import annotations

import io
import json
import os
import warnings
import zipfile
from collections import Counter
from dataclasses import dataclass
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

COUNTS: Counter[str] = Counter()
FUZZ = os.environ.get("HYPOTHESIS_PROFILE", "default") == "fuzz"


def examples(fuzz: int, default: int) -> settings:
    """Hypothesis settings: `fuzz` examples under the fuzz profile (`make fuzz`), `default`
    otherwise (`make test`: a few seconds for the whole harness)."""
    return settings(max_examples=fuzz if FUZZ else default, deadline=None,
                    suppress_health_check=list(HealthCheck))


KINDS = ("publish-status", "publish-response", "bot-export", "dialog-export", "zip")
QUALITIES = ("valid", "near-valid", "garbage")
PROBE = "<kl-probe>"  # markup that must never reach an HTML or SVG output unescaped


@dataclass(frozen=True)
class Sample:
    kind: str
    quality: str
    data: bytes
    name: str  # file name to write the bytes to (".zip" for archives)

    def __repr__(self) -> str:  # what a falsifying example prints: enough to rebuild it
        return f"Sample(kind={self.kind!r}, quality={self.quality!r}, name={self.name!r}, data={self.data!r})"


# -- payload text ------------------------------------------------------------------------------------
TRICKY = [
    "", " ", ".", "..", "../../etc/passwd", "/etc/passwd", "a/b", "C:\\Windows\\x", "\\\\server\\share",
    "CON", "nul", "com1.txt", ".hidden", "Book", "book", "BOOK", "Bőök", "Book ", PROBE,
    "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "javascript:alert(1)", "a|b|c",
    "line1\nline2", "\r\n", "a\x00b", "\u2028", "\u202eevil", "\ufeff", "\x1b[31mred", "`code`", "**b**",
    "[x](http://e.x)", "%0A::error::", "::warning file=x::y", "]]>", "<!--", "&amp;", "{{ 7*7 }}", "${x}",
    "é", "😀", "中文", "\U0001F600" * 3, "x" * 300, "é" * 150, "a" * 5000,
    # credential-looking text (rule KL501 scans every string; findings must mask it)
    "sk-proj-A1b2C3d4E5f6G7h8I9j0K1l2M3n4", "SG.abcdEFGH1234ijkl.MNOP5678qrstUVWX9012",
    "Bearer Zx9Yw8Xv7Uu6Tt5Ss4Rr3",
    "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.c2lnbmF0dXJlMTIzNDU2", "Basic dXNlcjpwQHNzdzByZA==",
    '{"Authorization": "Bearer Qw3Er4Ty5Ui6Op7As8Df9Gh"}',
    'var apiKey = "k3y-9f8e7d6c5b4a3"; var password="Pa$$w0rd1"',
    "http://user:S3cr3tPwd@api.example.com/v1?appid=0123456789abcdef0123456789abcdef", "{{env.apiKey}}",
    "AKIAABCDEFGHIJKLMNOP", "xoxb-1234567890-abcdefABCDEF", "ghp_" + "a1B2" * 9,
]
_ALPHABET = st.characters(codec="utf-8", exclude_categories=("Cs",))
TEXT = st.one_of(st.sampled_from(TRICKY), st.text(_ALPHABET, max_size=12),
                 st.text(st.sampled_from("aA./\\|<>&\"'`\n\x00 é-_"), max_size=10))
IDS = ["intent0", "message1", "script2", "service3", "entity4", "form5"]
TYPES = ["intent", "message", "script", "service", "entity", "dialogAct", "logic", "form", "webhook",
         "agentTransfer", "botAction", "unknownType"]
OPS = ["eq", "neq", "gt", "gte", "lt", "lte", "cnt", "dne", "exists", "ex", "zz"]
STATUSES = ["SUCCESS", "FAILED", "INPROGRESS", "success", "PENDING", "weird"]
JOB_STATUSES = ["successful", "failed", "INPROGRESS", "inProgress", "queued", "SUCCESS"]
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6),
                    st.floats(allow_nan=False, allow_infinity=False), TEXT)


# -- valid payloads --------------------------------------------------------------------------------
@st.composite
def conditions(draw, depth: int = 0) -> dict:
    shape = draw(st.integers(0, 4 if depth < 2 else 3))
    if shape <= 1:
        return {draw(st.sampled_from(["context", "field"])):
                    draw(st.one_of(st.sampled_from(["age", "a.b"]), TEXT)),
                "op": draw(st.sampled_from(OPS)), "value": draw(SCALARS)}
    if shape == 2:
        return {"dialogAct": draw(st.sampled_from(["yes", "no", "maybe"]))}
    if shape == 3:
        return {"intent": draw(st.one_of(st.sampled_from(IDS), TEXT)), "op": "", "value": ""}
    return {"conjoin": draw(st.sampled_from(["and", "or"])),
            "tests": draw(st.lists(conditions(depth + 1), min_size=1, max_size=3))}


@st.composite
def nodes(draw, ids: list[str]) -> list[dict]:
    targets = st.one_of(st.sampled_from(ids + ["end", ""]), st.none(), TEXT)
    out = []
    for i, nid in enumerate(ids):
        node: dict[str, Any] = {"nodeId": nid, "type": "intent" if i == 0 else draw(st.sampled_from(TYPES))}
        if draw(st.integers(0, 5)):
            trans = [{"if": draw(conditions()), "then": draw(targets)}
                     for _ in range(draw(st.integers(0, 3)))]
            if draw(st.integers(0, 4)):
                trans.append({"default": draw(targets)})
            node["transitions"] = trans
        if draw(st.integers(0, 2)):
            node["componentId"] = draw(st.one_of(st.sampled_from(COMPONENT_IDS), TEXT))
        if draw(st.integers(0, 5)) == 0:  # a component copied into the node (publish status)
            node["component"] = draw(components())
        pos = draw(st.integers(0, 4))
        if pos == 1:
            node["metadata"] = {"left": draw(st.integers(-50, 2000)), "top": draw(st.integers(-50, 2000))}
        elif pos == 2:
            node["positionMeta"] = {"left": draw(st.floats(-1e3, 1e4)), "top": draw(st.floats(-1e3, 1e4))}
        elif pos == 3:  # positions of odd types and sizes
            odd = st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.integers(-10**20, 10**20),
                            st.sampled_from(["12px", "", "1e3", None, True]), st.just([1, 2]))
            node[draw(st.sampled_from(["metadata", "positionMeta"]))] = {"left": draw(odd), "top": draw(odd)}
        out.append(node)
    return out


COMPONENT_IDS = ([f"dc-{i}" for i in range(4)] + [f"dc-call-{i}" for i in range(3)]
                 + ["dc-svc-0", "dc-script-0"])
DIALOG_IDS = [f"dg-{i}" for i in range(4)]


@st.composite
def components(draw, comp_id: str | None = None) -> dict:
    """A dialog component: an intent that runs a dialog, a service call, a script, or another."""
    kind = draw(st.sampled_from(["intent", "service", "script", "message", "entity", "botAction"]))
    comp: dict[str, Any] = {"_id": comp_id or draw(st.sampled_from(COMPONENT_IDS)), "name": draw(TEXT),
                            "type": kind}
    if kind == "intent":
        comp["dialogId"] = draw(st.one_of(st.sampled_from(DIALOG_IDS + ["dg-missing"]), TEXT))
    elif kind == "service":
        comp["endPoint"] = {"protocol": draw(st.sampled_from(["http", "https", "", "HTTP"])),
                            "host": draw(st.one_of(st.sampled_from(["api.example.com", "localhost",
                                                                    "127.0.0.1",
                                                                    "[::1]", "user:pw@h.example"]), TEXT)),
                            "path": draw(st.one_of(
                                st.sampled_from(["/v1?appid=0123456789abcdef0123456789abcdef",
                                                 "/x?key={{env.key}}", ""]), TEXT)),
                            "method": "post"}
        headers = draw(st.dictionaries(
            st.sampled_from(["Authorization", "x-api-key", "token", "Content-Type", "x"]), TEXT, max_size=3))
        comp["headers"] = {"type": "raw", "value": draw(st.one_of(st.just(json.dumps(headers)), TEXT))}
        if draw(st.booleans()):
            comp["payload"] = {"type": "raw",
                               "value": json.dumps({"password": draw(TEXT), "apiKey": draw(TEXT)})}
    elif kind == "script":
        comp["script"] = draw(TEXT)
    elif kind == "botAction":
        comp["nodes"] = draw(steps())
    return comp


STEP_IDS = ["st-0", "st-1", "st-2"]


@st.composite
def steps(draw) -> list:
    """The inner flow of a bot action: steps shaped like nodes, one or none `level: "root"`."""
    targets = st.one_of(st.sampled_from(STEP_IDS + ["end", "", IDS[1]]), st.none(), TEXT)
    out: list[Any] = []
    for sid in draw(st.lists(st.one_of(st.sampled_from(STEP_IDS), TEXT.filter(bool)), max_size=4)):
        step: dict[str, Any] = {"nodeId": sid, "type": draw(st.sampled_from(["script", "service", "entity",
                                                                             "logic"])),
                                "componentId": draw(st.sampled_from(COMPONENT_IDS)),
                                "transitions": [{"if": draw(conditions()), "then": draw(targets)}
                                                for _ in range(draw(st.integers(0, 2)))]
                                + [{"default": draw(targets)}] * draw(st.integers(0, 1))}
        if draw(st.booleans()):
            step["level"] = "root"
        out.append(step)  # (a step that is not an object is malformed: not in a "valid" payload;
    return out  # tests/test_bot_actions.py has them)


@st.composite
def dialogs(draw, export: bool = False) -> dict:
    ids = draw(st.lists(st.one_of(st.sampled_from(IDS), TEXT.filter(bool)), min_size=0, max_size=10))
    body: dict[str, Any] = {"_id": draw(st.sampled_from(DIALOG_IDS)), "name": draw(TEXT),
                            "nodes": draw(nodes(ids))}
    if draw(st.booleans()):
        body["localeData"] = {"en": {"name": draw(TEXT)},
                              draw(st.sampled_from(["de", "fr"])): {"name": draw(TEXT)}}
    if draw(st.booleans()):
        body["state"] = draw(st.sampled_from(["published", "configured", "awaitingApproval", "x"]))
        body["approvedLanguages"] = draw(st.lists(st.sampled_from(["en", "de"]), max_size=2))
        body["approvalRequestedLanguages"] = draw(st.lists(st.sampled_from(["en", "fr"]), max_size=2))
    if draw(st.integers(0, 4)) == 0:
        body["description"] = draw(TEXT)  # a field korelint does not read
    if export:
        body["components"] = [draw(components(c)) for c in draw(st.lists(st.sampled_from(COMPONENT_IDS),
                                                                          max_size=4, unique=True))]
    return body


@st.composite
def taxonomies(draw) -> list[dict]:
    ids = draw(st.lists(st.one_of(st.sampled_from(["t0", "t1", "t2", "t3"]), TEXT.filter(bool)), max_size=5))
    return [{"nodeId": t, "label": draw(TEXT),
             "parent": draw(st.lists(st.one_of(st.sampled_from(ids or ["t9"]), st.just("gone")), max_size=2))}
            for t in ids]


@st.composite
def resources(draw) -> list[dict]:
    out: list[dict] = []
    for _ in range(draw(st.integers(0, 4))):
        choice = draw(st.integers(0, 5))
        status = draw(st.sampled_from(STATUSES))
        if choice <= 2:
            body = draw(dialogs())
            out.append({"resourceId": body["_id"], "resourceType": "dialog", "name": draw(TEXT),
                        "status": status, "result": body})
        elif choice == 3:
            out.append({"resourceId": "kg", "resourceType": "knowledge", "name": draw(TEXT), "status": status,
                        "result": {"name": draw(TEXT), "taxonomy": draw(taxonomies())}})
        else:
            rtype = draw(st.sampled_from(["SETTINGS", "CHANNELS", "BOTLANGUAGES", "widget"]))
            modules = draw(st.one_of(st.lists(TEXT, max_size=3), st.just({"enabledLanguages": ["en"]})))
            out.append({"resourceId": rtype, "resourceType": rtype, "name": draw(TEXT), "status": status,
                        "modules": modules, "result": {"resourceType": rtype, "modules": modules}})
    return out


@st.composite
def publish_status(draw) -> dict:
    return {"_id": "ds-" + draw(st.text("0123456789abcdef", min_size=1, max_size=8)),
            "jobType": "PUBLISH_BOT", "streamId": "st-1",
            "status": draw(st.sampled_from(JOB_STATUSES)),
            "percentageComplete": draw(st.one_of(st.integers(0, 100), st.floats(0, 100))),
            "requestedTime": "2022-07-29T08:04:48.731Z", "initiatedOn": "2022-07-29T08:04:48.828Z",
            "lastModifiedOn": draw(st.sampled_from(["2022-07-29T08:04:50.083Z", "yesterday", ""])),
            "statusSummary": draw(resources())}


@st.composite
def publish_response(draw) -> list:
    first = {"resourceId": "SETTINGS", "resourceType": "SETTINGS", "status": "SUCCESS", "result": {}}
    return [first, *draw(resources())]


@st.composite
def bot_export(draw) -> dict:
    return {"name": draw(TEXT), "defaultLanguage": draw(st.sampled_from(["en", "de", "fr"])),
            "dialogs": draw(st.lists(dialogs(), max_size=3)),
            "dialogComponents": [draw(components(c)) for c in draw(st.lists(st.sampled_from(COMPONENT_IDS),
                                                                             max_size=6, unique=True))],
            "knowledgeTasks": [{"name": draw(TEXT), "taxonomy": draw(taxonomies())}
                               for _ in range(draw(st.integers(0, 2)))]}


VALUES = {"publish-status": publish_status(), "publish-response": publish_response(),
          "bot-export": bot_export(), "dialog-export": dialogs(export=True), "zip": bot_export()}


# -- serialising -----------------------------------------------------------------------------------
@st.composite
def serialise(draw, value: Any) -> bytes:
    indent = draw(st.sampled_from([None, 0, 1, 2, "\t"]))
    text = json.dumps(value, indent=indent, ensure_ascii=draw(st.booleans()),
                      separators=draw(st.sampled_from([None, (",", ":"), (" , ", " : ")])))
    if draw(st.integers(0, 5)) == 0:
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8")
    if draw(st.integers(0, 7)) == 0:
        data = b" \n\t" + data + b"\n\n"
    if draw(st.integers(0, 7)) == 0:
        data = b"\xef\xbb\xbf" + data  # a byte order mark comes first, before any white space
    return data


@st.composite
def archive(draw, definition: bytes, quality: str) -> bytes:
    """A bot export .zip holding `definition` as its botDefinition.json."""
    buf = io.BytesIO()
    compression = draw(st.sampled_from([zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED, zipfile.ZIP_BZIP2,
                                        zipfile.ZIP_LZMA]))
    names = ["botDefinition.json", "BankAssist/botDefinition.json"]
    if quality != "valid":
        names += ["../../botDefinition.json", "/abs/botDefinition.json", "a\\b\\botDefinition.json",
                  "x/" * 40 + "botDefinition.json"]
    with zipfile.ZipFile(buf, "w", compression=compression) as zf, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # duplicate member names are wanted here
        if draw(st.booleans()):
            zf.writestr("BankAssist/", b"")
        for extra in draw(st.lists(st.sampled_from(["icon.png", "botFunctions.js", "README", "a/b/c.json"]),
                                   max_size=3, unique=True)):
            zf.writestr(extra, draw(st.binary(max_size=64)))
        zf.writestr(draw(st.sampled_from(names)), definition)
        if quality != "valid" and draw(st.booleans()):  # a second definition, deeper or not
            zf.writestr(draw(st.sampled_from(names)) + draw(st.sampled_from(["", ".bak"])),
                        draw(st.binary(max_size=64)))
        if draw(st.booleans()):
            zf.comment = draw(st.binary(max_size=40))
    return buf.getvalue()


# -- near-valid: one change --------------------------------------------------------------------------
def _paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    out = []
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in items:
        out.append((*prefix, key))
        out.extend(_paths(child, (*prefix, key)))
    return out


def _deep(depth: int) -> Any:
    value: Any = []
    for _ in range(depth):
        value = [value]
    return value


REPLACEMENTS = st.one_of(
    st.none(), st.booleans(), st.integers(-10**30, 10**30), st.floats(allow_nan=False, allow_infinity=False),
    TEXT, st.just([]), st.just({}), st.lists(SCALARS, max_size=3),
    st.dictionaries(st.sampled_from(["nodeId", "type", "transitions", "default", "if", "then", "x"]), SCALARS,
                    max_size=3),
    st.sampled_from([_deep(50), _deep(199), _deep(260), 1e308, -0.0, 2**64, "end", "intent0"]))


@st.composite
def mutate(draw, value: Any) -> tuple[Any, str | None]:
    """(the value with one change, a duplicate key to splice in at the top or None)."""
    value = json.loads(json.dumps(value))
    paths = _paths(value)
    if not paths:
        return draw(REPLACEMENTS), None
    path = draw(st.sampled_from(paths))
    parent = value
    for key in path[:-1]:
        parent = parent[key]
    how = draw(st.integers(0, 5))
    if how == 0 and isinstance(parent, dict):
        del parent[path[-1]]
    elif how == 1 and isinstance(parent, list):
        parent.insert(path[-1], draw(REPLACEMENTS))
    elif how == 2 and isinstance(value, dict) and value:
        key = draw(st.sampled_from(sorted(value)))
        return value, json.dumps(key) + ": " + json.dumps(draw(REPLACEMENTS))
    else:
        parent[path[-1]] = draw(REPLACEMENTS)
    return value, None


@st.composite
def near_valid_bytes(draw, kind: str) -> bytes:
    value, duplicate = draw(mutate(draw(VALUES[kind])))
    data = draw(serialise(value))
    if duplicate is not None:
        start = data.index(b"{")
        data = data[:start + 1] + duplicate.encode() + b", " + data[start + 1:]
    return data


# -- garbage ------------------------------------------------------------------------------------------
JSON_VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.one_of(st.sampled_from(
                                ["statusSummary", "dialogs", "nodes", "components", "resourceType", "result",
                                 "nodeId", "type", "transitions", "taxonomy", "knowledgeTasks"]), TEXT),
                                inner, max_size=4)),
    max_leaves=25)


@st.composite
def garbage_bytes(draw, kind: str) -> bytes:
    valid = draw(serialise(draw(VALUES[kind])))
    if kind == "zip":
        valid = draw(archive(valid, "valid"))
    how = draw(st.integers(0, 7))
    if how == 0:
        return draw(st.binary(max_size=3000))
    if how == 1:
        return json.dumps(draw(JSON_VALUES)).encode()
    if how == 2 and valid:  # truncated
        return valid[:draw(st.integers(0, len(valid) - 1))]
    if how == 3 and valid:  # bytes flipped
        raw = bytearray(valid)
        for _ in range(draw(st.integers(1, 8))):
            raw[draw(st.integers(0, len(raw) - 1))] = draw(st.integers(0, 255))
        return bytes(raw)
    if how == 4:  # another encoding, or a non-JSON number
        text = valid.decode("utf-8", "replace")
        choice = draw(st.sampled_from(["utf-16", "utf-32-le", "latin-1", "nan", "inf", "surrogate"]))
        if choice == "surrogate":  # a lone surrogate escape: valid JSON syntax, not a Unicode string
            return (text.replace('"intent0"', '"intent0\\ud800"')
                    .replace('"name": "', '"name": "\\udfff').encode())
        if choice == "nan":
            return text.replace("100", "NaN", 1).encode()
        if choice == "inf":
            return text.replace(": 1", ": Infinity", 1).replace(":1", ":-Infinity", 1).encode()
        return text.encode(choice, "replace")
    if how == 5:  # two documents, or junk around one
        return draw(st.sampled_from([valid + valid, b"<html>" + valid, valid + b"\x00", valid[::-1]]))
    if how == 6:  # a zip of garbage, or a zip header on garbage
        return (draw(st.sampled_from([b"PK\x03\x04", b"PK\x05\x06" + b"\x00" * 18]))
                + draw(st.binary(max_size=500)))
    inner = draw(st.binary(max_size=200)) if draw(st.booleans()) else json.dumps(draw(JSON_VALUES)).encode()
    return draw(archive(inner, "garbage"))


# -- samples ------------------------------------------------------------------------------------------
@st.composite
def samples(draw, kinds: tuple[str, ...] = KINDS, qualities: tuple[str, ...] = QUALITIES) -> Sample:
    kind = draw(st.sampled_from(kinds))
    quality = draw(st.sampled_from(qualities))
    if quality == "valid":
        data = draw(serialise(draw(VALUES[kind])))
        if kind == "zip":
            data = draw(archive(data, "valid"))
    elif quality == "near-valid":
        data = draw(near_valid_bytes(kind))
        if kind == "zip":
            data = draw(archive(data, draw(st.sampled_from(["valid", "near-valid"]))))
    else:
        data = draw(garbage_bytes(kind))
    suffix = ".zip" if kind == "zip" and draw(st.integers(0, 5)) else ".json"
    return Sample(kind, quality, data, f"input{suffix}")
