"""Where worker processes leave the dialogs' sections of a report: one unnamed temporary file,
each worker appending to it through a descriptor of its own, and sending back only where its
section lies (`Spooled`). The page copies them from there (`copy_to`: sendfile, in the kernel).

Sent back through the pool instead, the 37 MB of sections of 300 dialogs were pickled, pushed
through a pipe 64 kB at a time, read, joined and unpickled: ~0.05 s of CPU in this process and
as much in the workers, while the workers keep both cores busy. Whatever fails here (no /proc,
a full disk) leaves that section to be sent back as bytes, as before.
"""
from __future__ import annotations

import os
from typing import IO, NamedTuple


class Spooled(NamedTuple):
    """A section's bytes in the spool (the file of descriptor `fd`)."""

    fd: int
    offset: int
    length: int

    def read(self) -> bytes:
        parts, offset, left = [], self.offset, self.length
        while left:
            data = os.pread(self.fd, left, offset)
            if not data:
                raise OSError(f"the report's spool ends early (at {offset})")
            parts.append(data)
            offset += len(data)
            left -= len(data)
        return b"".join(parts)

    def copy_to(self, out: IO[bytes]) -> None:
        """Into `out`, after what it holds: by sendfile where `out` is a file descriptor that
        takes it (a regular file, not opened to append), else read and written."""
        offset, left = self.offset, self.length
        try:
            target = out.fileno()
        except (AttributeError, OSError, ValueError):  # (io.UnsupportedOperation is an OSError)
            target = None
        if target is not None:
            out.flush()
            try:
                while left:
                    sent = os.sendfile(target, self.fd, offset, left)
                    if not sent:
                        break
                    offset += sent
                    left -= sent
            except OSError:
                pass  # (EINVAL: an O_APPEND stream; what is left is written below)
        if left:
            out.write(Spooled(self.fd, offset, left).read())


class Spool:
    """The file (this process made it; its workers append to it)."""

    def __init__(self) -> None:
        import tempfile  # (~9 ms to import: only a report drawn by workers needs it)

        self.file = tempfile.TemporaryFile(prefix=".korelint-")  # unnamed where the system can
        status = os.fstat(self.file.fileno())
        self.key = (status.st_dev, status.st_ino)  # which file, whatever descriptor names it
        self.maker = os.getpid()

    def put(self, data: bytes) -> Spooled | bytes:
        """`data` appended (in a worker), and where it went; `data` itself when it cannot be, or
        in the process that made the spool (what a broken pool leaves to it)."""
        if os.getpid() == self.maker:
            return data
        fd = self.file.fileno()
        try:
            own = _OWN.get(self.key)
            if own is None:
                # A description of our own: its offset is where our appends end, whatever the
                # other workers append meanwhile (an inherited one shares one offset with them).
                flags = os.O_WRONLY | os.O_APPEND | os.O_CLOEXEC
                own = _OWN[self.key] = os.open(f"/proc/self/fd/{fd}", flags)
            written = os.write(own, data)
            end = os.lseek(own, 0, os.SEEK_CUR)
        except OSError:
            return data
        if written != len(data):  # (a full disk): what follows could land after another's append
            return data
        return Spooled(fd, end - written, written)


_OWN: dict[tuple[int, int], int] = {}  # a worker's appending descriptor on each spool (by file)
