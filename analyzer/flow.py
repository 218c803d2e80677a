"""DialogFlow: one networkx DiGraph per dialog, with the semantics of spec section 4.

Graph nodes are node ids plus one sink, EXIT, standing for every way the dialog ends: a
transition to `end`, a transition that is not connected (`""`), a dangling target (the platform
ends the dialog there), a node without transitions, and a node whose conditions may all fail
because it has no `default`. Dangling targets are found while building: networkx would
silently create a node for them.
"""
from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any

from msgspec import Struct

from .payload.document import DialogSource, NodeEntry
from .payload.names import NodeNames
from .payload.numbers import finite

if TYPE_CHECKING:  # networkx is imported when a graph is built: many dialogs never need one
    import networkx as nx

EXIT = ("exit",)  # a tuple never collides with a node id, which is always a string
END = "end"
# Node types that may wait for the user (spec section 4); `aiassist` is the Agent node, which
# talks with the user over several turns. A message waits too when its `nodeOptions.transitionType`
# is `onInput`, and so does every intent node other than the entry.
INPUT_TYPES = frozenset({"entity", "form", "dialogAct", "confirmation", "digitalFormNode", "aiassist"})
# Node types that end the dialog by design, whatever their transitions say: the conversation is
# handed to a human agent.
ENDING_TYPES = frozenset({"agentTransfer"})


class Edge(Struct, frozen=True):
    """One transition, as the rules and the drawing see it. (A Struct: one per transition, and a
    frozen dataclass takes ~2 us and ~400 bytes each to build; this ~0.2 us and ~100 bytes. Its
    pointer is made when asked for: a finding needs it, the other transitions do not.)"""

    source: str
    source_index: int  # position of the node in the dialog
    index: int  # position of the transition in the node's list
    node_pointer: str  # of the node (shared with its NodeEntry)
    conditional: bool
    condition: Any
    target: str | None
    kind: str  # "node", "end", "unconnected" or "dangling"

    @property
    def pointer(self) -> str:
        return f"{self.node_pointer}/transitions/{self.index}"


def position(entry: NodeEntry) -> tuple[float, float] | None:
    """Canvas position from `positionMeta` (new builder) or `metadata` (legacy builder)."""
    node = entry.node
    for meta in (node.position_meta, node.metadata):
        if meta is not None:  # was an object (payload.records.Place)
            left, top = meta.left, meta.top
            if type(left) is int and type(top) is int:  # the usual members: `finite` of each, inline
                try:
                    return float(left), float(top)
                except OverflowError:  # more digits than a float holds: `finite` says None
                    pass
            left, top = finite(left), finite(top)
            if left is not None and top is not None:
                return left, top
    return None


