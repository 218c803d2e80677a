"""The lines of many findings located partly by a forked child are those located in-process."""
from __future__ import annotations

import json
import sys

import pytest

from analyzer import cli
from analyzer.payload import lines_ahead
from analyzer.payload.rawjson import Locator

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


@linux_only
def test_the_child_locates_the_same_lines(forkable):
    expected = Locator(TEXT).lines(POINTERS)
    assert expected["/knowledgeTasks/99"] is None and expected["/knowledgeTasks/7/name"] > 1
    ahead = lines_ahead.start(Locator(TEXT), POINTERS, min_pointers=1)
    assert ahead is not None and ahead._child is not None
    assert ahead.lines() == expected


def test_without_a_child_this_process_locates_them_all():
    expected = Locator(TEXT).lines(POINTERS)
    ahead = lines_ahead.Ahead(Locator(TEXT), POINTERS, len(POINTERS) // 2, None)
    assert ahead.lines() == expected


@linux_only
def test_a_child_that_fails_is_replaced(forkable, monkeypatch):
    monkeypatch.setattr(lines_ahead, "_located", lambda state: 1 / 0)  # the child raises
    ahead = lines_ahead.start(Locator(TEXT), POINTERS, min_pointers=1)
    assert ahead is not None and ahead.lines() == Locator(TEXT).lines(POINTERS)


def test_few_pointers_are_not_forked(forkable):
    assert lines_ahead.start(Locator(TEXT), POINTERS) is None


@linux_only
def test_the_findings_are_the_same(forkable, monkeypatch, tmp_path, capsys):
    path = tmp_path / "kg.json"
    path.write_bytes(TEXT)
    argv = ["check", str(path), "--format", "json", "--isolated", "--jobs", "1"]
    assert cli.main(argv) == 1
    alone = capsys.readouterr().out
    monkeypatch.setattr(lines_ahead, "MIN_POINTERS", 1)
    forked = []
    real = lines_ahead.later
    monkeypatch.setattr(lines_ahead, "later", lambda f, s: forked.append(1) or real(f, s))
    assert cli.main(argv) == 1
    assert capsys.readouterr().out == alone and forked
    lines = [f["line"] for f in json.loads(alone)["findings"]]
    assert len(lines) == 60 and all(isinstance(n, int) and n > 1 for n in lines)
