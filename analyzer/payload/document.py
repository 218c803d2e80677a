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


@dataclass
class Document:
    path: str
    kind: str
    dialogs: list[DialogSource] = field(default_factory=list)
    resources: list[Resource] = field(default_factory=list)
    taxonomies: list[Taxonomy] = field(default_factory=list)
    malformed: list[Malformed] = field(default_factory=list)
    job: Job | None = None
    # pointer -> line, filled in by the loader's locator (None: lines unavailable).
    locator: Any = None

    @property
    def status(self) -> str | None:
        if self.job is not None and isinstance(self.job.status, str):
            return self.job.status
        return None
