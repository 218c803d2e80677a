"""Credentials found in the input (KL501) never reach the report.

The linter masks them in every finding's message; the page and the SVGs also show payload text
of their own (conditions on branches, node ids, names). `masker(result)` returns a function that
replaces every credential of the analysed documents, raw or HTML-escaped as the page writes it,
by its masked form (first 4 characters and `…`). Applied to each piece of the page as it is
written: Jinja emits a value whole, so a credential is never split between pieces. The forms are
compiled once (credentials.scrubber): each piece costs one pass of one regular expression.
"""
from __future__ import annotations

from html import escape as html_escape
from typing import Callable

from markupsafe import escape

from ..findings import Result
from ..payload.credentials import scrubber


def masker(result: Result) -> Callable[[str], str]:
    forms: set[str] = set()
    for analysis in result.documents:
        for secret in getattr(analysis.document, "secrets", ()):
            forms |= {secret, str(escape(secret)), html_escape(secret, quote=True), html_escape(secret, quote=False)}
    return scrubber(forms)
