"""The credential scan's pre-filter of a large input, run ahead in a forked process.

KL501 runs once every dialog is analysed, but its first pass (`prefilter.places` and
`escapes.escaped_places`, ~0.8 s on a 100 MB publish status) reads only the input's bytes: with
a second core, a forked child finds the places while this process analyses the dialogs, and
`scan` takes them when it starts. When that is not possible or fails (not Linux, one core, a
thread running, the child killed or its answer unreadable), `scan` finds them itself: the places
are the same either way, so are the findings.
"""
from __future__ import annotations

from ..workers import Later, later

MIN_SIZE = 16 << 20  # smaller inputs: the fork costs more than it saves
# The input being pre-filtered ahead, and the child doing it.
_AHEAD: tuple[bytes, Later] | None = None


def starts(data: bytes) -> list[int]:
    """Sorted offsets where a credential may be: the pre-filter's places and the escaped ones."""
    from .escapes import escaped_places
    from .prefilter import places

    found = places(data)
    escaped = escaped_places(data)
    return sorted(escaped.union(found)) if escaped else found


def start(data: bytes, min_size: int = MIN_SIZE) -> None:
    """Fork a child computing `starts(data)`, when worth it and safe (workers.later); nothing
    when one is at it already (started as the input was read, before its parse)."""
    global _AHEAD
    if _AHEAD is not None and _AHEAD[0] is data:
        return
    drop()
    if len(data) < min_size:
        return
    child = later(starts, data)
    if child is not None:
        _AHEAD = (data, child)


def take(data: bytes) -> list[int] | None:
    """The child's `starts(data)`, or None when there is none or it failed."""
    global _AHEAD
    if _AHEAD is None or _AHEAD[0] is not data:
        return None
    child = _AHEAD[1]
    _AHEAD = None
    found = child.result()
    return found if isinstance(found, list) else None


def drop() -> None:
    """Forget (and reap) a child whose answer was not taken (its input was not scanned)."""
    global _AHEAD
    if _AHEAD is not None:
        _AHEAD[1].cancel()
        _AHEAD = None
