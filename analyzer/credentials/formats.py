"""The known credential formats: each written once, here; everything else is derived from FORMATS.

Derived: the literals and alternatives of the scan's byte pre-filter (`prefilter`), the detectors
of `known_credentials`, the cheap test `has_known_literal` (and so `mask.mask_known`), and the
list of formats in the documentation of rule KL501 (`documented()`). The README's KL501
paragraph names them in prose (a test checks it names each one's literals).
"""
from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote

from .heuristics import password_looking, random_looking


def _always(secret: str) -> bool:
    return True


@dataclass(frozen=True)
class Format:
    kind: str  # what a finding calls it: "OpenAI API key"
    description: str  # one line for the documentation: what it looks like
    literals: tuple[str, ...]  # what the byte pre-filter searches for: every credential holds one
    prefilter: bytes  # the pre-filter's alternative (a superset of `detector`, cheap to verify)
    detector: re.Pattern[str]  # group 1: the credential
    plausible: Callable[[str], bool] = _always  # the credential found by `detector` counts
    # The pre-filter's match starts at the literal (no alternative holds it elsewhere): no earlier
    # start is tried around each occurrence (`://` is in every URL).
    starts_at_literal: bool = False


def _openai(secret: str) -> bool:
    return random_looking(secret.split("-", 1)[1].removeprefix("proj-"), 20)


def _basic(secret: str) -> bool:
    try:
        return b":" in base64.b64decode(secret + "=" * (-len(secret) % 4), validate=True)
    except (binascii.Error, ValueError):
        return False


# `https://user:PASSWORD@`, `your-password`, `DB_PASS`: a placeholder, not a password.
_PLACEHOLDER = re.compile(r"^(?:[A-Z_.-]+|[a-z_.-]+)$")


def _url_password(secret: str) -> bool:
    value = unquote(secret)
    return password_looking(value) and not _PLACEHOLDER.match(value)


# In this order: a credential found by a format is not looked for again by the later ones.
FORMATS: tuple[Format, ...] = (
    Format("OpenAI API key",
           "`sk-` (or `sk-proj-`, `sk-svcacct-`, `sk-admin-`) and 20+ random-looking characters",
           ("sk-",), rb"sk-[A-Za-z0-9_-]{20}",
           re.compile(r"(?<![A-Za-z0-9_-])(sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,})"), _openai),
    Format("SendGrid API key", "`SG.<16+ characters>.<16+ characters>`",
           ("SG.",), rb"SG\.[A-Za-z0-9_-]{16}",
           re.compile(r"(?<![A-Za-z0-9_-])(SG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,})")),
    Format("Slack token",
           "`xoxa-`, `xoxb-`, `xoxp-`, `xoxr-` or `xoxs-` and 10+ characters, a digit among them",
           ("xox",), rb"xox[abprs]-",
           re.compile(r"(?<![A-Za-z0-9_-])(xox[abprs]-[A-Za-z0-9-]{10,})"),
           lambda s: any(c.isdigit() for c in s)),
    Format("AWS access key id", "`AKIA` and 16 upper-case letters or digits",
           ("AKIA",), rb"AKIA[0-9A-Z]{16}",
           re.compile(r"(?<![A-Za-z0-9])(AKIA[0-9A-Z]{16})(?![A-Za-z0-9])")),
    Format("Google API key", "`AIza` and 35 characters",
           ("AIza",), rb"AIza[0-9A-Za-z_-]{35}",
           re.compile(r"(?<![A-Za-z0-9_-])(AIza[0-9A-Za-z_-]{35})(?![A-Za-z0-9_-])")),
    Format("GitHub token", "`ghp_` and 36 letters or digits, or `github_pat_` and 22+ characters",
           ("ghp_", "github_pat_"), rb"ghp_|github_pat_",
           re.compile(r"(?<![A-Za-z0-9_])(ghp_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{22,})")),
    Format("JSON Web Token", "`eyJ...eyJ...`: a base64url header and claims, then the signature",
           ("eyJ",), rb"eyJ[A-Za-z0-9_-]{10,}\.eyJ",
           re.compile(r"(?<![A-Za-z0-9_-])(eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]*)")),
    Format("bearer token", "`Bearer <token>`, the token 20+ random-looking characters",
           ("earer",), rb"[Bb]earer\s+[A-Za-z0-9._~+/-]{20}",
           re.compile(r"(?<![A-Za-z0-9])[Bb]earer\s+([A-Za-z0-9._~+/-]{20,}=*)"),
           lambda s: random_looking(s, 20)),
    Format("basic-auth credentials", "`Basic <base64 of user:password>`",
           ("Basic",), rb"Basic\s+[A-Za-z0-9+/]{12}",
           re.compile(r"(?<![A-Za-z0-9])Basic\s+([A-Za-z0-9+/]{12,}={0,2})"), _basic),
    # Up to the last `@` before the path, as browsers read it.
    Format("URL password", "the password of a URL's user info, `scheme://user:password@host` "
           "(not a placeholder such as `PASSWORD`)",
           ("://",), rb"://[^/?#@\s\"'\\:]*:[^/?#\s\"'\\]+@",
           re.compile(r"://[^/?#@\s\"'\\:]*:([^/?#\s\"'\\]+)@"), _url_password, starts_at_literal=True),
)

_KNOWN_LITERAL = re.compile("|".join(re.escape(lit) for fmt in FORMATS for lit in fmt.literals))


def documented() -> str:
    """The formats as the documentation lists them: one `- kind: description` line each."""
    return "\n".join(f"- {fmt.kind}: {fmt.description}" for fmt in FORMATS)


def has_known_literal(text: str) -> bool:
    """Whether a text may hold a credential of a known format (a cheap test before
    known_credentials)."""
    return bool(text) and _KNOWN_LITERAL.search(text) is not None


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(span[0] < e and s < span[1] for s, e in spans)


def known_credentials(value: str) -> list[tuple[str, str, tuple[int, int]]]:
    """(kind, credential, span) of every credential of a known format in a text."""
    found: list[tuple[str, str, tuple[int, int]]] = []
    spans: list[tuple[int, int]] = []
    for fmt in FORMATS:
        for m in fmt.detector.finditer(value):
            secret, span = m.group(1), m.span(1)
            if _overlaps(span, spans) or not fmt.plausible(secret):
                continue
            spans.append(span)
            found.append((fmt.kind, secret, span))
    return found
