"""Work spread over forked processes: `check --jobs` analyses inputs, `report` draws dialogs,
`Later` computes one thing in a forked child while this process does another (the second half
of a large input's dialogs, the credential scan's pre-filter).

Workers are forked, so they inherit what the caller holds (a loaded analysis, the configuration)
instead of receiving it: only the items (numbers, paths) and the results cross between
processes. When forking is not possible (not Linux), not worth it (one worker, one item) or the
pool breaks (a worker killed, out of memory), the remaining items are done in this process:
the results are the same, in the same order, only slower.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

Item = TypeVar("Item")
Out = TypeVar("Out")

# What the forked workers call, and with what: set only while a pool runs, inherited by the fork.
_CALL: tuple[Callable[[Any, Any], Any], Any] | None = None


def cores() -> int:
    """The cores this process may use (a container may allow fewer than the machine has)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def fork_context():
    import multiprocessing

    if sys.platform != "linux":  # fork is unsafe on macOS and absent on Windows
        return None
    try:
        return multiprocessing.get_context("fork")
    except ValueError:
        return None


# glibc's mallopt parameters: the heap's free top returned to the system beyond this, and the
# size from which a block gets a mapping of its own (one munmap'd, and faulted in again, each time)
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3


def keep_heap() -> None:
    """Let this (short-lived, forked) worker keep the memory it frees. By default glibc gives the
    top of the heap back whenever ~128 kB of it are free, which a report's worker does after
    each dialog (its section is ~120 kB of text, encoded): the next dialog then faults those
    pages in again, one at a time, zeroed (~130 faults a dialog of 100 nodes, ~2/3 of its page
    faults). Nothing changes elsewhere (another C library, another system)."""
    if sys.platform != "linux":
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None)
        libc.mallopt(_M_TRIM_THRESHOLD, 1 << 30)
        libc.mallopt(_M_MMAP_THRESHOLD, 32 << 20)  # (set, the trim threshold fixes it at 128 kB)
    except (OSError, AttributeError, ImportError):
        pass


def _call(item):
    assert _CALL is not None
    function, state = _CALL
    return function(state, item)


def in_processes(function: Callable[[Any, Item], Out], items: Iterable[Item], state: Any = None,
                 workers: int = 1, chunksize: int = 1) -> Iterator[Out]:
    """`function(state, item)` for every item, in order, in up to `workers` forked processes.

    `function` must be a module-level function; `state` is inherited by the fork, never pickled."""
    global _CALL

    items = list(items)
    context = fork_context() if workers >= 2 and len(items) >= 2 else None
    done = 0
    if context is not None:
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        _CALL = (function, state)
        try:
            with ProcessPoolExecutor(min(workers, len(items)), mp_context=context,
                                     initializer=keep_heap) as pool:
                for out in pool.map(_call, items, chunksize=chunksize):
                    done += 1
                    yield out
        except BrokenProcessPool:
            pass  # a worker died: the rest are done here
        finally:
            _CALL = None
    for item in items[done:]:
        yield function(state, item)


class Later:
    """`function(state)` computed by a forked child (`later`); `result()` waits for it."""

    def __init__(self, pid: int, read_end: int):
        self._pid, self._read_end = pid, read_end

    def result(self) -> Any:
        """The child's value; None when it failed (killed, raised, its answer unreadable): the
        caller then computes it itself."""
        if self._pid is None:
            return None
        import pickle  # (here: a check of a small input never forks, nor needs it)

        pid, self._pid = self._pid, None
        try:
            with os.fdopen(self._read_end, "rb") as answer:
                encoded = answer.read()
            _, status = os.waitpid(pid, 0)
            return pickle.loads(encoded) if status == 0 and encoded else None
        except (OSError, EOFError, pickle.UnpicklingError):
            return None

    def cancel(self) -> None:
        """Forget the child's answer (and reap it): it ends at its next write, or ends anyway."""
        if self._pid is None:
            return
        pid, self._pid = self._pid, None
        try:
            os.close(self._read_end)  # a child still writing gets SIGPIPE and ends
            os.waitpid(pid, 0)
        except OSError:
            pass


def later(function: Callable[[Any], Any], state: Any) -> Later | None:
    """`function(state)` started in a forked child, when safe and worth it: Linux, a second core,
    no other thread (a fork copies only the calling one). None when not started. The child never
    returns into the caller's code: it writes its pickled value and leaves with os._exit (no exit
    handlers, no flush of the parent's buffers, no traceback)."""
    import threading

    if sys.platform != "linux" or cores() < 2 or threading.active_count() > 1:
        return None
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return None
    if pid == 0:
        code = 1
        try:
            import pickle

            os.close(read_end)
            with os.fdopen(write_end, "wb") as out:
                pickle.dump(function(state), out, protocol=pickle.HIGHEST_PROTOCOL)
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    return Later(pid, read_end)
