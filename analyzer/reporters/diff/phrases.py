"""The sentences text and markdown share: one line per change, as a reviewer reads it."""
from __future__ import annotations

from ...diff.model import DialogChange, Diff, NodeChange, TransitionChange

MARKS = {"added": "+", "removed": "-", "changed": "~", "retargeted": "~", "condition": "~"}


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def counts(diff: Diff) -> list[str]:
    """The summary, a sentence per part: dialogs, nodes, transitions, findings."""
    c = diff.summary()

    def part(kind: str, words: tuple[str, ...]) -> str:
        shown = [f"{c[f'{kind}_{w}']} {w}" for w in words if c[f"{kind}_{w}"]]
        return ", ".join(shown) or "none changed"

    return [f"Dialogs: {part('dialogs', ('added', 'removed', 'renamed', 'changed', 'unchanged'))}.",
            f"Nodes: {part('nodes', ('added', 'removed', 'changed'))}.",
            f"Transitions: {part('transitions', ('added', 'removed', 'retargeted', 'condition'))}."
            .replace(" condition", " with a new condition"),
            f"Findings: {c['findings_new']} new, {c['findings_fixed']} fixed, "
            f"{c['findings_unchanged']} unchanged."]


def dialog_title(d: DialogChange) -> str:
    if d.change == "added":
        return f"dialog {d.name!r} added ({plural(d.node_count, 'node')})"
    if d.change == "removed":
        return f"dialog {d.name!r} removed ({plural(d.node_count, 'node')})"
    renamed = f", renamed from {d.old_name!r}" if d.old_name is not None else ""
    return f"dialog {d.name!r} changed{renamed}"


def node_line(n: NodeChange) -> str:
    if n.change != "changed":
        return f"{n.label} {n.change}"
    what = ", ".join(n.what)
    if "position" in n.what and n.old_position and n.new_position:
        what = what.replace("position", f"position ({_at(n.old_position)} -> {_at(n.new_position)})")
    return f"{n.label}: {what} changed"


def _at(p: tuple[float, float]) -> str:
    return f"{p[0]:g},{p[1]:g}"


def transition_line(t: TransitionChange) -> str:
    branch = "default" if t.branch == "default" else f"branch `{t.branch}`"
    if t.change == "added":
        return f"{t.label}: {branch} added, to {t.new_target_name}"
    if t.change == "removed":
        return f"{t.label}: {branch} removed (went to {t.old_target_name})"
    if t.change == "retargeted":
        if t.new_target_name == "not connected":
            return f"{t.label}: {branch} is no longer connected (went to {t.old_target_name})"
        return f"{t.label}: {branch} now goes to {t.new_target_name} (was {t.old_target_name})"
    return f"{t.label}: condition `{t.old_condition}` is now `{t.new_condition}`"
