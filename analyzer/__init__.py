"""korelint: a static analyzer and report generator for Kore.ai XO bots."""
from __future__ import annotations

__version__ = "0.1.0"


def analyze(document, config=None):
    """Analyse one loaded Document: the one entry point for code. Returns an Analysis."""
    from .engine import Linter

    return Linter(config).analyze(document)
