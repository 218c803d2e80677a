"""One dialog's section of the report, written in Python: what `dialog.html.j2` rendered, byte
for byte (its whitespace as Jinja's trim_blocks and lstrip_blocks left it), every value escaped
as its autoescaping escaped it (html_rows.esc). A report writes one a dialog, and the template's
context, lookups and escaping of the drawing and the rows (copies of ~100 kB) were ~0.3 ms each.
The drawing and the legend are shown unescaped: analyzer.drawing wrote the one escaping every
text, html_legend the other; the rows are html_rows'."""
from __future__ import annotations

from typing import Any

from markupsafe import escape

from .html_rows import esc, sev

_TOOLS = ('      <div class="drawing-tools" hidden><button type="button" class="fit" aria-pressed="false">'
          "Fit to width</button></div>\n")
_TABLE = ('      <div class="table-wrap">\n      <table class="nodes">\n        <thead><tr><th scope="col" '
          'class="num">#</th><th scope="col">Node</th><th scope="col">Type</th><th scope="col">Transitions'
          '</th><th scope="col">Canvas</th></tr></thead>\n        <tbody>\n')
_END = ('        </tbody>\n      </table>\n      </div>\n    </details>\n')
_BACK = ('    <p class="back"><a href="#dialogs">↑ Dialogs</a> · <a href="#findings">↑ Findings</a></p>\n'
         "  </section>")


def section_html(d: Any, legend: str | None) -> str:
    """`d`: the DialogView (html_dialogs); `legend`: its legend's HTML when it is drawn."""
    a = esc(d.anchor)
    out = [f'  <section class="dialog" id="{a}" aria-labelledby="{a}-h">\n'
           '    <header class="dialog-head">\n'
           f'      <h3 id="{a}-h">{esc(d.name)}</h3>\n'
           '      <p class="dialog-meta">\n']
    if d.id:
        out.append(f"<code>{esc(d.id)}</code> · ")
    out.append(f'{d.node_count} node{"" if d.node_count == 1 else "s"}\n')
    for s in ("error", "warning", "info"):
        n = d.counts[s]
        if n:
            out.append(f' · <span class="n n-{s}">{n} {s}{"s" if n > 1 and s != "info" else ""}</span>')
    if not d.findings:
        out.append(' · <span class="ok-text">no findings</span>')
    out.append("      </p>\n")
    paths = d.test_paths
    if paths.line:
        out.append(f'<p class="dialog-meta">Test paths: {esc(paths.line)}</p>')
    out.append("    </header>\n")
    note = d.drawing.note
    if d.svg:
        out += ['    <figure class="drawing">\n', _TOOLS,
                f'      <div class="canvas" style="--w: {esc(d.drawing.width)}px">', d.svg, "</div>\n"]
        if paths.picks:
            # JSON: quotes everywhere, and ~20 kB, which markupsafe escapes faster than esc
            out.append(f'      <div class="path-pick" data-for="{a}-svg" data-paths="{escape(paths.picks)}" '
                       'hidden>\n        <label>Light up a test path <select>\n'
                       '          <option value="">none</option>\n')
            out += [f'<option value="{k}">{esc(label)}</option>' for k, label in enumerate(paths.labels)]
            out.append("        </select></label>")
            if paths.more:
                out.append(f' <span class="muted small">{esc(paths.more)} more: korelint paths</span>')
            out.append('        <ol class="path-walk small" hidden></ol>\n      </div>\n')
        out.append("      <figcaption>\n")
        if note:
            out.append(f'<p class="note">{esc(note)}</p>')
        out.append(f"        {legend}\n      </figcaption>\n    </figure>\n")
    elif note:
        out.append(f'    <p class="note">{esc(note)}</p>\n')
    out.append("\n")
    if d.findings:
        out.append(f'    <h4>Findings <span class="count">{len(d.findings)}</span></h4>\n'
                   '    <ul class="flist">\n')
        for f, href in d.finding_links:
            out.append(f'      <li>{sev(f.severity.value)} <code>{esc(f.rule)}</code> '
                       f'<span class="rule-name">{esc(f.name)}</span>')
            if f.node is not None:
                node = f"<code>{esc(f.node)}</code>"
                out.append(f' · <a href="{esc(href)}">{node}</a>' if href else f" · {node}")
            out.append(f'<br><span class="msg">{esc(f.message)}</span></li>\n')
        out.append("    </ul>\n")
    out.append("\n")
    if d.node_count:
        out.append(f'    <details class="nodes"{" open" if d.open_table else ""}>\n'
                   f'      <summary>Nodes <span class="count">{d.node_count}</span>')
        if d.entry:
            out.append(f' <span class="muted small">entry <code>{esc(d.entry)}</code></span>')
        out += ["</summary>\n", _TABLE, d.rows, "\n", _END]
    out.append(_BACK)
    return "".join(out)
