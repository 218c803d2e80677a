"""What a rule sees: one context per scope. Rules read these and yield Problems."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from types import ModuleType

from ..bot import CallGraph
from ..findings import Severity
from ..flow import DialogFlow
from ..payload.document import DialogSource, Document, Taxonomy

SCOPES = ("dialog", "document", "knowledge")


@dataclass(frozen=True)
class DialogContext:
    document: Document
    dialog: DialogSource
    flow: DialogFlow

    def node_pointer(self, nid: str) -> str:
        index = self.flow.first_index.get(nid)
        return f"{self.dialog.pointer}/nodes/{index}" if index is not None else self.dialog.pointer


@dataclass(frozen=True)
class DocumentContext:
    document: Document

    @cached_property
    def call_graph(self) -> CallGraph:
        """Which dialog runs which (bot and dialog exports; empty for other inputs)."""
        return CallGraph.of(self.document)


@dataclass(frozen=True)
class KnowledgeContext:
    document: Document
    taxonomy: Taxonomy


@dataclass(frozen=True)
class Rule:
    """A rule module seen through its attributes."""

    code: str
    name: str
    severity: Severity
    scope: str
    module: ModuleType

    @property
    def doc(self) -> str:
        return (self.module.__doc__ or "").strip()

    @property
    def summary(self) -> str:
        return self.doc.splitlines()[0].strip() if self.doc else ""

    def check(self, context):
        return self.module.check(context)
