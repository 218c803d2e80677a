"""Work spread over forked processes: `check --jobs` analyses inputs, `report` draws dialogs.

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
            with ProcessPoolExecutor(min(workers, len(items)), mp_context=context) as pool:
                for out in pool.map(_call, items, chunksize=chunksize):
                    done += 1
                    yield out
        except BrokenProcessPool:
            pass  # a worker died: the rest are done here
        finally:
            _CALL = None
    for item in items[done:]:
        yield function(state, item)
