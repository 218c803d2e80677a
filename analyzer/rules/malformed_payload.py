"""A part of the input does not have the expected shape.

Why it matters: a dialog, node, resource or term korelint cannot read is a part of the bot no
other rule can check. Rather than stopping, korelint reports each such part here, says what is
wrong with it, and still analyses everything else, so one broken node never hides the defects
of the others. Transitions with neither `if` nor `default` are reported here too: the builder
ignores them.

Where to fix it in Bot Builder: nowhere; the builder never writes such a part, so the file was
edited by hand or cut short. Export the bot again (Deploy > Import & Export), or fix the JSON at the
finding's pointer and re-import it.

Fails (a node whose `nodeId` is not text, a transition of no kind)::

    {"nodeId": 42, "type": "message", "transitions": [{"default": "end"}]}
    {"nodeId": "message1", "type": "message", "transitions": [{"goto": "end"}]}

Passes::

    {"nodeId": "message1", "type": "message", "transitions": [{"default": "end"}]}
"""
from __future__ import annotations

from collections.abc import Iterator

from ..findings import Problem
from .base import DocumentContext

CODE = "KL001"
NAME = "malformed-payload"
SEVERITY = "error"
SCOPE = "document"


def check(ctx: DocumentContext) -> Iterator[Problem]:
    for m in ctx.document.malformed:
        yield Problem(m.reason, m.pointer, node=m.node, detail=m.pointer, order=m.node_index)
