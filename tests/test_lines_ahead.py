"""The lines of many findings located partly by a forked child are those located in-process."""
from __future__ import annotations

import json
import os
import signal
import sys

import pytest

from analyzer import cli
from analyzer.payload import lines_ahead
from analyzer.payload.locator import Locator

linux_only = pytest.mark.skipif(sys.platform != "linux", reason="forks only on Linux")
TASKS = [{"name": f"k{i}", "taxonomy": [{"nodeId": "t", "label": "t", "parent": ["missing"]}]}
         for i in range(60)]
TEXT = json.dumps({"_id": "st-1", "name": "kg", "dialogs": [], "dialogComponents": [],
                   "knowledgeTasks": TASKS}, indent=1).encode()
# pointers in no order, a repeated one, and some that are nowhere
POINTERS = ([f"/knowledgeTasks/{i}/taxonomy/0/parent/0" for i in range(59, -1, -3)]
            + ["/knowledgeTasks/7/name", "/knowledgeTasks/7/name", "/knowledgeTasks/99", "/nowhere/0"]
            + [f"/knowledgeTasks/{i}/taxonomy/0/label" for i in range(60)])


@pytest.fixture
def forkable(monkeypatch):
    monkeypatch.setattr("analyzer.workers.cores", lambda: 2)
    monkeypatch.setattr("threading.active_count", lambda: 1)  # whatever the test runner runs


def _shared(pointers: list[str], min_pointers: int | None = None) -> lines_ahead.Feed:
    """A Feed handed every pointer at once (a dialog's findings): closed, its child started."""
    feed = lines_ahead.Feed(Locator(TEXT), pointers, min_pointers)
    feed.close()
    return feed


@linux_only
def test_the_child_locates_the_same_lines(forkable):
    expected = Locator(TEXT).lines(POINTERS)
    assert expected["/knowledgeTasks/99"] is None and expected["/knowledgeTasks/7/name"] > 1
    feed = _shared(POINTERS, min_pointers=1)
    assert feed.forked and feed._given == int(len(POINTERS) * lines_ahead.CHILD_SHARE)
    assert feed.lines() == expected


def test_without_a_child_this_process_locates_them_all():
    expected = Locator(TEXT).lines(POINTERS)
    feed = _shared(POINTERS)
    assert not feed.forked and feed.lines() == expected


@linux_only
def test_a_child_that_fails_is_replaced(forkable, monkeypatch):
    monkeypatch.setattr(lines_ahead, "_located", lambda state: 1 / 0)  # the child raises
    feed = _shared(POINTERS, min_pointers=1)
    assert feed.forked and feed.lines() == Locator(TEXT).lines(POINTERS)


def test_few_pointers_are_not_forked(forkable):
    assert not _shared(POINTERS).forked


@linux_only
@pytest.mark.parametrize("min_pointers, batch, fed", [(1, lines_ahead.BATCH, False), (5, 4, True)],
                         ids=["shared-at-the-end", "fed-as-found"])
def test_the_findings_are_the_same(forkable, monkeypatch, tmp_path, capsys, min_pointers, batch, fed):
    """One child locates the lines: handed them all at the end (60 findings, fewer than a
    batch), or fed them as the knowledge rules find them."""
    path = tmp_path / "kg.json"
    path.write_bytes(TEXT)
    argv = ["check", str(path), "--format", "json", "--isolated", "--jobs", "1"]
    assert cli.main(argv) == 1
    alone = capsys.readouterr().out
    monkeypatch.setattr(lines_ahead, "MIN_POINTERS", min_pointers)
    monkeypatch.setattr(lines_ahead, "BATCH", batch)
    children = []
    real = lines_ahead.later
    monkeypatch.setattr(lines_ahead, "later", lambda f, s: children.append(s[2] is not None) or real(f, s))
    assert cli.main(argv) == 1
    assert capsys.readouterr().out == alone and children == [fed]
    lines = [f["line"] for f in json.loads(alone)["findings"]]
    assert len(lines) == 60 and all(isinstance(n, int) and n > 1 for n in lines)


def _fed(monkeypatch, batch: int = 7) -> lines_ahead.Feed:
    """A Feed handed POINTERS a few at a time, as the knowledge rules hand them over."""
    monkeypatch.setattr(lines_ahead, "BATCH", batch)
    feed = lines_ahead.Feed(Locator(TEXT), min_pointers=10)
    for k in range(0, len(POINTERS), 5):
        feed.add(POINTERS[k:k + 5])
    return feed


@linux_only
def test_a_fed_child_locates_the_pointers_sent_after_it_started(forkable, monkeypatch):
    expected = Locator(TEXT).lines(POINTERS)
    feed = _fed(monkeypatch)
    assert feed.forked and feed._pipe is not None
    feed.close()
    assert feed._pipe is None and feed._given > 10  # the first ten inherited, more sent
    assert feed.lines() == expected


@linux_only
def test_what_the_pipe_does_not_take_is_located_here(forkable, monkeypatch):
    expected = Locator(TEXT).lines(POINTERS)
    real_write = lines_ahead.os.write

    def full(fd, data):  # the pipe takes nothing after the start
        if data == lines_ahead._END:
            return real_write(fd, data)
        raise BlockingIOError

    monkeypatch.setattr(lines_ahead.os, "write", full)
    feed = _fed(monkeypatch)
    feed.close()
    assert feed._given == 10
    assert feed.lines() == expected


@linux_only
def test_a_frame_begun_is_finished_and_the_rest_left_here(forkable, monkeypatch):
    expected = Locator(TEXT).lines(POINTERS)
    real_write = lines_ahead.os.write
    taken = []

    def slow(fd, data):  # the first frame goes in a few bytes at a time, then nothing more
        if data == lines_ahead._END or (taken and os.get_blocking(fd)):
            return real_write(fd, data)
        if len(taken) >= 3:
            raise BlockingIOError
        taken.append(1)
        return real_write(fd, bytes(data[:5]))

    monkeypatch.setattr(lines_ahead.os, "write", slow)
    feed = _fed(monkeypatch)
    assert feed._written > 0
    feed.close()
    assert feed._given == 10 + 10  # the ten inherited, and the frame begun (the next ten)
    assert feed.lines() == expected


@linux_only
def test_a_fed_child_that_dies_is_replaced(forkable, monkeypatch):
    expected = Locator(TEXT).lines(POINTERS)
    feed = _fed(monkeypatch)
    os.kill(feed._child._pid, signal.SIGKILL)
    for _ in range(3):  # a write to the dead child's pipe fails: this process locates them all
        feed.add(POINTERS[:7])
    feed.close()
    assert feed.lines() == Locator(TEXT).lines(POINTERS + POINTERS[:7] * 3) == expected


@linux_only
def test_a_cancelled_feed_leaves_no_child(forkable, monkeypatch):
    feed = _fed(monkeypatch)
    pid = feed._child._pid
    feed.cancel()
    assert not feed.forked and feed._pipe is None
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # reaped already
