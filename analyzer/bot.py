"""Bot-level facts: which dialog runs which (the call graph), and which node runs each component.

Dialogs are analysed one at a time and dropped (see engine), so what the bot-level rules need is
gathered as each dialog streams past, into the Document: a `DialogCalls` per dialog and the first
user of each component. The call graph is built from those after the last dialog.

Semantics of a call (spec section 4): a node of dialog D is a *call* of dialog X when it is an
`intent` node other than D's entry and its component carries `dialogId` X (X may be D itself). The
entry's own component carries D's id: that is not a call. A call is *without input* when some path
of transitions from D's entry to the calling node passes no node that waits for user input
(DialogFlow.is_input: an entity, form, confirmation, digital form or agent node, an `onInput`
message, or another non-entry intent node: a sub-intent waits for an utterance; after a dialog node
the flow only continues once the dialog it ran has ended, which is where the user was asked
something, or the dialog ends). The entry itself and the calling node do not count. So when D
starts, the platform may run X without the user saying anything. Calls from nodes no path reaches
never run: they are kept (KL601 reports a missing target wherever it is) but take no part in cycles.

A cycle of calls that are all without input (D1 runs D2 ... runs D1) loops without ever waiting
for the user: the platform aborts after 25 moves without input (KL602).
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .flow import DialogFlow
from .payload.document import Call, ComponentUse, DialogCalls, DialogSource, Document
from .payload.names import NodeNames

if TYPE_CHECKING:  # networkx is imported when the calls between dialogs are graphed
    import networkx as nx


def _free_reach(flow: DialogFlow) -> set[str]:
    """Nodes some path from the entry reaches without passing a node that waits for input (the
    entry and the node reached do not count)."""
    if flow.entry is None:
        return set()
    seen = {flow.entry}
    todo = deque([flow.entry])
    while todo:
        nid = todo.popleft()
        if nid != flow.entry and flow.is_input(nid):
            continue  # reached, but the user is asked something here: paths stop
        for nxt in flow.successors.get(nid, ()):
            if nxt not in seen and isinstance(nxt, str):
                seen.add(nxt)
                todo.append(nxt)
    return seen


def dialog_calls(dialog: DialogSource, flow: DialogFlow) -> DialogCalls:
    """The dialog's identity and its calls (nodes' components resolved by the loader)."""
    calls = []
    free: set[str] | None = None
    entry_seen = False
    for entry in dialog.nodes:
        if entry.node.type != "intent":
            continue
        if not entry_seen:
            entry_seen = True  # the entry: its component names the dialog itself
            continue
        comp = entry.component
        if comp is None or comp.dialog_id is None:
            continue  # a sub-intent: matches an utterance, runs nothing
        if free is None:
            free = _free_reach(flow)
        nid = entry.node.node_id
        first = flow.first_index.get(nid) == entry.index
        calls.append(Call(node=nid, node_index=entry.index, pointer=entry.pointer, component=comp.name,
                          target=comp.dialog_id, reachable=first and nid in flow.reachable,
                          without_input=first and nid in free, label=flow.names.label(nid)))
    return DialogCalls(index=dialog.index, pointer=dialog.pointer, id=dialog.id, ref_id=dialog.ref_id,
                       name=dialog.name, calls=tuple(calls))


def note_component_users(doc: Document, dialog: DialogSource, names: NodeNames) -> None:
    """Record the first node that runs each component, directly or as a step of a botAction
    component it runs (for findings on components: which dialog and node they belong to)."""
    users = doc.component_users
    components = doc.components
    for entry in dialog.nodes:
        comp = entry.component
        if comp is None:
            continue
        use = ComponentUse(dialog.pointer, dialog.index, entry.node.node_id, entry.index,
                           names.label(entry.node.node_id))
        todo = [comp.id]
        while todo:
            cid = todo.pop()
            if cid in users:
                continue
            users[cid] = use
            step_of = components.get(cid)
            if step_of is not None:
                todo.extend(s for s in step_of.steps if s in components and s not in users)


def _shortest_cycle(sub: nx.DiGraph, first: int) -> list[int]:
    """The path from `first` to one of its predecessors, closing the shortest cycle through it:
    of the breadth-first paths `nx.single_source_shortest_path` gives, the shortest, then the
    smallest (list order). Paths are kept as parent links and ranked level by level, not built
    for every dialog: those lists cost the square of the loop's length (a ring of n dialogs)."""
    parent: dict[int, int] = {}
    depth, rank = {first: 0}, {first: 0}
    level = [first]
    while level:
        found = []
        for v in level:  # same order as networkx's search: the same parent for each dialog
            for w in sub.successors(v):
                if w not in depth:
                    parent[w], depth[w] = v, depth[v] + 1
                    found.append(w)
        # paths of one length compare as their parents' paths, then their last dialog
        for r, w in enumerate(sorted(found, key=lambda w: (rank[parent[w]], w))):
            rank[w] = r
        level = found
    last = min((p for p in sub.predecessors(first) if p in depth), key=lambda p: (depth[p], rank[p]))
    path = [last]
    while path[-1] != first:
        path.append(parent[path[-1]])
    return path[::-1]


