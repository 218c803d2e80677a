"""DialogFlow: one networkx DiGraph per dialog, with the semantics of spec section 4.

Graph nodes are node ids plus one sink, EXIT, standing for every way the dialog ends: a
transition to `end`, a transition that is not connected (`""`), a dangling target (the platform
ends the dialog there), a node without transitions, and a node whose conditions may all fail
because it has no `default`. Dangling targets are found while building: networkx would
silently create a node for them.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import networkx as nx

from .payload.document import DialogSource, NodeEntry

EXIT = ("exit",)  # a tuple never collides with a node id, which is always a string
END = "end"
INPUT_TYPES = frozenset({"entity", "form", "dialogAct", "digitalFormNode"})


@dataclass(frozen=True)
class Edge:
    """One transition, as the rules and the drawing see it."""

    source: str
    source_index: int  # position of the node in the dialog
    index: int  # position of the transition in the node's list
    pointer: str
    conditional: bool
    condition: Any
    target: str | None
    kind: str  # "node", "end", "unconnected" or "dangling"


def position(entry: NodeEntry) -> tuple[float, float] | None:
    """Canvas position from `positionMeta` (new builder) or `metadata` (legacy builder)."""
    for meta in (entry.node.position_meta, entry.node.metadata):
        if isinstance(meta, dict):
            left, top = meta.get("left"), meta.get("top")
            if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (left, top)):
                return float(left), float(top)
    return None


class DialogFlow:
    def __init__(self, dialog: DialogSource):
        self.dialog = dialog
        self.graph: nx.DiGraph = nx.DiGraph()
        self.first_index: dict[str, int] = {}  # node id -> first position in the dialog
        self.types: dict[str, str] = {}
        self.edges: list[Edge] = []
        self.entry: str | None = None
        for entry in dialog.nodes:
            nid = entry.node.node_id
            if nid not in self.first_index:
                self.first_index[nid] = entry.index
                self.types[nid] = entry.node.type
            if self.entry is None and entry.node.type == "intent":
                self.entry = nid
        self.graph.add_nodes_from(self.first_index)
        self.graph.add_node(EXIT)
        for entry in dialog.nodes:
            self._add_transitions(entry)

    def _add_transitions(self, entry: NodeEntry) -> None:
        nid = entry.node.node_id
        transitions = entry.node.transitions or []
        has_default = False
        for i, t in enumerate(transitions):
            target = t.target
            if not t.is_conditional and not t.is_default:
                continue  # neither `if` nor `default`: the builder ignores it (see KL001)
            has_default |= t.is_default
            if target in (None, ""):
                kind = "unconnected"
            elif target == END:
                kind = "end"
            elif target in self.first_index:
                kind = "node"
            else:
                kind = "dangling"
            self.edges.append(Edge(nid, entry.index, i, f"{entry.pointer}/transitions/{i}",
                                   t.is_conditional, t.condition, target, kind))
            self.graph.add_edge(nid, target if kind == "node" else EXIT)
        if not has_default:
            # No transitions, or only conditions that may all fail: the dialog can end here.
            self.graph.add_edge(nid, EXIT)

    # -- queries ---------------------------------------------------------------------------
    def is_input(self, nid: str) -> bool:
        """Whether the conversation may wait for the user at this node (spec section 4)."""
        kind = self.types.get(nid)
        return kind in INPUT_TYPES or (kind == "intent" and nid != self.entry)

    def order(self, nid: str) -> int:
        return self.first_index.get(nid, len(self.first_index))

    def sorted_nodes(self, nodes) -> list[str]:
        return sorted((n for n in nodes if n != EXIT), key=self.order)

    @cached_property
    def reachable(self) -> frozenset[str]:
        """Node ids some path of transitions leads to from the entry (the entry included)."""
        if self.entry is None:
            return frozenset()
        return frozenset(nx.descendants(self.graph, self.entry) - {EXIT}) | {self.entry}

    @cached_property
    def can_exit(self) -> frozenset[str]:
        return frozenset(nx.ancestors(self.graph, EXIT))

    @cached_property
    def closed_regions(self) -> list[list[str]]:
        """Reachable sets of nodes no path leaves and none ends: attracting components."""
        if self.entry is None:
            return []
        sub = self.graph.subgraph(self.reachable)
        regions = [self.sorted_nodes(c) for c in nx.attracting_components(sub)
                   if not (c & self.can_exit)]
        return sorted(regions, key=lambda r: self.order(r[0]))

    @cached_property
    def input_free_cycles(self) -> list[list[str]]:
        """Cycles with no user-input node on them: strongly connected sets of the graph without
        its input nodes (a larger set that holds an input node may still hide such a cycle)."""
        keep = [n for n in self.first_index if not self.is_input(n)]
        sub = self.graph.subgraph(keep)
        cycles = []
        for comp in nx.strongly_connected_components(sub):
            if len(comp) > 1 or any(sub.has_edge(n, n) for n in comp):
                cycles.append(self.sorted_nodes(comp))
        return sorted(cycles, key=lambda c: self.order(c[0]))

    def positions(self) -> dict[str, tuple[float, float]]:
        out = {}
        for entry in self.dialog.nodes:
            pos = position(entry)
            if pos is not None and entry.node.node_id not in out:
                out[entry.node.node_id] = pos
        return out
