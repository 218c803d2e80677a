"""Credentials written into a payload (rule KL501): a scan of the input's bytes.

What counts as a credential:

- a known key format anywhere in a string (credentials.formats.FORMATS, the one list of them);
- a random-looking value (see credentials.heuristics.random_looking) under a credential-like key
  (apiKey, x-api-key, x-app-key, token, access_token, secret, client_secret, authorization, ...)
  or a literal password under password/passwd/pwd, in the JSON itself, in JSON held in a string
  (service headers are stored so: `{"type": "raw", "value": "{\\"Authorization\\": ...}"}`), or
  assigned in script text (`var apiKey = "..."`);
- a random-looking value of a credential-like query parameter of a URL (`appid=`, `key=`,
  `api_key=`, `access_token=`...);
- a credential of a known format used as a JSON object key.

Expressions filled in at run time (`{{context.x}}`, `{{env.apiKey}}`, `env.token`) are
references, not credentials; nor are object ids (`dg-<uuid>`), words, hashes in paths of URLs or
values under other keys.

Speed: one pass of a regular expression over the whole input (in C) finds every place a
credential may be (a known format, a credential-like key followed by `:` or `=`, a credential-like
query parameter). The walk then decodes only the containers holding such a place, into zero-copy
views of the input, down to their strings; only those strings are looked at in Python. An input
without any such place costs that one pass.

A JSON escape (`\\/`, `\\u0041`) can hide a place from a search of the raw bytes. As a backslash
only occurs inside strings, the strings holding one are found from it (cheap when there are
none: one search for a backslash), decoded into a copy together with a little raw text around
them, and that copy is searched the same way (and again for escapes inside it, as in JSON held
in a string); a place found there counts at the opening quote of its string.
"""
from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Any, Iterator

import msgspec

from .credentials.formats import FORMATS, has_known_literal, known_credentials
from .credentials.heuristics import credential_key, credential_value, normal_key, password_key, query_credentials
from .payload.rawjson import address, as_array, as_object, escape_token, first_byte

# Every place the checks below may find something (a superset: the walk decides). Each of its
# alternatives holds one of the literals below, which are searched for first (bytes.find runs
# at memory speed; a case-insensitive alternation runs at a few MB/s), and each literal found is
# verified with this pattern in a small window around it.
_KEY_NAMES = rb"(?:api|app|private|access|secret)[-_. ]?key|token|secret|passw(?:or)?d|pwd|authori[sz]ation|auth"
PREFILTER = re.compile(b"|".join([fmt.prefilter for fmt in FORMATS] + [
    rb"(?i:" + _KEY_NAMES + rb")\\*[\"']?\s*[:=]",
    rb"[?&](?i:key|appid)=",
    rb"\"(?:key|name)\"\s*:\s*\"[^\"]{0,20}(?i:" + _KEY_NAMES + rb")\"",  # {"key": "Authorization", "value": ...}
]))
_BEFORE, _AFTER = 40, 256  # the window around a literal in which a match must start / may end
# (literal, how far before it a match may start), searched for as they are...
_LITERALS = tuple((literal.encode(), 0 if fmt.starts_at_literal else _BEFORE)
                  for fmt in FORMATS for literal in fmt.literals)
# ...and in the lowered input (the credential-like keys and query parameters).
_LOWER_LITERALS = (b"key", b"token", b"secret", b"passw", b"pwd", b"auth", b"appid")
_CHUNK = 1 << 23  # the input is lowered this much at a time


