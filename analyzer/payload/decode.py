"""Bytes -> the top-level JSON container: UTF-8 and JSON checks, each failure one line.

What is not readable JSON is refused here (PayloadError, exit 2) before any kind is detected.
"""
from __future__ import annotations

import codecs
import re
from typing import Any

import msgspec

BOM = b"\xef\xbb\xbf"
_UTF8_CHUNK = 1 << 20
_JSON_WHITESPACE = re.compile(rb"[ \t\r\n]*")


class PayloadError(Exception):
    """The input is not a Kore.ai payload korelint can read (exit 2)."""


class NotAPayload(PayloadError):
    """Readable JSON (or nothing) of no Kore.ai payload's shape: a file the directory walk skips."""


def _line_col(data: bytes, offset: int) -> str:
    line = data.count(b"\n", 0, offset) + 1
    col = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return f"line {line}, column {col}"


def _decode_error(data: bytes, exc: Exception) -> str:
    if isinstance(exc, RecursionError):
        return "nested too deeply for korelint to read"
    msg = str(exc)
    # msgspec says "... (byte N)": give the user a line and column instead.
    if msg.endswith(")") and "(byte " in msg:
        head, _, tail = msg.rpartition("(byte ")
        try:
            return f"not valid JSON: {head.strip()} at {_line_col(data, int(tail[:-1]))}"
        except ValueError:
            pass
    return f"not valid JSON: {msg}"


def check_encoding(data: bytes) -> None:
    """Refuse what is not UTF-8 (RFC 8259 section 8.1): msgspec checks the strings it decodes,
    not those it skips, and pydantic reports bad bytes as a malformed node."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or data[:4].count(0):
        # A UTF-16/32 byte order mark, or a NUL among the first bytes of what must start with
        # ASCII (RFC 4627 section 3): UTF-16 or UTF-32 without a mark.
        raise PayloadError("UTF-16 or UTF-32 encoded: korelint reads UTF-8 JSON")
    if data.isascii():
        return
    # In chunks, so that checking never holds a copy of the whole input as text.
    view, pos = memoryview(data), 0
    while pos < len(data):
        chunk = view[pos:pos + _UTF8_CHUNK]
        try:
            _, used = codecs.utf_8_decode(chunk, "strict", pos + len(chunk) >= len(data))
        except UnicodeDecodeError as exc:
            bad = pos + exc.start
            raise PayloadError(f"not valid UTF-8: byte 0x{data[bad]:02x} at "
                               f"{_line_col(data, bad)}") from None
        if used == 0:  # cannot happen: a sequence is at most 4 bytes long
            break
        pos += used


def decode_top(data: bytes) -> dict[str, msgspec.Raw] | list[msgspec.Raw]:
    """The top-level object or array, its members left as zero-copy Raw views of `data`."""
    start = _JSON_WHITESPACE.match(data).end()  # (lstrip would copy the whole input)
    if start == len(data):
        raise NotAPayload("empty input: expected a Kore.ai JSON payload")
    lead = data[start:start + 1]
    try:
        if lead == b"{":
            top: Any = msgspec.json.decode(data, type=dict[str, msgspec.Raw])
        elif lead == b"[":
            top = msgspec.json.decode(data, type=list[msgspec.Raw])
        else:
            msgspec.json.decode(data, type=msgspec.Raw)  # only checks it is JSON
            raise NotAPayload("a JSON value that is not an object or array is not a Kore.ai payload")
    except (msgspec.DecodeError, RecursionError) as exc:
        raise PayloadError(_decode_error(data, exc)) from None
    return top
