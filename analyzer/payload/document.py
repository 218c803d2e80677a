"""What a loaded input is: plain dataclasses the rules and reporters read."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .models import Node, Term


@dataclass(frozen=True)
class Malformed:
    """A part of the input that does not have the expected shape."""

    pointer: str
    reason: str
    dialog_index: int = -1
    node_index: int = -1
    node: str | None = None  # the node id, when it could be read


@dataclass(frozen=True)
class NodeEntry:
    index: int
    pointer: str
    node: Node


@dataclass
class DialogSource:
    index: int  # position among the input's dialogs
    pointer: str  # JSON Pointer of the dialog object
    id: str | None
    name: str
    nodes: list[NodeEntry]
    has_nodes: bool  # False when `nodes` is absent or empty
    state: str | None = None
    approved_languages: list[str] | None = None
    approval_requested_languages: list[str] | None = None
    resource_pointer: str | None = None  # the publish-status resource holding it
    # Ids of nodes that are present but malformed (see Malformed): transitions to them are not
    # dangling, and what they do is unknown.
    unreadable: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Resource:
    """A published resource (`statusSummary[i]` or an item of a Publish API response)."""

    index: int
    pointer: str
    type: str | None
    id: str | None
    name: str | None
    status: Any
    modules: Any


@dataclass(frozen=True)
class Job:
    """The publish job of a publish-status response."""

    pointer: str
    id: Any = None
    status: Any = None
    percentage: Any = None
    stream_id: Any = None
    requested: Any = None
    initiated: Any = None
    modified: Any = None
    job_type: Any = None


@dataclass
class Taxonomy:
    """The terms of one knowledge graph."""

    pointer: str  # of the taxonomy array
    name: str
    terms: list[tuple[int, Term]]


@dataclass(frozen=True)
class PendingDialog:
    """A dialog split off the input but not validated yet (see Document.each_dialog)."""

    index: int
    raw: Any
    pointer: str
    fallback_name: str | None
    fallback_id: str | None
    resource_pointer: str | None


@dataclass
class Document:
    path: str
    kind: str
    dialogs: list[DialogSource] = field(default_factory=list)
    # Dialogs still to read, one at a time, so that a large input never holds all of them.
    pending: list[PendingDialog] = field(default_factory=list)
    reader: Any = None  # PendingDialog -> DialogSource | None (appends to `malformed`)
    resources: list[Resource] = field(default_factory=list)
    taxonomies: list[Taxonomy] = field(default_factory=list)
    malformed: list[Malformed] = field(default_factory=list)
    job: Job | None = None
    # pointer -> line, filled in by the loader's locator (None: lines unavailable).
    locator: Any = None

    def each_dialog(self, keep: bool = True):
        """Every dialog in order: read now if still pending (and kept in `dialogs` if keep)."""
        if not self.pending:
            yield from self.dialogs
            return
        pending, self.pending = self.pending, []
        reader, self.reader = self.reader, None  # the loader refers back to this document
        for item in pending:
            dialog = reader(item)
            if dialog is not None:
                if keep:
                    self.dialogs.append(dialog)
                yield dialog

    @property
    def status(self) -> str | None:
        if self.job is not None and isinstance(self.job.status, str):
            return self.job.status
        return None
