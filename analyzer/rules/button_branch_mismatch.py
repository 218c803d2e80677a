"""An entity's buttons and its branches do not match: a click never takes the branch meant for it.

Why it matters: a postback button (or a quick reply) shows its `title` but sends its `payload`
as the user's answer, and the entity takes that payload as its value. A branch that tests the
title (`Curriculum and Syllabi`) while the button sends something else (`Curriculum`) is never
taken by a click; a button whose payload no branch tests falls to the Else connection, usually
the wrong place (a "Main Menu" button that lands in the first menu item's answer). Users who
click never notice the mistake they did not make; testers who type the title do not see it.

What is compared: the buttons and quick replies of the entity's prompt (every channel, in the
bot's languages), read from the template without running it (a prompt whose buttons are built
by code is not checked), with the `equals` tests of the node's own connections on its own
entity; values are compared trimmed and ignoring case. A branch value that no button sends is
reported (with the button whose title it is, when there is one). A button whose payload no
branch tests is reported only when every branch of the node is such an `equals` test and the
click surely goes astray: there is no Else connection, or it ends the dialog, or it leads to the
answer of a tested value the button does not resemble (an Else connection leading somewhere of
its own is how the builder handles the last choice: not reported); never when the payload names
one of the bot's dialogs (the click may start that dialog instead). A
list-of-values entity takes the item a payload names, not the payload: its buttons are compared
with the items' values, titles and synonyms instead (a branch value the list lacks is KL208).
Only entities that take the text as it comes (`label`, `string`, `description`) and lists of
values are checked. One finding per node, listing every
mismatch.

Where to fix it in Bot Builder: open the entity node's User Prompts and make each button's
payload the value its connection tests (or change the connection's value to the payload), and
add a connection for each button that has none (Connections tab of the node).

Fails (the prompt's button "Curriculum and Syllabi" sends `Curriculum`)::

    {"if": {"field": "entity1", "op": "eq", "value": "Curriculum and Syllabi"}, "then": "message2"}

Passes::

    {"if": {"field": "entity1", "op": "eq", "value": "Curriculum"}, "then": "message2"}
"""
from __future__ import annotations

from collections.abc import Iterator
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

from ..conditions import leaves
from ..findings import Problem
from ..text import listing, quote
from .base import DialogContext

if TYPE_CHECKING:  # types only: the registry is listed without the models and networkx
    from ..flow import Edge
    from ..payload.document import ComponentInfo, Option

CODE = "KL213"
NAME = "button-branch-mismatch"
SEVERITY = "warning"
SCOPE = "dialog"

_TEXT_TYPES = (None, "label", "string", "description")


def _key(value) -> str | None:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    text = str(value).strip()
    if not text or "{{" in text or "context." in text:
        return None
    return text.lower()


def _dialog_names(ctx: DialogContext) -> set[str]:
    """What starts a dialog of the bot: its intent components' names."""
    return {k for c in ctx.document.components.values() if c.type == "intent" and c.dialog_id
            for k in (_key(c.name),) if k}


def check(ctx: DialogContext) -> Iterator[Problem]:
    languages = set(ctx.document.languages)
    seen: set[str] = set()
    dialogs: set[str] | None = None
    edges: dict[str, list[Edge]] = {}  # node id -> its transitions, grouped when first needed
    for entry in ctx.dialog.nodes:
        node, comp = entry.node, entry.component
        nid = node.node_id
        if node.type != "entity" or comp is None or nid in seen:
            continue
        seen.add(nid)
        listed = comp.entity_type == "list_of_values" and comp.values is not None
        if not listed and comp.entity_type not in _TEXT_TYPES:
            continue
        buttons = [o for o in comp.offered(languages) or () if _key(o.payload)]
        if not buttons:
            continue
        if dialogs is None:
            dialogs = _dialog_names(ctx)
            for edge in ctx.flow.edges:
                edges.setdefault(edge.source, []).append(edge)
        problems = (_listed(comp, buttons) if listed
                    else _compared(edges.get(nid, []), nid, buttons, dialogs))
        if problems:
            yield Problem(f"{ctx.label(nid)} offers buttons its connections do not match: "
                          + "; ".join(problems), entry.pointer, node=nid, order=entry.index)


