"""The credential scan of rule KL501: every credential of a JSON input, as a `Leak`.

The byte pre-filter (`prefilter.places`, plus `escapes.escaped_places` for places a JSON escape
hides) gives the offsets where a credential may be; the walk then decodes only the containers
holding such an offset, into zero-copy views of the input (`payload.rawjson`), down to their
strings, and only those strings are looked at in Python (`strings.check_string`).
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import msgspec

from ..payload.addresses import address
from ..payload.rawjson import as_array, as_object, escape_token, first_byte
from . import ahead
from .formats import has_known_literal, known_credentials
from .heuristics import credential_key, normal_key
from .strings import check_string

_RECORDED = "sampleresponse"  # a service's recorded responses (see strings.check_string)


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
    taken = ahead.take(data)  # found by a child while the dialogs were analysed
    starts = ahead.starts(data) if taken is None else taken
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
