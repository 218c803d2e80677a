"""An entity test compares a list-of-values entity with a value it can never have.

Why it matters: a list-of-values entity only ever holds one of the values its list defines (the
user may type a title or a synonym; the entity takes the item's value). A branch testing it
against anything else is dead: `equals` never holds and its target is never reached,
`does not equal` always holds. It is usually a typo, a value renamed in the entity but not in
the connection, or a branch copied from another entity.

What is compared: the test's value against every item's `value`, `title` and synonyms, in every
language of the entity (`localeData.<lang>.allowedValues.values[]`), ignoring case and the
quotes the builder keeps around synonyms: a value that matches any of them is not reported.
Only `equals` (`eq`) and `does not equal` (`neq`) tests are checked, only of entities whose
list is written in the component (a list read from a variable at run time is not known), and
never a value holding a template or a context reference (`{{...}}`, `context.`).

Where to fix it in Bot Builder: open the node's Connections and pick the branch's value again
from the entity's list, or add the value to the entity's list of values. One finding per
branch.

Fails (the entity `Choice` lists `skin` and `hair`)::

    {"if": {"field": "entity1", "op": "eq", "value": "skn"}, "then": "message2"}

Passes::

    {"if": {"field": "entity1", "op": "eq", "value": "Skin"}, "then": "message2"}
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..conditions import leaves, show
from ..findings import Problem
from ..text import listing, quote
from .base import DialogContext, on_branch

if TYPE_CHECKING:  # types only: the registry is listed without the models and networkx
    from ..payload.document import ComponentInfo

CODE = "KL208"
NAME = "impossible-value"
SEVERITY = "warning"
SCOPE = "dialog"

_OPS = {"eq": "never holds", "neq": "always holds"}


def _word(value) -> str | None:
    """The value as the entity's list is compared (lower-cased); None when it is not a plain value."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    text = str(value).strip().strip('"').strip()
    if not text or "{{" in text or "context." in text:
        return None
    return text.lower()


def check(ctx: DialogContext) -> Iterator[Problem]:
    lists: dict[str, ComponentInfo] = {}
    for entry in ctx.dialog.nodes:
        comp = entry.component
        if entry.node.type == "entity" and comp is not None and comp.values is not None:
            lists.setdefault(entry.node.node_id, comp)
    if not lists:
        return
    for edge in ctx.branches():
        for test in leaves(edge.condition):
            comp = lists.get(test.get("field")) if isinstance(test.get("field"), str) else None
            op = test.get("op")
            word = _word(test.get("value")) if comp is not None and op in _OPS else None
            if word is None or comp is None or comp.values is None or word in comp.values:
                continue
            entity = ctx.flow.names.shown(test["field"])
            known = listing(list(comp.choices), 5)
            tested = show(test, names=ctx.flow.names)
            yield on_branch(edge, f"branch {edge.index + 1} of {ctx.label(edge.source)} tests {tested}, "
                                  f"but {quote(test.get('value'))} is none of the values, titles or synonyms "
                                  f"of the list-of-values entity {quote(entity)} ({known}): the test "
                                  f"{_OPS[op]}")
            break  # one finding per branch
