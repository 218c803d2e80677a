"""The view of each dialog: its nodes table (flags, transitions, findings, links into the
drawing), its findings, its legend, and its section of the page rendered from
`dialog.html.j2`."""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from markupsafe import Markup
from msgspec import Struct

from ..conditions import show
from ..drawing import Drawing, style_of
from ..findings import Finding, Result
from ..payload.names import type_word
from ..text import clean, clip_id, show_id, unclipped
from .html_legend import legend_extras, legend_html, legend_types
from .html_paths import PathsView, paths_view
from .html_rows import node_rows
from .html_templates import environment

MAX_STEPS = 50  # a bot action's steps listed in its row
MAX_BUTTONS = 20  # a prompt's buttons listed in its row

if TYPE_CHECKING:
    from ..flow import DialogFlow
    from ..payload.document import DialogSource

SEVERITIES = ("error", "warning", "info")


class TransitionView(Struct):
    kind: str  # "if", "default" or "ignored"
    condition: str | None
    target: str
    target_kind: str  # node, end, unconnected, dangling
    href: str | None


class NodeView(Struct):
    """A row of the nodes table. (NodeView and TransitionView are Structs: a report makes one
    per node and per transition, and a dataclass takes ~2 us each to build.)"""

    index: int
    row_id: str
    node_id: str
    type: str
    type_color: str
    position: str
    flags: list[str]
    transitions: list[TransitionView]
    findings: list[Finding]
    href: str | None  # its drawing
    duplicate: bool
    component: str | None = None  # what it runs: the component's name (and a service's URL)
    name: str = ""  # the node's name in Bot Builder (its id when it has none)
    steps: list[str] = []  # a bot action's inner flow, one line a step (a new list each)
    buttons: list[str] = []  # what its prompt offers: `title → payload`

    @property
    def row_class(self) -> str:
        dim = "unreachable" in self.flags
        if self.findings:
            return "dim has-findings" if dim else "has-findings"
        return "dim" if dim else ""


@dataclass
class DialogView:
    anchor: str
    name: str
    id: str | None
    nodes: list[NodeView]
    findings: list[Finding]
    finding_links: list[tuple[Finding, str | None]]
    counts: dict[str, int]
    drawing: Drawing
    svg: Markup | None
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
    nodes = _node_views(anchor, dialog, flow, per_node, loops, drawing.anchors, components or {},
                        languages)
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
        nodes=nodes, findings=findings, finding_links=links, counts={s: counts.get(s, 0) for s in SEVERITIES},
        drawing=drawing, svg=Markup(svg) if svg else None,
        legend=legend_types(flow), extras=legend_extras(flow, findings, loops),
        open_table=not drawing.drawn or len(nodes) <= 40,
        entry=clean(flow.names.shown(flow.entry)) if flow.entry else None,
        test_paths=paths_view(flow, drawing, tuple(languages), sentences),
    )


def _node_views(anchor: str, dialog, flow, per_node: dict[str, list[Finding]], loops: set,
                drawn: dict[str, str], components, languages) -> list[NodeView]:
    """The rows of the nodes table. Tens of thousands in a large bot: each name and type word is
    cleaned once (`shown`, `words`), and what most nodes lack (a component, findings) costs no call."""
    positions = flow.positions()
    first_index = flow.first_index
    entry_id = flow.entry
    is_input = flow.is_input
    check_reach = entry_id is not None
    reachable = flow.reachable
    row = f"#{anchor}-row-"
    names = flow.names
    shown: dict[str, str] = {}  # node id -> clean(names.shown(id)): its row's name, transitions to it
    words: dict[str, str] = {}  # a type's word -> clean(word)
    nodes: list[NodeView] = []
    for entry in dialog.nodes:
        node = entry.node
        nid = node.node_id
        first = first_index.get(nid) == entry.index
        flags = []
        if nid == entry_id and first:
            flags.append("entry")
        if is_input(nid):
            flags.append("waits for input")
        if check_reach and nid not in reachable:
            flags.append("unreachable")
        if nid in loops:
            flags.append("in a loop")
        if not first:
            flags.append("duplicate id")
        transitions = []
        for t in node.transitions or ():
            way = t.way()  # (conditional, target, condition); None: neither `if` nor `default`
            if way is None:
                kind, cond, target = "ignored", None, None
            elif way[0]:
                kind, cond, target = "if", show(way[2], 400, words=True, names=names), way[1]
            else:
                kind, cond, target = "default", None, way[1]
            if target is None or target == "":
                tk, text, href = "unconnected", "not connected", None
            elif target == "end":
                tk, text, href = "end", "end", None
            elif target in first_index:
                text = shown.get(target)
                if text is None:
                    text = shown[target] = clean(names.shown(target))
                tk, href = "node", f"{row}{first_index[target]}"
            else:
                tk, text, href = "dangling", show_id(target), None
            transitions.append(TransitionView(kind, cond, text, tk, href))
        name = shown.get(nid)
        if name is None:
            name = shown[nid] = clean(names.shown(nid))
        word = names.word(nid)
        shown_word = words.get(word)
        if shown_word is None:
            shown_word = words[word] = clean(word)
        comp = entry.component
        pos = positions.get(nid) if first else None
        nodes.append(NodeView(
            index=entry.index, row_id=f"{anchor}-row-{entry.index}", node_id=show_id(nid),
            type=shown_word, type_color=style_of(node.type).stroke, name=name,
            position=f"{pos[0]:g}, {pos[1]:g}" if pos else "—", flags=flags, transitions=transitions,
            findings=per_node.get(clip_id(nid), []) if first and per_node else [],
            href=f"#{drawn[nid]}" if first and nid in drawn else None,
            duplicate=not first,
            component=clean(comp.label) if comp is not None else None,
            steps=_steps(comp, components) if first and comp is not None and comp.inner is not None else [],
            buttons=_buttons(comp, languages) if first and comp is not None else [],
        ))
    return nodes


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
    return environment().get_template("dialog.html.j2").render(
        d=view, rows=node_rows(view.nodes), legend=legend)
