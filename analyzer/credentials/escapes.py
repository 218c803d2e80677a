"""Places a JSON escape hides from the byte pre-filter: `Bearer abc\\/def...`, `"api\\u004bey"`.

As a backslash only occurs inside strings, the strings holding one are found from it (cheap when
there are none: one search for a backslash), decoded into a copy together with a little raw text
around them, and that copy is searched the same way (and again for escapes inside it, as in JSON
held in a string); a place found there counts at the opening quote of its string.
"""
from __future__ import annotations

import re
from bisect import bisect_right

import msgspec

from .prefilter import BEFORE, places

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
    # The copy: each decoded string in quotes after the raw text before it (up to BEFORE bytes,
    # none of it inside another such string): strings close together keep the raw text between
    # them, `{"k\u0065y": "Authori\u007aation"` reads `{"key": "Authorization"`; a few raw
    # bytes after the last string of such a run (`": ` after a key), then a byte nothing matches.
    parts: list[bytes] = []
    marks: list[int] = []  # where each string's piece begins in the copy
    size = 0
    end = -1
    for start, stop, text in spans:
        lo = max(0, start - BEFORE)
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
    return [(a, b, t.encode("utf-8", "surrogatepass")) for (a, b), t in zip(spans, texts, strict=True)]


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
