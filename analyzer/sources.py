"""Getting the bytes of an input: a file, standard input, or a Kore.ai export .zip; and the
inputs a directory holds (`expand`)."""
from __future__ import annotations

import fnmatch
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
# An export holds a handful of files. Python's zipfile builds an object of ~600 bytes per member
# before anything can be checked: a 16 MB archive of 200,000 empty members took 130 MB.
MAX_ZIP_MEMBERS = 10_000
# Deflate packs JSON 5-20 times (pretty-printed, up to ~60); a bomb packs ~1,000 times. Past this
# size a member must not unpack to more than this many times its packed size: a 1 MB archive
# may not become 1 GB in memory.
ZIP_RATIO_FROM = 32 * 1024**2
MAX_ZIP_RATIO = 200
_ZIP_CHUNK = 1 << 20  # inflate this much at a time: never more than the member's size + 1 chunk


class SourceError(Exception):
    """The input cannot be read (exit 2)."""


class NotAnExport(SourceError):
    """A .zip that is not a Kore.ai export (one the directory walk skips)."""


@dataclass(frozen=True)
class Source:
    path: str  # as the user named it ("-" for stdin)
    data: bytes
    lines: bool  # whether line numbers mean anything (not for a member of a zip)
    container: str | None = None  # "zip" when the bytes came out of an export archive


def _zip_members(blob: bytes) -> int | None:
    """The number of members the archive's end record announces (None when it cannot be read:
    zipfile then says why)."""
    end_record = getattr(zipfile, "_EndRecData", None)  # what ZipFile itself reads first
    if end_record is None:
        return None
    try:
        record = end_record(io.BytesIO(blob))
        return int(record[zipfile._ECD_ENTRIES_TOTAL]) if record else None
    except (OSError, ValueError, IndexError, TypeError, AttributeError, zipfile.BadZipFile):
        return None


