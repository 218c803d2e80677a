"""`korelint diff`: what changed between two versions of a bot, and which findings NEW brings.

The model (`model`), the matching of dialogs and transitions (`match`), the comparison of one
pair of dialogs (`compare`) and of the components' content (`content`), what the HTML page
draws of a changed dialog (`drawn`). Here: every pair of
dialogs of two documents, read again one pair at a time after the linter streamed them (memory
stays bounded by two dialogs), and the findings of both sides told apart by fingerprint.
`analyzer.pipeline.diff` reads the inputs and runs the linter; reporters format the Diff.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from ..findings import Finding
from ..payload.document import DialogSource, Document
from ..text import clip_id
from .compare import DialogComparison, Shown
from .content import Components
from .drawn import added
from .match import Identity, match_dialogs
from .model import DialogChange, Diff, NodeChange, Side, TransitionChange

__all__ = ["Diff", "DialogChange", "Dialogs", "NodeChange", "Side", "TransitionChange", "changes",
           "findings"]


@dataclass
class Dialogs:
    """A document's dialogs, kept (still unread) before the linter streams them, so that they can
    be read again a pair at a time."""

    doc: Document
    items: list[Any]
    read: Callable[[Any], DialogSource | None]
    identify: Callable[[Any], tuple]
    _read: list[tuple] | None = None

    @classmethod
    def of(cls, doc: Document) -> Dialogs:
        if doc.pending:
            return cls(doc, list(doc.pending), doc.reader, doc.identify)
        return cls(doc, list(doc.dialogs), lambda d: d, lambda d: (d.id, d.ref_id, d.name, None, None))

    def _identified(self) -> list[tuple]:
        if self._read is None:
            self._read = [self.identify(item) for item in self.items]
        return self._read

    def identities(self) -> tuple[list[Identity], list[bytes | None]]:
        """How each dialog is recognised, and a digest of the bytes of its `nodes` (None: unknown)."""
        read = self._identified()
        return [Identity(*r[:3]) for r in read], [r[3] for r in read]


def alike(old: Dialogs, new: Dialogs) -> tuple[set[int], set[str]]:
    """Dialogs the same on both sides but for their timestamps, in inputs without components
    (what the dialog rules see is then the dialog alone): (OLD's positions, NEW's pointers).
    The linter need not see OLD's: their findings are NEW's (`findings(..., alike=...)`)."""
    if old.doc.components or new.doc.components or not old.doc.pending or not new.doc.pending:
        return set(), set()
    a, b = old._identified(), new._identified()
    olds, news = [Identity(*r[:3]) for r in a], [Identity(*r[:3]) for r in b]
    skip, pointers = set(), set()
    for i, j in match_dialogs(olds, news):
        if i is not None and j is not None and olds[i] == news[j] and a[i][4] is not None \
                and a[i][4] == b[j][4]:
            skip.add(i)
            pointers.add(new.items[j].pointer)
    return skip, pointers


@dataclass
class Changes:
    dialogs: list[DialogChange]
    unchanged: list[str]  # names of the dialogs matched and unchanged, in NEW's order
    matched: dict[tuple[str | None, str], tuple[str | None, str]]  # OLD (id, name) -> NEW's


def changes(old: Dialogs, new: Dialogs, mask: Callable[[str], str] | None = None,
            include_layout: bool = False, keep: bool = False) -> Changes:
    """Every dialog added, removed or changed from OLD to NEW, in NEW's order (removed last).
    With keep, each added or changed dialog keeps what the HTML page draws (`drawn`)."""
    shown = Shown(mask)
    (olds, old_nodes), (news, new_nodes) = old.identities(), new.identities()
    # Without components, two dialogs whose `nodes` are the same bytes (digests) differ at most by name:
    # not read again (a saved copy differs from the original by timestamps outside `nodes`).
    plain = not old.doc.components and not new.doc.components
    components = (Components(old.doc) if old.doc.components else None,
                  Components(new.doc) if new.doc.components else None)
    out = Changes([], [], {})
    for i, j in match_dialogs(olds, news):
        if i is None:
            d = news[j]
            source = new.read(new.items[j])
            out.dialogs.append(DialogChange("added", shown.id(d.id), shown.id(d.name) or "",
                                            node_count=len(source.nodes) if source else 0,
                                            drawn=added(source) if keep and source else None))
            continue
        if j is None:
            d = olds[i]
            out.dialogs.append(DialogChange("removed", shown.id(d.id), shown.id(d.name) or "",
                                            node_count=_count(old, i)))
            continue
        if plain and old_nodes[i] is not None and old_nodes[i] == new_nodes[j]:
            o, n = olds[i], news[j]
            out.matched[(clip_id(o.id), clip_id(o.name) or "")] = (clip_id(n.id), clip_id(n.name) or "")
            if o.name == n.name:
                out.unchanged.append(shown.id(n.name) or "")
            else:
                out.dialogs.append(DialogChange("changed", shown.id(n.id), shown.id(n.name) or "",
                                                shown.id(o.name)))
            continue
        a, b = old.read(old.items[i]), new.read(new.items[j])
        if a is None or b is None:  # unreadable on one side: a malformed-payload finding says so
            continue
        out.matched[(clip_id(a.id), clip_id(a.name) or "")] = (clip_id(b.id), clip_id(b.name) or "")
        change = DialogComparison(a, b, *components, shown, include_layout, keep).run()
        if change is None:
            out.unchanged.append(shown.id(b.name) or "")
        else:
            out.dialogs.append(change)
    return out


def _count(side: Dialogs, index: int) -> int:
    dialog = side.read(side.items[index])
    return len(dialog.nodes) if dialog is not None else 0


def adopt(found: list[Finding], old: Dialogs, skip: set[int]) -> list[Finding]:
    """OLD's findings with the dialog they belong to named, where the linter could not name it
    because `alike` kept that dialog from it (a failed resource of a publish status is its
    dialog's): as the linter names a finding's dialog, from its pointer up."""
    if not skip:
        return found
    owners: dict[str, tuple[str | None, str]] = {}
    read = old._identified()
    for k in skip:
        item, who = old.items[k], (clip_id(read[k][0]), clip_id(read[k][2]) or "")
        owners[item.pointer] = who
        if getattr(item, "resource_pointer", None):
            owners[item.resource_pointer] = who
    out = []
    for f in found:
        if f.dialog is None:
            ptr = f.pointer
            while ptr not in owners and ptr:
                ptr = ptr.rsplit("/", 1)[0]
            if ptr in owners:
                f = replace(f, dialog_id=owners[ptr][0], dialog=owners[ptr][1])
        out.append(f)
    return out


def findings(old: list[Finding], new: list[Finding], matched: dict,
             same: Callable[[Finding], bool] | None = None) -> tuple[list[Finding], list[Finding], int]:
    """(new, fixed, unchanged count): findings told apart by their baseline fingerprint, OLD's
    computed with the identity its dialog has in NEW (matched by refId or name, a dialog may
    carry another id there). `same`: NEW's findings known unchanged (in a dialog `alike` left
    out of OLD's analysis)."""
    known = [f for f in new if same is not None and same(f)]
    if known:
        new = [f for f in new if not same(f)]
    by_id = {k[0]: v for k, v in matched.items() if k[0] is not None}
    by_name = {k[1]: v for k, v in matched.items()}

    def in_new(f: Finding) -> str:
        target = by_id.get(f.dialog_id) if f.dialog_id is not None else by_name.get(f.dialog or "")
        if target is None:
            return f.fingerprint
        return replace(f, dialog_id=target[0], dialog=target[1]).fingerprint

    left = Counter(in_new(f) for f in old)
    fresh = []
    for f in new:
        if left[f.fingerprint] > 0:
            left[f.fingerprint] -= 1
        else:
            fresh.append(f)
    seen = Counter(f.fingerprint for f in new)
    fixed = []
    for f in old:
        key = in_new(f)
        if seen[key] > 0:
            seen[key] -= 1
        else:
            fixed.append(f)
    return fresh, fixed, len(new) - len(fresh) + len(known)


def build(old_side: Side, new_side: Side, dialog_changes: Changes, old_findings: list[Finding],
          new_findings: list[Finding], include_layout: bool = False,
          secrets: frozenset[str] = frozenset(), same: Callable[[Finding], bool] | None = None) -> Diff:
    fresh, fixed, unchanged = findings(old_findings, new_findings, dialog_changes.matched, same)
    return Diff(old_side, new_side, dialog_changes.dialogs, dialog_changes.unchanged, fresh, fixed,
                unchanged, include_layout, secrets)
