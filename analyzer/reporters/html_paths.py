"""A dialog's test paths in the report (`korelint paths`, issue 15): the "Test paths" line and,
when the dialog is drawn, a picker that lights one path up on the drawing, its steps listed."""
from __future__ import annotations

from dataclasses import dataclass, field
from json.encoder import encode_basestring_ascii as as_json  # a str as json.dumps writes it

from ..paths.plan import plan
from ..text import ID_LIMIT, unclipped
from .paths import EXITS, step_text

MAX_PICKS = 200  # paths offered by the picker: beyond, the plan is for `korelint paths`


@dataclass
class PathsView:
    line: str = ""  # conversations, coverable transitions, those that cannot be taken
    picks: str | None = None  # JSON for the picker: [{"ids": [...], "steps": [...]}], or None
    more: int = 0  # paths left out of the picker
    labels: list[str] = field(default_factory=list)  # each pickable path's option text


def paths_view(flow, drawing, languages: tuple[str, ...] = (), sentences=None) -> PathsView:
    d = plan("", flow, languages=languages, sentences=sentences)
    if not d.coverable and not d.uncoverable:
        return PathsView()
    n = len(d.paths)
    line = (f"{n} conversation{'' if n == 1 else 's'} take all {d.coverable} coverable "
            f"transition{'' if d.coverable == 1 else 's'}")
    if d.uncoverable:
        line += f"; {len(d.uncoverable)} cannot be taken"
    out = PathsView(line + " (korelint paths)")
    if not drawing.drawn or not d.paths:
        return out
    picks = []  # each path's {"ids": [...], "steps": [...]}, as json.dumps writes it
    whole = None  # the plan shows clipped ids; the drawing knows whole ones (unclipped)
    anchors, moves = drawing.anchors, drawing.moves
    # id(step) -> (its ids on the drawing, its text in JSON): the plan shares a step among its
    # paths (and holds every step while this runs, so no id is reused)
    marks: dict[int, tuple[list[str], str]] = {}
    for k, path in enumerate(d.paths[:MAX_PICKS], 1):
        ids: list[str] = []
        steps: list[str] = []
        for step in path.steps:
            found = marks.get(id(step))
            if found is None:
                raw = step.node
                if len(raw) > ID_LIMIT:  # clipped (clip_id makes no id of ID_LIMIT or less)
                    whole = unclipped(flow.first_index) if whole is None else whole
                    raw = whole.get(raw, raw)
                its_ids = [anchors[raw]] if raw in anchors else []
                move = moves.get((raw, step.transition)) if step.transition is not None else None
                if move is not None:
                    its_ids += move
                found = marks[id(step)] = (its_ids, as_json(step_text(step)))
            ids += found[0]
            steps.append(found[1])
        steps.append(as_json(EXITS.get(path.exit, path.exit)))
        if path.conflict:
            steps.append(as_json(f"conflict: {path.conflict}"))
        picks.append(f'{{"ids": [{", ".join(map(as_json, dict.fromkeys(ids)))}], '
                     f'"steps": [{", ".join(steps)}]}}')
        out.labels.append(f"path {k} · {len(path.steps)} step{'' if len(path.steps) == 1 else 's'}"
                          + (" · conflict" if path.conflict else ""))
    # In an HTML attribute (autoescaped by the template): ids are ours, texts cleaned by the plan.
    out.picks = f"[{', '.join(picks)}]"
    out.more = max(0, n - MAX_PICKS)
    return out

