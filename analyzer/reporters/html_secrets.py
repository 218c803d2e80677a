"""Credentials found in the input (KL501) never reach the report.

The linter masks them in every finding's message; the page and the SVGs also show payload text
of their own (conditions on branches, node ids, names). `masker(result)` returns a function that
replaces every credential of the analysed documents, raw or HTML-escaped as the page writes it,
by its masked form (first 4 characters and `…`). Applied to each piece of the page as it is
written: Jinja emits a value whole, so a credential is never split between pieces.
"""
from __future__ import annotations

from html import escape as html_escape
from typing import Callable

from markupsafe import escape

from ..findings import Result
from ..payload.credentials import mask


def masker(result: Result) -> Callable[[str], str]:
    pairs: dict[str, str] = {}
    for analysis in result.documents:
        for secret in getattr(analysis.document, "secrets", ()):
            masked = mask(secret)
            for form in (secret, str(escape(secret)), html_escape(secret, quote=True), html_escape(secret, quote=False)):
                pairs.setdefault(form, str(escape(masked)) if form != secret else masked)
    if not pairs:
        return lambda text: text
    ordered = sorted(pairs.items(), key=lambda kv: len(kv[0]), reverse=True)

    def apply(text: str) -> str:
        for form, masked in ordered:
            if form in text:
                text = text.replace(form, masked)
        return text

    return apply
