"""A transition targets a node id that is not in the dialog.

Why it matters: the target node was deleted or renamed, or the payload was edited by hand. At
run time the platform cannot go on from this transition and the dialog ends abruptly, usually in
the middle of a conversation the user cares about. One finding per transition.

Where to fix it in Bot Builder: the node's Connection Properties; pick an existing node as the
connection's target, or delete the connection. The builder lists only existing nodes, so an unknown
id usually comes from a hand-edited or partly imported file.

Fails (there is no node `message9`)::

    {"nodeId": "script2", "type": "script", "transitions": [{"default": "message9"}]}

Passes::

    {"nodeId": "script2", "type": "script", "transitions": [{"default": "message4"}]}
    {"nodeId": "message4", "type": "message", "transitions": [{"default": "end"}]}
"""
from __future__ import annotations

from collections.abc import Iterator

from ..conditions import canonical
from ..findings import Problem
from ..text import quote
from .base import DialogContext

CODE = "KL101"
NAME = "dangling-target"
SEVERITY = "error"
SCOPE = "dialog"


def check(ctx: DialogContext) -> Iterator[Problem]:
    for edge in ctx.flow.edges:
        if edge.kind == "dangling":
            branch = "the default transition" if not edge.conditional else f"branch {edge.index + 1}"
            yield Problem(
                f"{branch} of {ctx.label(edge.source)} goes to {quote(edge.target)}, which is not a node "
                f"of this dialog",
                edge.pointer, node=edge.source, order=edge.source_index,
                # a branch and the default transition to one missing node are two problems:
                # they must not share a fingerprint (a baseline hid the new one)
                detail=(edge.target or "") + ("\x1f" + canonical(edge.condition) if edge.conditional else ""))