class DialogFlow:
    def __init__(self, dialog: DialogSource):
        self.dialog = dialog
        self.first_index: dict[str, int] = {}  # node id -> first position in the dialog
        self.types: dict[str, str] = {}
        self.on_input: set[str] = set()  # message nodes that wait for the user (`onInput`)
        self.edges: list[Edge] = []
        self.entry: str | None = None
        # Whether some transition leads back to a node not after its source in the dialog: when
        # none does, the order of the dialog sorts the graph, which then has no cycle.
        self.backward = False
        for entry in dialog.nodes:
            nid = entry.node.node_id
            if nid not in self.first_index:
                self.first_index[nid] = entry.index
                self.types[nid] = entry.node.type
                if entry.node.type == "message" and entry.node.waits_on_input:
                    self.on_input.add(nid)
            if self.entry is None and entry.node.type == "intent":
                self.entry = nid
        # Nodes present but unreadable: transitions may target them; what they do is unknown,
        # so they count as a possible way out (no loop or trap is claimed through them).
        for nid, index in dialog.unreadable.items():
            self.first_index.setdefault(nid, index)
        self.names = NodeNames(dialog.nodes, self.entry)
        # The graph's edges, (node, next node or EXIT) in order: the networkx graph is built from
        # them when a query needs it (`graph`); reachability walks `successors` alone.
        self._pairs: list[tuple] = [(nid, EXIT) for nid in dialog.unreadable if nid not in self.types]
        for entry in dialog.nodes:
            self._add_transitions(entry)
        self.successors: dict[Any, list] = {}  # node -> the nodes (and EXIT) its transitions lead to
        for u, v in self._pairs:
            self.successors.setdefault(u, []).append(v)

    def _add_transitions(self, entry: NodeEntry) -> None:
        nid = entry.node.node_id
        has_default = False
        known = self.first_index
        for i, t in enumerate(entry.node.transitions or ()):
            way = t.way()
            if way is None:
                continue  # neither `if` nor `default`: the builder ignores it (see KL001)
            conditional, target, condition = way
            has_default = has_default or not conditional
            if target is None or target == "":
                kind = "unconnected"
            elif target == END:
                kind = "end"
            elif target in known:
                kind = "node"
                if known[target] <= known[nid]:
                    self.backward = True
            else:
                kind = "dangling"
            self.edges.append(Edge(nid, entry.index, i, entry.pointer, conditional, condition, target, kind))
            self._pairs.append((nid, target if kind == "node" else EXIT))
        if not has_default or entry.node.type in ENDING_TYPES:
            # No transitions, or only conditions that may all fail, or a transfer to a human
            # agent: the dialog can end here.
            self._pairs.append((nid, EXIT))

    @cached_property
    def graph(self) -> nx.DiGraph:
        """The dialog as a networkx DiGraph: its nodes (in dialog order) and EXIT."""
        return digraph([*self.first_index, EXIT], self._pairs)

    def release(self) -> None:
        """Empty the networkx graph, if built: its cached views refer back to it (G.out_edges,
        G.degree), a cycle the disabled collector (analyzer.cli) would keep to the exit with every
        edge of the dialog (a 100 MB publish status: ~50 MB)."""
        if "graph" in self.__dict__:
            self.graph.clear()

    # -- queries ---------------------------------------------------------------------------
    def is_input(self, nid: str) -> bool:
        """Whether the conversation may wait for the user at this node (spec section 4)."""
        kind = self.types.get(nid)
        return kind in INPUT_TYPES or nid in self.on_input or (kind == "intent" and nid != self.entry)

    def ends_by_design(self, nid: str) -> bool:
        """Whether the node ends the dialog whatever its transitions (an agent transfer)."""
        return self.types.get(nid) in ENDING_TYPES

    def order(self, nid: str) -> int:
        return self.first_index.get(nid, len(self.first_index))

    def sorted_nodes(self, nodes) -> list[str]:
        return sorted((n for n in nodes if n != EXIT), key=self.order)

    @cached_property
    def reachable(self) -> frozenset[str]:
        """Node ids some path of transitions leads to from the entry (the entry included)."""
        if self.entry is None:
            return frozenset()
        return frozenset(reached(self.successors, self.entry) - {EXIT})

    @cached_property
    def can_exit(self) -> frozenset[str]:
        """Node ids from which some path of transitions ends the dialog (EXIT excluded)."""
        if not self.has_cycle:  # every node has a transition or ends, and no path loops: all do
            return frozenset(self.first_index)
        before: dict[Any, list] = {}
        for u, v in self._pairs:
            before.setdefault(v, []).append(u)
        return frozenset(reached(before, EXIT) - {EXIT})

    @cached_property
    def has_cycle(self) -> bool:
        """Whether some path of transitions comes back to a node it left (the queries below need
        networkx only when one does)."""
        if not self.backward:  # every transition goes forward in the dialog's order
            return False
        return cyclic(self.successors)

    @cached_property
    def edges_by_node(self) -> dict[int, list[Edge]]:
        """Position of a node in the dialog -> its transitions (a repeated id: each node its own)."""
        out: dict[int, list[Edge]] = {}
        for edge in self.edges:
            out.setdefault(edge.source_index, []).append(edge)
        return out

    @cached_property
    def closed_regions(self) -> list[list[str]]:
        """Reachable sets of nodes no path leaves and none ends: attracting components.

        Nodes that cannot exit only lead to nodes that cannot exit, so the regions are the
        attracting components of that (usually empty) set alone."""
        if not self.backward:  # no cycle, and every node has a way on: all lead to EXIT
            return []
        trapped = self.reachable - self.can_exit
        if not trapped:
            return []
        import networkx as nx

        sub = nx.DiGraph(self.graph.subgraph(trapped))
        regions = [self.sorted_nodes(c) for c in nx.attracting_components(sub)]
        return sorted(regions, key=lambda r: self.order(r[0]))

    @cached_property
    def input_free_cycles(self) -> list[list[str]]:
        """Cycles with no user-input node on them. A strongly connected set that holds an input
        node may still hide such a cycle, so those sets are searched again without their input
        nodes."""
        if not self.has_cycle:
            return []
        import networkx as nx

        cycles = []
        pending = [c for c in nx.strongly_connected_components(self.graph) if EXIT not in c]
        while pending:
            comp = pending.pop()
            if len(comp) == 1:
                n = next(iter(comp))
                if self.graph.has_edge(n, n) and not self.is_input(n):
                    cycles.append([n])
                continue
            inputs = {n for n in comp if self.is_input(n)}
            if not inputs:
                cycles.append(self.sorted_nodes(comp))
            elif len(inputs) < len(comp):
                sub = self.graph.subgraph(comp - inputs)
                pending.extend(nx.strongly_connected_components(sub))
        return sorted(cycles, key=lambda c: self.order(c[0]))

    @cached_property
    def shown_names(self) -> dict[str, str]:
        """Node id -> its name as a page writes it (`clean(names.shown(id))`), for every node: the
        drawing and the nodes table both write each."""
        return self.names.cleaned(self.first_index)

    def positions(self) -> dict[str, tuple[float, float]]:
        """Node id -> its canvas position (its first node's that has one). The same dict each
        time, which no caller changes: the drawing and the nodes table both ask."""
        return self._positions

    @cached_property
    def _positions(self) -> dict[str, tuple[float, float]]:
        out = {}
        for entry in self.dialog.nodes:
            pos = position(entry)
            if pos is not None and entry.node.node_id not in out:
                out[entry.node.node_id] = pos
        return out


