"""Writing output files atomically: a temporary file in the same folder, then a rename.

A reader never sees half a report, a failed run leaves the previous file in place, and an
existing symlink at the destination is replaced, never followed.
"""
from __future__ import annotations

import contextlib
import io
import os
import tempfile
from typing import Iterator


@contextlib.contextmanager
def atomic_text(path: str, encoding: str = "utf-8") -> Iterator[io.TextIOBase]:
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".korelint-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="\n") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def atomic_binary(path: str) -> Iterator[io.BufferedIOBase]:
    """The same for bytes (an HTML report, an SVG, a zip)."""
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".korelint-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def atomic_bytes(path: str, data: bytes) -> None:
    with atomic_binary(path) as fh:
        fh.write(data)
