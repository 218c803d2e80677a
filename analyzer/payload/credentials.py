"""Telling credentials from other text: credential-like names, random-looking values, masking.

The loader uses it to keep credentials out of what a Document shows (a service's URL with an
`appid=` query parameter), the secret scanner (`analyzer.secrets`, rule KL501) to decide what a
value under a key such as `apiKey` is. Nothing here ever returns a whole credential for display:
`mask` keeps its first 4 characters.
"""
from __future__ import annotations

import base64
import binascii
import math
import re
from bisect import bisect_left
from collections import Counter
from functools import lru_cache
from typing import Callable, Iterable
from urllib.parse import unquote

ELLIPSIS = "…"

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
_QUERY = re.compile(r"[?&]([A-Za-z0-9_.\-\[\]]{1,40})=([^&#\s\"'<>]*)")
_USERINFO = re.compile(r"^([a-z][a-z0-9+.-]*://)([^/@\s:]*):([^/@\s]+)@", re.I)


def mask(value: str) -> str:
    """What korelint shows of a credential: its first 4 characters and an ellipsis."""
    return value[:4] + ELLIPSIS


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
    for m in _QUERY.finditer(text):
        name, raw = m.group(1), m.group(2)
        value = unquote(raw)
        if credential_param(name) and not is_template(value) and random_looking(value):
            out.append((name, raw))
    return out


def redact_url(url: str) -> str:
    """The URL to show: credential-like query values and a password in the user info masked."""
    m = _USERINFO.match(url)
    if m:
        url = f"{m.group(1)}{m.group(2)}:{mask(m.group(3))}@" + url[m.end():]

    def one(m: re.Match) -> str:
        name, raw = m.group(1), m.group(2)
        value = unquote(raw)
        if raw and not is_template(value) and (credential_param(name) or random_looking(value, 20)):
            return f"{m.group(0)[0]}{name}={mask(raw)}"
        return m.group(0)

    return _QUERY.sub(one, url)


# -- known key formats ----------------------------------------------------------------------------
KNOWN: list[tuple[str, re.Pattern[str]]] = [(kind, re.compile(rx)) for kind, rx in (
    ("OpenAI API key", r"(?<![A-Za-z0-9_-])(sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,})"),
    ("SendGrid API key", r"(?<![A-Za-z0-9_-])(SG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,})"),
    ("Slack token", r"(?<![A-Za-z0-9_-])(xox[abprs]-[A-Za-z0-9-]{10,})"),
    ("AWS access key id", r"(?<![A-Za-z0-9])(AKIA[0-9A-Z]{16})(?![A-Za-z0-9])"),
    ("Google API key", r"(?<![A-Za-z0-9_-])(AIza[0-9A-Za-z_-]{35})(?![A-Za-z0-9_-])"),
    ("GitHub token", r"(?<![A-Za-z0-9_])(ghp_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{22,})"),
    ("JSON Web Token", r"(?<![A-Za-z0-9_-])(eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*)"),
    ("bearer token", r"(?<![A-Za-z0-9])[Bb]earer\s+([A-Za-z0-9._~+/-]{20,}=*)"),
    ("basic-auth credentials", r"(?<![A-Za-z0-9])Basic\s+([A-Za-z0-9+/]{12,}={0,2})"),
    # The password of a URL's user info (`scheme://user:password@host`): up to the last `@`
    # before the path, as browsers read it.
    ("URL password", r"://[^/?#@\s\"'\\:]*:([^/?#\s\"'\\]+)@"),
)]


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in spans)


def known_credentials(value: str) -> list[tuple[str, str, tuple[int, int]]]:
    """(kind, credential, span) of every credential of a known format in a text."""
    found: list[tuple[str, str, tuple[int, int]]] = []
    spans: list[tuple[int, int]] = []
    for kind, rx in KNOWN:
        for m in rx.finditer(value):
            secret, span = m.group(1), m.span(1)
            if _overlaps(span, spans) or not _plausible(kind, secret):
                continue
            spans.append(span)
            found.append((kind, secret, span))
    return found


