"""Zero-copy views into the input bytes, and JSON Pointer -> byte offset -> line.

msgspec decodes a container into `Raw` children that are views of the original buffer, so a
large payload can be split into resources and dialogs without building Python objects for the
parts no rule reads, and the byte offset of any element (hence its line) is the distance between
its view and the start of the buffer.
"""
from __future__ import annotations

import re
from operator import itemgetter
from typing import Any

import msgspec

from .addresses import address, addresser
from .records import PARSER_LEVELS, too_deep

Raw = msgspec.Raw
Container = dict | list

_OBJECT = msgspec.json.Decoder(dict[str, msgspec.Raw])
_ARRAY = msgspec.json.Decoder(list[msgspec.Raw])
_OBJECTS = msgspec.json.Decoder(list[dict[str, msgspec.Raw]])
_VALUE = msgspec.json.Decoder()
_CONTAINER = msgspec.json.Decoder(dict[str, msgspec.Raw] | list[msgspec.Raw])
_WHITESPACE = frozenset(b" \t\r\n")
_LEADING_WHITESPACE = re.compile(rb"[ \t\r\n]*")
# Containers at least this large (bytes) stay decoded between walks (a dialog, the list of them);
# a smaller one is decoded again in microseconds, and keeping every one would hold millions.
_KEPT = 4096
_OFFSET = itemgetter(1)
_PENDING = msgspec.Raw(b"null")  # (an element not looked for yet: see Locator._walk)


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


