"""Reporters of `korelint diff`: `--format` name -> function writing a Diff to the stream it is
given. Like every reporter, they format what was computed and compute nothing."""
from __future__ import annotations

from ..lazy import Reporters

# Imported when used: the html one needs jinja2 and the drawing.
DIFF_REPORTERS = Reporters(__name__, {"text": "text", "json": "json", "markdown": "markdown", "html": "html"})
