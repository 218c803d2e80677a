"""What a rule sees: one context per scope. Rules read these and yield Problems."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from types import ModuleType
from typing import TYPE_CHECKING

from ..conditions import canonical
from ..findings import Problem, Severity

if TYPE_CHECKING:  # types only: listing the rules (`korelint rules`) imports neither networkx nor the models
    from ..bot import CallGraph
    from ..flow import DialogFlow, Edge
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

    def label(self, nid: str) -> str:
        """A node as messages name it, the builder's way: `entity 'Choice'`."""
        return self.flow.names.label(nid)

    def branches(self) -> Iterator[Edge]:
        """The conditional transitions of the dialog, in dialog order."""
        return (edge for edge in self.flow.edges if edge.conditional)


def on_branch(edge: Edge, message: str, detail: str = "") -> Problem:
    """A problem of one conditional branch: at its pointer, on its node, told apart from the
    node's other branches by its condition (and `detail`, for several problems of one branch)."""
    key = canonical(edge.condition)
    return Problem(message, edge.pointer, node=edge.source, detail=f"{key}:{detail}" if detail else key,
                   order=edge.source_index)


@dataclass(frozen=True)
class DocumentContext:
    document: Document

    @cached_property
    def call_graph(self) -> CallGraph:
        """Which dialog runs which (bot and dialog exports; empty for other inputs)."""
        from ..bot import CallGraph

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
    def default(self) -> bool:
        """Whether the rule is in the default selection (module attribute DEFAULT, else True)."""
        return getattr(self.module, "DEFAULT", True) is not False

    @property
    def summary(self) -> str:
        return self.doc.splitlines()[0].strip() if self.doc else ""

    def check(self, context):
        return self.module.check(context)
