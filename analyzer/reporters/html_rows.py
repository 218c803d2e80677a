"""The rows of a dialog's nodes table, written here rather than by a loop of a template:
tens of thousands of rows in a large bot, where the template's per-value lookups and calls were
most of a section's time. The HTML is the one the template wrote, byte for byte, and every value
is escaped as the template's autoescaping escaped it (markupsafe's `escape`, which Jinja uses).
Each row is written as its values are found (no object a row, a second pass reading them), and
what rows repeat is escaped once a dialog: a node's name (its row, transitions to it), a type.
"""
from __future__ import annotations

from markupsafe import escape

from ..conditions import show
from ..drawing import style_of
from ..payload.names import type_word
from ..text import clean, clip_id, show_id

MAX_STEPS = 50  # a bot action's steps listed in its row
MAX_BUTTONS = 20  # a prompt's buttons listed in its row
SEV_ICONS = {"error": "✖", "warning": "▲", "info": "●"}  # as the `sev` macro of macros.html.j2


# (a node type, its word) -> its cell's swatch and word, the same in every dialog
_KINDS: dict[tuple[str, str], str] = {}


def esc(value: object) -> str:
    """`escape(value)` as text. Most values have nothing to escape: plain text is checked for
    the five characters first (markupsafe builds a Markup object per call, most of the rows'
    time otherwise), and escaped in markupsafe's order when it has one."""
    if type(value) is not str:
        return str(value) if type(value) is int else str(escape(value))
    if "&" in value or "<" in value or ">" in value or "'" in value or '"' in value:
        return (value.replace("&", "&amp;").replace(">", "&gt;").replace("<", "&lt;")
                .replace("'", "&#39;").replace('"', "&#34;"))
    return value


def sev(severity: str, text: str | None = None) -> str:
    """What the `sev` macro of macros.html.j2 writes: a severity's badge."""
    return (f'<span class="sev sev-{esc(severity)}"><span class="sev-icon" aria-hidden="true">'
            f'{esc(SEV_ICONS.get(severity, "•"))}</span> {esc(text or severity)}</span>')


def node_rows(anchor: str, dialog, flow, per_node: dict[str, list], loops: set, drawn: dict[str, str],
              components, languages) -> str:
    """The table's rows, one a line (the section's newline follows the last). `per_node`: the
    findings of each (clipped) node id; `loops`: the nodes in a loop; `drawn`: node id -> its
    anchor in the drawing."""
    positions = flow.positions()
    first_index = flow.first_index
    entry_id = flow.entry
    is_input = flow.is_input
    check_reach = entry_id is not None
    reachable = flow.reachable
    names = flow.names
    named = names.names  # node id -> its component's name, for those that have one
    cleaned = flow.shown_names
    row = esc(anchor) + "-row-"  # escaping goes a character at a time: `-row-` and digits need none
    # node id -> how a link to its row ends (`href">name</a></li>`); its escaped name
    links: dict[str, str] = {}
    shown: dict[str, str] = {}
    kinds = _KINDS
    if len(kinds) > 10_000:  # (types and words are payload text: bounded)
        kinds.clear()
    out: list[str] = []  # every row's pieces, each row after a newline (the first's taken off below)
    for entry in dialog.nodes:
        node = entry.node
        nid = node.node_id
        index = entry.index
        first = first_index.get(nid) == index
        # the row's flags, their badges in this order (_flag's, written once: _ENTRY...)
        flags = _ENTRY if nid == entry_id and first else ""
        if is_input(nid):
            flags += _INPUT
        unreachable = check_reach and nid not in reachable
        if unreachable:
            flags += _UNREACHABLE
        if nid in loops:
            flags += _LOOPED
        if not first:
            flags += _DUPLICATE
        findings = per_node.get(clip_id(nid), ()) if first and per_node else ()
        name = shown.get(nid)
        if name is None:
            name = shown[nid] = esc(cleaned[nid])
        # a node without a name is shown by its id: the same text (show_id is clean(clip_id))
        node_id = esc(show_id(nid)) if nid in named else name
        row_class = ("dim has-findings" if unreachable else "has-findings") if findings else \
            ("dim" if unreachable else "")
        out.append(f'\n<tr id="{row}{index}" class="{row_class}"><td>{index}</td><td>' if row_class
                   else f'\n<tr id="{row}{index}"><td>{index}</td><td>')
        # a drawn node's anchor is the drawing's `{prefix}-n{i}`, its prefix an SVG id: nothing to escape
        out.append(f'<a href="#{drawn[nid]}">{name}</a>' if first and nid in drawn else name)
        if name != node_id:  # (escaping changes no two texts into one)
            out.append(f'<br><code class="muted small">{node_id}</code>')
        if flags:
            out.append(flags)
        for f in findings:
            out.append(f' <span class="flag-f">{sev(f.severity.value, f.rule)}</span>')
        word = names.word(nid)  # (the first node's type, where an id repeats)
        kind = kinds.get((node.type, word))
        if kind is None:
            kind = kinds[(node.type, word)] = (
                f'</td><td><span class="swatch" style="--c:{esc(style_of(node.type).stroke)}"></span>'
                f'{esc(clean(word))}')
        out.append(kind)
        comp = entry.component
        if comp is not None:
            label = clean(comp.label)
            if label:
                out.append(f'<br><span class="muted small">{esc(label)}</span>')
            if first:
                steps = _steps(comp, components) if comp.inner is not None else None
                if steps:
                    out.append('<ol class="steps small">' + "".join([f"<li>{esc(s)}</li>" for s in steps])
                               + "</ol>")
                buttons = _buttons(comp, languages)
                if buttons:
                    out.append('<ul class="buttons small" title="buttons: title → what a click sends">'
                               + "".join([f"<li>{esc(b)}</li>" for b in buttons]) + "</ul>")
        out.append("</td><td>")
        if node.transitions:
            out.append('<ul class="trans">')
            for t in node.transitions:
                way = t.way()  # (conditional, target, condition); None: neither `if` nor `default`
                if way is None:
                    out.append(_IGNORED)
                    continue
                target = way[1]
                head = (f'<span class="kw">if</span> <span class="cond">'
                        f'{esc(show(way[2], 400, words=True, names=names))}</span>{_ARROW}') if way[0] \
                    else _DEFAULT
                if target is None or target == "":
                    out.append(f"<li>{head}{_UNCONNECTED}")
                elif target == "end":
                    out.append(f"<li>{head}{_END}")
                elif target in first_index:
                    link = links.get(target)
                    if link is None:
                        text = shown.get(target)
                        if text is None:
                            text = shown[target] = esc(cleaned[target])
                        link = links[target] = f'<a href="#{row}{first_index[target]}">{text}</a></li>'
                    out.append(f"<li>{head}{link}")
                else:
                    out.append(f'<li class="t-dangling">{head}<code class="missing" title="no node of this '
                               f'dialog has this id">{esc(show_id(target))}</code> <span class="tag-bad">'
                               'missing</span></li>')
            out.append("</ul>")
        else:
            out.append('<span class="muted">none: the dialog ends here</span>')
        pos = positions.get(nid) if first else None
        # a position is two floats (flow.position): '%g' writes f"{v:g}"'s digits, which need no escaping
        out.append(_AT % pos if pos else "</td><td>—</td></tr>")
    if out:
        out[0] = out[0][1:]
    return "".join(out)


