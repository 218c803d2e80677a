"""A dialog's legend: the node types its drawing shows and the problem markers it uses, and the
legend's HTML, written by the `legend` macro of macros.html.j2 once per distinct legend (a bot's
dialogs share a few; the macro was ~0.1 ms of every section)."""
from __future__ import annotations

from markupsafe import Markup

from ..drawing import MARKERS, SEVERITY_COLORS, STYLES, style_of
from ..findings import Finding
from .html_templates import environment

_MAX_KEPT = 256  # distinct legends kept (types x markers: a bot has a handful)
_written: dict[tuple, Markup] = {}  # (types, extras) as values -> the legend's HTML


def legend_types(flow) -> list[dict]:
    types = []
    seen = set()
    for t in dict.fromkeys(flow.types.values()):  # each type once: a dialog has a handful
        st = style_of(t)
        key = t if t in STYLES else "*"
        if key in seen:
            continue
        seen.add(key)
        types.append({"name": t if t in STYLES else "other types", "shape": st.shape, "fill": st.fill,
                      "stroke": st.stroke, "rounded": st.rounded})
    types.sort(key=lambda d: d["name"])
    return types


def legend_extras(flow, findings: list[Finding], loops: set) -> list[str]:
    kinds = {e.kind for e in flow.edges}
    out = [k for k, kind in (("end", "end"), ("unconnected", "unconnected"), ("ghost", "dangling"))
           if kind in kinds]
    if flow.entry is not None and len(flow.reachable) < len(flow.first_index):
        out.append("unreachable")
    if loops:
        out.append("loop")
    if any(f.node is not None for f in findings):
        out.append("badge")
    return out


def legend_html(types: list[dict], extras: list[str]) -> Markup:
    """What `{{ m.legend(types, extras, markers, severity_colors) }}` writes (macros.html.j2)."""
    key = (tuple(tuple(t.values()) for t in types), tuple(extras))
    found = _written.get(key)
    if found is None:
        if len(_written) >= _MAX_KEPT:
            _written.clear()
        macros = environment().get_template("macros.html.j2").module
        found = _written[key] = Markup(macros.legend(types, extras, MARKERS, SEVERITY_COLORS))
    return found
