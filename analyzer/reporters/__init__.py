"""Reporters: `--format` name -> function writing a Result to the stream it is given.

A reporter never computes findings; it formats what the linter produced.
"""
from __future__ import annotations

from .lazy import Reporters

# Each module imported when its format is used (`korelint check` writes one format).
REPORTERS = Reporters(__name__, {"text": "text", "json": "json", "sarif": "sarif", "junit": "junit",
                                 "github": "github", "gitlab": "gitlab", "markdown": "markdown"})
