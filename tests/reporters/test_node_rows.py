"""The nodes table's rows are written as their values are found (html_rows.node_rows), each
name, type and link escaped once a dialog: the same HTML as the former writer, which built one
object a row and a transition, then wrote each from them (kept below as the reference)."""
from __future__ import annotations

import json
from collections import defaultdict
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from analyzer import pipeline
from analyzer.conditions import show
from analyzer.config import load as load_config
from analyzer.drawing import draw, style_of
from analyzer.reporters.html_dialogs import _findings_by_input, dialog_targets, target_findings
from analyzer.reporters.html_rows import _buttons, _flag, _steps, esc, node_rows, sev
from analyzer.text import clean, clip_id, show_id
from helpers import SAMPLES, bot, branch, component, default, dialog, node
from payloads import ALL_EVIL, at, broken, hostile


def former_rows(anchor, dialog_, flow, per_node, loops, drawn, components, languages) -> str:
    """The rows as html_dialogs' per-node loop and html_rows' `_row` wrote them."""
    first_index, names, rows = flow.first_index, flow.names, []
    positions = flow.positions()
    for entry in dialog_.nodes:
        nid = entry.node.node_id
        first = first_index.get(nid) == entry.index
        flags = [f for f, on in (("entry", nid == flow.entry and first),
                                 ("waits for input", flow.is_input(nid)),
                                 ("unreachable", flow.entry is not None and nid not in flow.reachable),
                                 ("in a loop", nid in loops), ("duplicate id", not first)) if on]
        transitions = []
        for t in entry.node.transitions or ():
            way = t.way()
            if way is None:
                kind, cond, target = "ignored", None, None
            elif way[0]:
                kind, cond, target = "if", show(way[2], 400, words=True, names=names), way[1]
            else:
                kind, cond, target = "default", None, way[1]
            if target in (None, ""):
                tk, text, href = "unconnected", "not connected", None
            elif target == "end":
                tk, text, href = "end", "end", None
            elif target in first_index:
                tk, text, href = "node", clean(names.shown(target)), f"#{anchor}-row-{first_index[target]}"
            else:
                tk, text, href = "dangling", show_id(target), None
            transitions.append(SimpleNamespace(kind=kind, condition=cond, target=text, target_kind=tk,
                                               href=href))
        pos = positions.get(nid) if first else None
        comp = entry.component
        n = SimpleNamespace(
            index=entry.index, row_id=f"{anchor}-row-{entry.index}", node_id=show_id(nid),
            type=clean(names.word(nid)), type_color=style_of(entry.node.type).stroke,
            name=clean(names.shown(nid)),
            position=f"{pos[0]:g}, {pos[1]:g}" if pos else "—", flags=flags, transitions=transitions,
            findings=per_node.get(clip_id(nid), []) if first and per_node else [],
            href=f"#{drawn[nid]}" if first and nid in drawn else None,
            component=clean(comp.label) if comp is not None else None,
            steps=_steps(comp, components) if first else [],
            buttons=_buttons(comp, languages) if first else [])
        rows.append(_row(n))
    return "\n".join(rows)


def _row(n) -> str:
    dim = "unreachable" in n.flags
    row_class = ("dim has-findings" if dim else "has-findings") if n.findings else ("dim" if dim else "")
    out = [f'<tr id="{esc(n.row_id)}"', f' class="{esc(row_class)}"' if row_class else "",
           f"><td>{esc(n.index)}</td><td>"]
    out.append(f'<a href="{esc(n.href)}">{esc(n.name)}</a>' if n.href else esc(n.name))
    if n.name != n.node_id:
        out.append(f'<br><code class="muted small">{esc(n.node_id)}</code>')
    out += [_flag(flag) for flag in n.flags]
    out += [f' <span class="flag-f">{sev(f.severity.value, f.rule)}</span>' for f in n.findings]
    out.append(f'</td><td><span class="swatch" style="--c:{esc(n.type_color)}"></span>{esc(n.type)}')
    if n.component:
        out.append(f'<br><span class="muted small">{esc(n.component)}</span>')
    if n.steps:
        out.append('<ol class="steps small">' + "".join([f"<li>{esc(s)}</li>" for s in n.steps]) + "</ol>")
    if n.buttons:
        out.append('<ul class="buttons small" title="buttons: title → what a click sends">'
                   + "".join([f"<li>{esc(b)}</li>" for b in n.buttons]) + "</ul>")
    out.append("</td><td>")
    if n.transitions:
        out.append('<ul class="trans">' + "".join([_transition(t) for t in n.transitions]) + "</ul>")
    else:
        out.append('<span class="muted">none: the dialog ends here</span>')
    out.append(f"</td><td>{esc(n.position)}</td></tr>")
    return "".join(out)


