"""The values of the report page (the context of `report.html.j2`): summary, findings table,
documents (publish job, resources, knowledge graphs) and the dialogs, whose sections are
rendered one at a time as the page is written unless worker processes made them already."""
from __future__ import annotations

import datetime as dt
import secrets
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from markupsafe import Markup

from .. import drawing as draw_mod
from ..drawing import MARKERS, SEVERITY_COLORS, Drawing
from ..findings import Finding, Result
from ..text import ID_LIMIT, clean, clip_id, show_id
from ..version import __version__
from .html_calls import call_graphs
from .html_dialogs import (
    SEVERITIES,
    DialogSummary,
    _dialog_index,
    _findings_by_input,
    _section,
    dialog_targets,
    target_findings,
)
from .html_spool import Spool, Spooled
from .html_values import _term_tree, job_view, modules_text, status_class


@dataclass
class Prepared:
    """The drawings of a report and, when worker processes made them, the dialogs' sections."""

    drawings: dict[str, Drawing]
    sections: list[bytes | Spooled] | None = None  # each masked and encoded for the page
    spool: Spool | None = None  # the file of the Spooled ones


def page_context(result: Result, prepared: Prepared, generated: dt.datetime | None = None) -> dict[str, Any]:
    """The values of the page, from the drawings (and sections) `prepared` for it."""
    drawings = prepared.drawings
    targets = dialog_targets(result)
    anchors: dict[tuple[str, int], str] = {}
    node_anchor = NodeAnchors()
    dialogs: list[DialogSummary] = []
    resource_dialog: dict[tuple[int, str], str] = {}
    by_input = _findings_by_input(result, targets)
    shown: list[Drawing] = []
    for t in targets:
        path, anchor, dialog = t.analysis.document.path, t.anchor, t.dialog
        anchors[(path, t.dialog_index)] = anchor
        if dialog.resource_pointer:
            resource_dialog[(t.input_index, dialog.resource_pointer)] = anchor
        drawing = drawings.get(anchor) or Drawing(anchor, note="not drawn")
        shown.append(drawing)
        findings = target_findings(by_input, t)
        counts = Counter(f.severity.value for f in findings)
        dialogs.append(DialogSummary(anchor, show_id(dialog.name), len(dialog.nodes),
                                     {s: counts.get(s, 0) for s in SEVERITIES}, drawing, bool(findings)))
        node_anchor.add((path, t.dialog_index), t.flow.first_index, drawing.anchors, anchor)

    # Sections made by workers are bytes: the page gets a placeholder for each (a piece of its
    # own, which no text of the page can be: a NUL and a token of this run), `chunks` their bytes.
    made: dict[str, bytes | Spooled] = {}
    token = secrets.token_hex(8)

    def sections() -> Iterator[Markup]:
        if prepared.sections is not None:
            for k, data in enumerate(prepared.sections):
                mark = f"\0{token}-{k}\0"
                made[mark] = data
                yield Markup(mark)
            return
        for target, drawing in zip(targets, shown, strict=True):
            yield Markup(_section(target, target_findings(by_input, target), drawing))

    input_n = {a.summary.index: n for n, a in enumerate(result.documents)}  # input index -> section
    rows = []
    for f in result.findings:
        d_index = _dialog_index(f)
        d_anchor = anchors.get((f.path, d_index)) if d_index >= 0 else None
        n_anchor = node_anchor.get((f.path, d_index, f.node)) if d_anchor and f.node is not None else None
        rows.append({
            "f": f, "severity": f.severity.value, "dialog_anchor": d_anchor,
            "href": f"#{n_anchor}" if n_anchor else (f"#{d_anchor}" if d_anchor else None),
            # The file's base name: the whole path is in the heading (and the cell's tooltip).
            "location": f"{_base(f.path)}:{f.line}" if f.line is not None else _base(f.path),
            "input": input_n.get(f.sort_key[0], 0),
        })

    by_path: dict[str, list[Finding]] = {}
    for f in result.findings:
        by_path.setdefault(f.path, []).append(f)
    severities: dict[int, Counter] = {}  # input index -> its findings' severities
    for f in result.findings:
        severities.setdefault(f.sort_key[0], Counter())[f.severity.value] += 1
    documents = []
    for i, analysis in enumerate(result.documents):
        doc = analysis.document
        graphs = []
        graph_of: dict[str, str] = {}  # taxonomy pointer -> anchor
        tax_findings = _findings_under([t.pointer for t in doc.taxonomies], by_path.get(doc.path, []))
        for k, tax in enumerate(doc.taxonomies):
            roots, total = _term_tree(tax)
            graph_of[tax.pointer] = f"kg{i}-{k}"
            graphs.append({"anchor": f"kg{i}-{k}", "name": clean(tax.name), "terms": total, "roots": roots,
                           "shown": min(total, 1000), "findings": tax_findings[tax.pointer]})
        resources = []
        for r in doc.resources:
            name = clean(r.name) if r.name else "—"
            rid, rtype = clean(r.id) if r.id else None, clean(r.type or "")
            href = resource_dialog.get((i, r.pointer)) or graph_of.get(f"{r.pointer}/result/taxonomy")
            resources.append({
                "type": rtype or "—", "name": name,
                "id": rid if rid and rid.lower() not in (name.lower(), rtype.lower()) else None,
                "status": clean(r.status) if r.status is not None else "—",
                "status_class": status_class(r.status), "modules": modules_text(r.modules),
                "href": f"#{href}" if href else None,
                "knowledge": rtype.lower() == "knowledge",
            })
        documents.append({"path": doc.path, "name": clean(doc.name) if doc.name else None,
                          "kind": doc.shown_kind, "job": job_view(doc.job),
                          "resources": resources, "graphs": graphs,
                          "summary": analysis.summary,
                          # several inputs: each has a section `input-<n>`, and its own ids
                          "n": i, "suffix": "" if i == 0 else f"-{i + 1}",
                          "counts": severities.get(analysis.summary.index, Counter()),
                          "dialogs": [d for d, t in zip(dialogs, targets, strict=True)
                                      if t.input_index == i]})

    counts = result.summary()
    rules = sorted({(f.rule, f.name) for f in result.findings})
    dialog_options = [(d.anchor, d.name) for d in dialogs if d.has_findings]
    first = result.documents[0].document if result.documents else None
    title_path = (first.name or first.path) if first is not None else ""
    if len(result.documents) > 1:
        title_path = f"{len(result.documents)} inputs"
    generated = generated or dt.datetime.now(dt.UTC)
    return {
        "version": __version__,
        "title": f"korelint report — {clean(title_path)}" if title_path else "korelint report",
        "generated": generated.strftime("%Y-%m-%d %H:%M UTC"),
        "generated_iso": generated.replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "inputs": result.inputs,
        "several": len(documents) > 1,
        "documents": documents,
        "counts": counts,
        "total": len(result.findings),
        "rows": rows,
        "rules": rules,
        "dialog_options": dialog_options,
        "dialogs": dialogs,
        "sections": sections(),
        "made": made,
        "nodes_total": sum(d.node_count for d in dialogs),
        "drawn": sum(1 for d in dialogs if d.drawing.drawn),
        "markers": MARKERS,
        "severity_colors": SEVERITY_COLORS,
        "drawing_css": Markup(draw_mod.SVG_CSS),
        "call_graphs": call_graphs(result, anchors, node_anchor),
    }


