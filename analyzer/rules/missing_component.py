"""A node runs a component that is not in the export.

Why it matters: a dialog node is only a place on the canvas; what it does (the message it says,
the entity it asks, the service it calls) is its component, found by `componentId` among the
export's components. A node whose component is not there has nothing to run: importing the
export fails or leaves the node broken (Kore.ai's own export parser reports an "unresolved
component"). It happens when an export is edited by hand, or assembled from the parts of
different bots.

Only bot exports (`dialogComponents`) and dialog exports (`components`) are checked, and only
when every component of their list could be read: a publish status carries no components, and
a malformed component's id may be the one that looks missing. A node without `componentId` is
not reported.

Where to fix it in Bot Builder: the node cannot be repaired from the export; open the dialog,
delete the node and add it again (or import the export the node came from). One finding per
node.

Fails (a bot export whose `dialogComponents` has no `dc-2`)::

    {"nodeId": "message1", "type": "message", "componentId": "dc-2",
     "transitions": [{"default": "end"}]}

Passes: the same node when `dialogComponents` holds `{"_id": "dc-2", "type": "message", ...}`.
"""
from __future__ import annotations

from collections.abc import Iterator

from ..findings import Problem
from ..text import quote
from .base import DialogContext

CODE = "KL109"
NAME = "missing-component"
SEVERITY = "error"
SCOPE = "dialog"

_EXPORTS = ("bot-export", "dialog-export")


def check(ctx: DialogContext) -> Iterator[Problem]:
    doc = ctx.document
    if doc.kind not in _EXPORTS or not doc.components_listed:
        return
    for entry in ctx.dialog.nodes:
        cid = entry.node.component_id
        if isinstance(cid, str) and cid and cid not in doc.component_ids:
            nid = entry.node.node_id
            yield Problem(f"{ctx.label(nid)} runs the component {quote(cid)}, which is not among the "
                          "export's components: the node has nothing to run", f"{entry.pointer}/componentId",
                          node=nid, detail=cid, order=entry.index)
