"""Reporters: `--format` name -> function writing a Result to the stream it is given.

A reporter never computes findings; it formats what the linter produced.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from ..findings import Result
from . import github, gitlab, junit, markdown, sarif, text
from . import json as json_format

Reporter = Callable[[Result, TextIO], None]

REPORTERS: dict[str, Reporter] = {
    "text": text.report,
    "json": json_format.report,
    "sarif": sarif.report,
    "junit": junit.report,
    "github": github.report,
    "gitlab": gitlab.report,
    "markdown": markdown.report,
}
