"""Reading one answer's body: decoded (gzip, deflate) in bounded steps, within a size cap, a
compression ratio and the fetch's deadline. A publish status and an export's zip share it; only
the cap and the word for what was expected differ."""
from __future__ import annotations

import io
import zlib
from collections.abc import Callable

from ..text import compact_line
from .errors import FetchError

# The body of one answer, decoded, is read into memory up to a cap (counted while it streams in;
# a publish status of the biggest bots is a few MB). A compressed body may expand at most
# MAX_COMPRESSION_RATIO times once past COMPRESSION_GRACE bytes: JSON compresses ~10-50x, a gzip
# bomb ~1000x. Only gzip and deflate are asked for (and decoded here, in bounded steps).
MAX_BODY_BYTES = 256 * 1024**2
MAX_COMPRESSION_RATIO = 200
COMPRESSION_GRACE = 4 * 1024**2
_DECODE_STEP = 1024**2


def read_body(resp, shown: str, remaining: Callable[[], float], timeout: float,
              limit: int | None = None, what: str = "a publish status") -> bytes:
    """The body of `resp` (an httpx streamed response), decoded, within `limit` bytes (default
    MAX_BODY_BYTES, read when called). Raises FetchError."""
    limit = MAX_BODY_BYTES if limit is None else limit
    encoding = resp.headers.get("content-encoding", "").strip().lower()
    if encoding in ("", "identity"):
        decoder = None
    elif encoding in ("gzip", "x-gzip", "deflate"):
        decoder = zlib.decompressobj(47)  # zlib or gzip header, detected
    else:
        raise FetchError(f"the answer of {shown} has a Content-Encoding korelint did not ask for "
                         f"({compact_line(encoding, 40)})")
    body = io.BytesIO()  # getvalue() hands over its buffer: no second copy of the body
    size = raw = 0

    def add(data: bytes) -> None:
        nonlocal size
        if size + len(data) > limit:
            raise FetchError(f"the answer of {shown} is larger than korelint reads "
                             f"({limit // 1024**2} MiB): not {what}")
        body.write(data)
        size += len(data)
        if decoder is not None and size > COMPRESSION_GRACE and size > MAX_COMPRESSION_RATIO * raw:
            raise FetchError(f"the answer of {shown} expands more than {MAX_COMPRESSION_RATIO} times "
                             f"when decompressed (a compression bomb?): not {what}")

    try:
        for chunk in resp.iter_raw():
            if remaining() <= 0:
                raise FetchError(f"timed out after {timeout:g} s (--timeout) reading "
                                 f"the answer of {shown}")
            raw += len(chunk)
            if decoder is None:
                add(chunk)
                continue
            data = chunk
            while data and not decoder.eof:
                add(decoder.decompress(data, _DECODE_STEP))
                data = decoder.unconsumed_tail
        if decoder is not None:
            add(decoder.flush())
    except zlib.error:
        raise FetchError(f"the answer of {shown} is not valid "
                         f"{compact_line(encoding, 20)} data") from None
    return body.getvalue()
