"""Zero-copy views into the input bytes, and JSON Pointer -> byte offset -> line.

msgspec decodes a container into `Raw` children that are views of the original buffer, so a
large payload can be split into resources and dialogs without building Python objects for the
parts no rule reads, and the byte offset of any element (hence its line) is the distance between
its view and the start of the buffer.
"""
from __future__ import annotations

import ctypes
import re

import msgspec

from .records import PARSER_LEVELS, too_deep

Raw = msgspec.Raw
Container = dict | list

_OBJECT = msgspec.json.Decoder(dict[str, msgspec.Raw])
_ARRAY = msgspec.json.Decoder(list[msgspec.Raw])
_VALUE = msgspec.json.Decoder()
_WHITESPACE = frozenset(b" \t\r\n")
_LEADING_WHITESPACE = re.compile(rb"[ \t\r\n]*")


class _PyBuffer(ctypes.Structure):
    _fields_ = [
        ("buf", ctypes.c_void_p), ("obj", ctypes.py_object), ("len", ctypes.c_ssize_t),
        ("itemsize", ctypes.c_ssize_t), ("readonly", ctypes.c_int), ("ndim", ctypes.c_int),
        ("format", ctypes.c_char_p), ("shape", ctypes.c_void_p), ("strides", ctypes.c_void_p),
        ("suboffsets", ctypes.c_void_p), ("internal", ctypes.c_void_p),
    ]


_get_buffer = ctypes.pythonapi.PyObject_GetBuffer
_get_buffer.argtypes = [ctypes.py_object, ctypes.POINTER(_PyBuffer), ctypes.c_int]
_release_buffer = ctypes.pythonapi.PyBuffer_Release
_release_buffer.argtypes = [ctypes.POINTER(_PyBuffer)]


def address(obj) -> int:
    """Memory address of the first byte of a buffer-protocol object."""
    view = _PyBuffer()
    _get_buffer(obj, ctypes.byref(view), 0)
    try:
        return view.buf or 0
    finally:
        _release_buffer(ctypes.byref(view))


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


def escape_token(token: str | int) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def pointer(*tokens: str | int) -> str:
    return "".join("/" + escape_token(t) for t in tokens)


def split_pointer(ptr: str) -> list[str]:
    if not ptr:
        return []
    return [t.replace("~1", "/").replace("~0", "~") for t in ptr.split("/")[1:]]


class Locator:
    """Maps JSON Pointers of one input buffer to 1-based line numbers.

    Containers decoded on the way down are cached by pointer, so locating many elements of one
    dialog walks the document once. Lines are counted incrementally over sorted offsets.
    """

    def __init__(self, buffer: bytes, root: Raw | None = None):
        self.buffer = buffer
        self._base = address(buffer)
        self._root = root if root is not None else msgspec.Raw(buffer)
        self._children: dict[str, Container | None] = {}
        self._known: dict[str, Raw] = {"": self._root}
        # (offset, line) of the last element located: dialogs are located in file order, so
        # counting newlines from there keeps the whole run linear in the input's size.
        self._mark = (0, 1)

    def remember(self, ptr: str, raw: Raw) -> None:
        """Register an element already split off (a resource, a dialog) to shortcut walks."""
        self._known[ptr] = raw

    def forget(self, ptr: str) -> None:
        """Drop the containers decoded below an element (a dialog already analysed)."""
        prefix = ptr + "/"
        for key in [k for k in self._children if k == ptr or k.startswith(prefix)]:
            del self._children[key]

    def _container(self, ptr: str, raw: Raw) -> Container | None:
        children = self._children.get(ptr, self)  # (self: not decoded yet)
        if children is self:
            lead = first_byte(raw)
            decoder = _OBJECT if lead == 0x7B else _ARRAY if lead == 0x5B else None
            try:
                children = decoder.decode(raw) if decoder is not None else None
            except (msgspec.DecodeError, RecursionError):  # msgspec's depth check counts frames
                children = None
            self._children[ptr] = children
        return children

    def find(self, ptr: str) -> Raw | None:
        if "~" in ptr:
            tokens = split_pointer(ptr)
            prefixes = [""]
            for t in tokens:
                prefixes.append(prefixes[-1] + "/" + escape_token(t))
        else:  # nothing escaped (the usual case): the tokens as written, the prefixes slices of it
            tokens = ptr.split("/")[1:] if ptr else []
            prefixes, end = [""], 0
            for t in tokens:
                end += len(t) + 1
                prefixes.append(ptr[:end])
        # Start from the deepest element already known.
        depth = len(tokens)
        while depth > 0 and prefixes[depth] not in self._known:
            depth -= 1
        raw = self._known[prefixes[depth]]
        for k in range(depth, len(tokens)):
            token = tokens[k]
            children = self._container(prefixes[k], raw)
            if isinstance(children, dict):
                raw = children.get(token)
            elif isinstance(children, list) and token.isdigit() and int(token) < len(children):
                raw = children[int(token)]
            else:
                return None
            if raw is None:
                return None
        return raw

    def offset(self, ptr: str) -> int | None:
        raw = self.find(ptr)
        if raw is None:
            return None
        # Where the element itself starts: a Raw of the whole input (the root, a dialog export)
        # begins with the white space before it.
        off = address(raw) - self._base + _LEADING_WHITESPACE.match(memoryview(raw)).end()
        if 0 <= off < len(self.buffer):
            return off
        return None

    def lines(self, pointers: list[str]) -> dict[str, int | None]:
        """Line of each pointer (None where the element cannot be found)."""
        offsets = {p: self.offset(p) for p in set(pointers)}
        known = sorted((o, p) for p, o in offsets.items() if o is not None)
        result: dict[str, int | None] = {p: None for p in offsets}
        pos, line = self._mark if known and known[0][0] >= self._mark[0] else (0, 1)
        for off, ptr in known:
            line += self.buffer.count(b"\n", pos, off)
            pos = off
            result[ptr] = line
        if known:
            self._mark = (pos, line)
        return result
