"""The fewest walks through a dialog that take every transition (issue 15).

A walk starts at the entry and follows transitions until the dialog ends: a transition to `end`
or not connected (`""`), or a node without transitions or an agent transfer (left through a
virtual exit). In a region no transition leaves (a menu the bot keeps returning to) a walk may
also stop where the bot waits for the user: the user leaves such a loop by saying something
else. A transition is **coverable** when its node is reachable from the entry and the dialog can
still end after it; the others are listed with why.

The minimum number of walks covering every coverable transition is a minimum flow from the entry
to the exit with a lower bound of one on each of them: as a circulation (a return edge from the
exit to the entry, cost 1; every other edge cost 0, no capacity), the lower bounds moved into the
node demands, network simplex gives it exactly (simplex.py: networkx's, ported). The flow is then
taken apart into walks: each walk follows edges that still carry flow from the entry until it
reaches the exit; what is left are cycles, spliced into a walk that passes one of their nodes.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from msgspec import Struct

from ..flow import DialogFlow, reached
from .simplex import min_cost_flow
from .walks import EXIT, walks

ENDS = frozenset({"agentTransfer"})  # nodes that end the dialog by design


class Step(Struct, frozen=True):
    """One move of a walk: at `node`, take its transition `transition` (an index into its
    transitions; None: the node ends the dialog without one). (A Struct: the plan hashes whole
    walks of them, and a frozen dataclass hashes and compares in Python, ~10x slower.)"""

    node: str
    transition: int | None


@dataclass(frozen=True)
class Uncoverable:
    node: str
    transition: int
    why: str


@dataclass
class Cover:
    paths: list[list[Step]] = field(default_factory=list)
    exits: list[str] = field(default_factory=list)  # how each path ends
    coverable: int = 0
    uncoverable: list[Uncoverable] = field(default_factory=list)
    minimal: bool = True
    # the network's edges (u, v, key), the step and how the dialog ends of each: `moves`
    network: tuple = field(default=((), (), ()), repr=False, compare=False)
    _moves: dict | None = field(default=None, repr=False, compare=False)

    @property
    def moves(self) -> dict[str, list[tuple[int | None, object, str | None]]]:
        """Node -> the moves a walk may make there: (transition or None, next node or EXIT, how
        the dialog ends when next is EXIT); for trading a path for another (paths.feasible).
        Made when asked: only a dialog with paths to untangle asks."""
        if self._moves is None:
            self._moves = {}
            for (u, v, _key), step, kind in zip(*self.network, strict=True):
                self._moves.setdefault(u, []).append((step.transition, v, kind))
        return self._moves


def cover(flow: DialogFlow) -> Cover:
    out = Cover()
    entry = flow.entry
    edges = flow.edges
    if entry is None:
        out.uncoverable = [Uncoverable(e.source, e.index, "the dialog has no entry node") for e in edges]
        return out
    # The graph of transitions as plain dicts (node -> target -> [(edge key, transition, how
    # the dialog ends)], in the order they were added): networkx graphs cost more to build than
    # the searches below take. Each edge's key is made once, its entry linked inline.
    succ: dict = {EXIT: {}}
    types = flow.types
    has_transitions = {e.source for e in edges}
    for nid, kind in types.items():
        if kind in ENDS or nid not in has_transitions:
            how = "agent-transfer" if kind in ENDS else "no-transitions"
            succ[nid] = {EXIT: [(("end", nid), None, how)]}
        else:
            succ[nid] = {}
    first_index = flow.first_index
    linked: list = []  # edge -> (source, target, key) where linked, else why it is not
    cut = False  # whether a transition the flow's graph has is left out (not a dangling one)
    dangling = False
    for e in edges:
        source = e.source
        if first_index.get(source) != e.source_index:
            linked.append("another node has the same id: transitions lead to the first one only")
            cut = True
        elif types.get(source) in ENDS:
            linked.append("the agent transfer ends the dialog before it")
            cut = True
        elif e.kind == "dangling":
            linked.append(f"its target {e.target!r} is not a node of the dialog")
            dangling = True
        else:
            key = (source, e.index, e.source_index)  # a repeated node id has transitions too
            if e.kind == "node":
                v, item = e.target, (key, e.index, None)
            else:
                v, item = EXIT, (key, e.index, "end" if e.kind == "end" else "not-connected")
            targets = succ.get(source)
            if targets is None:
                targets = succ[source] = {}
            items = targets.get(v)
            if items is None:
                targets[v] = [item]
            else:
                items.append(item)
            if v not in succ:
                succ[v] = {}
            linked.append((source, v, key))
    reach = _reach(flow, succ, cut)
    if not flow.has_cycle and [*succ.values()].count({}) == 1:
        # No cycle (the flow's graph has these edges, or an edge to EXIT), and EXIT the only
        # node nothing leaves: any walk ends there. (No dialog of the benchmark has a cycle.)
        ending = set(succ)
        # and each transition linked, each node reached: every transition can be taken
        every = not (cut or dangling) and first_index.keys() <= reach
    else:
        ending = _ending(succ, reach, flow)
        every = False
    coverable = len(edges)  # the transitions a walk must take (`lower`: a lower bound of one on each)
    for e, link in zip(edges, linked, strict=True) if not every else ():
        if link.__class__ is str:
            why = link
        elif e.source not in reach:
            why = "its node cannot be reached from the entry"
        elif link[1] not in ending:
            why = ("from its target the dialog cannot end: a loop with no way out, or only a "
                   "transition to a missing node")
        else:
            continue
        coverable -= 1
        out.uncoverable.append(Uncoverable(e.source, e.index, why))
    out.coverable = coverable
    if not coverable:
        return out
    live = (reach | {EXIT}) & ending
    # the edges between live nodes, in the order networkx would list them for the same graph,
    # numbered as _min_flow wants them. A transition among them is one of `lower` (its node is
    # reached, its target ends: both live), and each of `lower` is among them (a node reached
    # reaches its target; one with a way to the end has it); the others lead to EXIT: where a
    # node ends or stops (no transition).
    network: list[tuple] = []
    steps_of: list[Step] = []  # edge k -> the step it is
    kinds: list[str | None] = []  # edge k -> how the dialog ends when it leads to EXIT
    out.network = (network, steps_of, kinds)
    number: dict = {}  # node -> its number: the i-th node the edges name
    ends: list[tuple[int, int]] = []  # edge k -> the numbers of its nodes
    bounded: list[int] = []  # the edges of `lower`
    for u, targets in succ.items():
        if u not in live:
            continue
        i = None  # u numbered where its first edge names it
        for v, items in targets.items():
            if v not in live:
                continue
            if i is None:
                i = number.setdefault(u, len(number))
            j = number.setdefault(v, len(number))
            for key, transition, kind in items:
                if transition is not None:
                    bounded.append(len(network))
                ends.append((i, j))
                network.append((u, v, key))
                steps_of.append(Step(u, transition))
                kinds.append(kind)
    bounded.append(len(network))
    ends.append((number.setdefault(EXIT, len(number)), number.setdefault(entry, len(number))))
    edges = [*network, (EXIT, entry, "return")]
    for walk in walks(edges, _min_flow(ends, bounded, len(number)), entry):
        # how the last edge that ends something ends it (a walk ends on one)
        out.exits.append(next((kinds[k] for k in reversed(walk) if kinds[k]), "end"))
        out.paths.append(list(map(steps_of.__getitem__, walk)))
    return out


def _reach(flow: DialogFlow, succ: dict, cut: bool) -> set | frozenset:
    """The nodes a walk along `succ` reaches from the entry (EXIT among them or not: cover does
    not ask). Unless a transition was cut, `succ` links the nodes the flow's graph links (a
    dangling transition leads to no node in either): the flow's reachable nodes, which the rules,
    the drawing and the nodes table have asked for already."""
    return reached(succ, flow.entry) if cut else flow.reachable


def _ending(succ: dict, reach: set, flow: DialogFlow) -> set:
    """The nodes (EXIT too) from which a walk along `succ` can end at EXIT. A region that never
    ends but waits for the user (a menu the bot returns to) is left by the user, not by a
    transition: a test may stop where the bot waits there (an edge to EXIT added to `succ`)."""
    pred: dict = {}
    for u, targets in succ.items():
        for v in targets:
            pred.setdefault(v, []).append(u)
    ending = reached(pred, EXIT)
    stops = [n for n in reach - ending if flow.is_input(n)]
    if stops:
        for nid in stops:
            succ[nid].setdefault(EXIT, []).append((("stop", nid), None, "waits-for-input"))
            pred.setdefault(EXIT, []).append(nid)
        ending = reached(pred, EXIT)
    return ending


def _min_flow(ends: list[tuple[int, int]], bounded: list[int], nodes: int) -> dict[int, int]:
    """Edge k -> units of flow (those with some), for the minimum flow with lower bound 1 on the
    edges `bounded` of a circulation of `nodes` nodes, edge k from `ends[k][0]` to `ends[k][1]`,
    its return edge (the exit to the entry) last and bounded.

    The network is numbered: node i is the i-th node its edges name, edge k the k-th edge, as
    networkx was given it (a graph with those nodes, then those edges, in that order): network
    simplex reads only the order of the nodes and edges, the demands and the weights, so
    simplex.min_cost_flow makes the same pivots on the numbers as networkx did."""
    demand = [0] * nodes
    # x = x' + 1 on each: u sends one more, v receives one more. The return edge too: at least
    # one conversation (else loops through the entry would be "covered" by no walk at all).
    for k in bounded:
        i, j = ends[k]
        demand[i] += 1
        demand[j] -= 1
    flow = min_cost_flow(ends, demand)  # the return edge weighs 1: a unit on it, a conversation
    for k in bounded:
        flow[k] += 1
    return {k: units for k, units in enumerate(flow) if units}