def places(data: bytes) -> list[int]:
    """Sorted offsets where PREFILTER matches (each a place a credential may be)."""
    found: set[int] = set()

    def verify(buf_offset: int, hits: list[int], before: int = _BEFORE) -> None:
        done = -1  # hits come in order: a start already tried for this literal is not tried again
        for hit in hits:  # (text dense in literals, "token token ...", has overlapping windows)
            pos = buf_offset + hit
            for start in range(max(0, pos - before, done + 1), pos + 1):  # every match holding it
                # Every alternative of PREFILTER holds a literal: a match from here is a place,
                # whichever literal it holds (each is searched for).
                if PREFILTER.match(data, start, start + _BEFORE + _AFTER) is not None:
                    found.add(start)
            done = pos

    def positions(buf: bytes, literal: bytes, limit: int) -> list[int]:
        out, i = [], buf.find(literal)
        while 0 <= i < limit:
            out.append(i)
            i = buf.find(literal, i + 1)
        return out

    for literal, before in _LITERALS:
        verify(0, positions(data, literal, len(data)), before)
    overlap = max(map(len, _LOWER_LITERALS))
    for start in range(0, len(data), _CHUNK):
        lowered = data[start:start + _CHUNK + overlap].lower()
        for literal in _LOWER_LITERALS:
            verify(start, positions(lowered, literal, _CHUNK))
    return sorted(found)


# The rest of a JSON string from inside it: past its closing quote.
_STRING_REST = re.compile(rb'[^"\\]*(?:\\[\s\S][^"\\]*)*"')
_TAIL = 16  # raw bytes kept after a decoded string (`": ` after a key)
_MAX_ESCAPED_DEPTH = 4  # JSON in a string in a string...


def escaped_places(data: bytes, depth: int = 0) -> set[int]:
    """Offsets of the opening quotes of the strings holding a JSON escape whose decoded text,
    with a little raw text around it, PREFILTER matches where the raw bytes may not:
    `Bearer abc\\/def...`, `"api\\u004bey": ...`. At depth 0 `data` is JSON; deeper, it is such a
    decoded copy, read the same way where it parses (JSON held in a string)."""
    if depth >= _MAX_ESCAPED_DEPTH or b"\\" not in data:  # the usual case: a search at memory speed
        return set()
    spans = _escaped_strings(data) if depth == 0 else _escaped_strings_loosely(data)
    if not spans:
        return set()
    # The copy: each decoded string in quotes after the raw text before it (up to _BEFORE bytes,
    # none of it inside another such string): strings close together keep the raw text between
    # them, `{"k\u0065y": "Authori\u007aation"` reads `{"key": "Authorization"`; a few raw
    # bytes after the last string of such a run (`": ` after a key), then a byte nothing matches.
    parts: list[bytes] = []
    marks: list[int] = []  # where each string's piece begins in the copy
    size = 0
    end = -1
    for start, stop, text in spans:
        lo = max(0, start - _BEFORE)
        if 0 <= end and lo <= end:  # close to the previous string: the raw text between
            lo = end
        elif parts:
            tail = data[end:end + _TAIL] + b"\0"
            parts.append(tail)
            size += len(tail)
        piece = data[lo:start] + b'"' + text + b'"'
        marks.append(size)
        parts.append(piece)
        size += len(piece)
        end = stop
    parts.append(data[end:end + _TAIL])
    copy = b"".join(parts)
    hits = set(places(copy))
    hits.update(escaped_places(copy, depth + 1))
    return {spans[bisect_right(marks, hit) - 1][0] for hit in hits}


def _escaped_strings(data: bytes) -> list[tuple[int, int, bytes]]:
    """(opening quote, past closing quote, decoded UTF-8) of every string of a JSON text holding
    an escape: from each backslash (in JSON, one occurs only inside a string), the last quote
    before it (when it is the first backslash of its string, no escaped quote lies between) and
    the end of its string; the strings without one are skipped at memory speed."""
    find, rfind, rest = data.find, data.rfind, _STRING_REST.match
    spans: list[tuple[int, int]] = []
    end = 0
    i = find(b"\\")
    while i >= 0:
        m = rest(data, i)
        if m is None:
            break
        start, end = rfind(b'"', end, i), m.end()
        spans.append((start, end))
        i = find(b"\\", end)
    try:
        texts = msgspec.json.decode(b"[" + b",".join([data[a:b] for a, b in spans]) + b"]")
    except (msgspec.DecodeError, RecursionError):
        return _escaped_strings_loosely(data)
    return [(a, b, t.encode("utf-8", "surrogatepass")) for (a, b), t in zip(spans, texts)]