def digraph(nodes: list, pairs: list[tuple]) -> nx.DiGraph:
    """The DiGraph `add_nodes_from(nodes)` then `add_edges_from(pairs)` builds (the same nodes,
    successors and predecessors in the same order, one data dict per edge shared by both sides),
    built from plain dicts: networkx's methods check every item (~3 us an edge; 0.5 s for a
    dialog of 100,000 nodes). Setting `_succ` and `_pred` is how networkx itself replaces them
    (its descriptors reset the cached views). Every endpoint must be in `nodes`."""
    import networkx as nx

    succ: dict = {n: {} for n in nodes}
    pred: dict = {n: {} for n in nodes}
    for u, v in pairs:
        out = succ[u]
        if v not in out:
            out[v] = pred[v][u] = {}
    graph = nx.DiGraph()
    graph._node = {n: {} for n in nodes}
    graph._succ = succ  # the descriptor sets `_adj` too
    graph._pred = pred
    nx._clear_cache(graph)
    return graph


def reached(adjacency: dict, start) -> set:
    """`start` and every node a path leads to along `adjacency` (node -> neighbours; a node
    missing has none): `nx.descendants` plus `start`, without a generator step per edge."""
    seen = {start}
    stack = [start]
    while stack:
        for nxt in adjacency.get(stack.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


def cyclic(successors: dict) -> bool:
    """Whether a path along `successors` (node -> the nodes it leads to; a node missing leads
    nowhere) comes back to a node: Kahn's algorithm, which takes off nodes nothing left leads to;
    what remains is on a cycle or after one. (networkx is imported only when there is one.)"""
    ahead = {u: set(vs) for u, vs in successors.items()}
    waiting: dict = {}  # node -> links into it from nodes not taken off yet
    for targets in ahead.values():
        for v in targets:
            waiting[v] = waiting.get(v, 0) + 1
    free = [u for u in ahead if not waiting.get(u)]
    taken = 0
    while free:
        u = free.pop()
        taken += 1
        for v in ahead[u]:
            waiting[v] -= 1
            if not waiting[v] and v in ahead:
                free.append(v)
    return taken < len(ahead)
