"""Which dialog of OLD is which of NEW, and which transition of a node is which.

Dialogs: by `_id`, then by `refId`, then by display name (exact, then ignoring case): a saved
publish status and a bot export may carry different ids for one dialog, and a renamed dialog
keeps its ids. Transitions of one node: by `metadata.connId` when both sides carry the same
one; else a conditional branch by its position among the node's branches with the same
condition, the `default` by itself (the k-th default with the k-th); branches left over on both
sides are paired in order, as a condition edited in place.
"""
from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import NamedTuple

from ..conditions import comparable
from ..payload import Transition


class Identity(NamedTuple):
    """How a dialog is recognised: its `_id`, `refId` and display name."""

    id: str | None
    ref_id: str | None
    name: str


def match_dialogs(old: Sequence[Identity], new: Sequence[Identity]) -> list[tuple[int | None, int | None]]:
    """Pairs of (OLD index, NEW index): matched, then added (None, j), then removed (i, None).
    Matched and added pairs come in NEW's order, removed ones in OLD's."""
    left_old = set(range(len(old)))
    left_new = set(range(len(new)))
    pairs: dict[int, int] = {}  # new index -> old index
    keys: list[Callable[[Identity], Hashable]] = [
        lambda d: d.id, lambda d: d.ref_id, lambda d: d.name, lambda d: d.name.casefold()]
    for key in keys:
        first: dict[Hashable, int] = {}
        for i in sorted(left_old):
            k = key(old[i])
            if k is not None and k != "":
                first.setdefault(k, i)
        for j in sorted(left_new):
            k = key(new[j])
            i = first.pop(k, None) if k is not None and k != "" else None
            if i is not None:
                pairs[j] = i
                left_old.discard(i)
                left_new.discard(j)
    out: list[tuple[int | None, int | None]] = [(pairs.get(j), j) for j in range(len(new))]
    out += [(i, None) for i in sorted(left_old)]
    return out


Indexed = tuple[int, Transition]  # (position in the node's transitions, the transition)


def _key(t: Transition) -> tuple:
    return ("if", comparable(t.condition)) if t.is_conditional else ("default",)


def _conn(t: Transition) -> str | None:
    return t.conn_id if isinstance(t.conn_id, str) and t.conn_id else None


def match_transitions(old: list[Indexed], new: list[Indexed]) -> list[tuple[Indexed | None, Indexed | None]]:
    """Pairs of one node's transitions (OLD, NEW); None on the side where it is absent. In NEW's
    order, then the removed ones in OLD's."""
    pairs: dict[int, Indexed] = {}  # NEW position -> OLD transition
    used: set[int] = set()  # OLD positions paired

    def pair(n: Indexed, o: Indexed) -> None:
        pairs[n[0]] = o
        used.add(o[0])

    by_conn: dict[str, Indexed] = {}
    for o in old:
        if (c := _conn(o[1])) is not None:
            by_conn.setdefault(c, o)
    for n in new:
        c = _conn(n[1])
        o = by_conn.pop(c, None) if c is not None else None
        if o is not None:
            pair(n, o)
    groups: dict[tuple, list[Indexed]] = {}
    for o in old:
        if o[0] not in used:
            groups.setdefault(_key(o[1]), []).append(o)
    for n in new:
        if n[0] in pairs:
            continue
        group = groups.get(_key(n[1]))
        if group:
            o = group.pop(0)
            pair(n, o)
    # Conditions edited in place: the leftover branches of both sides, in order.
    left_old = [o for o in old if o[0] not in used and o[1].is_conditional]
    for n in new:
        if n[0] not in pairs and n[1].is_conditional and left_old:
            o = left_old.pop(0)
            pair(n, o)
    out: list[tuple[Indexed | None, Indexed | None]] = [(pairs.get(n[0]), n) for n in new]
    out += [(o, None) for o in old if o[0] not in used]
    return out