_ARROW = ' <i aria-hidden="true">→</i> '
_IGNORED = f'<li><span class="kw">ignored</span>{_ARROW}<span class="muted">not connected</span></li>'
_DEFAULT = f'<span class="kw">default</span>{_ARROW}'
_UNCONNECTED = '<span class="muted">not connected</span></li>'
_END = '<span class="end">end</span></li>'
_AT = "</td><td>%g, %g</td></tr>"  # a node's canvas position


def _flag(flag: str) -> str:
    """A flag's badge."""
    return f' <span class="flag flag-{esc(flag.replace(" ", "-"))}">{esc(flag)}</span>'


# the badges of the flags node_rows sets
_ENTRY, _INPUT, _UNREACHABLE, _LOOPED, _DUPLICATE = (
    _flag(f) for f in ("entry", "waits for input", "unreachable", "in a loop", "duplicate id"))


def _steps(component, components) -> list[str]:
    """A bot action's steps as the nodes table lists them: `Get Balance (service) → Format
    (script)`, the root step first marked; each target named by its component."""
    inner = component.inner if component is not None else None
    if inner is None:
        return []
    ids = {s.node_id: s for _, s in inner.steps}

    def name(step) -> str:
        comp = components.get(step.component_id) if isinstance(step.component_id, str) else None
        return clean(comp.name if comp is not None else step.node_id)

    lines = []
    for _, step in inner.steps[:MAX_STEPS]:
        targets = []
        for t in step.transitions or ():
            target = t.target
            if target in (None, "", "end"):  # both end the bot action; the dialog goes on
                targets.append("end")
            else:
                targets.append(name(ids[target]) if target in ids else f"{clean(target)} (missing)")
        start = " · start" if step.node_id == inner.root else ""
        head = f"{name(step)} ({clean(type_word(step.type))}){start}"
        lines.append(head + (" → " + ", ".join(dict.fromkeys(targets)) if targets else ""))
    if len(inner.steps) > MAX_STEPS:
        lines.append(f"… {len(inner.steps) - MAX_STEPS} more steps")
    return lines


def _buttons(component, languages) -> list[str]:
    """The buttons and quick replies a node's prompt offers: `Main Menu → Mainmenu` (the payload
    alone when the title says the same)."""
    offered = component.offered(languages) if component is not None else None
    lines = []
    for o in (offered or ())[:MAX_BUTTONS]:
        title, payload = clean(o.title, 80), clean(o.payload, 80)
        lines.append(payload if title == payload else f"{title} → {payload}")
    if offered and len(offered) > MAX_BUTTONS:
        lines.append(f"… {len(offered) - MAX_BUTTONS} more")
    return lines
