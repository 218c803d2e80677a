"""The rows of a dialog's nodes table, written here rather than by a loop of `dialog.html.j2`:
tens of thousands of rows in a large bot, where the template's per-value lookups and calls were
most of a section's time. The HTML is the one the template wrote, byte for byte, and every value
is escaped as the template's autoescaping escaped it (markupsafe's `escape`, which Jinja uses).
"""
from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

SEV_ICONS = {"error": "✖", "warning": "▲", "info": "●"}  # as the `sev` macro of macros.html.j2


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


def node_rows(nodes: list[Any]) -> Markup:
    """The table's rows, one a line (the template's newline follows the last). `nodes`: the
    NodeViews of html_dialogs (not imported: it imports this module)."""
    return Markup("\n".join([_row(n) for n in nodes]))


def _row(n: Any) -> str:
    row_class = n.row_class
    out = [f'<tr id="{esc(n.row_id)}"',
           f' class="{esc(row_class)}"' if row_class else "",
           f"><td>{esc(n.index)}</td><td>"]
    name = esc(n.name)
    out.append(f'<a href="{esc(n.href)}">{name}</a>' if n.href else name)
    if n.name != n.node_id:
        out.append(f'<br><code class="muted small">{esc(n.node_id)}</code>')
    for flag in n.flags:
        out.append(_flag(flag))
    for f in n.findings:
        out.append(f' <span class="flag-f">{sev(f.severity.value, f.rule)}</span>')
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


_FLAGS: dict[str, str] = {}  # flag -> its badge: the handful of flags html_dialogs sets


def _flag(flag: str) -> str:
    found = _FLAGS.get(flag)
    if found is None:
        found = _FLAGS[flag] = f' <span class="flag flag-{esc(flag.replace(" ", "-"))}">{esc(flag)}</span>'
    return found


def _transition(t: Any) -> str:
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
