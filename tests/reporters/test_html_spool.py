"""The report's sections left by worker processes in a spool (reporters/html_spool.py): every
section read back whole from wherever it went, copied into every kind of output, and sent back
as bytes wherever the spool cannot take it."""
from __future__ import annotations

import io
import os
import sys

import pytest

from analyzer import workers
from analyzer.reporters import html_spool
from analyzer.reporters.html_spool import Spool, Spooled

forks = pytest.mark.skipif(workers.fork_context() is None or not os.path.isdir("/proc/self/fd"),
                           reason="forked workers and /proc only")


def _section(k: int) -> bytes:
    return (f"<section {k}>".encode() + bytes(range(256)) * (k % 7) + "→ é\n".encode()) * (1 + k % 50)


def _put(spool: Spool, k: int):
    return spool.put(_section(k))


@forks
def test_workers_append_sections_each_read_back_whole():
    spool = Spool()
    got = list(workers.in_processes(_put, range(200), spool, workers=2))
    assert all(isinstance(s, Spooled) for s in got)
    assert [s.read() for s in got] == [_section(k) for k in range(200)]
    spans = sorted((s.offset, s.offset + s.length) for s in got)
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))  # none overlap


def test_the_process_that_made_the_spool_keeps_its_bytes():
    spool = Spool()
    assert spool.put(b"abc") == b"abc"  # (what a broken pool leaves to it)


@forks
def test_without_proc_the_sections_come_back_as_bytes(monkeypatch):
    real = os.open

    def no_proc(path, *args, **kwargs):
        if str(path).startswith("/proc/"):
            raise FileNotFoundError(path)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", no_proc)  # (inherited by the forked workers)
    spool = Spool()
    assert list(workers.in_processes(_put, range(6), spool, workers=2)) == [_section(k) for k in range(6)]


def _spooled(data: list[bytes]) -> tuple[Spool, list[Spooled]]:
    """Sections as a worker would leave them (written here, as if by another process)."""
    spool = Spool()
    fd, out, offset = spool.file.fileno(), [], 0
    for d in data:
        os.pwrite(fd, d, offset)
        out.append(Spooled(fd, offset, len(d)))
        offset += len(d)
    return spool, out


@pytest.mark.parametrize("kind", ["file", "appending file", "bytes", "pipe"])
def test_copied_into_any_output_after_what_it_holds(tmp_path, kind):
    data = [_section(k) for k in (3, 40, 0, 17)]
    _spool, pieces = _spooled(data)
    expected = b"head" + b"".join(data[1:3]) + b"tail"
    if kind == "bytes":
        out = io.BytesIO()
        out.write(b"head")
        pieces[1].copy_to(out)
        pieces[2].copy_to(out)
        out.write(b"tail")
        assert out.getvalue() == expected
        return
    if kind == "pipe":
        read_end, write_end = os.pipe()
        pid = os.fork() if sys.platform == "linux" else None
        if pid is None:
            pytest.skip("forks only on Linux")
        if pid == 0:  # the reader: the pipe holds 64 kB at most
            os.close(write_end)
            with open(tmp_path / "got", "wb") as got, os.fdopen(read_end, "rb") as source:
                got.write(source.read())
            os._exit(0)
        os.close(read_end)
        with os.fdopen(write_end, "wb") as out:
            out.write(b"head")
            pieces[1].copy_to(out)
            pieces[2].copy_to(out)
            out.write(b"tail")
        os.waitpid(pid, 0)
        assert (tmp_path / "got").read_bytes() == expected
        return
    path = tmp_path / "page.html"
    path.write_bytes(b"")
    with open(path, "ab" if kind == "appending file" else "wb") as out:  # (append: sendfile refuses)
        out.write(b"head")
        pieces[1].copy_to(out)
        pieces[2].copy_to(out)
        out.write(b"tail")
    assert path.read_bytes() == expected


def test_a_spool_cut_short_is_an_error_not_a_short_page():
    _spool, pieces = _spooled([b"abc"])
    with pytest.raises(OSError):
        Spooled(pieces[0].fd, 0, 10).read()


def test_a_worker_keeps_one_descriptor_a_spool(monkeypatch):
    monkeypatch.setattr(html_spool, "_OWN", {})
    spool = Spool()
    monkeypatch.setattr(spool, "maker", -1)  # as if made by another process
    first, second = spool.put(b"one"), spool.put(b"two")
    assert len(html_spool._OWN) == 1
    assert (first.read(), second.read()) == (b"one", b"two")
    assert second.offset == first.offset + 3
    os.close(html_spool._OWN.pop(spool.key))
