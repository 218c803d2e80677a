"""Locator.lines walks all the pointers it is given together; each line must be what walking one
pointer at a time from the root gives (the reference below: the algorithm it replaced, without
its caches), on generated JSON laid out in generated ways, with pointers that exist, that do not,
and tokens that need escaping (`~0`, `~1`)."""
from __future__ import annotations

import json
import re

import msgspec
from hypothesis import given
from hypothesis import strategies as st

from analyzer.payload import locator as locating
from analyzer.payload.addresses import address
from analyzer.payload.locator import Locator
from analyzer.payload.rawjson import escape_token, split_pointer

_CONTAINER = msgspec.json.Decoder(dict[str, msgspec.Raw] | list[msgspec.Raw])
# Keys that collide with pointer syntax, numbers (list indices elsewhere) and plain words.
KEYS = st.sampled_from(["a", "b", "0", "1", "01", "~", "/", "a/b", "~0", "~1", "m~n", "", " "])
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 5) | st.sampled_from(["x", "~1", "a\nb", "{", "["]),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=4),
    max_leaves=25)
LAYOUTS = st.sampled_from([dict(indent=None), dict(indent=2), dict(indent=0),
                           dict(separators=(",", ":")), dict(indent="\t")])


def reference_line(buffer: bytes, ptr: str) -> int | None:
    raw = msgspec.Raw(buffer)
    for token in split_pointer(ptr) if "~" in ptr else ptr.split("/")[1:]:
        try:
            children = _CONTAINER.decode(raw)
        except msgspec.DecodeError:
            return None
        if isinstance(children, dict):
            raw = children.get(token)
        elif token.isdigit() and int(token) < len(children):
            raw = children[int(token)]
        else:
            return None
        if raw is None:
            return None
    off = address(raw) - address(buffer) + re.match(rb"[ \t\r\n]*", bytes(raw)).end()
    return buffer.count(b"\n", 0, off) + 1


def paths(value, prefix: str = ""):
    """Every pointer of the value, escaped."""
    yield prefix
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in items:
        yield from paths(child, f"{prefix}/{escape_token(key)}")


@st.composite
def documents(draw):
    value = draw(VALUES)
    text = json.dumps(value, **draw(LAYOUTS))
    buffer = (draw(st.sampled_from(["", " ", "\n\n"])) + text + draw(st.sampled_from(["", "\n"]))).encode()
    existing = list(paths(value))
    missing = draw(st.lists(st.builds(lambda p, t: f"{p}/{t}", st.sampled_from(existing),
                                      st.sampled_from(["zz", "9", "~01", "~1", "00"])), max_size=4))
    calls = draw(st.lists(st.lists(st.sampled_from(existing + missing), max_size=8), min_size=1, max_size=3))
    known = draw(st.lists(st.sampled_from(existing), max_size=3))
    return buffer, calls, known


@given(documents(), st.booleans())
def test_lines_are_those_of_one_pointer_at_a_time(case, keep_all):
    buffer, calls, known = case
    kept = locating._KEPT
    locating._KEPT = 0 if keep_all else kept  # every container kept between calls, or the large only
    try:
        _check(buffer, calls, known)
    finally:
        locating._KEPT = kept


def _check(buffer: bytes, calls: list[list[str]], known: list[str]) -> None:
    locator = Locator(buffer)
    for ptr in known:  # elements split off beforehand (the loader remembers dialogs)
        found = locator.find(ptr)
        assert found is not None
        locator.remember(ptr, found)
    for pointers in calls:  # several calls: the kept containers and the line mark carry over
        assert locator.lines(pointers) == {p: reference_line(buffer, p) for p in pointers}
        if pointers:
            locator.forget(pointers[0])


def test_nothing_above_a_known_element_is_decoded():
    """A dialog's pointers are walked from the dialog the loader remembered: the containers above
    it (a whole publish status, its list of resources) are not decoded again."""
    buffer = json.dumps({"big": [{"result": {"nodes": [{"id": "n"}]}}], "other": 1}, indent=1).encode()
    locator = Locator(buffer)
    dialog = locator.find("/big/0/result")
    locator = Locator(buffer)
    locator.remember("/big/0/result", dialog)
    kept = locating._KEPT
    locating._KEPT = 0  # every container decoded is kept: what was decoded shows
    try:
        assert locator.lines(["/big/0/result/nodes/0/id", "/big/0/result"]) == {
            "/big/0/result/nodes/0/id": 7, "/big/0/result": 4}
        assert set(locator._children) == {"/big/0/result", "/big/0/result/nodes", "/big/0/result/nodes/0"}
        assert locator.lines(["/other", "/big/0"]) == {"/other": 13, "/big/0": 3}
    finally:
        locating._KEPT = kept
