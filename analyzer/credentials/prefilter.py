"""The scan's first pass: every place of the input's bytes where a credential may be.

One pass over the whole input finds every place a credential may be (a known format, a
credential-like key followed by `:` or `=`, a credential-like query parameter); the scan then
decodes only the containers holding such a place. An input without any costs that one pass.
The pass searches for literals (bytes.find runs at memory speed; a case-insensitive alternation
runs at a few MB/s) and verifies each one found with PREFILTER in a small window around it.
"""
from __future__ import annotations

import re

from .formats import FORMATS

# Every place the checks of the scan may find something (a superset: the scan decides). Each of
# its alternatives holds one of the literals below.
_KEY_NAMES = (rb"(?:api|app|private|access|secret)[-_. ]?key|token|secret|passw(?:or)?d|pwd"
              rb"|authori[sz]ation|auth")
PREFILTER = re.compile(b"|".join([fmt.prefilter for fmt in FORMATS] + [
    rb"(?i:" + _KEY_NAMES + rb")\\*[\"']?\s*[:=]",
    rb"[?&](?i:key|appid)=",
    # {"key": "Authorization", "value": ...}
    rb"\"(?:key|name)\"\s*:\s*\"[^\"]{0,20}(?i:" + _KEY_NAMES + rb")\"",
]))
BEFORE, _AFTER = 40, 256  # the window around a literal in which a match must start / may end
# (literal, how far before it a match may start), searched for as they are...
_LITERALS = tuple((literal.encode(), 0 if fmt.starts_at_literal else BEFORE)
                  for fmt in FORMATS for literal in fmt.literals)
# ...and in the lowered input (the credential-like keys and query parameters).
_LOWER_LITERALS = (b"key", b"token", b"secret", b"passw", b"pwd", b"auth", b"appid")
_CHUNK = 1 << 23  # the input is lowered this much at a time


def places(data: bytes) -> list[int]:
    """Sorted offsets where PREFILTER matches (each a place a credential may be)."""
    found: set[int] = set()

    def verify(buf_offset: int, hits: list[int], before: int = BEFORE) -> None:
        done = -1  # hits come in order: a start already tried for this literal is not tried again
        for hit in hits:  # (text dense in literals, "token token ...", has overlapping windows)
            pos = buf_offset + hit
            for start in range(max(0, pos - before, done + 1), pos + 1):  # every match holding it
                # Every alternative of PREFILTER holds a literal: a match from here is a place,
                # whichever literal it holds (each is searched for).
                if PREFILTER.match(data, start, start + BEFORE + _AFTER) is not None:
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
