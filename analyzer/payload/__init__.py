"""Payload models, kind detection and pointers -> lines. Imports nothing else of the project.

The names below are imported from their modules on first use (PEP 562): importing one light
module of the package (`payload.names`, `payload.vocabulary`) does not load the models and the
loader with it (`korelint rules` lists the rules without them)."""
import importlib

_HOMES = {
    "document": ("DialogSource", "Document", "Job", "Malformed", "NodeEntry", "Resource", "Taxonomy"),
    "load": ("KINDS", "NotAPayload", "PayloadError", "parse"),
    "records": ("Dialog", "Node", "Term", "Transition"),
}
_HOME_OF = {name: module for module, names in _HOMES.items() for name in names}

__all__ = [
    "KINDS", "Dialog", "DialogSource", "Document", "Job", "Malformed", "Node", "NodeEntry", "NotAPayload",
    "PayloadError", "Resource", "Taxonomy", "Term", "Transition", "parse",
]


def __getattr__(name: str):
    home = _HOME_OF.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value  # once
    return value