def _escaped_strings_loosely(data: bytes) -> list[tuple[int, int, bytes]]:
    """The same in text that is not all JSON (a decoded copy: script text, JSON held in a
    string): from each backslash, its string where it parses. Each byte is searched a bounded
    number of times."""
    spans: list[tuple[int, int, bytes]] = []
    floor = 0  # no string holding an escape starts before this
    i = data.find(b"\\")
    while i >= 0:
        # When the backslash is the first of its string, no escaped quote lies between the
        # opening quote and it.
        start = data.rfind(b'"', floor, i)
        m = _STRING_REST.match(data, i) if start >= 0 else None
        if start >= 0 and m is None:  # no closing quote after: nothing more to find
            break
        text = None
        if m is not None:
            try:
                text = msgspec.json.decode(data[start:m.end()])
            except (msgspec.DecodeError, RecursionError):
                pass
        if isinstance(text, str):
            spans.append((start, m.end(), text.encode("utf-8", "surrogatepass")))
            floor = m.end()
            i = data.find(b"\\", floor)
        else:
            floor = i + 1
            i = data.find(b"\\", i + 2)
    return spans


# `apiKey = "..."`, `"token": '...'` in script text or JSON that did not parse.
_ASSIGN = re.compile(r"""([A-Za-z_$][\w$.-]{0,60})\\*["']?\s*[:=]\s*\\*["']([^"'\\\s]{6,})\\*["']""")
_RECORDED = "sampleresponse"  # a service's recorded responses (see check_string)
_MAX_EMBEDDED = 1 << 20  # JSON held in a string: parsed when at most this long
_MAX_DEPTH = 64


@dataclass(frozen=True)
class Leak:
    """A credential found in the input. `secret` is the credential itself: korelint never
    shows it (findings carry `mask(secret)`)."""

    pointer: str  # of the JSON string holding it
    kind: str  # "OpenAI API key", "API key", "password", ...
    secret: str
    where: str  # inside that string: a header or key name, a query parameter; "" when none
    key: str | None  # the JSON key of the string
    node: tuple[str, int] | None  # (node id, index) of the dialog node holding it, if any


def _kind_of_key(key: str) -> str:
    k = key.lower()
    if password_key(key):
        return "password"
    if "authori" in k or k == "auth":
        return "credential"
    if k.replace("-", "").replace("_", "").endswith(("apikey", "appkey")):
        return "API key"
    if "token" in k:
        return "token"
    return "secret"


def check_string(value: str, key: str | None, where: str = "", depth: int = 0,
                 recorded: bool = False) -> list[tuple[str, str, str]]:
    """(kind, credential, where) of the credentials one string holds; `key` is the JSON key (or
    header name) it is the value of. In a recorded response (`recorded`), only known key formats
    count: its headers and bodies are full of session ids, cookies and request ids the server
    made up for that one call."""
    out: list[tuple[str, str, str]] = []
    seen: set[str] = set()

    def add(kind: str, secret: str, at: str) -> None:
        if secret not in seen and not any(secret in s or s in secret for s in seen):
            seen.add(secret)
            out.append((kind, secret, at))

    stripped = value.strip()
    if stripped[:1] in ("{", "[") and len(stripped) <= _MAX_EMBEDDED and depth < 4:
        try:
            inner = json.loads(stripped)
        except (ValueError, RecursionError):
            inner = None
        if isinstance(inner, (dict, list)):
            for k, v, at in _strings(inner, where):
                for found in check_string(v, k, at, depth + 1, recorded):
                    add(*found)
    for kind, secret, _ in known_credentials(value):
        add(kind, secret, where)
    if recorded:
        return out
    if key is not None and credential_key(key):
        secret = credential_value(key, value)
        if secret is not None:
            add(_kind_of_key(key), secret, where)
    for name, raw in query_credentials(value):
        add("API key", raw, f"{where + ' ' if where else ''}query parameter {name}".strip())
    if "=" in value or ":" in value:
        for m in _ASSIGN.finditer(value):
            name = m.group(1).rsplit(".", 1)[-1]
            secret = credential_value(name, m.group(2)) if credential_key(name) else None
            if secret is not None:
                add(_kind_of_key(name), secret, f"{where} {name}".strip())
    return out


