"""No path of transitions leads from the entry to the node.

Why it matters: an unreachable node never runs. It is usually a node whose incoming transition
was removed by mistake (so a part of the conversation silently disappeared), or dead weight that
makes the dialog harder to maintain. Dialogs without an entry are left to `missing-entry`.

One finding per unreachable region: unreachable nodes connected among themselves (a weakly
connected part of the unreachable nodes) are one piece cut off the dialog, so they are reported
once, on the region's root, with `nodes` listing all of them (the root first, then dialog order).
The root is the first node, in dialog order, that no other unreachable node leads to (the first
node of the region when it is a closed cycle): reconnecting it usually brings the whole region
back. A region of one node keeps the finding (and fingerprint) a single node always had.

Where to fix it in Bot Builder: connect a transition of a reachable node to the root, or delete
the region's nodes.

Fails (nothing leads to `message5`)::

    {"nodeId": "intent0", "type": "intent", "transitions": [{"default": "message1"}]}
    {"nodeId": "message1", "type": "message", "transitions": [{"default": "end"}]}
    {"nodeId": "message5", "type": "message", "transitions": [{"default": "end"}]}

Passes: `message1` goes on to `message5` instead of `end`.
"""
from __future__ import annotations

from collections.abc import Iterator

from ..findings import Problem
from ..text import listing
from .base import DialogContext

CODE = "KL102"
NAME = "unreachable-node"
SEVERITY = "warning"
SCOPE = "dialog"


def check(ctx: DialogContext) -> Iterator[Problem]:
    flow = ctx.flow
    if flow.entry is None:
        return
    # Readable nodes only: what an unreadable node does is unknown (it is a malformed-payload).
    cut_off = [nid for nid in flow.types if nid not in flow.reachable]
    if not cut_off:
        return
    import networkx as nx  # when there is something to group: most dialogs never need it

    sub = flow.graph.subgraph(cut_off)
    for component in nx.weakly_connected_components(sub):
        region = flow.sorted_nodes(component)
        roots = [n for n in region if not any(p != n for p in sub.predecessors(n))]
        root = roots[0] if roots else region[0]
        rest = [n for n in region if n != root]
        message = f"{ctx.label(root)} cannot be reached from the entry node {ctx.label(flow.entry)}"
        if rest:
            hang = "node hangs" if len(rest) == 1 else "nodes hang"
            message += f"; {len(rest)} more unreachable {hang} on it: {listing(ctx.flow.names.labels(rest))}"
        yield Problem(message, ctx.node_pointer(root), node=root, nodes=(root, *rest),
                      order=flow.order(root))
