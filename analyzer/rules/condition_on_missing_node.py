"""A condition tests a node that is not in the dialog.

Why it matters: an entity test (`field`) or an intent test (`intent`) names a node of the dialog
by its id: `{"field": "nd-ent-5d78…"}` tests the value of the entity that node asks. When that
node is deleted (or the branch was copied from another dialog) the test names nothing: the
entity never has a value, so the branch does not do what was designed (an `equals` or `exists`
test never holds, a `does not equal` or `does not exist` test always does).

Which values are node ids: Bot Builder exports store node ids there (all the entity tests of
the 40 real exports korelint is tried on name a node of their dialog), but older payloads may
hold an entity's *name* instead. So a value is reported only when it has the shape of a node
id and no node of the dialog has it: a new-builder id (`nd-ent-<uuid>`, `nd-int-<uuid>`...) or
a legacy one (a node type followed by a number: `entity4`, `intent2`, `dialogAct7`). Other
values are not reported. Context tests (`context`) name variables, not nodes: not checked.

Where to fix it in Bot Builder: open the node's Connections and pick the branch's entity again
(the one it should test now), or delete the branch. One finding per branch.

Fails (no node `entity9` in the dialog)::

    {"if": {"field": "entity9", "op": "eq", "value": "gold"}, "then": "message5"}

Passes::

    {"if": {"field": "entity4", "op": "eq", "value": "gold"}, "then": "message5"}
    {"if": {"context": "entity9", "op": "eq", "value": "gold"}, "then": "message5"}
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from ..conditions import leaves
from ..findings import Problem
from ..payload.names import TYPE_WORDS
from ..text import quote
from .base import DialogContext, on_branch

CODE = "KL207"
NAME = "condition-on-missing-node"
SEVERITY = "error"
SCOPE = "dialog"

_NEW_ID = re.compile(r"nd-[a-z]{2,6}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_LEGACY_ID = re.compile(r"([A-Za-z]+)(\d+)")
_LEGACY_TYPES = frozenset(TYPE_WORDS) | {"FallbackMsg"}
_KEYS = ("field", "intent")


def looks_like_node_id(value: str) -> bool:
    """Whether a value has the shape Bot Builder gives node ids (new builder or legacy)."""
    if _NEW_ID.fullmatch(value):
        return True
    m = _LEGACY_ID.fullmatch(value)
    return m is not None and m.group(1) in _LEGACY_TYPES


def missing(ctx: DialogContext, cond) -> list[tuple[str, str]]:
    """(key, node id) of the tests of a condition naming a node id the dialog does not have."""
    out = []
    for test in leaves(cond):
        key = next((k for k in _KEYS if k in test), None)
        named = test.get(key) if key else None
        if (isinstance(named, str) and named not in ctx.flow.first_index and looks_like_node_id(named)
                and (key, named) not in out):
            out.append((key, named))
    return out


def check(ctx: DialogContext) -> Iterator[Problem]:
    for edge in ctx.branches():
        gone = missing(ctx, edge.condition)
        if gone:
            key, nid = gone[0]
            what = "entity" if key == "field" else "intent"
            more = f" (and {len(gone) - 1} more such tests)" if len(gone) > 1 else ""
            yield on_branch(edge, f"branch {edge.index + 1} of {ctx.label(edge.source)} tests the {what} "
                                  f"of node {quote(nid)}, which is not in this dialog (deleted?): the "
                                  f"branch cannot work as designed{more}")
