"""Credentials found in the input (KL501) never reach the report: the HTML glue of the masking.

The linter masks them in every finding's message; the page and the SVGs also show payload text
of their own (conditions on branches, node ids, names). `masker(result)` returns a function that
replaces every credential of the analysed documents, raw or HTML-escaped as the page writes it,
by its masked form (credentials.mask.form_scrubber). Applied to each piece of the page as it is
written: Jinja emits a value whole, so a credential is never split between pieces.
"""
from __future__ import annotations

from collections.abc import Callable
from html import escape as html_escape

from markupsafe import escape

from ..credentials.mask import form_scrubber
from ..findings import Result

# How the page may write a text: markupsafe's escape (Jinja's), html.escape with and without quotes.
_HTML_FORMS = (
    lambda text: str(escape(text)),
    lambda text: html_escape(text, quote=True),
    lambda text: html_escape(text, quote=False),
)


def masker(result: Result) -> Callable[[str], str]:
    secrets = (secret for analysis in result.documents
               for secret in getattr(analysis.document, "secrets", ()))
    return form_scrubber(secrets, _HTML_FORMS)
