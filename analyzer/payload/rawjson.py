"""Zero-copy views into the input bytes (the Locator, locator.py, maps pointers to lines).

msgspec decodes a container into `Raw` children that are views of the original buffer, so a
large payload can be split into resources and dialogs without building Python objects for the
parts no rule reads, and the byte offset of any element (hence its line) is the distance between
its view and the start of the buffer.
"""
from __future__ import annotations

import msgspec

from .records import PARSER_LEVELS, too_deep

Raw = msgspec.Raw
Container = dict | list

_OBJECT = msgspec.json.Decoder(dict[str, msgspec.Raw])
_ARRAY = msgspec.json.Decoder(list[msgspec.Raw])
_OBJECTS = msgspec.json.Decoder(list[dict[str, msgspec.Raw]])
_VALUE = msgspec.json.Decoder()
_CONTAINER = msgspec.json.Decoder(dict[str, msgspec.Raw] | list[msgspec.Raw])
_WHITESPACE = frozenset(b" \t\r\n")


def first_byte(raw) -> int:
    """The first byte of a Raw value (b'{', b'[', b'"', ...) past white space, 0 when none."""
    mv = memoryview(raw)
    if mv and mv[0] not in _WHITESPACE:  # the usual case: a value split off by msgspec
        return mv[0]
    for i in range(len(mv)):
        if mv[i] not in _WHITESPACE:
            return mv[i]
    return 0


def as_object(raw) -> dict[str, Raw] | None:
    """Children of a JSON object, or None when the value is not an object."""
    if first_byte(raw) != 0x7B:  # '{'
        return None
    try:
        return _OBJECT.decode(raw)
    except msgspec.DecodeError:
        return None


def as_array(raw) -> list[Raw] | None:
    if first_byte(raw) != 0x5B:  # '['
        return None
    try:
        return _ARRAY.decode(raw)
    except msgspec.DecodeError:
        return None


def as_objects(raw) -> list[dict[str, Raw]] | None:
    """The members of every item of an array of objects, in one pass over its bytes (a
    publish status's resources: as_array then as_object of each reads them twice); None when it
    is not an array of objects only (then as_array and as_object tell which item is what)."""
    if first_byte(raw) != 0x5B:  # '['
        return None
    try:
        return _OBJECTS.decode(raw)
    except (msgspec.DecodeError, RecursionError):
        return None


def value(raw):
    """The Python value of a (small) Raw element, as the parser pydantic uses reads it, so that
    both agree on numbers (`1e400` is inf) and nesting (at most 200 levels, which keeps every
    value the rules print or compare shallow). ValueError when unreadable.

    msgspec reads it when it can (the same value; pydantic_core costs ~40 ms to import), and
    pydantic_core what msgspec refuses (a number out of its range) or nests too deep."""
    try:
        read = _VALUE.decode(raw)
    except (msgspec.DecodeError, RecursionError):
        pass
    else:
        if not too_deep(read, PARSER_LEVELS):
            return read
    import pydantic_core

    return pydantic_core.from_json(bytes(raw))


def _children(raw: Raw) -> Container | None:
    """The children of a JSON object or array; None for another value or an unreadable one."""
    try:
        return _CONTAINER.decode(raw)
    except (msgspec.DecodeError, RecursionError):  # msgspec's depth check counts frames
        return None


def escape_token(token: str | int) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def pointer(*tokens: str | int) -> str:
    return "".join("/" + escape_token(t) for t in tokens)


def split_pointer(ptr: str) -> list[str]:
    if not ptr:
        return []
    return [t.replace("~1", "/").replace("~0", "~") for t in ptr.split("/")[1:]]
