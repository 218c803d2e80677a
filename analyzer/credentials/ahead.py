"""The credential scan's pre-filter of a large input, run ahead in a forked process.

KL501 runs once every dialog is analysed, but its first pass (`prefilter.places` and
`escapes.escaped_places`, ~0.8 s on a 100 MB publish status) reads only the input's bytes: with
a second core, a forked child finds the places while this process analyses the dialogs, and
`scan` takes them when it starts. When that is not possible or fails (not Linux, one core, a
thread running, the child killed or its answer unreadable), `scan` finds them itself: the places
are the same either way, so are the findings.
"""
from __future__ import annotations

import os
import sys

MIN_SIZE = 16 << 20  # smaller inputs: the fork costs more than it saves
# The input being pre-filtered ahead: (its bytes, the child's pid, the read end of its pipe).
_AHEAD: tuple[bytes, int, int] | None = None


def starts(data: bytes) -> list[int]:
    """Sorted offsets where a credential may be: the pre-filter's places and the escaped ones."""
    from .escapes import escaped_places
    from .prefilter import places

    found = places(data)
    escaped = escaped_places(data)
    return sorted(escaped.union(found)) if escaped else found


def start(data: bytes, min_size: int = MIN_SIZE) -> None:
    """Fork a child computing `starts(data)`, when worth it and safe (no other thread: a fork
    copies only the calling one)."""
    global _AHEAD
    drop()
    if len(data) < min_size or sys.platform != "linux":
        return
    import threading

    from ..workers import cores

    if cores() < 2 or threading.active_count() > 1:
        return
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return
    if pid == 0:  # the child: never returns, never runs the parent's exit handlers or flushes
        code = 1
        try:
            os.close(read_end)
            import msgspec

            with os.fdopen(write_end, "wb") as out:
                out.write(msgspec.msgpack.encode(starts(data)))
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    _AHEAD = (data, pid, read_end)


def take(data: bytes) -> list[int] | None:
    """The child's `starts(data)`, or None when there is none or it failed."""
    global _AHEAD
    if _AHEAD is None or _AHEAD[0] is not data:
        return None
    _, pid, read_end = _AHEAD
    _AHEAD = None
    import msgspec

    try:
        with os.fdopen(read_end, "rb") as answer:
            encoded = answer.read()
        _, status = os.waitpid(pid, 0)
        return msgspec.msgpack.decode(encoded, type=list[int]) if status == 0 else None
    except (OSError, msgspec.DecodeError, msgspec.ValidationError):
        return None


def drop() -> None:
    """Forget (and reap) a child whose answer was not taken (its input was not scanned)."""
    global _AHEAD
    if _AHEAD is None:
        return
    _, pid, read_end = _AHEAD
    _AHEAD = None
    try:
        os.close(read_end)  # a child still writing gets SIGPIPE and ends
        os.waitpid(pid, 0)
    except OSError:
        pass
