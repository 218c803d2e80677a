"""Getting the bytes of an input: a file, standard input, or a Kore.ai export .zip."""
from __future__ import annotations

import io
import lzma
import os
import stat
import sys
import zipfile
import zlib
from dataclasses import dataclass

# A bot export unpacks to a few MB; anything this large is refused rather than read into memory.
MAX_INPUT_BYTES = 2 * 1024**3
MAX_ZIP_MEMBER_BYTES = 1024**3


class SourceError(Exception):
    """The input cannot be read (exit 2)."""


@dataclass(frozen=True)
class Source:
    path: str  # as the user named it ("-" for stdin)
    data: bytes
    lines: bool  # whether line numbers mean anything (not for a member of a zip)
    kind: str | None = None  # "zip" when the bytes came out of an export archive


def _read_zip(path: str, blob: bytes) -> Source:
    try:
        archive = zipfile.ZipFile(io.BytesIO(blob))
        members = [i for i in archive.infolist()
                   if not i.is_dir() and i.filename.replace("\\", "/").rsplit("/", 1)[-1] == "botDefinition.json"]
        if not members:
            raise SourceError("a .zip without botDefinition.json: not a Kore.ai bot export")
        member = min(members, key=lambda i: i.filename.count("/"))
        if member.file_size > MAX_ZIP_MEMBER_BYTES:
            raise SourceError(f"botDefinition.json unpacks to {member.file_size} bytes: too large")
        with archive.open(member) as fh:
            # The header's size may lie (zip bombs): never read past the limit.
            data = fh.read(MAX_ZIP_MEMBER_BYTES + 1)
        if len(data) > MAX_ZIP_MEMBER_BYTES:
            raise SourceError("botDefinition.json unpacks to more than 1 GiB: too large")
    except SourceError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError,
            RuntimeError, ValueError, zlib.error, lzma.LZMAError) as exc:
        # zlib.error / LZMAError: a corrupt compressed member (bz2 raises OSError).
        raise SourceError(f"broken .zip archive: {exc}") from None
    return Source(path, data, lines=False, kind="zip")


def _read_stream(fh) -> bytes:
    """Read a stream (stdin, a pipe) without ever holding more than the limit."""
    data = fh.read(MAX_INPUT_BYTES + 1)
    if len(data) > MAX_INPUT_BYTES:
        raise SourceError("larger than korelint reads")
    return data


def read(path: str) -> Source:
    """Read one input named on the command line."""
    if path == "-":
        stdin = getattr(sys.stdin, "buffer", None)  # None when stdin is closed (`<&-`)
        if stdin is None:
            raise SourceError("no standard input to read")
        try:
            data = _read_stream(stdin)
        except (OSError, ValueError) as exc:
            raise SourceError(f"cannot read standard input: {exc}") from None
        return Source("-", data, lines=True) if not data.startswith(b"PK\x03\x04") else _read_zip("-", data)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise SourceError("no such file") from None
    except OSError as exc:
        raise SourceError(exc.strerror or str(exc)) from None
    except ValueError:  # a NUL byte in the name: no file can have it
        raise SourceError("not a valid file name") from None
    if stat.S_ISDIR(st.st_mode):
        raise SourceError("is a directory, not a payload file")
    pipe = stat.S_ISFIFO(st.st_mode)  # `korelint check <(curl ...)`
    if not stat.S_ISREG(st.st_mode) and not pipe:
        raise SourceError("not a regular file")
    if st.st_size > MAX_INPUT_BYTES:
        raise SourceError(f"{st.st_size} bytes: larger than korelint reads")
    try:
        with open(path, "rb") as fh:
            data = _read_stream(fh) if pipe else fh.read()
    except OSError as exc:
        raise SourceError(exc.strerror or str(exc)) from None
    if data.startswith(b"PK\x03\x04") or path.lower().endswith(".zip"):
        return _read_zip(path, data)
    return Source(path, data, lines=True)
