"""A branch whose test always holds where it is: the node's later connections never fire.

Why it matters: Kore tries a node's connections in order and takes the first whose condition
holds. A branch that always holds there makes every later branch, and the default, dead. Two
forms are certain:

- an **exists** test (no operator) of the entity its own node has just asked: the node only
  moves on once the entity has a value (a mandatory entity: the user is asked again until the
  answer is valid, and the dialog ends when the retries run out), so "entity exists" always
  holds. Bot Builder writes this test when a connection is added from an entity node; several
  such branches with different sample user responses (`userUtterance`) are read as a menu, but
  only the first ever fires. Entities marked optional or hidden may have no value: not
  reported;
- a branch with no condition at all (`"if": null` or `{}`): it always fires.

Not reported when no path is lost: the branch is the node's last connection, or every later
connection ends the dialog (`end`, or not connected: `""`) or goes where the branch goes. One
finding per node, on the first such branch (a later repeat of the same test is
`duplicate-condition`'s).

Where to fix it in Bot Builder: open the node's Connections; give the branch a test that can
fail (an operator and a value: `Choice equals 'skin'`), or move the connections that must win
above it, or delete the dead ones.

Fails (entity1 is a mandatory entity)::

    {"nodeId": "entity1", "type": "entity", "transitions": [
        {"if": {"field": "entity1"}, "then": "message2"}, {"default": "message3"}]}

Passes::

    {"nodeId": "entity1", "type": "entity", "transitions": [
        {"if": {"field": "entity1", "op": "eq", "value": "skin"}, "then": "message2"},
        {"default": "message3"}]}
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ..conditions import is_exists, show
from ..findings import Problem
from ..text import listing
from .base import DialogContext, on_branch

if TYPE_CHECKING:  # types only: the registry is listed without the models and networkx
    from ..payload.records import Node

CODE = "KL210"
NAME = "always-true-branch"
SEVERITY = "warning"
SCOPE = "dialog"

_MAX_DEPTH = 20
_ENDS = ("end", "unconnected")  # later connections whose loss changes no path through the dialog


def always(cond: Any, asked: str | None, depth: int = 0) -> bool:
    """Whether a condition always holds at a node that has just asked the entity `asked`."""
    if cond is None or cond == {}:
        return True
    if not isinstance(cond, dict) or depth > _MAX_DEPTH:
        return False
    tests = cond.get("tests")
    if "conjoin" in cond and isinstance(tests, list) and tests:
        join = str(cond.get("conjoin")).lower()
        holds = [always(t, asked, depth + 1) for t in tests]
        return any(holds) if join == "or" else all(holds) if join == "and" else False
    return (asked is not None and "field" in cond and cond.get("field") == asked
            and is_exists(cond.get("op")))


def mandatory_entity(node: Node) -> bool:
    """An entity node the dialog only leaves once it has a value (not optional, not hidden)."""
    if node.type != "entity":
        return False
    options = node.node_options if isinstance(node.node_options, dict) else {}
    return options.get("promptOptions") in (None, "required") and options.get("isOptional") is not True


def check(ctx: DialogContext) -> Iterator[Problem]:
    by_node = ctx.flow.edges_by_node
    for entry in ctx.dialog.nodes:
        edges = by_node.get(entry.index, [])
        nid = entry.node.node_id
        asked = nid if mandatory_entity(entry.node) else None
        first = next((e for e in edges if e.conditional and always(e.condition, asked)), None)
        if first is None:
            continue
        later = [e for e in edges if e.index > first.index]
        lost = [e for e in later if e.kind not in _ENDS and e.target != first.target]
        if not lost:
            continue
        dead = [f"branch {e.index + 1}" for e in later if e.conditional]
        if any(not e.conditional for e in later):
            dead.append("the default")
        why = ("has no condition: it always fires" if first.condition in (None, {}) else
               f"tests {show(first.condition, names=ctx.flow.names)}, which always holds once the "
               "entity is asked")
        targets = listing([ctx.flow.names.shown(e.target) for e in lost if e.kind == "node"], 4)
        lose = f" (their direct connection to {targets} is never taken)" if targets else ""
        yield on_branch(first, f"branch {first.index + 1} of {ctx.label(nid)} {why}: "
                               f"{_joined(dead)} never fire{'s' if len(dead) == 1 else ''}{lose}")


def _joined(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