def _inflate(fh, size: int) -> bytes:
    """The member's bytes, read a chunk at a time, refused past the limit. `fh.read(n)` would
    inflate up to n bytes at once whatever the header says (a lying header: a 1 MB archive
    that claims 1 KB inflated 1 GiB into memory before zipfile noticed)."""
    chunks, total = [], 0
    limit = min(size, MAX_ZIP_MEMBER_BYTES) + 1  # one byte more than announced: zipfile checks the CRC
    while total < limit:
        chunk = fh.read(min(_ZIP_CHUNK, limit - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    if total > MAX_ZIP_MEMBER_BYTES:
        raise SourceError(f"botDefinition.json unpacks to more than {MAX_ZIP_MEMBER_BYTES} bytes: too large")
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def read_zip(path: str, blob: bytes) -> Source:
    """botDefinition.json of an export archive, within the limits above (members, size, ratio).
    Also the live export's download (analyzer.live.export). Raises SourceError."""
    count = _zip_members(blob)
    if count is not None and count > MAX_ZIP_MEMBERS:
        raise SourceError(f"a .zip of {count} members: not a Kore.ai bot export (at most {MAX_ZIP_MEMBERS})")
    try:
        archive = zipfile.ZipFile(io.BytesIO(blob))
        if len(archive.filelist) > MAX_ZIP_MEMBERS:  # the end record undercounted
            raise SourceError(f"a .zip of {len(archive.filelist)} members: not a Kore.ai bot export "
                              f"(at most {MAX_ZIP_MEMBERS})")
        members = [i for i in archive.infolist() if not i.is_dir()
                   and i.filename.replace("\\", "/").rsplit("/", 1)[-1] == "botDefinition.json"]
        if not members:
            raise NotAnExport("a .zip without botDefinition.json: not a Kore.ai bot export")
        member = min(members, key=lambda i: i.filename.count("/"))
        if member.file_size > MAX_ZIP_MEMBER_BYTES:
            raise SourceError(f"botDefinition.json unpacks to {member.file_size} bytes: too large")
        if member.file_size > ZIP_RATIO_FROM and member.file_size > MAX_ZIP_RATIO * member.compress_size:
            raise SourceError(f"botDefinition.json unpacks to {member.file_size} bytes from "
                              f"{member.compress_size} (more than {MAX_ZIP_RATIO} times): a zip bomb, too "
                              f"large")
        with archive.open(member) as fh:
            # The header's size may lie (zip bombs): never inflate past it, nor past the limit.
            data = _inflate(fh, member.file_size)
    except SourceError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError,
            RuntimeError, ValueError, zlib.error, lzma.LZMAError) as exc:
        # zlib.error / LZMAError: a corrupt compressed member (bz2 raises OSError).
        raise SourceError(f"broken .zip archive: {exc}") from None
    return Source(path, data, lines=False, container="zip")


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
        return Source("-", data, lines=True) if not data.startswith(b"PK\x03\x04") else read_zip("-", data)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise SourceError("no such file") from None
    except OSError as exc:
        raise SourceError(exc.strerror or str(exc)) from None
    except ValueError:  # a NUL byte in the name: no file can have it
        raise SourceError("not a valid file name") from None
    if stat.S_ISDIR(st.st_mode):
        raise SourceError("a directory without *.json or *.zip files to read")
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
        return read_zip(path, data)
    return Source(path, data, lines=True)


# -- directories --------------------------------------------------------------------------------

SUFFIXES = (".json", ".zip")
SKIPPED_FOLDERS = {".venv", "node_modules"}  # besides every hidden folder


@dataclass(frozen=True)
class Found:
    """An input to read: named on the command line, or found by walking a directory (`walked`:
    a file there that is not a Kore.ai payload is skipped, not an error)."""

    path: str
    folder: str | None = None  # the directory named on the command line that holds it

    @property
    def walked(self) -> bool:
        return self.folder is not None


def path_globs(patterns: list[str]) -> list[str]:
    """The `exclude` patterns of the configuration that name files: those with a `/` or ending
    in .json or .zip (the others are dialog-name globs)."""
    return [p for p in patterns if "/" in p or p.lower().endswith(SUFFIXES)]


def _excluded(relative: str, globs: list[str]) -> bool:
    name = relative.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatchcase(relative, g) or fnmatch.fnmatchcase(name, g)
               or fnmatch.fnmatchcase(relative, g.rstrip("/") + "/*") for g in globs)


def walk(folder: str, exclude: list[str] = ()) -> list[str]:
    """Every *.json and *.zip file below `folder`, sorted by path; hidden files and folders,
    `.venv` and `node_modules` skipped, and those matching a glob of `exclude` (relative to
    `folder`, `/`-separated; a glob without `/` also matches a file's name). Symbolic links to
    folders are not followed (a link cycle would never end); links to files are read."""
    globs = path_globs(list(exclude))
    found = []
    for here, folders, files in os.walk(folder, onerror=None, followlinks=False):
        rel_here = os.path.relpath(here, folder).replace(os.sep, "/")
        rel_here = "" if rel_here == "." else rel_here + "/"
        folders[:] = sorted(f for f in folders if not f.startswith(".") and f not in SKIPPED_FOLDERS
                            and not _excluded(rel_here + f + "/", globs))
        for name in files:
            relative = rel_here + name
            wanted = not name.startswith(".") and name.lower().endswith(SUFFIXES)
            if wanted and not _excluded(relative, globs):
                found.append((relative.split("/"), os.path.join(here, name)))
    return [path for _, path in sorted(found)]


def expand(paths: list[str], exclude: list[str] = ()) -> list[Found]:
    """The inputs named on the command line, each directory replaced by the files `walk` finds in
    it (a directory with none stays, and reading it says so)."""
    out = []
    for path in paths:
        try:
            is_dir = path != "-" and os.path.isdir(path)
        except ValueError:  # a NUL byte in the name: read() says so
            is_dir = False
        inside = walk(path, exclude) if is_dir else []
        out.extend([Found(p, path) for p in inside] or [Found(path)])
    return out
