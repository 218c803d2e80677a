"""What `korelint diff` found: the changes of each dialog and the findings NEW adds or fixes.

Plain values, computed by `analyzer.diff.compare` and `analyzer.pipeline.diff`, formatted by the
reporters of `analyzer.reporters.diff`. Every text here that comes from a payload (names,
conditions, before/after excerpts) is already masked and shortened: reporters only escape it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..findings import Finding, Severity

NODE_CHANGES = ("added", "removed", "changed")
TRANSITION_CHANGES = ("added", "removed", "retargeted", "condition")


@dataclass(frozen=True)
class Side:
    """One of the two inputs, as outputs name it."""

    path: str
    kind: str
    dialogs: int = 0
    nodes: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "kind": self.kind}


@dataclass(frozen=True)
class NodeChange:
    change: str  # "added", "removed", "changed"
    node: str  # its id
    node_name: str  # as Bot Builder shows it
    type: str  # the builder's word for its type (NEW's, else OLD's)
    label: str  # `entity 'Choice'`: how text outputs name it
    what: tuple[str, ...] = ()  # what changed: "type", "component", "message text", ...
    before: str | None = None  # a short excerpt of what changed (masked)
    after: str | None = None
    old_position: tuple[float, float] | None = None  # only with --include-layout
    new_position: tuple[float, float] | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"change": self.change, "node": self.node, "node_name": self.node_name,
                               "type": self.type, "what": list(self.what)}
        if self.before is not None:
            out["before"] = self.before
        if self.after is not None:
            out["after"] = self.after
        if "position" in self.what:
            out["old_position"] = list(self.old_position) if self.old_position else None
            out["new_position"] = list(self.new_position) if self.new_position else None
        return out


@dataclass(frozen=True)
class TransitionChange:
    change: str  # "added", "removed", "retargeted", "condition"
    node: str  # the source node's id
    node_name: str
    label: str  # the source node as text outputs name it
    branch: str  # "default", or the branch's condition as the builder phrases it
    old_target: str | None = None  # ids ("end", "" = not connected); None when absent on that side
    new_target: str | None = None
    old_target_name: str | None = None  # the targets as text outputs name them
    new_target_name: str | None = None
    old_condition: str | None = None  # phrased as in the builder; None for a default
    new_condition: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"change": self.change, "node": self.node, "node_name": self.node_name,
                "branch": self.branch, "old_target": self.old_target, "new_target": self.new_target,
                "old_condition": self.old_condition, "new_condition": self.new_condition}


@dataclass(frozen=True)
class DialogChange:
    change: str  # "added", "removed", "changed"
    dialog_id: str | None  # NEW's id (OLD's for a removed dialog)
    name: str  # NEW's name (OLD's for a removed dialog)
    old_name: str | None = None  # when renamed
    nodes: tuple[NodeChange, ...] = ()
    transitions: tuple[TransitionChange, ...] = ()
    node_count: int = 0  # of the dialog (NEW's, OLD's for a removed one)
    # With --format html: NEW's dialog with OLD's removed nodes and transitions as ghosts, and the
    # marks of the drawing (diff.drawn.Drawn).
    drawn: Any = field(default=None, compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"change": self.change, "dialog_id": self.dialog_id, "name": self.name}
        if self.old_name is not None:
            out["old_name"] = self.old_name
        out["nodes"] = [n.to_dict() for n in self.nodes]
        out["transitions"] = [t.to_dict() for t in self.transitions]
        return out


@dataclass
class Diff:
    old: Side
    new: Side
    dialogs: list[DialogChange] = field(default_factory=list)
    unchanged_dialogs: list[str] = field(default_factory=list)  # names, NEW's order
    new_findings: list[Finding] = field(default_factory=list)
    fixed_findings: list[Finding] = field(default_factory=list)
    unchanged_findings: int = 0
    include_layout: bool = False
    # The credentials found in either input: pages that show payload text of their own mask them.
    secrets: frozenset[str] = field(default=frozenset(), repr=False)

    @property
    def empty(self) -> bool:
        return not self.dialogs and not self.new_findings and not self.fixed_findings

    def summary(self) -> dict[str, int]:
        """Counts of every kind of change: the json `summary` and the markdown table."""
        counts: dict[str, int] = {}
        for kind in ("added", "removed", "renamed", "changed", "unchanged"):
            counts[f"dialogs_{kind}"] = 0
        counts["dialogs_unchanged"] = len(self.unchanged_dialogs)
        for kind in NODE_CHANGES:
            counts[f"nodes_{kind}"] = 0
        for kind in TRANSITION_CHANGES:
            counts[f"transitions_{kind}"] = 0
        for d in self.dialogs:
            counts[f"dialogs_{d.change}"] += 1
            if d.old_name is not None:
                counts["dialogs_renamed"] += 1
            for n in d.nodes:
                counts[f"nodes_{n.change}"] += 1
            for t in d.transitions:
                counts[f"transitions_{t.change}"] += 1
        counts["findings_new"] = len(self.new_findings)
        counts["findings_fixed"] = len(self.fixed_findings)
        counts["findings_unchanged"] = self.unchanged_findings
        return counts

    def fails(self, fail_on: str, rank: dict[str, int]) -> bool:
        """Whether NEW brings a finding at or above `fail_on` (rank: findings.FAIL_ON)."""
        threshold = rank[fail_on]
        return any(f.severity.rank >= threshold for f in self.new_findings)


def severity_counts(findings: list[Finding]) -> dict[str, int]:
    counts = {s.value: 0 for s in Severity}
    for f in findings:
        counts[f.severity.value] += 1
    return counts
