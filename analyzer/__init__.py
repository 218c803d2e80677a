"""korelint: a static analyzer and report generator for Kore.ai XO bots."""
from __future__ import annotations

from .version import __version__ as __version__  # re-exported: analyzer.__version__


def analyze(document, config=None):
    """Analyse one loaded Document: the one entry point for code. Returns an Analysis."""
    from .engine import Linter

    return Linter(config).analyze(document)