class Locator:
    """Maps JSON Pointers of one input buffer to 1-based line numbers.

    The pointers asked for at once are walked together, as a tree of their tokens: each container
    on their way is decoded once, however many of them pass through it. Large containers (a
    dialog, the list of them) stay decoded between calls; lines are counted incrementally over
    sorted offsets.
    """

    def __init__(self, buffer: bytes, root: Raw | None = None):
        self.buffer = buffer
        self._base = address(buffer)
        self._address = addresser()
        self._root = root if root is not None else msgspec.Raw(buffer)
        self._children: dict[str, Container | None] = {}
        self._known: dict[str, Raw] = {"": self._root}
        self._above: set[str] = set()  # the pointers of the containers of known elements
        # (offset, line) of the last element located: dialogs are located in file order, so
        # counting newlines from there keeps the whole run linear in the input's size.
        self._mark = (0, 1)

    def remember(self, ptr: str, raw: Raw) -> None:
        """Register an element already split off (a resource, a dialog) to shortcut walks."""
        self._known[ptr] = raw
        end = ptr.rfind("/")
        while end > 0 and ptr[:end] not in self._above:
            self._above.add(ptr[:end])
            end = ptr.rfind("/", 0, end)

    def forget(self, ptr: str) -> None:
        """Drop the containers decoded below an element (a dialog already analysed)."""
        prefix = ptr + "/"
        for key in [k for k in self._children if k == ptr or k.startswith(prefix)]:
            del self._children[key]

    def _kept(self, ptr: str, raw: Raw) -> Container | None:
        """The children of a large container, decoded once for all walks."""
        children = self._children.get(ptr, self)  # (self: not decoded yet)
        if children is self:
            children = self._children[ptr] = _children(raw)
        return children

    def _walk(self, pointers, offsets: bool) -> dict[str, Any]:
        """The element of each pointer found, or with offsets its byte offset (where the element
        itself starts: a known Raw, the whole input or a dialog export, may begin with white
        space). A pointer is walked from its deepest known prefix.

        In sorted order, the pointers below one element are consecutive: the path walked for one
        (its elements and their decoded containers) is kept for the next, down to where they part.
        """
        out: dict[str, Any] = {}
        known, above, kept = self._known, self._above, _KEPT
        address_of, base, size = self._address, self._base, len(self.buffer)
        walked: list[str] = []  # tokens of the path walked last
        # paths[k]: the pointer of the element at depth k of that path, None past the known
        # elements and their containers (where no pointer is needed but a large container's).
        paths: list[str | None] = [""]
        # elements[k]: the element at depth k; _PENDING for a container of known elements, only
        # looked for when a pointer goes below it elsewhere than through them.
        elements: list[Raw | None] = [self._root]
        containers: list[Container | None | bool] = [False]  # (False: not decoded yet)
        knowns = [True]  # whether the element at depth k is a known one
        for ptr in sorted(pointers):
            tokens = split_pointer(ptr) if "~" in ptr else ptr.split("/")[1:]
            depth, most = 0, min(len(tokens), len(walked))
            while depth < most and tokens[depth] == walked[depth]:
                depth += 1
            del walked[depth:], paths[depth + 1:], elements[depth + 1:], containers[depth + 1:]
            del knowns[depth + 1:]
            for token in tokens[depth:]:
                path = paths[-1]
                child = None
                if path is not None:
                    path += "/" + (escape_token(token) if "~" in token or "/" in token else token)
                    child = known.get(path)
                    if child is None:
                        child = _PENDING if path in above else None
                        if child is None:
                            path = None  # no known element below
                is_known = child is not None and child is not _PENDING
                raw = elements[-1]
                if raw is _PENDING and child is None:
                    raw = self._resolve(walked, paths, elements, containers)
                if child is None and raw is not None:
                    children = containers[-1]
                    if children is False:
                        if len(raw) >= kept:
                            at = paths[-1] if paths[-1] is not None else pointer(*walked)
                            children = self._kept(at, raw)
                        else:
                            try:  # (what _children does, inline: one call less per level)
                                children = _CONTAINER.decode(raw)
                            except (msgspec.DecodeError, RecursionError):
                                children = None
                        containers[-1] = children
                    if type(children) is dict:
                        child = children.get(token)
                    elif type(children) is list and token.isdigit() and int(token) < len(children):
                        child = children[int(token)]
                if child is None and path is None:  # (with a path: a known element may lie below)
                    break
                walked.append(token)
                paths.append(path)
                elements.append(child)
                containers.append(False)
                knowns.append(is_known)
            else:
                raw = elements[-1]
                if raw is _PENDING:
                    raw = self._resolve(walked, paths, elements, containers)
                if raw is None:
                    pass
                elif not offsets:
                    out[ptr] = raw
                else:
                    off = address_of(raw) - base
                    if knowns[-1]:
                        off += _LEADING_WHITESPACE.match(memoryview(raw)).end()
                    if 0 <= off < size:
                        out[ptr] = off
        return out

    def _resolve(self, walked: list[str], paths: list[str | None], elements: list, containers: list):
        """The last element of a walked path left _PENDING, found from its nearest found ancestor
        (the containers of known elements are all large: kept, decoded once)."""
        start = len(elements) - 1
        while elements[start] is _PENDING:
            start -= 1
        for depth in range(start + 1, len(elements)):
            parent = elements[depth - 1]
            if parent is None:
                elements[depth] = None
                continue
            children = containers[depth - 1]
            if children is False:
                children = containers[depth - 1] = self._kept(paths[depth - 1], parent)
            token = walked[depth - 1]
            if type(children) is dict:
                elements[depth] = children.get(token)
            elif type(children) is list and token.isdigit() and int(token) < len(children):
                elements[depth] = children[int(token)]
            else:
                elements[depth] = None
        return elements[-1]

    def find(self, ptr: str) -> Raw | None:
        return self._walk((ptr,), offsets=False).get(ptr)

    def offset(self, ptr: str) -> int | None:
        return self._walk((ptr,), offsets=True).get(ptr)

    def lines(self, pointers: list[str]) -> dict[str, int | None]:
        """Line of each pointer (None where the element cannot be found)."""
        result: dict[str, int | None] = dict.fromkeys(pointers)
        known = sorted(self._walk(result, offsets=True).items(), key=_OFFSET)  # (pointer, offset)
        pos, line = self._mark if known and known[0][1] >= self._mark[0] else (0, 1)
        count = self.buffer.count
        for ptr, off in known:
            line += count(b"\n", pos, off)
            pos = off
            result[ptr] = line
        if known:
            self._mark = (pos, line)
        return result
