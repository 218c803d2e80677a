"""One branch, one finding: when several rules describe the same conditional branch, only the
most specific finding is kept.

A branch's problems are of two kinds. Its condition (KL205 malformed-condition, KL206
unknown-operator, KL209 value-without-operator, KL203 duplicate-condition) decides whether and
when it fires; its target (KL101 dangling-target, KL204 unconnected-branch) says where it leads.
Of the condition's problems the one that explains the others is kept, in the order of CONDITION:
a condition that cannot be read (KL205) makes the rest moot; a test of a node the dialog no
longer has (KL207) cannot be evaluated as designed; an unknown operator (KL206) hides what the
test means; a value no list-of-values item has (KL208) is the value's fault; a value without an
operator (KL209) turns the test into an Exists test, which is also why such a test always holds
on its own entity (KL210) and why two such tests end up duplicates (KL203), so fixing it fixes
the others. A test of an entity the dialog has not asked yet (KL214) comes before a duplicate:
the test, not its place, is what to fix.
A branch that never fires as designed (KL205, or KL203: an earlier branch always takes it) leads
nowhere either: its target's problem is dropped too. Every other combination is kept: a branch
that does fire (KL206, KL209) and leads to a missing node is two defects, both reported.

The linter applies this to each dialog's problems, among the enabled rules only: ignoring KL205
shows the KL204 it would hide. Problems are told to be on one branch by their pointer
(`.../nodes/i/transitions/j`).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

# Condition rules, most specific first.
CONDITION = ("KL205", "KL207", "KL206", "KL208", "KL209", "KL210", "KL214", "KL203")
# Target rules (never both on one branch: a target is missing or dangling, not both).
TARGET = ("KL101", "KL204")
# Condition problems after which the branch never fires as designed: its target does not matter.
NEVER_FIRES = frozenset({"KL205", "KL203"})
BRANCH_RULES = frozenset(CONDITION + TARGET)


def one_per_branch(raw: Sequence[tuple]) -> list:
    """`raw`: (rule, problem, ...) tuples of one dialog; those that another rule's problem on the
    same branch makes redundant are left out (order kept)."""
    on_branch: dict[str, set[str]] = defaultdict(set)
    for item in raw:
        rule, problem = item[0], item[1]
        if rule.code in BRANCH_RULES and _is_branch(problem.pointer):
            on_branch[problem.pointer].add(rule.code)
    dropped: dict[str, set[str]] = {}
    for ptr, codes in on_branch.items():
        if len(codes) > 1:
            dropped[ptr] = _redundant(codes)
    if not dropped:
        return list(raw)
    return [item for item in raw if item[0].code not in dropped.get(item[1].pointer, ())]


def _redundant(codes: set[str]) -> set[str]:
    # KL205 and KL210 meet on one branch only when it has no condition at all (`"if": null` or
    # `{}`): that it always fires, and what it makes dead, is the more useful finding.
    first = {"KL205"} if {"KL205", "KL210"} <= codes else set()
    conditions = [c for c in CONDITION if c in codes and c not in first]
    out = first | set(conditions[1:])
    if codes & NEVER_FIRES - first:
        out |= codes & set(TARGET)
    return out


def _is_branch(pointer: str) -> bool:
    parts = pointer.rsplit("/", 2)
    return len(parts) == 3 and parts[1] == "transitions" and parts[2].isdigit()
