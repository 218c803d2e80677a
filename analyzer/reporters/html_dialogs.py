"""The view of each dialog: its findings, its legend, its nodes table (written by html_rows),
its test paths (html_paths), and its section of the page (html_section)."""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from ..drawing import Drawing
from ..findings import Finding, Result
from ..text import clean, show_id, unclipped
from .html_legend import legend_extras, legend_html, legend_types
from .html_paths import PathsView, paths_view
from .html_rows import node_rows
from .html_section import section_html

if TYPE_CHECKING:
    from ..flow import DialogFlow
    from ..payload.document import DialogSource

SEVERITIES = ("error", "warning", "info")


@dataclass
class DialogView:
    anchor: str
    name: str
    id: str | None
    node_count: int
    rows: str  # the nodes table's HTML (html_rows)
    findings: list[Finding]
    finding_links: list[tuple[Finding, str | None]]
    counts: dict[str, int]
    drawing: Drawing
    svg: str | None  # the drawing's SVG (shown as it is: analyzer.drawing escaped every text)
    legend: list[dict]
    extras: list[str]  # problem markers the drawing uses, for its legend
    open_table: bool
    entry: str | None
    test_paths: PathsView = field(default_factory=PathsView)  # its `korelint paths` line, picker


@dataclass
class DialogSummary:
    """What the page's summary and index of dialogs show of a dialog."""

    anchor: str
    name: str
    node_count: int
    counts: dict[str, int]
    drawing: Drawing
    has_findings: bool


def node_findings(findings: list[Finding]) -> dict[str, list[tuple[str, str]]]:
    """Node id -> (severity, 'CODE name: message') of the findings on that node, for the drawing."""
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for f in findings:
        if f.node is not None:
            out[f.node].append((f.severity.value, f"{f.rule} {f.name}: {f.message}"))
    return out


def _dialog_index(f: Finding) -> int:
    key = getattr(f, "sort_key", None)  # (input, dialog index, node index): set by the linter
    return key[1] if key else -1


def dialog_findings(result: Result, analysis) -> dict[int, list[Finding]]:
    """Dialog index -> the findings of that dialog of the analysed document."""
    out: dict[int, list[Finding]] = defaultdict(list)
    path = analysis.document.path
    for f in result.findings:
        if f.path == path and _dialog_index(f) >= 0:
            out[_dialog_index(f)].append(f)
    return out


def _dialog_view(anchor: str, dialog, flow, findings: list[Finding], drawing: Drawing,
                 components=None, languages=(), sentences=None) -> DialogView:
    per_node: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        if f.node is not None:
            per_node[f.node].append(f)
    loops = set()
    for region in list(flow.closed_regions) + list(flow.input_free_cycles):
        loops.update(region)
    first_index = flow.first_index
    drawn = drawing.anchors
    rows = node_rows(anchor, dialog, flow, per_node, loops, drawn, components or {}, languages)
    counts = Counter(f.severity.value for f in findings)
    links = []
    whole = unclipped(first_index)
    for f in findings:
        href = None
        nid = whole.get(f.node, f.node) if f.node is not None else None
        if nid is not None and nid in first_index:
            href = f"#{drawn.get(nid) or f'{anchor}-row-{first_index[nid]}'}"
        links.append((f, href))
    svg = drawing.svg
    return DialogView(
        anchor=anchor, name=show_id(dialog.name), id=show_id(dialog.id) if dialog.id else None,
        node_count=len(dialog.nodes), rows=rows, findings=findings, finding_links=links,
        counts={s: counts.get(s, 0) for s in SEVERITIES},
        drawing=drawing, svg=svg or None,
        legend=legend_types(flow), extras=legend_extras(flow, findings, loops),
        open_table=not drawing.drawn or len(dialog.nodes) <= 40,
        entry=clean(flow.names.shown(flow.entry)) if flow.entry else None,
        test_paths=paths_view(flow, drawing, tuple(languages), sentences),
    )


class DialogTarget(NamedTuple):
    """A dialog of the report: where it comes from and the anchor of its section."""

    input_index: int  # of the analysis among result.documents
    analysis: Any  # the engine's Analysis holding it (reporters never import the engine)
    dialog_index: int  # DialogSource.index: what findings' dialog index refers to
    dialog: DialogSource
    flow: DialogFlow
    anchor: str  # `d<n>`: its section's id, and the SVG's


def dialog_targets(result: Result) -> list[DialogTarget]:
    """Every dialog of the report, in order."""
    out = []
    for i, analysis in enumerate(result.documents):
        for dialog, flow in zip(analysis.document.dialogs, analysis.flows, strict=False):
            out.append(DialogTarget(i, analysis, dialog.index, dialog, flow, f"d{len(out)}"))
    return out


def target_findings(by_input: dict[int, dict[int, list[Finding]]], target: DialogTarget) -> list[Finding]:
    """The findings of one dialog, from _findings_by_input."""
    return by_input[target.input_index].get(target.dialog_index, [])


def _findings_by_input(result: Result, targets: list[DialogTarget]) -> dict[int, dict[int, list[Finding]]]:
    by_input: dict[int, dict[int, list[Finding]]] = {}
    for t in targets:
        if t.input_index not in by_input:
            by_input[t.input_index] = dialog_findings(result, t.analysis)
    return by_input


def _section(target: DialogTarget, findings: list[Finding], drawing: Drawing) -> str:
    """The HTML of one dialog's section: its drawing, findings and nodes table."""
    document = target.analysis.document
    view = _dialog_view(target.anchor, target.dialog, target.flow, findings, drawing,
                        document.components, tuple(document.languages), document.sentences)
    legend = legend_html(view.legend, view.extras) if view.svg else None  # shown with the drawing
    return section_html(view, legend)
