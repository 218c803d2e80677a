"""One pair of dialogs (OLD, NEW) -> what changed: nodes (by `nodeId`) and transitions.

Only what a reviewer reads in Bot Builder is compared: node types, components and their
content, transitions and their conditions; canvas positions only when asked (layout moves are
noise in a review). Timestamps, key order and white space are never looked at, so a reformatted
copy has no changes. Every text shown is masked (`Shown`) before it is shortened.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ..conditions import comparable, show
from ..credentials.mask import mask_known
from ..flow import END, position
from ..payload import Transition
from ..payload.document import DialogSource, NodeEntry
from ..payload.names import NodeNames, short_id
from ..text import clean, clip_id, shorten
from .content import ASPECTS, Components
from .drawn import Move, merged
from .match import Indexed, match_transitions
from .model import DialogChange, NodeChange, TransitionChange

EXCERPT = 120  # characters of a before/after text
_LEAD = 30  # characters shown before the first difference of two long texts
_SPACES = re.compile(r"\s+")


class Shown:
    """Payload text as outputs show it: credentials masked (the inputs' own, found by the
    linter, and those of known formats), then shortened and made printable."""

    def __init__(self, mask: Callable[[str], str] | None = None):
        self.mask = mask

    def __call__(self, text: Any, limit: int = EXCERPT) -> str:
        return clean(shorten(self._masked(text), limit))

    def pair(self, a: Any, b: Any, limit: int = EXCERPT) -> tuple[str | None, str | None]:
        """Excerpts of two versions of a text, from a little before where they first differ:
        two long scripts that share their first lines show the lines that changed."""
        texts = [None if t is None else _SPACES.sub(" ", self._masked(t)).strip() for t in (a, b)]
        if None in texts:
            return tuple(None if t is None else clean(shorten(t, limit)) for t in texts)  # type: ignore
        x, y = texts
        k = next((i for i, (p, q) in enumerate(zip(x, y, strict=False)) if p != q), min(len(x), len(y)))
        start = max(0, k - _LEAD) if k > limit - _LEAD else 0
        return tuple(clean(("…" if start else "") + shorten(t[start:], limit)) for t in (x, y))  # type: ignore

    def _masked(self, text: Any) -> str:
        text = text if isinstance(text, str) else str(text)
        return mask_known(self.mask(text) if self.mask is not None else text)

    def id(self, text: str | None) -> str | None:
        return None if text is None else self(clip_id(text) or "", 10_000)


def _entry(dialog: DialogSource) -> str | None:
    return next((e.node.node_id for e in dialog.nodes if e.node.type == "intent"), None)


def _by_id(dialog: DialogSource) -> dict[str, NodeEntry]:
    out: dict[str, NodeEntry] = {}
    for e in dialog.nodes:
        out.setdefault(e.node.node_id, e)
    return out


class _Side:
    """One dialog of the pair: its nodes by id, their builder names, its components' content."""

    def __init__(self, dialog: DialogSource, components: Components | None):
        self.dialog = dialog
        self.nodes = _by_id(dialog)
        self.names = NodeNames(dialog.nodes, _entry(dialog))
        self.components = components

    def aspects(self, e: NodeEntry) -> dict[str, str] | None:
        if e.component is None or self.components is None:
            return None
        return self.components.of(e.component)

    def target(self, target: str | None, shown: Shown) -> str:
        """A transition's target as text outputs name it."""
        if target in (None, ""):
            return "not connected"
        if target == END:
            return "end of dialog"
        if target in self.nodes:
            return shown(self.names.label(target), 10_000)
        return f"{shown(repr(target))} (no such node)"


def _transitions(e: NodeEntry | None) -> list[Indexed]:
    if e is None:
        return []
    return [(i, t) for i, t in enumerate(e.node.transitions or ())
            if t.model_fields_set & {"condition", "default"}]


def _target(t: Transition | None) -> str | None:
    if t is None:
        return None
    return t.target or ""


def _same_node(old: NodeEntry, new: NodeEntry) -> bool:
    """Whether the node reads the same (its transitions included): the common case, checked at
    C speed before anything is matched."""
    if old.node != new.node:
        return False
    a, b = old.node.transitions or (), new.node.transitions or ()
    return all(s.model_fields_set == t.model_fields_set for s, t in zip(a, b, strict=True))


def _same_component(old: NodeEntry, new: NodeEntry) -> bool:
    """The same `componentId`, or components with the same `refId` (a bot imported elsewhere
    gets new component ids and keeps their refIds)."""
    a, b = old.node.component_id, new.node.component_id
    if a == b or not (isinstance(a, str) or isinstance(b, str)):
        return True
    ref_a = old.component.ref_id if old.component is not None else None
    ref_b = new.component.ref_id if new.component is not None else None
    return ref_a is not None and ref_a == ref_b


