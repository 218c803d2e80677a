"""The page's node anchors (html_context.NodeAnchors), made a dialog at a time when looked up:
the same answers as a dict made of every node of every dialog, in order (what it replaced)."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from analyzer.reporters.html_context import NodeAnchors
from analyzer.text import ID_LIMIT, clip_id

ids = st.one_of(st.sampled_from(["a", "b", "a\x00", "a ", "x" * ID_LIMIT, "x" * (ID_LIMIT + 1)]),
                st.text(max_size=5), st.text(min_size=ID_LIMIT - 2, max_size=ID_LIMIT + 3))
dialogs = st.lists(st.tuples(st.sampled_from(["p.json", "q.json"]), st.integers(0, 2),
                             st.lists(ids, max_size=6), st.data()), max_size=5)


@given(dialogs)
def test_node_anchors_answer_as_the_whole_dict(given_dialogs):
    whole: dict = {}
    lazy = NodeAnchors()
    asked = []
    for k, (path, index, nodes, data) in enumerate(given_dialogs):
        first_index = {nid: i for i, nid in reversed(list(enumerate(nodes)))}
        drawn = {nid: f"d{k}-n{i}" for nid, i in first_index.items() if data.draw(st.booleans())}
        anchor = f"d{k}"
        for nid, idx in first_index.items():
            whole[(path, index, clip_id(nid))] = drawn.get(nid) or f"{anchor}-row-{idx}"
        lazy.add((path, index), first_index, drawn, anchor)
        asked += [(path, index, clip_id(nid)) for nid in nodes] + [(path, index, "missing"), (path, 9, "a")]
    for key in asked:
        assert lazy.get(key) == whole.get(key)