def _transition(t) -> str:
    head = '<li class="t-dangling">' if t.target_kind == "dangling" else "<li>"
    if t.kind == "if":
        head += f'<span class="kw">if</span> <span class="cond">{esc(t.condition)}</span>'
    else:
        head += f'<span class="kw">{esc(t.kind)}</span>'
    head += ' <i aria-hidden="true">→</i> '
    if t.href:
        return head + f'<a href="{esc(t.href)}">{esc(t.target)}</a></li>'
    if t.target_kind == "dangling":
        return head + (f'<code class="missing" title="no node of this dialog has this id">{esc(t.target)}'
                       '</code> <span class="tag-bad">missing</span></li>')
    if t.target_kind == "end":
        return head + '<span class="end">end</span></li>'
    return head + f'<span class="muted">{esc(t.target)}</span></li>'


def analysed(tmp_path, payload):
    """(result, its dialog targets, their findings by input) of `payload` (a dict or bytes)."""
    path = tmp_path / "p.json"
    path.write_bytes(payload if isinstance(payload, bytes) else json.dumps(payload).encode())
    out = pipeline.analyze([str(path)], load_config(None, True), keep=True, jobs=1)
    targets = dialog_targets(out.result)
    return out.result, targets, _findings_by_input(out.result, targets)


def assert_rows_as_before(tmp_path, payload) -> int:
    _result, targets, by_input = analysed(tmp_path, payload)
    for tg in targets:
        doc = tg.analysis.document
        per_node = defaultdict(list)
        for f in target_findings(by_input, tg):
            if f.node is not None:
                per_node[f.node].append(f)
        loops = {n for r in list(tg.flow.closed_regions) + list(tg.flow.input_free_cycles) for n in r}
        drawn = draw(tg.flow, tg.anchor, tg.dialog.name).anchors
        args = (tg.anchor, tg.dialog, tg.flow, per_node, loops, drawn, doc.components, tuple(doc.languages))
        assert str(node_rows(*args)) == former_rows(*args)
    return len(targets)


def test_the_rows_of_hostile_broken_and_sample_payloads(tmp_path):
    assert assert_rows_as_before(tmp_path, hostile()) == 2
    assert assert_rows_as_before(tmp_path, broken()) > 1
    assert assert_rows_as_before(tmp_path, (SAMPLES / "publish-status.json").read_bytes()) > 0


TEXT = st.one_of(st.sampled_from(ALL_EVIL + ("n1", "n2", "end", "", "a&b", "x" * 300)), st.text(max_size=8))


@st.composite
def payloads(draw_):
    nodes = []
    for i in range(draw_(st.integers(1, 5))):
        transitions = [branch({"context": draw_(TEXT), "op": "eq", "value": draw_(TEXT)}, draw_(TEXT))
                       for _ in range(draw_(st.integers(0, 2)))]
        if draw_(st.booleans()):
            transitions.append(default(draw_(TEXT)))
        if draw_(st.booleans()):
            transitions.append({"conn": "neither if nor default"})
        nid = "n0" if i == 0 else draw_(st.one_of(st.sampled_from(["n1", "n2"]), TEXT))  # ids may repeat
        kind = "intent" if i == 0 else draw_(st.sampled_from(["message", "entity", "script", "weird<type>"]))
        extra = at(i * 100, draw_(st.integers(-5, 5))) if draw_(st.booleans()) else {}
        if draw_(st.booleans()):
            extra["componentId"] = f"dc-{i}"
        nodes.append(node(nid, kind, *transitions, **extra) if transitions else
                     {"nodeId": nid, "type": kind, "transitions": [], **extra})
    comps = [component(f"dc-{i}", draw_(st.sampled_from(["script", "message", "botAction"])), draw_(TEXT),
                       nodes=[{"nodeId": "s1", "type": "script", "transitions": [{"default": draw_(TEXT)}]}])
             for i in range(5)]
    return bot(dialog(*nodes, name=draw_(TEXT) or "D"), components=comps)


@settings(max_examples=30, deadline=None)
@given(payloads())
def test_the_rows_of_any_dialog(tmp_path_factory, payload):
    assert_rows_as_before(tmp_path_factory.mktemp("rows"), payload)
