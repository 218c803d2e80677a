"""Writing output files atomically: a temporary file in the same folder, then a rename.

A reader never sees half a report, a failed run leaves the previous file in place, and an
existing symlink at the destination is replaced, never followed.

Two exceptions, checked before anything is written:
- a stream is written in place: a character device (`-o /dev/null`, a terminal) or a FIFO
  (`-o >(gzip > r.gz)`), named directly or by a symlink, and whatever /dev/stdout, /dev/fd/N or
  /proc/self/fd/N stand for (a file too: `-o /dev/stdout > out.txt`). Renaming a file over them
  would replace the device node or the link itself (as root, `-o /dev/null` replaced /dev/null
  with a regular file for the whole machine);
- a directory, a block device or a socket at the destination is refused (an OSError), never
  replaced.
"""
from __future__ import annotations

import contextlib
import errno
import io
import os
import re
import stat
from collections.abc import Iterator

_DESCRIPTOR_NAME = re.compile(r"/dev/(stdout|stderr|fd/\d+)|/proc/(self|\d+)/fd/\d+")


def _is_stream(mode: int) -> bool:
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


def _descriptor_name(path: str) -> bool:
    """/dev/stdout, /dev/fd/3, /proc/self/fd/1...: another name of an open descriptor (whatever it
    is open on, a file included), to write through; renaming over it would replace the name."""
    return bool(_DESCRIPTOR_NAME.fullmatch(os.path.abspath(path)))


def _destination(path: str) -> str:
    """'file' (write a temporary file, then rename it over the destination) or 'stream' (write in
    place). Raises OSError for a destination that must not be replaced."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return "file"
    except ValueError:  # a NUL byte in the name
        raise OSError(errno.EINVAL, "not a valid file name", path) from None
    if stat.S_ISREG(st.st_mode):
        return "file"
    if stat.S_ISLNK(st.st_mode):
        try:
            target = os.stat(path)
        except OSError:  # dangling or looping: the link itself is replaced
            return "file"
        if _descriptor_name(path) and not stat.S_ISDIR(target.st_mode):
            return "stream"
        # A link to a stream (-> /dev/null, -> a FIFO) is written through; a link to anything
        # else (a file out of this folder) is replaced, never followed.
        return "stream" if _is_stream(target.st_mode) else "file"
    if _is_stream(st.st_mode):
        return "stream"
    if stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError(errno.EISDIR, "is a directory", path)
    raise OSError(errno.EEXIST, "exists and is not a regular file", path)


def _open_stream(path: str) -> int:
    """A descriptor on the stream at path (never created, never truncated: a file behind
    /dev/stdout is appended to, as the shell's `>>` would)."""
    fd = os.open(path, os.O_WRONLY | os.O_NOCTTY | os.O_APPEND | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if not (_is_stream(mode) or (_descriptor_name(path) and stat.S_ISREG(mode))):
            raise OSError(errno.EEXIST, "changed while being opened", path)  # replaced since we looked
    except BaseException:
        os.close(fd)
        raise
    return fd


def _file_mode() -> int:
    """What open() would give a new file: 0o666 less the umask. Read from /proc where there is
    one: setting the umask to read it would briefly change it for every thread."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return 0o666 & ~int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


@contextlib.contextmanager
def _named(path: str, always: bool = False) -> Iterator[None]:
    """An OSError without a file name (a full disk at fsync), or naming our temporary file, names
    the destination: the caller's message then says which of several outputs failed."""
    try:
        yield
    except OSError as exc:
        if always or exc.filename is None:
            exc.filename = path
        raise


@contextlib.contextmanager
def _atomic(path: str, mode: str, encoding: str | None) -> Iterator[io.IOBase]:
    text = dict(encoding=encoding, newline="\n") if "b" not in mode else {}
    with _named(path):
        kind = _destination(path)
    if kind == "stream":
        with _named(path), os.fdopen(_open_stream(path), mode, **text) as fh:
            yield fh
        return
    folder = os.path.dirname(os.path.abspath(path))
    with _named(path, always=True):
        import tempfile  # when a file is written (~9 ms to import)

        fd, tmp = tempfile.mkstemp(prefix=".korelint-", suffix=".tmp", dir=folder)
    try:
        with _named(path), os.fdopen(fd, mode, **text) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        with _named(path, always=True):
            os.chmod(tmp, _file_mode())
            os.replace(tmp, path)  # replaces a symlink at path, never what it points to
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def atomic_text(path: str, encoding: str = "utf-8") -> Iterator[io.TextIOBase]:
    with _atomic(path, "w", encoding) as fh:
        yield fh


@contextlib.contextmanager
def atomic_binary(path: str) -> Iterator[io.BufferedIOBase]:
    """The same for bytes (an HTML report, an SVG, a zip)."""
    with _atomic(path, "wb", None) as fh:
        yield fh


def atomic_bytes(path: str, data: bytes) -> None:
    with atomic_binary(path) as fh:
        fh.write(data)
