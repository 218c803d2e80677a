"""A knowledge-graph term names a parent id that does not exist.

Why it matters: the term hangs off a deleted or mistyped parent, so it is detached from the
graph: its FAQs are not found through the path of terms users' questions follow. One finding per
term and missing parent.

Where to fix it in Bot Builder: nowhere; the Knowledge Graph builder adds each term under an
existing one, so the parent was lost in an edited file. Fix the term's `parent` in that file and
import it again (Automation AI > Knowledge AI > FAQs, more icon > Import: it replaces the graph).

Fails::

    {"taxonomy": [{"nodeId": "t1", "label": "Loans", "parent": ["t0"]}]}

Passes::

    {"taxonomy": [{"nodeId": "t0", "label": "Bank", "parent": []},
                  {"nodeId": "t1", "label": "Loans", "parent": ["t0"]}]}
"""
from __future__ import annotations

from collections.abc import Iterator

from ..findings import Problem
from ..text import quote
from .base import KnowledgeContext

CODE = "KL401"
NAME = "kg-dangling-parent"
SEVERITY = "error"
SCOPE = "knowledge"


def check(ctx: KnowledgeContext) -> Iterator[Problem]:
    tax = ctx.taxonomy
    ids = {term.node_id for _, term in tax.terms}
    graph = None  # the graph's name quoted, once it is needed
    for index, term in tax.terms:
        if not term.parent:
            continue
        reported: set[str] = set()
        for j, parent in enumerate(term.parent):
            if not isinstance(parent, str) or parent in ids or parent in reported:
                continue  # a parent named twice is one finding, on its first mention
            reported.add(parent)
            if graph is None:
                graph = quote(tax.name)
            label = term.label if isinstance(term.label, str) else term.node_id
            yield Problem.made(f"term {quote(label)} of knowledge graph {graph} names the parent "
                               f"{quote(parent)}, which is not a term of the graph",
                               f"{tax.pointer}/{index}/parent/{j}", node=term.node_id, detail=parent,
                               order=index)
