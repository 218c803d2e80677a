"""The lines of many findings, located partly in a forked process.

Locating a pointer costs ~9 us (its containers decoded on the way down, then its offset), so
400,000 findings (one per term of a large knowledge graph) spend ~4 s there, on one core, while
the findings themselves are built. With a second core, a forked child locates most of the
pointers (`start`) while this process builds the findings, then locates the rest (`Ahead.lines`).
When that is not possible or fails (not Linux, one core, a thread running, the child killed or
its answer unreadable) this process locates them all: the lines are the same either way.
"""
from __future__ import annotations

from ..workers import Later, later
from .rawjson import Locator

MIN_POINTERS = 20_000  # fewer are located in less time than a fork takes (~10-30 ms)
CHILD_SHARE = 2 / 3  # the child's part: this process builds the findings meanwhile


def _located(state: tuple[Locator, list[str]]) -> list[int | None]:
    """(In the child) the line of each pointer, in their order: a list pickles in less time
    than a dict of pointers."""
    locator, pointers = state
    lines = locator.lines(pointers)
    return [lines[p] for p in pointers]


class Ahead:
    """The lines of `pointers`, some being located by a child (`child`: None when none is)."""

    def __init__(self, locator: Locator, pointers: list[str], cut: int, child: Later | None):
        self._locator, self._pointers, self._cut, self._child = locator, pointers, cut, child

    def lines(self) -> dict[str, int | None]:
        """Pointer -> line (None where the element cannot be found): this process's part, then
        the child's answer, or the child's part located here when there is no answer."""
        locator, pointers, cut = self._locator, self._pointers, self._cut
        child, self._child = self._child, None
        found = child.result() if child is not None else None
        if found is None or len(found) != cut:
            return locator.lines(pointers)
        lines = locator.lines(pointers[cut:])
        lines.update(zip(pointers[:cut], found, strict=True))
        return lines

    def cancel(self) -> None:
        if self._child is not None:
            self._child.cancel()
            self._child = None


def start(locator: Locator, pointers: list[str], min_pointers: int | None = None) -> Ahead | None:
    """A child locating most of `pointers` (from the start), when they are many (MIN_POINTERS)
    and a child can be forked; None otherwise (locate them with `locator.lines`)."""
    if len(pointers) < (MIN_POINTERS if min_pointers is None else min_pointers):
        return None
    cut = int(len(pointers) * CHILD_SHARE)
    child = later(_located, (locator, pointers[:cut]))
    return Ahead(locator, pointers, cut, child) if child is not None else None