def _listed(comp: ComponentInfo, buttons: list[Option]) -> list[str]:
    """A list-of-values entity: buttons whose payload is none of its values, titles or synonyms."""
    values = comp.values or frozenset()
    return [f"button {quote(o.title)} sends {quote(o.payload)}, which is none of the values, titles or "
            f"synonyms of the list ({listing(list(comp.choices), 5)}): the entity does not take it and "
            f"asks again" for o in buttons if (_key(o.payload) or "").strip('"') not in values]


def _compared(edges: list[Edge], nid: str, buttons: list[Option], dialogs: set[str]) -> list[str]:
    sent = {_key(o.payload) for o in buttons}
    titled: dict[str | None, Option] = {}
    for o in buttons:
        titled.setdefault(_key(o.title), o)
    out: list[str] = []
    tested: dict[str, tuple[object, str | None]] = {}  # value -> (as written, its branch's target)
    only_eq, fallback = True, None
    explained: set[Option] = set()
    for edge in edges:
        if not edge.conditional:
            fallback = fallback or edge
            continue
        for test in leaves(edge.condition):
            own = test.get("field") == nid and "context" not in test
            value = _key(test.get("value")) if own and test.get("op") == "eq" else None
            if value is None:
                only_eq = False
                continue
            tested.setdefault(value, (test.get("value"), edge.target))
            if value in sent:
                continue
            said = f"branch {edge.index + 1} tests {quote(test.get('value'))}"
            button = titled.get(value)
            if button is not None:
                explained.add(button)
                out.append(f"{said}, the title of button {quote(button.title)}, which sends "
                           f"{quote(button.payload)}: a click never takes it")
            else:
                near = _near(value, buttons)
                hint = f" (button {quote(near.title)} sends {quote(near.payload)})" if near else ""
                out.append(f"{said}, which no button sends{hint}")
    if tested and only_eq:
        for o in buttons:
            key = _key(o.payload)
            if key in tested or key in dialogs or o in explained:
                continue
            where = _lands(fallback, key, o, tested)
            if where:
                out.append(f"button {quote(o.title)} sends {quote(o.payload)}, which no branch tests: "
                           f"the click {where}")
    return out


def _near(value: str, buttons: list[Option]) -> Option | None:
    """The button whose payload looks most like a value (a typo: `smveceee` for `smvecece`)."""
    scored = [(SequenceMatcher(None, value, _key(o.payload) or "").ratio(), i) for i, o in enumerate(buttons)]
    best = max(scored, default=(0.0, -1))
    tied = sum(1 for score, _ in scored if score == best[0])
    return buttons[best[1]] if best[0] >= 0.8 and tied == 1 else None


def _lands(fallback: Edge | None, key: str | None, button: Option,
           tested: dict[str, tuple[object, str | None]]) -> str:
    """Where a click no branch tests goes, when that is surely not designed: "" when the Else
    connection leads somewhere of its own (it is how the builder handles the last choice)."""
    if fallback is None:
        return "matches no connection"
    if fallback.kind in ("end", "unconnected"):
        return "falls to the Else connection, which ends the dialog"
    if fallback.kind != "node":
        return ""
    shared = [v for v, (_, target) in tested.items() if target == fallback.target]
    if not shared:
        return ""
    # A button like the value whose answer the Else repeats (`course1`, `Courses1`) is served by it.
    words = {key, _key(button.title)} - {None}
    if any(SequenceMatcher(None, w, v).ratio() >= 0.8 for w in words for v in shared):
        return ""
    return f"falls to the Else connection, which leads to the answer of {quote(tested[shared[0]][0])}"
