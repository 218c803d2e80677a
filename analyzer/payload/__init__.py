"""Payload models, kind detection and pointers -> lines.

The names below are imported from their modules on first use (PEP 562): importing one light
module of the package (`payload.names`, `payload.vocabulary`) does not load the models and the
loader with it (`korelint rules` lists the rules without them)."""
from .. import lazy

_HOMES = {
    "document": ("DialogSource", "Document", "Job", "Malformed", "NodeEntry", "Resource", "Taxonomy"),
    "load": ("KINDS", "NotAPayload", "PayloadError", "parse"),
    "records": ("Dialog", "Node", "Term", "Transition"),
}

__all__ = [
    "KINDS", "Dialog", "DialogSource", "Document", "Job", "Malformed", "Node", "NodeEntry", "NotAPayload",
    "PayloadError", "Resource", "Taxonomy", "Term", "Transition", "parse",
]


__getattr__ = lazy.exports(__name__, _HOMES)
