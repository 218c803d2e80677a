"""The lines of many findings, located in a forked process while this one works.

Locating a pointer costs ~6 us (its containers decoded on the way down, then its offset), so
400,000 findings (one per term of a large knowledge graph) spend ~2.5 s there. A `Feed` is
handed the pointers as the rules find them (`add`). Once they are many (MIN_POINTERS), a forked
child locates them while the rules go on, the later ones sent to it through a pipe a batch at a
time; this process never waits for the pipe (what it cannot take yet waits here, and what is
still waiting when the rules end is located here). Pointers handed over at once (`close` with no
child yet: one dialog's findings) are shared: the child locates the first CHILD_SHARE while this
process builds the findings, then this process the rest. When forking is not possible or the
child fails (not Linux, one core, a thread running, the child killed or its answer unreadable),
this process locates them all: the lines are the same either way.
"""
from __future__ import annotations

import os
import pickle

from ..workers import Later, later
from .locator import Locator

MIN_POINTERS = 20_000  # fewer are located in less time than a fork takes (~10-30 ms)
CHILD_SHARE = 2 / 3  # of pointers handed over at once: this process builds the findings meanwhile
BATCH = 4096  # pointers sent to the child at a time
_PIPE_SIZE = 1 << 20  # the most a pipe holds without privileges (Linux): writes rarely wait
_END = (0).to_bytes(8, "little")  # a frame of no pointers: the last


def _located(state: tuple) -> list[int | None]:
    """(In the child) the line of each pointer it inherited, then of each sent, in their order
    (a list pickles in less time than a dict of pointers)."""
    locator, pointers, feed, other_end = state
    if other_end is not None:
        os.close(other_end)  # this process's copy of the feed's write end: the parent's ends it
    lines = locator.lines(pointers)
    out = [lines[p] for p in pointers]
    if feed is None:
        return out
    with os.fdopen(feed, "rb") as frames:
        while (size := int.from_bytes(_exactly(frames, 8), "little")) > 0:
            batch = pickle.loads(_exactly(frames, size))
            lines = locator.lines(batch)
            out += [lines[p] for p in batch]
    return out


def _exactly(stream, size: int) -> bytes:
    data = stream.read(size)
    if len(data) != size:
        raise EOFError("the feed ended early")  # the parent gave up: so does the child
    return data


class Feed:
    """The pointers of findings being made, and the child locating them (when one is)."""

    def __init__(self, locator: Locator, pointers: list[str] | None = None,
                 min_pointers: int | None = None):
        self._locator = locator
        self._min = MIN_POINTERS if min_pointers is None else min_pointers
        self._pointers: list[str] = list(pointers or ())
        self._child: Later | None = None
        self._tried = False  # a child was asked for (one at most)
        self._given = 0  # pointers the child has: inherited, or in a frame the pipe took whole
        self._pipe: int | None = None  # the feed's write end (non-blocking), while streaming
        self._waiting: list[tuple[bytes, int]] = []  # frames not in the pipe yet, with their sizes
        self._written = 0  # bytes of the first waiting frame already in the pipe

    @property
    def forked(self) -> bool:
        return self._child is not None

    def add(self, pointers: list[str], last: bool = False) -> None:
        """More pointers, in the order of the findings (`last`: no more will come, so no child
        is started to be fed: `close` shares them)."""
        self._pointers += pointers
        if self._pipe is not None:
            if len(self._pointers) - self._given - self._queued() >= BATCH:
                self._queue(self._pointers[self._given + self._queued():])
            self._flush()
        elif not last and not self._tried and len(self._pointers) >= self._min:
            self._start(len(self._pointers), stream=True)

    def close(self) -> None:
        """No more pointers: the child has its share (what the pipe took, or the first
        CHILD_SHARE of pointers handed over at once); this process locates the rest."""
        if self._pipe is not None:
            self._flush()
            if self._pipe is not None and self._written:  # a frame begun is finished, the
                os.set_blocking(self._pipe, True)  # others are left to this process
                self._waiting = self._waiting[:1]
                self._flush()
            self._waiting.clear()
            self._end_feed(_END)
        elif not self._tried and len(self._pointers) >= self._min:
            self._start(int(len(self._pointers) * CHILD_SHARE), stream=False)

    def lines(self) -> dict[str, int | None]:
        """Pointer -> line (None where the element cannot be found), once closed."""
        locator, pointers = self._locator, self._pointers
        child, self._child = self._child, None
        if child is None:
            return locator.lines(pointers)
        given = self._given
        lines = locator.lines(pointers[given:])
        found = child.result()
        if found is None or len(found) != given:
            return locator.lines(pointers)
        lines.update(zip(pointers[:given], found, strict=True))
        return lines

    def cancel(self) -> None:
        self._end_feed(b"")
        if self._child is not None:
            self._child.cancel()
            self._child = None

    # -- the child and its pipe --------------------------------------------------------------
    def _start(self, given: int, stream: bool) -> None:
        self._tried = True
        feed = os.pipe() if stream else None
        state = (self._locator, self._pointers[:given], feed[0] if feed else None, feed[1] if feed else None)
        self._child = later(_located, state)
        if feed is not None:
            os.close(feed[0])
            if self._child is None:
                os.close(feed[1])
                return
            try:
                import fcntl

                fcntl.fcntl(feed[1], fcntl.F_SETPIPE_SZ, _PIPE_SIZE)
            except (ImportError, AttributeError, OSError):
                pass  # the default size: writes wait for the child a little more often
            os.set_blocking(feed[1], False)
            self._pipe = feed[1]
        if self._child is not None:
            self._given = given

    def _queued(self) -> int:
        return sum(n for _, n in self._waiting)

    def _queue(self, batch: list[str]) -> None:
        data = pickle.dumps(batch, protocol=pickle.HIGHEST_PROTOCOL)
        self._waiting.append((len(data).to_bytes(8, "little") + data, len(batch)))

    def _flush(self) -> None:
        """Frames into the pipe while it takes them; a frame taken whole is the child's."""
        try:
            while self._waiting:
                frame, count = self._waiting[0]
                self._written += os.write(self._pipe, memoryview(frame)[self._written:])
                if self._written < len(frame):
                    return
                self._waiting.pop(0)
                self._written = 0
                self._given += count
        except BlockingIOError:
            return
        except OSError:  # the child is gone: its answer will be missing, this process locates all
            self._end_feed(b"")

    def _end_feed(self, last: bytes) -> None:
        if self._pipe is None:
            return
        pipe, self._pipe = self._pipe, None
        try:
            if last:
                os.set_blocking(pipe, True)
                os.write(pipe, last)
        except OSError:
            pass
        finally:
            os.close(pipe)