class NodeAnchors:
    """(path, dialog index, node id as findings clip it) -> where the page shows the node: its
    drawing's node, else its row. Made a dialog at a time, for the dialogs a finding or a call
    looks up: a report of 300 dialogs has 30,000 nodes, and a few hundred findings."""

    def __init__(self) -> None:
        self._dialogs: dict[tuple[str, int], list[tuple]] = {}
        self._made: dict[tuple[str, int], dict[str, str]] = {}

    def add(self, dialog: tuple[str, int], first_index: dict[str, int], drawn: dict[str, str],
            anchor: str) -> None:
        self._dialogs.setdefault(dialog, []).append((first_index, drawn, anchor))

    def get(self, key: tuple[str, int, str | None]) -> str | None:
        dialog = key[:2]
        made = self._made.get(dialog)
        if made is None:
            made = self._made[dialog] = {}
            for first_index, drawn, anchor in self._dialogs.get(dialog, ()):  # (a path read twice)
                for nid, idx in first_index.items():
                    # (a usual id is its own clip_id)
                    cid = nid if len(nid) <= ID_LIMIT and nid.isprintable() else clip_id(nid)
                    made[cid] = drawn.get(nid) or f"{anchor}-row-{idx}"
        return made.get(key[2])


def _base(path: str) -> str:
    return PurePath(path).name or path


def _findings_under(pointers: list[str], findings: list[Finding]) -> dict[str, list[Finding]]:
    """The findings (in order) at or below each pointer: one pass over the findings, each looking
    up its prefixes of the pointers' lengths (few), instead of each pointer scanning every finding."""
    under: dict[str, list[Finding]] = {p: [] for p in pointers}
    lengths = sorted({len(p) for p in pointers})
    for f in findings:
        ptr = f.pointer
        for n in lengths:
            if n > len(ptr):
                break
            if (n == len(ptr) or ptr[n] == "/") and ptr[:n] in under:
                under[ptr[:n]].append(f)
    return under
