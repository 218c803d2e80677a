"""How far a drawing goes (`Limits`, `DEFAULT_LIMITS`) and how it fails (`DrawingError`).

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


DEFAULT_LIMITS = Limits()  # what a drawing gets when its caller passes none


class DrawingError(Exception):
    """Graphviz failed on this dialog (the report shows its table instead)."""


class DrawingTimeout(DrawingError):
    pass
