"""FetchError, and what every message of the live client goes through before it leaves:
the Redactor (no secret, not even URL-encoded); then `text.compact_line` (one safe terminal line)."""
from __future__ import annotations

from urllib.parse import quote


class FetchError(Exception):
    """The live payload cannot be had (exit 2). The message is one line, already redacted."""


class InternalFetchError(Exception):
    """A bug of korelint met inside the fetch (not a failure of the server or the network): the
    CLI asks to report it, and `--debug` prints `trace`. Message and trace are already redacted:
    the exception itself is dropped, its message or a frame of it may hold the client secret."""

    def __init__(self, message: str, trace: str) -> None:
        super().__init__(message)
        self.trace = trace


class Redactor:
    """Replaces every known secret (and its URL-encoded form) in a text."""

    def __init__(self) -> None:
        self._secrets: set[str] = set()

    def add(self, secret: str | None) -> None:
        if not secret:
            return
        forms = {secret, quote(secret, safe="")}
        if secret.count(".") == 2:  # a JWT: its signature alone is secret too
            forms.add(secret.rsplit(".", 1)[1])
        self._secrets.update(f for f in forms if len(f) >= 4)

    def __call__(self, text: str) -> str:
        for secret in sorted(self._secrets, key=len, reverse=True):
            text = text.replace(secret, "[redacted]")
        return text

    def in_bytes(self, data: bytes) -> bytes:
        """The same for a body korelint saves: a server that echoes the token it was sent must
        not get it written to a file. Unchanged (the same object) when no secret occurs."""
        for secret in sorted(self._secrets, key=len, reverse=True):
            raw = secret.encode("utf-8", "surrogatepass")
            if raw in data:
                data = data.replace(raw, b"[redacted]")
        return data
