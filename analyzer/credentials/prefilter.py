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
# Literals found from a rarer byte of theirs: a one-byte find runs at memchr speed (~10x a
# literal's find), each place of the byte is then checked in Python. Bytes chosen as rare in
# bots' JSON; where one is not (more than _DENSE of the input), the literals' finds are used.
_ANCHORS = {b"G": (b"SG.",), b"K": (b"AKIA",), b"z": (b"AIza",), b"_": (b"ghp_", b"github_pat_"),
            b"J": (b"eyJ",), b"B": (b"Basic",), b"/": (b"://",)}
_LOWER_ANCHORS = {b"w": (b"passw", b"pwd"), b"W": (b"passw", b"pwd")}  # checked lowered
_DENSE = 8  # bits: at most one place of an anchor byte in 256 bytes of input


def _anchored(data: bytes, anchor: bytes, literals: tuple[bytes, ...],
              lower: bool) -> dict[bytes, list[int]] | None:
    """The sorted starts of each literal, from the places of `anchor` (which each literal holds,
    in lower case if `lower`); None when the anchor is too frequent to be worth it."""
    specs = [(lit, lit.index(anchor.lower() if lower else anchor), len(lit)) for lit in literals]
    found: dict[bytes, list[int]] = {lit: [] for lit in literals}
    budget = max(1 << 12, len(data) >> _DENSE)
    i = data.find(anchor)
    while i >= 0:
        budget -= 1
        if budget < 0:
            return None
        for lit, j, m in specs:  # each occurrence holds the anchor at its first place in it once
            s = i - j
            if s >= 0 and (data[s:s + m].lower() == lit if lower else data.startswith(lit, s)):
                found[lit].append(s)
        i = data.find(anchor, i + 1)
    return found


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

    befores = dict(_LITERALS)
    plain = list(befores)  # the literals still to find with their own find
    for anchor, literals in _ANCHORS.items():
        hits = _anchored(data, anchor, literals, lower=False)
        if hits is not None:
            for literal, at in hits.items():
                verify(0, at, befores[literal])
                plain.remove(literal)
    for literal in plain:
        verify(0, positions(data, literal, len(data)), befores[literal])
    lower_plain = list(_LOWER_LITERALS)
    lower_hits: dict[bytes, list[int]] = {}
    for anchor, literals in _LOWER_ANCHORS.items():
        hits = _anchored(data, anchor, literals, lower=True)
        if hits is None:
            break
        for literal, at in hits.items():
            lower_hits.setdefault(literal, []).extend(at)
    else:
        for literal, at in lower_hits.items():
            verify(0, sorted(at))
            lower_plain.remove(literal)
    overlap = max(map(len, _LOWER_LITERALS))
    for start in range(0, len(data), _CHUNK):
        lowered = data[start:start + _CHUNK + overlap].lower()
        for literal in lower_plain:
            verify(start, positions(lowered, literal, _CHUNK))
    return sorted(found)
