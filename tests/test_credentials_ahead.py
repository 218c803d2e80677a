"""The secret scan's pre-filter run ahead in a forked child gives the places found in-process."""
from __future__ import annotations

import json
import sys

import pytest

from analyzer.credentials import ahead
from analyzer.credentials.scan import scan

TEXT = json.dumps({"nodes": [{"password": "hunter2-Xq9!zz", "url": "https://u:s3cr3t-Pw9@h.example/x",
                              "k\\u0065y": "v", "auth": "Bearer " + "a1B2" * 8}] * 50}).encode()
linux_only = pytest.mark.skipif(sys.platform != "linux", reason="forks only on Linux")


@pytest.fixture
def forkable(monkeypatch):
    monkeypatch.setattr("analyzer.workers.cores", lambda: 2)
    monkeypatch.setattr("threading.active_count", lambda: 1)  # whatever the test runner runs
    yield
    ahead.drop()


@linux_only
def test_the_child_finds_the_same_places(forkable):
    ahead.start(TEXT, min_size=0)
    taken = ahead.take(TEXT)
    assert taken is not None and taken == ahead.starts(TEXT) and taken
    assert ahead.take(TEXT) is None  # taken once


def test_scan_is_the_same_with_or_without_the_child(forkable):
    alone = list(scan(TEXT))
    ahead.start(TEXT, min_size=0)
    assert list(scan(TEXT)) == alone and alone


def test_another_input_is_not_answered(forkable):
    ahead.start(TEXT, min_size=0)
    assert ahead.take(bytes(bytearray(TEXT))) is None  # an equal copy: not the same input
    ahead.drop()
    assert ahead.take(TEXT) is None


def test_small_inputs_are_not_forked(forkable):
    ahead.start(TEXT)
    assert ahead.take(TEXT) is None