@dataclass(frozen=True)
class CallCycle:
    """Dialogs that run each other without input: `path` is one cycle through the first of them
    (in input order), in call order; `members` all the dialogs of that loop; `call` the node of
    the first dialog that runs the second."""

    path: tuple[DialogCalls, ...]
    members: tuple[DialogCalls, ...]
    call: Call


class CallGraph:
    """Dialogs (by input index) as nodes, calls as edges. Each edge keeps its calls; an edge is
    `without_input` when one of its calls is reachable and without input."""

    def __init__(self, dialogs: list[DialogCalls]):
        import networkx as nx

        self.dialogs = {d.index: d for d in dialogs}
        self.graph = nx.DiGraph()
        self.graph.add_nodes_from(self.dialogs)
        by_id: dict[str, int] = {}
        for d in dialogs:
            if d.id:
                by_id.setdefault(d.id, d.index)
        for d in dialogs:
            if d.ref_id:
                by_id.setdefault(d.ref_id, d.index)
        self.by_id = by_id
        self.missing: list[tuple[DialogCalls, Call]] = []
        for d in dialogs:
            for call in d.calls:
                target = by_id.get(call.target)
                if target is None:
                    self.missing.append((d, call))
                    continue
                if self.graph.has_edge(d.index, target):
                    data = self.graph.edges[d.index, target]
                    data["calls"].append(call)
                    data["without_input"] |= call.reachable and call.without_input
                else:
                    self.graph.add_edge(d.index, target, calls=[call],
                                        without_input=call.reachable and call.without_input)

    @classmethod
    def of(cls, doc: Document) -> CallGraph:
        return cls(doc.calls)

    def __bool__(self) -> bool:
        return self.graph.number_of_edges() > 0 or bool(self.missing)

    def free_edges(self) -> nx.DiGraph:
        return self.graph.edge_subgraph(
            [(u, v) for u, v, free in self.graph.edges(data="without_input") if free])

    def cycles(self) -> list[CallCycle]:
        """One per strongly connected set of dialogs calling each other without input (or a
        dialog calling itself so), in the order of their first dialog."""
        import networkx as nx

        free = self.free_edges()
        out = []
        for comp in nx.strongly_connected_components(free):
            first = min(comp)
            if len(comp) == 1 and not free.has_edge(first, first):
                continue
            path = [first] if free.has_edge(first, first) else _shortest_cycle(free.subgraph(comp), first)
            nxt = path[1] if len(path) > 1 else first
            calls = [c for c in self.graph.edges[first, nxt]["calls"] if c.reachable and c.without_input]
            call = min(calls, key=lambda c: c.node_index)
            out.append(CallCycle(tuple(self.dialogs[k] for k in path),
                                 tuple(self.dialogs[k] for k in sorted(comp)), call))
        return sorted(out, key=lambda c: c.path[0].index)
