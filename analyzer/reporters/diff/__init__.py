"""Reporters of `korelint diff`: `--format` name -> function writing a Diff to the stream it is
given. Like every reporter, they format what was computed and compute nothing."""
from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from ...diff.model import Diff
from . import html, markdown, text
from . import json as json_format

DiffReporter = Callable[[Diff, TextIO], None]

DIFF_REPORTERS: dict[str, DiffReporter] = {
    "text": text.report,
    "json": json_format.report,
    "markdown": markdown.report,
    "html": html.report,
}
