"""How far a drawing goes (`Limits`) and how it fails (`DrawingError`).

Too many nodes or edges, or a layout that runs past its time (the system process is killed; the
wasm instance is interrupted through wasmtime's epochs) or out of stack or memory: the dialog is
not drawn, the report shows its nodes table with a note. Nothing here can hang.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    max_nodes: int = 400  # nodes of a dialog drawn at their canvas positions
    max_free_nodes: int = 200  # nodes laid out by Graphviz itself (dot/neato): far slower
    max_edges: int = 2000
    timeout: float = 10.0  # seconds for one dialog's drawing (a Graphviz layout)
    max_extent: float = 20000.0  # points: a canvas larger than this is scaled down


LIMITS = Limits()


def default_limits() -> Limits:
    """The limits when a caller gives none: `analyzer.drawing.LIMITS`, read at every call (so
    replacing that attribute of the package, as the tests do, changes them)."""
    from .. import drawing  # the package itself, imported by the time anything is drawn

    return drawing.LIMITS


class DrawingError(Exception):
    """Graphviz failed on this dialog (the report shows its table instead)."""


class DrawingTimeout(DrawingError):
    pass
