"""Trading a path no conversation can take for one that can (issue 15).

The cover (paths.cover) knows transitions, not values: a path may take `Tier equals 'gold'` and
later `Tier equals 'silver'` although Tier was asked once. Such a path is traded, when possible,
for a feasible one, keeping the number of paths (the minimum) and every transition covered:

1. swap tails with another path at a node both pass, when the two then hold fewer conflicts
   (together they take the same transitions as before: gold with gold, silver with silver);
2. else rebuild it: through the transitions no other path takes, in its order, joined by the
   shortest detours that stay consistent with the values fixed so far.

Both are searches bounded by `BUDGET` (steps read by conflict checks) per dialog: when they find nothing the
path is kept and marked `conflict` (paths.plan) - no feasible replacement may exist at all.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Callable

from .cover import EXIT, Step

# steps looked at by conflict checks per dialog (a check reads its whole walk), so that a big
# dialog with many conflicting paths stays bounded: under a second of work here
BUDGET = 400_000
Moves = dict[str, list[tuple[int | None, object, str | None]]]
Conflict = Callable[[list[Step]], "str | None"]


class _Budget:
    def __init__(self, checks: int) -> None:
        self.left = checks

    def check(self, conflict: Conflict, steps: list[Step]) -> str | None:
        self.left -= len(steps) + 1
        return conflict(steps)


def untangle(paths: list[list[Step]], exits: list[str], moves: Moves, conflict: Conflict) -> None:
    """Replace, in place, each path `conflict` objects to by a feasible one where found."""
    budget = _Budget(BUDGET)
    for i in range(len(paths)):
        while budget.left > 0 and conflict(paths[i]) is not None:
            if not _swap(paths, exits, i, conflict, budget):
                _rebuild(paths, exits, i, moves, conflict, budget)
                break


def _swap(paths, exits, i: int, conflict: Conflict, budget: _Budget) -> bool:
    mine = paths[i]
    for j, other in enumerate(paths):
        if j == i:
            continue
        where: dict[str, list[int]] = {}
        for b, step in enumerate(other):
            where.setdefault(step.node, []).append(b)
        for a in range(1, len(mine)):
            for b in where.get(mine[a].node, ()):
                if budget.left <= 0:
                    return False
                new_i, new_j = mine[:a] + other[b:], other[:b] + mine[a:]
                if budget.check(conflict, new_i) is not None and budget.check(conflict, new_j) is not None:
                    continue
                after = sum(budget.check(conflict, p) is not None for p in (new_i, new_j))
                if after < 1 + (budget.check(conflict, other) is not None):  # fewer conflicts
                    paths[i], paths[j] = new_i, new_j
                    exits[i], exits[j] = exits[j], exits[i]  # the exit goes with the tail
                    return True
    return False


def _rebuild(paths, exits, i: int, moves: Moves, conflict: Conflict, budget: _Budget) -> bool:
    elsewhere = {(s.node, s.transition) for j, p in enumerate(paths) if j != i for s in p}
    needed: list[Step] = []
    for step in paths[i]:
        if (step.node, step.transition) not in elsewhere and step not in needed:
            needed.append(step)
    target_of = {(u, t): (v, how) for u, items in moves.items() for t, v, how in items}
    walk: list[Step] = []
    at: object = paths[i][0].node
    how = None
    for step in needed:
        if at == EXIT:
            return False  # a needed step after the end: no single walk takes them all
        detour = _detour(at, step, walk, moves, conflict, budget)
        if detour is None:
            return False
        walk += [*detour, step]
        at, how = target_of.get((step.node, step.transition), (None, None))
        if at is None:
            return False
    if at != EXIT:
        detour = _detour(at, None, walk, moves, conflict, budget)
        if detour is None:
            return False
        walk += detour
        how = target_of[(walk[-1].node, walk[-1].transition)][1]
    paths[i], exits[i] = walk, how or exits[i]
    return True


def _detour(start, goal: Step | None, walk: list[Step], moves: Moves, conflict: Conflict,
            budget: _Budget) -> list[Step] | None:
    """The shortest steps from `start` to `goal`'s node after which `goal` can still be taken
    consistently (None: to the exit, the last step included)."""
    def arrives(node, prefix: list[Step]) -> bool:
        if goal is None:
            return node == EXIT
        return node == goal.node and budget.check(conflict, walk + prefix + [goal]) is None

    if arrives(start, []):
        return []
    before: dict[object, tuple[object, Step] | None] = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        prefix = _prefix(before, node)
        for transition, nxt, _how in moves.get(node, ()):
            if nxt in before or budget.left <= 0:
                continue
            step = Step(node, transition)
            if budget.check(conflict, walk + prefix + [step]) is not None:
                continue
            if arrives(nxt, prefix + [step]):
                return prefix + [step]
            if goal is not None and nxt == goal.node:
                continue  # not this way: another way to it may still let `goal` be taken
            before[nxt] = (node, step)
            if nxt != EXIT:
                queue.append(nxt)
    return None


def _prefix(before: dict, node) -> list[Step]:
    steps: list[Step] = []
    while before[node] is not None:
        node, step = before[node]
        steps.append(step)
    return steps[::-1]
