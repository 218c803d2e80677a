"""The credentials one string holds: known formats, a value under a credential-like key, a
credential-like query parameter, `apiKey = "..."` in script text, and all of these in JSON held
in the string (service headers are stored so: `{"type": "raw", "value": "{\\"Authorization\\": ...}"}`).
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from .formats import known_credentials
from .heuristics import credential_key, credential_value, password_key, query_credentials

# `apiKey = "..."`, `"token": '...'` in script text or JSON that did not parse.
_ASSIGN = re.compile(r"""([A-Za-z_$][\w$.-]{0,60})\\*["']?\s*[:=]\s*\\*["']([^"'\\\s]{6,})\\*["']""")
_MAX_EMBEDDED = 1 << 20  # JSON held in a string: parsed when at most this long
_MAX_DEPTH = 64


def _kind_of_key(key: str) -> str:
    k = key.lower()
    if password_key(key):
        return "password"
    if "authori" in k or k == "auth":
        return "credential"
    if k.replace("-", "").replace("_", "").endswith(("apikey", "appkey")):
        return "API key"
    if "token" in k:
        return "token"
    return "secret"


def check_string(value: str, key: str | None, where: str = "", depth: int = 0,
                 recorded: bool = False) -> list[tuple[str, str, str]]:
    """(kind, credential, where) of the credentials one string holds; `key` is the JSON key (or
    header name) it is the value of. In a recorded response (`recorded`), only known key formats
    count: its headers and bodies are full of session ids, cookies and request ids the server
    made up for that one call."""
    out: list[tuple[str, str, str]] = []
    seen: set[str] = set()

    def add(kind: str, secret: str, at: str) -> None:
        if secret not in seen and not any(secret in s or s in secret for s in seen):
            seen.add(secret)
            out.append((kind, secret, at))

    stripped = value.strip()
    if stripped[:1] in ("{", "[") and len(stripped) <= _MAX_EMBEDDED and depth < 4:
        try:
            inner = json.loads(stripped)
        except (ValueError, RecursionError):
            inner = None
        if isinstance(inner, (dict, list)):
            for k, v, at in _strings(inner, where):
                for found in check_string(v, k, at, depth + 1, recorded):
                    add(*found)
    for kind, secret, _ in known_credentials(value):
        add(kind, secret, where)
    if recorded:
        return out
    if key is not None and credential_key(key):
        secret = credential_value(key, value)
        if secret is not None:
            add(_kind_of_key(key), secret, where)
    for name, raw in query_credentials(value):
        add("API key", raw, f"{where + ' ' if where else ''}query parameter {name}".strip())
    if "=" in value or ":" in value:
        for m in _ASSIGN.finditer(value):
            name = m.group(1).rsplit(".", 1)[-1]
            secret = credential_value(name, m.group(2)) if credential_key(name) else None
            if secret is not None:
                add(_kind_of_key(name), secret, f"{where} {name}".strip())
    return out


def _strings(obj: Any, where: str, depth: int = 0) -> Iterator[tuple[str | None, str, str]]:
    """(key, string, where) of every string in a small parsed JSON value."""
    if depth > _MAX_DEPTH:
        return
    items = obj.items() if isinstance(obj, dict) else ((None, v) for v in obj)
    for k, v in items:
        at = f"{where} {k}".strip() if k is not None else where
        if isinstance(v, str):
            yield k, v, at
        elif isinstance(v, (dict, list)):
            yield from _strings(v, at, depth + 1)
