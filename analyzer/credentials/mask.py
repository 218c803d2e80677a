"""Masking: what korelint shows of a credential is its first 4 characters and `…`, never more.

`mask` for one credential a finding names; `mask_known` for text that may quote payload values
(conditions in messages, drawings); `scrubber` for every text of an output once the input's
credentials are known (the engine's messages, the report's page and SVG files, through
`form_scrubber` for their escaped forms); `redact_url` for the URLs the loader keeps. A leaf
(stdlib only): the payload loader imports it.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable
from functools import lru_cache
from urllib.parse import unquote

from .formats import has_known_literal, known_credentials
from .heuristics import QUERY_PARAMETER, credential_param, is_template, random_looking

ELLIPSIS = "…"
_USERINFO = re.compile(r"^([a-z][a-z0-9+.-]*://)([^/@\s:]*):([^/@\s]+)@", re.I)
_MIN_FRAGMENT = 8  # a credential shows from its first 8 characters on (shorter ones whole)


def mask(value: str) -> str:
    """What korelint shows of a credential: its first 4 characters and an ellipsis."""
    return value[:4] + ELLIPSIS


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

    return QUERY_PARAMETER.sub(one, url)


def mask_known(text: str) -> str:
    """The text with every credential of a known format masked: for texts korelint shows that
    may quote payload values (conditions in messages, the report's tables and drawings)."""
    if not has_known_literal(text):
        return text
    found = known_credentials(text)
    for _, secret, (start, end) in sorted(found, key=lambda f: f[2][0], reverse=True):
        text = text[:start] + mask(secret) + text[end:]
    return text


def scrub(text: str, secrets) -> str:
    """The text with every credential of `secrets` masked, whole or cut short (a message that
    shortened a value may show the first characters of a credential, then `…`). Many texts with
    the same credentials: use `scrubber(secrets)` once."""
    return scrubber(secrets)(text)


def form_scrubber(secrets: Iterable[str], encodings: Iterable[Callable[[str], str]]) -> Callable[[str], str]:
    """`scrubber` of the credentials as written raw and by each encoding (the HTML escapes of a
    page): a credential is masked in whichever form a text holds it."""
    encodings = tuple(encodings)
    forms: set[str] = set()
    for secret in secrets:
        forms.add(secret)
        forms.update(encode(secret) for encode in encodings)
    return scrubber(forms)


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
    # A trie of the credentials' first _MIN_FRAGMENT characters, so the expression tries a few
    # characters per place of the text, not every credential.
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
