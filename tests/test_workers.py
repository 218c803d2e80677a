"""Worker processes (analyzer.workers): results in order whether forked or not, and a forked
worker keeps the heap it grows instead of faulting it in again for every item."""
from __future__ import annotations

import os
import platform
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from analyzer import workers

BLOCK, BLOCKS = 100_000, 30  # bytes (below glibc's mmap threshold: from the heap) and how many


def _square(state, item):
    return state * item * item


def test_in_processes_gives_every_result_in_order():
    items = list(range(37))
    expected = [3 * k * k for k in items]
    assert list(workers.in_processes(_square, items, 3, workers=1)) == expected
    assert list(workers.in_processes(_square, items, 3, workers=2, chunksize=4)) == expected


def _churn(rounds: int) -> int:
    """Page faults taken while blocks are made and freed `rounds` times after a first time (as a
    report's worker makes a dialog's texts, then drops them)."""
    [bytearray(BLOCK) for _ in range(BLOCKS)]
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(rounds):
        blocks = [bytearray(BLOCK) for _ in range(BLOCKS)]  # zeroed: every page is written
        del blocks
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's malloc only")
def test_keep_heap_reuses_the_memory_freed():
    """In a fresh process (glibc's defaults: a forked worker inherits its parent's malloc state,
    which the test runner has changed), the same churn before and after keep_heap."""
    script = ("import sys; sys.path[:0] = sys.argv[1:]; import test_workers as t; "
              "from analyzer.workers import keep_heap; a = t._churn(50); keep_heap(); "
              "print(a, t._churn(50))")
    out = subprocess.run([sys.executable, "-c", script, str(Path(__file__).parent)], check=True,
                         capture_output=True, text=True).stdout
    before, after = map(int, out.split())
    pages = BLOCK * BLOCKS // os.sysconf("SC_PAGE_SIZE")
    # glibc trims the heap's top each round and the next faults it in again (~`pages` a round);
    # kept, the pages are reused
    assert before > 50 * pages // 4, out
    assert after < pages, out


def _kept(_state, _item):
    return os.environ.get("KORELINT_TEST_KEPT")


@pytest.mark.skipif(workers.fork_context() is None, reason="forked workers only")
def test_every_forked_worker_keeps_its_heap(monkeypatch):
    monkeypatch.setattr(workers, "keep_heap", lambda: os.environ.__setitem__("KORELINT_TEST_KEPT", "1"))
    assert list(workers.in_processes(_kept, range(6), workers=2)) == ["1"] * 6
    assert "KORELINT_TEST_KEPT" not in os.environ  # (set in the workers only)