def _plausible(kind: str, secret: str) -> bool:
    if kind == "OpenAI API key":
        return random_looking(secret.split("-", 1)[1].removeprefix("proj-"), 20)
    if kind == "Slack token":
        return any(c.isdigit() for c in secret)
    if kind == "bearer token":
        return random_looking(secret, 20)
    if kind == "URL password":
        value = unquote(secret)
        return password_looking(value) and not _PLACEHOLDER.match(value)
    if kind == "basic-auth credentials":
        try:
            return b":" in base64.b64decode(secret + "=" * (-len(secret) % 4), validate=True)
        except (binascii.Error, ValueError):
            return False
    return True


# `https://user:PASSWORD@`, `your-password`, `DB_PASS`: a placeholder, not a password.
_PLACEHOLDER = re.compile(r"^(?:[A-Z_.-]+|[a-z_.-]+)$")


def has_known_literal(text: str) -> bool:
    """Whether a text may hold a credential of a known format (a cheap test before
    known_credentials)."""
    return bool(text) and _KNOWN_LITERAL.search(text) is not None


def mask_known(text: str) -> str:
    """The text with every credential of a known format masked: for texts korelint shows that
    may quote payload values (conditions in messages, the report's tables and drawings)."""
    if not has_known_literal(text):
        return text
    found = known_credentials(text)
    for _, secret, (start, end) in sorted(found, key=lambda f: f[2][0], reverse=True):
        text = text[:start] + mask(secret) + text[end:]
    return text


# Each known format holds one of these (KNOWN and the scan's prefilter agree on them).
_KNOWN_LITERALS = ("sk-", "SG.", "xox", "AKIA", "AIza", "ghp_", "github_pat_", "eyJ", "earer", "Basic", "://")
_KNOWN_LITERAL = re.compile("|".join(map(re.escape, _KNOWN_LITERALS)))
_MIN_FRAGMENT = 8


def scrubber(secrets: Iterable[str]) -> Callable[[str], str]:
    """`scrub` for one set of credentials, prepared once: one pass of one regular expression
    over each text, whatever the number of credentials. Kept for the last few sets: a report
    asks for the same one for its page, its notes, its progress bar and its SVG files."""
    return _scrubber(frozenset(s for s in secrets if s))


@lru_cache(maxsize=8)
def _scrubber(secrets: frozenset[str]) -> Callable[[str], str]:
    items = sorted(secrets)
    if not items:
        return lambda text: text
    # A credential shows from its first _MIN_FRAGMENT characters on (shorter ones whole): a trie
    # of those heads, so the expression tries a few characters per place of the text, not every
    # credential.
    head = _trie_pattern({s[:_MIN_FRAGMENT] for s in items})
    search = re.compile(head).search
    longest = max(map(len, items))

    def reach(text: str, at: int, least: int) -> int:
        """How far from `at` the text goes on as some credential: the longest common prefix
        with a credential is with a neighbour of the text's place in the sorted list."""
        probe = text[at:at + longest]
        i = bisect_left(items, probe)
        best = least
        for secret in items[max(0, i - 1):i + 1]:
            n = min(len(secret), len(probe))
            if n <= best or secret[:best] != probe[:best]:
                continue
            k = best
            while k < n and secret[k] == probe[k]:
                k += 1
            best = k
        return at + best

    def run(text: str) -> str:
        if not text:
            return text
        m = search(text)
        if m is None:  # the usual case: one pass in C
            return text
        out: list[str] = []
        last = 0
        while m is not None:
            at = m.start()
            end = reach(text, at, m.end() - at)
            m = search(text, at + 1)
            while m is not None and m.start() < end:  # a credential overlapping this one
                end = max(end, reach(text, m.start(), m.end() - m.start()))
                m = search(text, m.start() + 1)
            out.append(text[last:at])
            out.append(text[at:min(end, at + 4)] + ELLIPSIS)  # mask(): its first 4 characters
            last = end
        out.append(text[last:])
        return "".join(out)

    return run


def _trie_pattern(words: set[str]) -> str:
    """A regular expression matching any of the words, longest first, as a trie (`ab(?:c|d)`)."""
    root: dict = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        if "" in node:  # a word ends here: a longer one first
            return f"(?:{body})?"
        return body

    return build(root)


def scrub(text: str, secrets) -> str:
    """The text with every credential of `secrets` masked, whole or cut short (a message that
    shortened a value may show the first characters of a credential, then `…`). Many texts with
    the same credentials: use `scrubber(secrets)` once."""
    return scrubber(secrets)(text)