def _strings(obj: Any, where: str, depth: int = 0) -> Iterator[tuple[str | None, str, str]]:
    """(key, string, where) of every string in a small parsed JSON value."""
    if depth > _MAX_DEPTH:
        return
    items = obj.items() if isinstance(obj, dict) else ((None, v) for v in obj)
    for k, v in items:
        at = f"{where} {k}".strip() if k is not None else where
        if isinstance(v, str):
            yield k, v, at
        elif isinstance(v, (dict, list)):
            yield from _strings(v, at, depth + 1)


def _pair_key(obj: dict, string) -> str | None:
    """The name of a {"key"|"name": NAME, "value": "..."} pair (a header, a parameter) when it
    names a credential."""
    if "value" not in obj or first_byte(obj["value"]) != 0x22:
        return None
    for field in ("key", "name"):
        if field in obj and first_byte(obj[field]) == 0x22:
            name = string(obj[field])
            if name and credential_key(name):
                return name
    return None


def scan(data: bytes) -> Iterator[Leak]:
    """Every credential of a JSON input (already checked to be valid UTF-8 JSON)."""
    starts = places(data)
    escaped = escaped_places(data)
    if escaped:
        starts = sorted(escaped.union(starts))
    if not starts:
        return
    base = address(data)
    size = len(starts)

    def holds_match(raw) -> bool:
        off = address(raw) - base
        i = bisect_left(starts, off)
        return i < size and starts[i] < off + memoryview(raw).nbytes

    def string(raw) -> str | None:
        try:
            v = msgspec.json.decode(raw)
        except (msgspec.DecodeError, RecursionError):
            return None
        return v if isinstance(v, str) else None

    # (raw value, pointer, key it is the value of, enclosing node, inside a recorded response)
    stack: list[tuple[Any, str, str | None, tuple[str, int] | None, bool]] = [
        (msgspec.Raw(data), "", None, None, False)]
    while stack:
        raw, ptr, key, node, recorded = stack.pop()
        lead = first_byte(raw)
        if lead == 0x22:  # a string
            value = string(raw)
            if value is not None:
                for kind, secret, where in check_string(value, key, recorded=recorded):
                    yield Leak(ptr, kind, secret, where, key, node)
            continue
        try:
            children = as_object(raw) if lead == 0x7B else as_array(raw) if lead == 0x5B else None
        except RecursionError:
            children = None
        if not children:
            continue
        if isinstance(children, dict):
            node_id = children.get("nodeId")
            if node_id is not None and key is None and ptr.rsplit("/", 2)[-2:-1] == ["nodes"]:
                nid = string(node_id)
                if nid:
                    node = (nid, int(ptr.rsplit("/", 1)[1]))
            for k in children:  # a credential used as a key: {"sk-...": {...}}
                if has_known_literal(k):
                    for kind, secret, _ in known_credentials(k):
                        yield Leak(f"{ptr}/{escape_token(k)}", kind, secret, "key name", None, node)
            items = list(children.items())
            pair = None if recorded else _pair_key(children, string)
            if pair is not None:  # {"key": "Authorization", "value": "..."}: the value is checked
                items = [(k, v) for k, v in items if k != "value"]  # under that name, below
                value = string(children["value"])
                if value is not None:
                    for kind, secret, where in check_string(value, pair, pair):
                        yield Leak(f"{ptr}/value", kind, secret, where, pair, node)
        else:
            items = [(None, child) for child in children]
        later = []
        for i, (k, child) in enumerate(items):
            token = escape_token(k) if k is not None else str(i)
            child_key = k if k is not None else key
            inside = recorded or (k is not None and normal_key(k).startswith(_RECORDED))
            kind = first_byte(child)
            if kind == 0x22:
                if (k is not None and credential_key(k) and not inside) or holds_match(child):
                    later.append((child, f"{ptr}/{token}", child_key, node, inside))
            elif kind in (0x7B, 0x5B) and holds_match(child):
                later.append((child, f"{ptr}/{token}", child_key if k is not None else None, node, inside))
        stack.extend(reversed(later))  # depth first, in document order
