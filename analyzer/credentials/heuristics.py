"""Telling credentials from other text: credential-like names, random-looking values, templates.

Used to decide what a value under a key such as `apiKey` is (the scan), which query parameter of
a URL to mask (`mask.redact_url`) and whether a match of a known format is plausible (`formats`).
A leaf: the payload loader imports it through `mask`.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from urllib.parse import unquote

# Normalised key names (lower case, without `-`, `_`, `.` and spaces) that name a credential when
# a key ends with them: apiKey, x-api-key, x-app-key, access_token, client_secret, db.password...
_SUFFIXES = ("apikey", "appkey", "token", "secret", "password", "passwd", "pwd", "authorization",
             "authorisation", "privatekey", "accesskey", "secretkey", "clientsecret")
_EXACT = frozenset({"auth"})
# Query parameters that carry a key in practice (`appid=` of OpenWeatherMap, `key=` of Google).
_PARAMS = frozenset({"key", "appid", "apikey", "auth", "sig", "signature"})
_PASSWORDS = ("password", "passwd", "pwd")
_AUTH_SCHEME = re.compile(r"^\s*(bearer|basic|token|digest|apikey|key|oauth)\s+(\S+)\s*$", re.I)

# Expressions the platform fills in at run time: references, not values.
_TEMPLATE = re.compile(r"\{\{|\}\}|\$\{|<%|%7B%7B|\b(?:env|content|context)\.", re.I)
# Kore.ai object ids (dg-<uuid>, st-<uuid>, ...) and bare UUIDs used as ids.
_ID = re.compile(r"^(?:[a-z]{1,6}-)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
_TOKEN_CHARS = re.compile(r"^[A-Za-z0-9._~+/=:-]+$")
# A query parameter of a URL or query string: (name, raw value).
QUERY_PARAMETER = re.compile(r"[?&]([A-Za-z0-9_.\-\[\]]{1,40})=([^&#\s\"'<>]*)")


def normal_key(key: object) -> str:
    return re.sub(r"[-_.\s]", "", key.lower()) if isinstance(key, str) else ""


def credential_key(key: object) -> bool:
    """Whether a JSON key (or header name) names a credential: apiKey, x-app-key, token, ..."""
    k = normal_key(key)
    return bool(k) and (k in _EXACT or k.endswith(_SUFFIXES))


def credential_param(name: str) -> bool:
    """Whether a URL query parameter names a credential (credential keys, `key`, `appid`...)."""
    return credential_key(name) or normal_key(name) in _PARAMS


def password_key(key: object) -> bool:
    return normal_key(key).endswith(_PASSWORDS)


def is_template(value: str) -> bool:
    """`{{context.x}}`, `{{env.apiKey}}`, `env.token`, `content.key`...: filled in at run time."""
    return bool(_TEMPLATE.search(value))


def entropy(value: str) -> float:
    """Shannon entropy in bits per character."""
    n = len(value)
    if not n:
        return 0.0
    return -sum(c / n * math.log2(c / n) for c in Counter(value).values())


def random_looking(value: str, min_length: int = 16) -> bool:
    """A token-like value of letters and digits with the spread of random text: how keys, tokens
    and secrets look, unlike words, ids, URLs and expressions."""
    if len(value) < min_length or len(value) > 4096 or not _TOKEN_CHARS.match(value):
        return False
    if "://" in value or _ID.match(value) or is_template(value):
        return False
    if not (any(c.isalpha() for c in value) and any(c.isdigit() for c in value)):
        return False
    return entropy(value) >= 3.0


def password_looking(value: str) -> bool:
    """A literal password: no white space, at least 6 characters of at least two kinds
    (lower case, upper case, digits, others), not a mask such as `******`."""
    if not 6 <= len(value) <= 256 or any(c.isspace() for c in value) or is_template(value):
        return False
    if len(set(value)) <= 2 or (value.startswith("<") and value.endswith(">")):
        return False
    kinds = [any(c.islower() for c in value), any(c.isupper() for c in value),
             any(c.isdigit() for c in value), any(not c.isalnum() for c in value)]
    return sum(kinds) >= 2


def auth_token(value: str) -> str:
    """The credential of an Authorization-like value: `Bearer X` -> X; else the value."""
    m = _AUTH_SCHEME.match(value)
    return m.group(2) if m else value.strip()


def credential_value(key: object, value: str) -> str | None:
    """The credential a string under a credential-like key holds, or None when it holds none
    (a template, a word, an id, a short value)."""
    token = auth_token(value)
    if password_key(key):
        return token if password_looking(token) else None
    return token if random_looking(token) else None


def query_credentials(text: str) -> list[tuple[str, str]]:
    """(parameter, value) of the credential-like query parameters of a URL or query string."""
    out = []
    if "=" not in text:
        return out
    for m in QUERY_PARAMETER.finditer(text):
        name, raw = m.group(1), m.group(2)
        value = unquote(raw)
        if credential_param(name) and not is_template(value) and random_looking(value):
            out.append((name, raw))
    return out
