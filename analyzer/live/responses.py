"""What the host answers: the publish-status document (Fetched), the status URL path, Retry-After
and the messages of a Kore.ai error body."""
from __future__ import annotations

import json
import math
import time
from dataclasses import dataclass
from urllib.parse import quote

from ..payload.numbers import finite
from ..payload.vocabulary import is_running


@dataclass
class Fetched:
    data: bytes  # the response body, exactly as received
    document: dict
    url: str

    @property
    def status(self) -> str:
        value = self.document.get("status")
        return value if isinstance(value, str) else ""

    @property
    def percent(self) -> float | None:
        value = finite(self.document.get("percentageComplete"))  # None for NaN, or a number too large
        return None if value is None else max(0.0, min(100.0, value))

    @property
    def in_progress(self) -> bool:
        return is_running(self.status.strip())


def status_path(bot_id: str, version: str | None) -> str:
    api = "/api/1.1/public" if version == "1.1" else "/api/public"
    return f"{api}/bot/{quote(bot_id, safe='')}/publish/status"


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date."""
    import email.utils

    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():  # not '²': str.isdigit() takes it, float() does not
        return float(value)  # inf for hundreds of digits: more than any timeout
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def _int(text: str) -> int | float:
    """A JSON integer; one too long for int() (over 4300 digits) is not a number Kore.ai sends:
    infinity, which Fetched.percent treats as no number."""
    try:
        return int(text)
    except ValueError:
        return -math.inf if text.startswith("-") else math.inf


def loads(data: bytes | str):
    """json.loads for a host's body: a huge integer does not fail it. Raises ValueError,
    UnicodeDecodeError or RecursionError (nesting deeper than Python's stack)."""
    return json.loads(data, parse_int=_int)


def kore_errors(body: bytes) -> str:
    """The messages of a Kore.ai error body {"errors": [{"msg", "code"}]}, or ""."""
    try:
        doc = loads(body[:65536].decode("utf-8"))
    except (ValueError, UnicodeDecodeError, RecursionError):
        return ""
    errors = doc.get("errors") if isinstance(doc, dict) else None
    if not isinstance(errors, list):
        return ""
    parts = []
    for e in errors[:3]:
        if not isinstance(e, dict):
            continue
        msg, code = e.get("msg") or e.get("message"), e.get("code")
        text = str(msg) if msg is not None else ""
        if code is not None and not isinstance(code, (dict, list)):
            text = f"{text} (code {code})" if text else f"code {code}"
        if text:
            parts.append(text)
    return "; ".join(parts)
