"""What `diff --format html` draws for a changed dialog: NEW's graph with what OLD had and NEW
lost put back as ghosts (removed nodes at their old canvas positions, removed transitions), and
the marks saying which nodes and transitions were added, changed or removed."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from msgspec.structs import replace  # the payload's records are Structs

from ..payload import Transition
from ..payload.document import DialogSource, NodeEntry

NODE_MARKS = {"added": "added", "changed": "changed", "removed": "removed"}


@dataclass(frozen=True)
class Move:
    """One transition that differs between OLD (`old`) and NEW (`new`) of node `node`; None on the
    side where it is absent."""

    node: str
    old: Transition | None
    new: Transition | None


@dataclass
class Drawn:
    source: DialogSource  # NEW's dialog and OLD's ghosts: draw its DialogFlow
    nodes: dict[str, str]  # node id -> "added" | "changed" | "removed"
    edges: dict[tuple[str, Any], str]  # (source id, target as stored) -> the same

    @property
    def marks(self) -> tuple[dict[str, str], dict[tuple[str, Any], str]]:
        return self.nodes, self.edges


def merged(old: DialogSource, new: DialogSource, nodes: dict[str, str], moves: list[Move]) -> Drawn:
    """NEW's dialog plus OLD's ghosts; `nodes`: the node changes by (shown) id."""
    edges: dict[tuple[str, Any], str] = {}
    ghosts: dict[str, list[Transition]] = {}
    for m in moves:
        if m.new is not None:
            edges[(m.node, m.new.target)] = "added" if m.old is None else "changed"
        if m.old is not None and (m.new is None or m.old.target != m.new.target):
            edges.setdefault((m.node, m.old.target), "removed")
            ghosts.setdefault(m.node, []).append(m.old)
    entries: list[NodeEntry] = []
    seen: set[str] = set()
    for e in new.nodes:
        nid = e.node.node_id
        if nid in ghosts and nid not in seen:
            transitions = list(e.node.transitions or ()) + ghosts.pop(nid)
            e = replace(e, node=e.node.model_copy(update={"transitions": transitions}))
        seen.add(nid)
        entries.append(e)
    for e in old.nodes:  # removed nodes, with their transitions, where they were
        nid = e.node.node_id
        if nid not in seen:
            seen.add(nid)
            entries.append(replace(e, index=len(entries)))
    marks = {nid: NODE_MARKS[c] for nid, c in nodes.items() if c in NODE_MARKS}
    return Drawn(replace(new, nodes=entries, unreadable={}), marks, edges)


def added(new: DialogSource) -> Drawn:
    """A dialog NEW adds: every node and transition green."""
    edges = {(e.node.node_id, t.target): "added" for e in new.nodes for t in e.node.transitions or ()}
    return Drawn(new, {e.node.node_id: "added" for e in new.nodes}, edges)
