"""Payload models, kind detection and pointers -> lines. Imports nothing else of the project."""
from .document import DialogSource, Document, Job, Malformed, NodeEntry, Resource, Taxonomy
from .load import KINDS, NotAPayload, PayloadError, parse
from .models import Dialog, Node, Term, Transition

__all__ = [
    "KINDS", "Dialog", "DialogSource", "Document", "Job", "Malformed", "Node", "NodeEntry", "NotAPayload",
    "PayloadError", "Resource", "Taxonomy", "Term", "Transition", "parse",
]
