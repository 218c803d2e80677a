"""JSON Pointer -> byte offset -> line, in one input buffer (its views: rawjson)."""
from __future__ import annotations

import re
from operator import itemgetter
from typing import Any

import msgspec

from .addresses import address, addresser
from .rawjson import _CONTAINER, Container, Raw, _children, escape_token, pointer, split_pointer

_LEADING_WHITESPACE = re.compile(rb"[ \t\r\n]*")
# Containers at least this large (bytes) stay decoded between walks (a dialog, the list of them);
# a smaller one is decoded again in microseconds, and keeping every one would hold millions.
_KEPT = 4096
_OFFSET = itemgetter(1)
_PENDING = msgspec.Raw(b"null")  # (an element not looked for yet: see Locator._walk)


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
            depth, end = 0, len(tokens)
            most = end if end < len(walked) else len(walked)
            while depth < most and tokens[depth] == walked[depth]:
                depth += 1
            del walked[depth:], paths[depth + 1:], elements[depth + 1:], containers[depth + 1:]
            del knowns[depth + 1:]
            i, found = depth, True
            while i < end and paths[-1] is not None:  # near known elements: their pointers count
                token = tokens[i]
                path = paths[-1] + "/" + (escape_token(token) if "~" in token or "/" in token else token)
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
                    child = self._child(raw, token, walked, paths, containers)
                if child is None and path is None:  # (with a path: a known element may lie below)
                    found = False
                    break
                walked.append(token)
                paths.append(path)
                elements.append(child)
                containers.append(False)
                knowns.append(is_known)
                i += 1
            if found and i < end:  # below every known element: containers decoded, nothing else
                raw, children = elements[-1], containers[-1]
                while True:
                    token = tokens[i]
                    if children is False:
                        if len(raw) >= kept:
                            children = self._kept(pointer(*walked), raw)
                        else:
                            try:  # (what _children does, inline: one call less per level)
                                children = _CONTAINER.decode(raw)
                            except (msgspec.DecodeError, RecursionError):
                                children = None
                        containers[-1] = children
                    if type(children) is dict:
                        raw = children.get(token)
                    elif type(children) is list and token.isdigit() and int(token) < len(children):
                        raw = children[int(token)]
                    else:
                        raw = None
                    if raw is None:
                        found = False
                        break
                    walked.append(token)
                    paths.append(None)
                    elements.append(raw)
                    containers.append(False)
                    knowns.append(False)
                    i += 1
                    if i == end:
                        break
                    children = False
            if not found:
                continue
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

    def _child(self, raw: Raw, token: str, walked: list[str], paths: list, containers: list):
        """The child `token` of the container `raw` at the top of the walked path (decoded once
        there: large ones for all walks, `_kept`), None when it has none."""
        children = containers[-1]
        if children is False:
            if len(raw) >= _KEPT:
                at = paths[-1] if paths[-1] is not None else pointer(*walked)
                children = self._kept(at, raw)
            else:
                children = _children(raw)
            containers[-1] = children
        if type(children) is dict:
            return children.get(token)
        if type(children) is list and token.isdigit() and int(token) < len(children):
            return children[int(token)]
        return None

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
