"""Knowledge-graph terms are their own ancestors.

Why it matters: the graph of terms must be a tree (or a forest) under its root; a cycle of
parents has no path from the root, so its terms and their FAQs are unreachable, and tools that
walk the graph may loop. One finding per cycle, naming its terms.

Where to fix it in Bot Builder: nowhere; the Knowledge Graph builder adds each term under an
existing one, so a cycle comes from an imported file. Fix the parents in that JSON or CSV file and
import it again (Automation AI > Knowledge AI > FAQs, more icon > Import: it replaces the graph).

Fails::

    {"taxonomy": [{"nodeId": "t1", "parent": ["t2"]}, {"nodeId": "t2", "parent": ["t1"]}]}

Passes::

    {"taxonomy": [{"nodeId": "t1", "parent": []}, {"nodeId": "t2", "parent": ["t1"]}]}
"""
from __future__ import annotations

from collections.abc import Iterator

from ..findings import Problem
from ..text import listing, quote
from .base import KnowledgeContext

CODE = "KL402"
NAME = "kg-cycle"
SEVERITY = "error"
SCOPE = "knowledge"


def check(ctx: KnowledgeContext) -> Iterator[Problem]:
    from ..flow import cyclic  # with the analysis: listing the rules must not import msgspec

    tax = ctx.taxonomy
    order: dict[str, int] = {}
    for index, term in tax.terms:
        order.setdefault(term.node_id, index)
    parents: dict[str, list[str]] = {}  # term -> its parents among the graph's terms
    for _, term in tax.terms:
        for parent in term.parent or []:
            if isinstance(parent, str) and parent in order:
                parents.setdefault(term.node_id, []).append(parent)
    if not cyclic(parents):  # the usual tree: no graph to build
        return
    import networkx as nx  # with the analysis: listing the rules must not import it

    graph = nx.DiGraph()
    graph.add_nodes_from(order)
    for term, above in parents.items():
        graph.add_edges_from((term, parent) for parent in above)
    for comp in nx.strongly_connected_components(graph):
        if len(comp) > 1 or any(graph.has_edge(n, n) for n in comp):
            terms = sorted(comp, key=order.__getitem__)
            first = terms[0]
            yield Problem(f"terms {listing(terms)} of knowledge graph {quote(tax.name)} are their own "
                          f"ancestors",
                          f"{tax.pointer}/{order[first]}", node=first, nodes=tuple(terms),
                          detail=",".join(terms), order=order[first])
    graph.clear()  # its cached views make a cycle the disabled collector keeps (see engine.py)
