"""The report's path picker (analyzer/reporters/html_paths.py) writes its JSON a string at a time,
each step's text encoded once: on generated dialogs (ids with quotes, backslashes, line breaks,
non-ASCII letters, ids long enough to be clipped), it is what json.dumps gave for the picks built
as before."""
from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st
from paths.test_cover_properties import flow_of

from analyzer.drawing import draw
from analyzer.paths.plan import plan
from analyzer.reporters.html_paths import MAX_PICKS, paths_view
from analyzer.reporters.paths import EXITS, step_text
from analyzer.text import unclipped
from helpers import dialog, publish_status

SHORT = st.text(st.sampled_from("ab'\"\\ é\n1_-(),\u2028😀"), min_size=1, max_size=4)
LONG = st.text(st.sampled_from("ab\"é\n"), min_size=195, max_size=210)  # ID_LIMIT is 200


@st.composite
def payloads(draw_):
    ids = draw_(st.lists(st.one_of(SHORT, LONG), min_size=2, max_size=5, unique=True))
    nodes = []
    for i, nid in enumerate(ids):
        targets = st.sampled_from([*ids, "end", ""])
        transitions = [{"if": {"context": draw_(SHORT), "op": "eq", "value": draw_(SHORT)},
                        "then": draw_(targets)} for _ in range(draw_(st.integers(0, 2)))]
        transitions.append({"default": draw_(targets)})
        kind = "intent" if i == 0 else draw_(st.sampled_from(["message", "entity"]))
        nodes.append({"nodeId": nid, "type": kind, "transitions": transitions})
    return publish_status(dialog(*nodes))


def picks_as_before(flow, drawing) -> str | None:
    d = plan("", flow)
    if not drawing.drawn or not d.paths:
        return None
    whole = unclipped(flow.first_index)
    picks = []
    for path in d.paths[:MAX_PICKS]:
        ids, steps = [], []
        for step in path.steps:
            raw = whole.get(step.node, step.node)
            ids += [drawing.anchors[raw]] if raw in drawing.anchors else []
            ids += drawing.moves.get((raw, step.transition), ()) if step.transition is not None else ()
            steps.append(step_text(step))
        steps.append(EXITS.get(path.exit, path.exit))
        if path.conflict:
            steps.append(f"conflict: {path.conflict}")
        picks.append({"ids": list(dict.fromkeys(ids)), "steps": steps})
    return json.dumps(picks, ensure_ascii=True)


@settings(max_examples=100, deadline=None)
@given(payloads())
def test_the_picks_are_what_json_dumps_wrote(payload):
    flow = flow_of(payload)
    drawing = draw(flow, "d0", "Test dialog")
    view = paths_view(flow, drawing)
    if view.line:
        assert view.picks == picks_as_before(flow, drawing)