class DialogComparison:
    def __init__(self, old: DialogSource, new: DialogSource, old_components: Components | None,
                 new_components: Components | None, shown: Shown, include_layout: bool = False,
                 keep: bool = False):
        self.old = _Side(old, old_components)
        self.new = _Side(new, new_components)
        self.shown = shown
        self.include_layout = include_layout
        self.keep = keep  # keep what the HTML page draws (drawn.merged)
        self.moves: list[Move] = []  # every transition change, as stored (for the drawing)

    def run(self) -> DialogChange | None:
        nodes: list[NodeChange] = []
        transitions: list[TransitionChange] = []
        marks: dict[str, str] = {}  # node id -> its change, for the drawing
        for nid, e in self.new.nodes.items():
            before = self.old.nodes.get(nid)
            change = self._node(before, e, nid)
            if change is not None:
                nodes.append(change)
                marks[nid] = change.change
            if before is None or not _same_node(before, e):  # else: the same transitions
                transitions += self._transitions(nid, before, e)
        for nid, e in self.old.nodes.items():
            if nid not in self.new.nodes:
                nodes.append(self._node_change("removed", nid, self.old))
                marks[nid] = "removed"
                transitions += self._transitions(nid, e, None)
        old, new = self.old.dialog, self.new.dialog
        renamed = self.shown.id(old.name) if old.name != new.name else None
        if not nodes and not transitions and renamed is None:
            return None
        drawn = merged(old, new, marks, self.moves) if self.keep else None
        return DialogChange("changed", self.shown.id(new.id), self.shown.id(new.name) or "", renamed,
                            tuple(nodes), tuple(transitions), len(new.nodes), drawn)

    # -- nodes -----------------------------------------------------------------------------
    def _node_change(self, change: str, nid: str, side: _Side, what: tuple[str, ...] = (),
                     before: str | None = None, after: str | None = None,
                     positions: tuple = (None, None)) -> NodeChange:
        shown = self.shown
        return NodeChange(change, shown.id(nid) or "", shown.id(side.names.shown(nid)) or "",
                          side.names.word(nid), shown(side.names.label(nid), 10_000), what, before, after,
                          *positions)

    def _node(self, old: NodeEntry | None, new: NodeEntry, nid: str) -> NodeChange | None:
        if old is None:
            return self._node_change("added", nid, self.new)
        what: list[str] = []
        pieces: list[tuple[str, Any, Any]] = []  # (aspect, before, after) of what has a text

        def note(aspect: str, a: Any, b: Any) -> None:
            what.append(aspect)
            pieces.append((aspect, a, b))

        if old.node.type != new.node.type:
            note("type", self.old.names.word(nid), self.new.names.word(nid))
        if not _same_component(old, new):
            what.append("component")
        a, b = self.old.aspects(old), self.new.aspects(new)
        if a is not None and b is not None:
            steps = [k for k in dict.fromkeys([*a, *b]) if k not in ASPECTS]  # a bot action's steps
            for aspect in (*ASPECTS, *steps):
                if a.get(aspect) != b.get(aspect):
                    note(aspect, a.get(aspect), b.get(aspect))
        positions: tuple = (None, None)
        if self.include_layout:
            p, q = position(old), position(new)
            if p != q:
                what.append("position")
                positions = (p, q)
        if not what:
            return None
        return self._node_change("changed", nid, self.new, tuple(what), *self._excerpts(pieces),
                                 positions=positions)

    def _excerpts(self, pieces: list[tuple[str, Any, Any]]) -> tuple[str | None, str | None]:
        """before, after: the one text that changed, or `aspect: text` of each, joined."""
        excerpts = [(aspect, *self.shown.pair(a, b)) for aspect, a, b in pieces]

        def joined(which: int) -> str | None:
            texts = [(e[0], e[which]) for e in excerpts if e[which] is not None]
            if len(excerpts) == 1:
                return texts[0][1] if texts else None
            return " · ".join(f"{aspect}: {t}" for aspect, t in texts) or None
        return joined(1), joined(2)

    # -- transitions -----------------------------------------------------------------------
    def _transitions(self, nid: str, old: NodeEntry | None, new: NodeEntry | None) -> list[TransitionChange]:
        out: list[TransitionChange] = []
        for o, n in match_transitions(_transitions(old), _transitions(new)):
            ot, nt = (o[1] if o else None), (n[1] if n else None)
            if ot is None or nt is None or ot != nt or ot.model_fields_set != nt.model_fields_set:
                self.moves.append(Move(nid, ot, nt))
            if ot is None:
                out.append(self._transition("added", nid, None, nt))
                continue
            if nt is None:
                out.append(self._transition("removed", nid, ot, None))
                continue
            if ot.is_conditional and comparable(ot.condition) != comparable(nt.condition):
                out.append(self._transition("condition", nid, ot, nt))
            if _target(ot) != _target(nt):
                out.append(self._transition("retargeted", nid, ot, nt))
        return out

    def _transition(self, change: str, nid: str, old: Any, new: Any) -> TransitionChange:
        side = self.new if nid in self.new.nodes else self.old
        shown = self.shown

        def condition(t: Any, names: NodeNames) -> str | None:
            if t is None or not t.is_conditional:
                return None
            return shown(show(t.condition, 10_000, names=names), 300)

        old_cond, new_cond = condition(old, self.old.names), condition(new, self.new.names)
        before = self.old.target(_target(old), shown) if old is not None else None
        after = self.new.target(_target(new), shown) if new is not None else None
        if before == after and _target(old) != _target(new):  # two nodes of one name: tell them apart
            before, after = (f"{name} ({short_id(shown.id(t) or '')})" for name, t in
                             ((before, _target(old)), (after, _target(new))))
        branch = "default" if (new or old).is_default else (new_cond or old_cond or "")
        return TransitionChange(
            change, shown.id(nid) or "", shown.id(side.names.shown(nid)) or "",
            shown(side.names.label(nid), 10_000), branch,
            shown.id(_target(old)), shown.id(_target(new)),
            before, after, old_cond, new_cond)
