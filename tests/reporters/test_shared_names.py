"""What the drawing and the nodes table share per dialog: `DialogFlow.shown_names` (every node's
name as a page writes it, unreadable nodes too), the drawing's anchors (which need no escaping),
and the shortcut for a usual node id."""
from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from analyzer.drawing import draw
from analyzer.flow import DialogFlow
from analyzer.payload import parse
from analyzer.payload.names import NodeNames
from analyzer.reporters.html_rows import esc
from analyzer.text import ID_LIMIT, clean, clip_id, show_id

chars = "ab <&>\"'é中\u0301\x00\n\u200b…"
hostile = st.text(alphabet=st.sampled_from(chars), min_size=1, max_size=30)  # what JSON can hold


@given(st.one_of(st.text(alphabet=st.sampled_from(chars + "\ud800"), min_size=1), st.text(min_size=1),
                 st.text(alphabet="ab", min_size=ID_LIMIT - 2, max_size=ID_LIMIT + 2)))
def test_a_usual_id_is_its_own_clip_and_text(nid):
    if len(nid) <= ID_LIMIT and nid.isprintable():  # plan's shortcut
        assert clip_id(nid) == nid == clean(clip_id(nid)) == show_id(nid)


@given(st.lists(hostile, min_size=1, max_size=6), hostile, st.lists(hostile, max_size=3))
def test_shown_names_are_the_cleaned_names(ids, name, broken):
    nodes = [{"nodeId": nid, "type": "message" if k else "intent", "componentId": "c",
              "transitions": [{"if": "default", "then": t} for t in [*ids, *broken][:3]]}
             for k, nid in enumerate(ids)]
    nodes += [{"nodeId": nid, "type": 5} for nid in broken]  # unreadable: drawn, not named
    payload = {"dialogs": [{"_id": "d", "name": "D", "nodes": nodes}],
               "dialogComponents": [{"_id": "c", "name": name, "type": "message"}]}
    for d in parse(json.dumps(payload).encode(), "p.json").dialogs:
        flow = DialogFlow(d)
        assert flow.shown_names == {nid: clean(flow.names.shown(nid)) for nid in flow.first_index}
        drawing = draw(flow, "d0", "D")  # every node, unreadable ones too, has its name
        # the nodes table links a row to its node's anchor unescaped: the drawing's ids need none
        assert all(esc(a) == a for a in drawing.anchors.values())


@given(st.lists(st.tuples(hostile, st.one_of(st.none(), hostile, st.text(alphabet="ab", min_size=ID_LIMIT - 1,
                                                                         max_size=ID_LIMIT + 1)),
                          st.sampled_from(["intent", "message", "entity", "odd type", ""])),
                min_size=1, max_size=6), st.lists(hostile, max_size=2))
def test_cleaned_names_and_words_as_shown_and_word_answer(nodes, broken):
    # NodeNames.cleaned's shortcut (and the words it keeps) against a NodeNames that answers anew
    payload = {"dialogs": [{"_id": "d", "name": "D", "nodes": [
        {"nodeId": nid, "type": kind, "componentId": f"c{k}"} for k, (nid, _, kind) in enumerate(nodes)]
        + [{"nodeId": nid, "type": 5} for nid in broken]}],
        "dialogComponents": [{"_id": f"c{k}", "name": name, "type": "message"}
                             for k, (_, name, _) in enumerate(nodes) if name is not None]}
    for d in parse(json.dumps(payload).encode(), "p.json").dialogs:
        flow = DialogFlow(d)
        fresh = NodeNames(d.nodes, flow.entry)
        assert flow.shown_names == {nid: clean(fresh.shown(nid)) for nid in flow.first_index}
        assert all(flow.names.shown(nid) == fresh.shown(nid) and flow.names.word(nid) == fresh.word(nid)
                   for nid in flow.first_index)
