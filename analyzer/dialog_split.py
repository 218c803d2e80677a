"""A large input's dialogs analysed in two processes: the first half here, the second half by a
forked child (`check` with --jobs >= 2, the default on a machine with two cores; `report`).

Only where the halves are independent: an input without dialog components (a publish status or
a Publish API response, the large inputs), so no bot action is "analysed once, with its first
user" and no bot-level fact (calls, component users) crosses dialogs. The child sends back its
dialogs' findings, owners, counts and malformed parts; they are appended after this process's
own, which is the order one process would give. A report keeps every dialog's flow to draw it:
this process reads the child's dialogs meanwhile (reading is about a quarter of analysing: it
takes a smaller share, SHARE_KEPT), and takes only the findings from the child. When the child
cannot be started or fails, this process analyses the rest itself: the same findings, later.

One giant dialog (MIN_NODES nodes and more) has its rules shared the same way: every other rule
runs in a forked child, and the problems are put back in rule order.
"""
from __future__ import annotations

from typing import Any

from .workers import Later, later

MIN_SIZE = 16 << 20  # smaller inputs: forking costs more than the second core saves
MIN_NODES = 10_000  # smaller dialogs: their rules take less time than a fork costs
# This process's share of the dialogs, by size. A report also reads the child's dialogs here
# (their flows) at about a quarter of the cost of analysing them, and then builds the findings:
# with this share both processes end together (f + (1 - f) / 4 + ~0.03 = 1 - f).
SHARE_KEPT = 0.41
# What a report's page takes to prepare here first (Linter.analyze's meanwhile: importing the
# HTML reporter, compiling its templates, ~0.14 s CPU): about the time of analysing 7-9 MB (of
# which this process leaves the child the half that keeps both ending together: measured).
MEANWHILE_SIZE = 9 << 20


class DialogsPart:
    """What analysing a run of dialogs gives (Linter.dialogs). (A plain class: a dataclass costs
    ~1 ms of every start to define, and this one is built once an input.)"""

    def __init__(self) -> None:
        self.findings: list = []
        self.owners: dict = {}  # pointer -> the dialog its problems belong to
        self.dialogs = 0
        self.nodes = 0
        self.malformed: list = []  # read while reading these dialogs
        self.flows: list = []  # kept only for a report
        self.actions: list = []

    def add(self, other: DialogsPart) -> None:
        """`other`, the dialogs after these, appended."""
        self.findings += other.findings
        self.owners.update(other.owners)
        self.dialogs += other.dialogs
        self.nodes += other.nodes
        self.malformed += other.malformed
        self.flows += other.flows
        self.actions += other.actions


class Split:
    """The child analysing `rest` (PendingDialog items), and what this process needs to read or
    analyse them itself."""

    def __init__(self, child: Later, rest: list, reader: Any, linter: Any, input_index: int):
        self.child, self.rest, self.reader = child, rest, reader
        self.linter, self.input_index = linter, input_index

    def finish(self, part: DialogsPart, doc: Any, keep: bool = False) -> None:
        """The child's dialogs added to `part` (this process's own, analysed meanwhile); with
        keep, their flows too, read here while the child analyses them."""
        flows = None
        if keep:
            doc.pending, doc.reader = self.rest, self.reader
            flows = self.linter.read(doc)  # their malformed parts are in doc.malformed now
        more = self.child.result()
        if isinstance(more, DialogsPart):
            if keep:
                more.malformed, more.flows = [], flows
            else:
                doc.malformed.extend(more.malformed)
        else:  # the child failed: its dialogs are analysed here
            if not keep:
                doc.pending, doc.reader = self.rest, self.reader
            more = self.linter.dialogs(doc, self.input_index, keep=keep, flows=flows)
        part.add(more)

    def cancel(self) -> None:
        self.child.cancel()


def start(linter: Any, doc: Any, input_index: int, keep: bool = False, meanwhile: bool = False
          ) -> Split | None:
    """Fork a child analysing the second half (by size) of the pending dialogs, when worth it;
    `doc` keeps the first half pending (with keep, SHARE_KEPT of them; with meanwhile, other
    work to do first, less). None when not split."""
    pending = doc.pending
    if doc.components or doc.data is None or len(doc.data) < MIN_SIZE or len(pending) < 2:
        return None
    sizes = [len(item.raw) if item.raw is not None else 0 for item in pending]
    half = sum(sizes) * (SHARE_KEPT if keep else 0.5) - (MEANWHILE_SIZE / 2 if meanwhile else 0)
    size, k = 0, 0
    while k < len(pending) - 1 and size + sizes[k] <= half:
        size += sizes[k]
        k += 1
    k = max(k, 1)
    first, rest = pending[:k], pending[k:]
    doc.pending = rest  # what the child sees
    child = later(_analyse, (linter, doc, input_index))
    doc.pending = first if child is not None else pending
    return Split(child, rest, doc.reader, linter, input_index) if child is not None else None


def _analyse(state: tuple) -> DialogsPart:
    linter, doc, input_index = state
    return linter.dialogs(doc, input_index, keep=False)


def problems(rules: list, ctx: Any, share: bool) -> list[tuple[Any, Any]]:
    """(rule, problem) of every rule on the dialog of `ctx`, in rule order; with `share`, a giant
    dialog's rules are shared with a forked child (every other rule)."""
    if share and len(ctx.dialog.nodes) >= MIN_NODES and len(rules) > 1:
        theirs = rules[1::2]
        child = later(_check, (theirs, ctx))
        if child is not None:
            try:
                found = _check((rules[0::2], ctx))
            except BaseException:
                child.cancel()
                raise
            more = child.result()
            found.update(more if isinstance(more, dict) else _check((theirs, ctx)))
            return [(rule, p) for rule in rules for p in found[rule.code]]
    return [(rule, p) for rule in rules for p in rule.check(ctx)]


def _check(state: tuple) -> dict[str, list]:
    rules, ctx = state
    return {rule.code: list(rule.check(ctx)) for rule in rules}
