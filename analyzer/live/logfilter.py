"""httpx's log records redacted while a fetch runs (a module of its own: importing `logging`
costs ~10 ms, which `analyzer.live.errors`, read by every command, must not pay)."""
from __future__ import annotations

import logging

from .errors import Redactor


class RedactingFilter(logging.Filter):
    """Redacts the records of a library's logger while a fetch runs: httpx logs every URL it
    requests (an export's download link, its token included) for a program that shows logs."""

    def __init__(self, redact: Redactor) -> None:
        super().__init__()
        self.redact = redact

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            text = record.getMessage()
        except Exception:  # noqa: BLE001 -- a record that cannot be formatted: logging says so itself
            return True
        record.msg, record.args = self.redact(text), None
        return True
