"""The HTML report: one self-contained file (inline CSS, inline SVG, a little inline JavaScript).

This module turns a Result whose documents were kept (`run_analysis(keep=True)`) into the values
the Jinja templates show, and streams the page out. Every payload string reaches the page
through Jinja's autoescaping or, for drawings, through the SVG writer of `analyzer.drawing`
(which escapes every text itself); nothing is marked safe here but that writer's output, the
dialog sections rendered by our own autoescaped template, and the drawings' constant CSS.
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Callable, Iterator, TextIO

import jinja2
from markupsafe import Markup

from ..version import __version__
from .. import drawing as draw_mod
from ..drawing import MARKERS, SEVERITY_COLORS, STYLES, Drawing, clean, describe, style_of
from ..findings import Finding, Result

SEVERITIES = ("error", "warning", "info")


# -- templates -------------------------------------------------------------------------------------


def template_dir() -> Path:
    """templates/ of the source tree, or the `korelint_templates` package it installs as."""
    try:
        import korelint_templates  # the wheel maps templates/ to this package

        path = Path(korelint_templates.__file__).resolve().parent
        if (path / "report.html.j2").is_file():
            return path
    except ImportError:
        pass
    return Path(__file__).resolve().parents[2] / "templates"


_env: jinja2.Environment | None = None


def environment() -> jinja2.Environment:
    global _env
    if _env is None:
        _env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(template_dir())),
            autoescape=True,  # every template, whatever its name
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
    return _env


# -- values the templates show -----------------------------------------------------------------------


def status_class(status: Any) -> str:
    s = str(status).strip().lower() if status is not None else ""
    if s in ("successful", "success", "succeeded", "published", "completed"):
        return "ok"
    if s in ("failed", "failure", "error"):
        return "bad"
    if s in ("inprogress", "in_progress", "in progress", "running", "pending", "queued"):
        return "running"
    return "unknown"


def _time(value: Any) -> dt.datetime | None:
    if isinstance(value, str) and value.strip():
        try:
            t = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
        return t if t.tzinfo else t.replace(tzinfo=dt.timezone.utc)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 1e11 < value < 1e14:
        return dt.datetime.fromtimestamp(value / 1000, dt.timezone.utc)  # epoch milliseconds
    return None


@dataclass
class TimeValue:
    text: str
    iso: str | None = None


def time_value(value: Any) -> TimeValue | None:
    if value is None or value == "":
        return None
    t = _time(value)
    if t is None:
        return TimeValue(clean(value))
    utc = t.astimezone(dt.timezone.utc)
    return TimeValue(utc.strftime("%Y-%m-%d %H:%M:%S") + f".{utc.microsecond // 1000:03d} UTC",
                     utc.isoformat().replace("+00:00", "Z"))


def duration(seconds: float) -> str:
    if seconds < 0:
        return f"-{duration(-seconds)}"
    if seconds < 60:
        return f"{seconds:.3f} s".replace(".000 s", " s")
    minutes, sec = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min {sec:02d} s" if hours else f"{minutes} min {sec:02d} s"


def modules_text(modules: Any) -> str:
    if modules is None:
        return ""
    if isinstance(modules, list):
        return ", ".join(clean(m) if isinstance(m, str) else clean(json.dumps(m)) for m in modules)
    if isinstance(modules, dict):
        parts = []
        for k, v in modules.items():
            parts.append(f"{clean(k)}: {modules_text(v) if isinstance(v, (list, dict)) else clean(v)}")
        return "; ".join(parts)
    return clean(modules)


@dataclass
class JobView:
    status: str
    status_class: str
    percentage: float | None
    percentage_text: str
    requested: TimeValue | None
    initiated: TimeValue | None
    finished: TimeValue | None
    finished_label: str
    duration: str | None
    queued: str | None
    stream_id: str | None
    job_id: str | None
    job_type: str | None


def job_view(job) -> JobView | None:
    if job is None:
        return None
    cls = status_class(job.status)
    pct = job.percentage if isinstance(job.percentage, (int, float)) and not isinstance(job.percentage, bool) else None
    requested, initiated, modified = _time(job.requested), _time(job.initiated), _time(job.modified)
    done = cls in ("ok", "bad")
    took = queued = None
    start = requested or initiated
    if done and start and modified:
        took = duration((modified - start).total_seconds())
    if requested and initiated:
        queued = duration((initiated - requested).total_seconds())
    return JobView(
        status=clean(job.status) if job.status is not None else "unknown",
        status_class=cls,
        percentage=max(0.0, min(100.0, float(pct))) if pct is not None else None,
        percentage_text=f"{pct:g} %" if pct is not None else (clean(job.percentage) if job.percentage is not None else "—"),
        requested=time_value(job.requested), initiated=time_value(job.initiated),
        finished=time_value(job.modified), finished_label="Finished" if done else "Last update",
        duration=took, queued=queued,
        stream_id=clean(job.stream_id) if job.stream_id is not None else None,
        job_id=clean(job.id) if job.id is not None else None,
        job_type=clean(job.job_type) if job.job_type is not None else None,
    )


@dataclass
class TransitionView:
    kind: str  # "if", "default" or "ignored"
    condition: str | None
    target: str
    target_kind: str  # node, end, unconnected, dangling
    href: str | None


@dataclass
class NodeView:
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

    @property
    def row_class(self) -> str:
        return " ".join(c for c, on in (("dim", "unreachable" in self.flags), ("has-findings", bool(self.findings)))
                        if on)


@dataclass
class TermView:
    node_id: str
    label: str
    children: list["TermView"] = field(default_factory=list)
    missing_parents: list[str] = field(default_factory=list)


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


def _legend(flow, drawing: Drawing) -> list[dict]:
    types = []
    seen = set()
    for t in flow.types.values():
        st = style_of(t)
        key = t if t in STYLES else "*"
        if key in seen:
            continue
        seen.add(key)
        types.append({"name": t if t in STYLES else "other types", "shape": st.shape, "fill": st.fill,
                      "stroke": st.stroke, "rounded": st.rounded})
    types.sort(key=lambda d: d["name"])
    return types


def _extras(flow, findings: list[Finding], loops: set) -> list[str]:
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


def _term_tree(tax, limit: int = 1000) -> tuple[list[TermView], int]:
    terms = tax.terms[:limit]
    ids = {t.node_id for _, t in terms}
    views = {}
    for _, t in terms:
        if t.node_id not in views:
            views[t.node_id] = TermView(clean(t.node_id), clean(t.label) if t.label is not None else "")
    roots: list[TermView] = []
    placed: set[str] = set()
    children: dict[str, list[str]] = defaultdict(list)
    for _, t in terms:
        parents = [p for p in (t.parent or []) if isinstance(p, str) and p]
        known = [p for p in parents if p in ids and p != t.node_id]
        views[t.node_id].missing_parents = [clean(p) for p in parents if p not in ids]
        if known:
            children[known[0]].append(t.node_id)
        else:
            roots.append(views[t.node_id])
            placed.add(t.node_id)

    def attach(view: TermView, nid: str, depth: int) -> None:
        for child in children.get(nid, []):
            if child in placed or depth > 30:
                continue
            placed.add(child)
            view.children.append(views[child])
            attach(views[child], child, depth + 1)

    for root in list(roots):
        attach(root, root.node_id, 0)
    for nid, view in views.items():  # terms only reachable through a cycle
        if nid not in placed:
            placed.add(nid)
            roots.append(view)
            attach(view, nid, 0)
    return roots, len(tax.terms)


def _dialog_view(anchor: str, dialog, flow, findings: list[Finding], drawing: Drawing) -> DialogView:
    per_node: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        if f.node is not None:
            per_node[f.node].append(f)
    loops = set()
    for region in list(flow.closed_regions) + list(flow.input_free_cycles):
        loops.update(region)
    positions = flow.positions()
    first_index = flow.first_index
    drawn = drawing.anchors
    check_reach = flow.entry is not None
    reachable = flow.reachable
    row = f"#{anchor}-row-"
    nodes: list[NodeView] = []
    for entry in dialog.nodes:
        nid = entry.node.node_id
        first = first_index.get(nid) == entry.index
        flags = []
        if nid == flow.entry and first:
            flags.append("entry")
        if flow.is_input(nid):
            flags.append("waits for input")
        if check_reach and nid not in reachable:
            flags.append("unreachable")
        if nid in loops:
            flags.append("in a loop")
        if not first:
            flags.append("duplicate id")
        transitions = []
        for t in entry.node.transitions or ():
            target = t.target
            if t.is_conditional:
                kind, cond = "if", describe(t.condition)
            elif t.is_default:
                kind, cond = "default", None
            else:
                kind, cond = "ignored", None
            if target in (None, ""):
                tk, text, href = "unconnected", "not connected", None
            elif target == "end":
                tk, text, href = "end", "end", None
            elif target in first_index:
                tk, text, href = "node", clean(target), f"{row}{first_index[target]}"
            else:
                tk, text, href = "dangling", clean(target), None
            transitions.append(TransitionView(kind, cond, text, tk, href))
        pos = positions.get(nid) if first else None
        st = style_of(entry.node.type)
        nodes.append(NodeView(
            index=entry.index, row_id=f"{anchor}-row-{entry.index}", node_id=clean(nid),
            type=clean(entry.node.type), type_color=st.stroke,
            position=f"{pos[0]:g}, {pos[1]:g}" if pos else "—", flags=flags, transitions=transitions,
            findings=per_node.get(nid, []) if first else [],
            href=f"#{drawn[nid]}" if first and nid in drawn else None,
            duplicate=not first,
        ))
    counts = Counter(f.severity.value for f in findings)
    links = []
    for f in findings:
        href = None
        if f.node is not None and f.node in first_index:
            href = f"#{drawn.get(f.node) or f'{anchor}-row-{first_index[f.node]}'}"
        links.append((f, href))
    svg = drawing.svg
    return DialogView(
        anchor=anchor, name=clean(dialog.name), id=clean(dialog.id) if dialog.id else None,
        nodes=nodes, findings=findings, finding_links=links, counts={s: counts.get(s, 0) for s in SEVERITIES},
        drawing=drawing, svg=Markup(svg) if svg else None,
        legend=_legend(flow, drawing), extras=_extras(flow, findings, loops),
        open_table=not drawing.drawn or len(nodes) <= 40,
        entry=clean(flow.entry) if flow.entry else None,
    )


def dialog_targets(result: Result) -> list[tuple[int, Any, int, Any, Any, str]]:
    """(input index, analysis, dialog index, dialog, flow, anchor) of every dialog of the report."""
    out = []
    n = 0
    for i, analysis in enumerate(result.documents):
        for dialog, flow in zip(analysis.document.dialogs, analysis.flows):
            out.append((i, analysis, dialog.index, dialog, flow, f"d{n}"))
            n += 1
    return out


def _findings_by_input(result: Result, targets) -> dict[int, dict[int, list[Finding]]]:
    by_input: dict[int, dict[int, list[Finding]]] = {}
    for i, analysis, *_ in targets:
        if i not in by_input:
            by_input[i] = dialog_findings(result, analysis)
    return by_input


def _section(target, findings: list[Finding], drawing: Drawing) -> str:
    """The HTML of one dialog's section: its drawing, findings and nodes table."""
    _, _, _, dialog, flow, anchor = target
    view = _dialog_view(anchor, dialog, flow, findings, drawing)
    return environment().get_template("dialog.html.j2").render(
        d=view, markers=MARKERS, severity_colors=SEVERITY_COLORS)


# -- drawing every dialog, in worker processes when there are many -----------------------------------

PARALLEL_FROM = 3000  # nodes in all: fewer are drawn in less time than worker processes take to start


@dataclass
class Prepared:
    """The drawings of a report and, when worker processes made them, the dialogs' sections."""

    drawings: dict[str, Drawing]
    sections: list[str] | None = None


# What forked workers read: inherited with the parent's memory (never pickled), set only while
# a pool runs.
_JOB: dict[str, Any] | None = None


def _work(k: int) -> tuple[Drawing, str]:
    """Dialog k drawn and its section written (in a worker process)."""
    job = _JOB
    assert job is not None
    target = job["targets"][k]
    i, _, d_index, dialog, flow, anchor = target
    findings = job["findings"][i].get(d_index, [])
    drawing = draw_mod.draw(flow, anchor, dialog.name, node_findings(findings), limits=job["limits"],
                            timeout=job["deadline"] - time.monotonic())
    section = _section(target, findings, drawing)
    return (drawing if job["keep_svg"] else drawing.slim()), section


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the cores this process may use (containers)
    except AttributeError:
        return os.cpu_count() or 1


def _fork_context():
    import multiprocessing

    if sys.platform != "linux":  # fork is unsafe on macOS and absent on Windows
        return None
    try:
        return multiprocessing.get_context("fork")
    except ValueError:
        return None


def prepare(result: Result, progress: Callable[[int, int, str], None] | None = None,
            budget: float = 300.0, limits: draw_mod.Limits | None = None, workers: int | None = None,
            keep_svg: bool = True, parallel_from: int | None = None) -> Prepared:
    """Draw every dialog (anchor -> Drawing) within a time budget for the whole report.

    A large report is made by worker processes (one a core, forked: they inherit the analysis
    instead of receiving it), each drawing dialogs and writing their HTML sections; the embedded
    Graphviz, when a dialog needs a layout, is loaded once in each. `keep_svg` False leaves the
    SVGs in the sections only (what a report without --svg-dir or --zip needs)."""
    global _JOB

    started = time.monotonic()
    targets = dialog_targets(result)
    by_input = _findings_by_input(result, targets)
    total = len(targets)
    workers = workers or _cores()
    threshold = PARALLEL_FROM if parallel_from is None else parallel_from
    size = sum(len(t[4].first_index) for t in targets)
    ctx = _fork_context() if workers >= 2 and total >= 2 and size >= threshold else None
    drawings: dict[str, Drawing] = {}
    if ctx is None:
        for k, target in enumerate(targets):
            i, _, d_index, dialog, flow, anchor = target
            drawings[anchor] = draw_mod.draw(
                flow, anchor, dialog.name, node_findings(by_input[i].get(d_index, [])), limits=limits,
                timeout=budget - (time.monotonic() - started))
            if progress:
                progress(k + 1, total, dialog.name)
        return Prepared(drawings)
    environment().get_template("dialog.html.j2")  # compiled once, before the fork
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    sections: list[str] = []
    _JOB = {"targets": targets, "findings": by_input, "limits": limits, "deadline": started + budget,
            "keep_svg": keep_svg}
    try:
        with ProcessPoolExecutor(min(workers, total), mp_context=ctx) as pool:
            chunk = max(1, min(16, total // (workers * 8)))
            for k, (drawing, section) in enumerate(pool.map(_work, range(total), chunksize=chunk)):
                drawings[targets[k][5]] = drawing
                sections.append(section)
                if progress:
                    progress(k + 1, total, targets[k][3].name)
    except BrokenProcessPool:  # a worker died (killed, out of memory): the rest are made here
        for k in range(len(sections), total):
            drawing, section = _work(k)
            drawings[targets[k][5]] = drawing
            sections.append(section)
            if progress:
                progress(k + 1, total, targets[k][3].name)
    finally:
        _JOB = None
    return Prepared(drawings, sections)


def draw_all(result: Result, progress: Callable[[int, int, str], None] | None = None,
             budget: float = 300.0, limits: draw_mod.Limits | None = None,
             workers: int | None = None) -> dict[str, Drawing]:
    """Draw every dialog: anchor -> Drawing (with its SVG)."""
    return prepare(result, progress, budget, limits, workers).drawings


# -- the page --------------------------------------------------------------------------------------


def context(result: Result, prepared: Prepared | dict[str, Drawing] | None = None,
            generated: dt.datetime | None = None) -> dict[str, Any]:
    """The values of the page. Its dialog sections (`sections`) are rendered one at a time as
    the page is written, unless worker processes made them already."""
    if prepared is None:
        prepared = prepare(result)
    elif not isinstance(prepared, Prepared):
        prepared = Prepared(prepared)
    drawings = prepared.drawings
    targets = dialog_targets(result)
    anchors: dict[tuple[str, int], str] = {}
    node_anchor: dict[tuple[str, int, str], str] = {}
    dialogs: list[DialogSummary] = []
    resource_dialog: dict[tuple[int, str], str] = {}
    by_input = _findings_by_input(result, targets)
    shown: list[Drawing] = []
    for i, analysis, d_index, dialog, flow, anchor in targets:
        path = analysis.document.path
        anchors[(path, d_index)] = anchor
        if dialog.resource_pointer:
            resource_dialog[(i, dialog.resource_pointer)] = anchor
        drawing = drawings.get(anchor) or Drawing(anchor, note="not drawn")
        shown.append(drawing)
        findings = by_input[i].get(d_index, [])
        counts = Counter(f.severity.value for f in findings)
        dialogs.append(DialogSummary(anchor, clean(dialog.name), len(dialog.nodes),
                                     {s: counts.get(s, 0) for s in SEVERITIES}, drawing, bool(findings)))
        drawn = drawing.anchors
        for nid, idx in flow.first_index.items():
            node_anchor[(path, d_index, nid)] = drawn.get(nid) or f"{anchor}-row-{idx}"

    def sections() -> Iterator[Markup]:
        if prepared.sections is not None:
            for html in prepared.sections:
                yield Markup(html)
            return
        for target, drawing in zip(targets, shown):
            i, _, d_index = target[:3]
            yield Markup(_section(target, by_input[i].get(d_index, []), drawing))

    rows = []
    for f in result.findings:
        d_index = _dialog_index(f)
        d_anchor = anchors.get((f.path, d_index)) if d_index >= 0 else None
        n_anchor = node_anchor.get((f.path, d_index, f.node)) if d_anchor and f.node is not None else None
        rows.append({
            "f": f, "severity": f.severity.value, "dialog_anchor": d_anchor,
            "href": f"#{n_anchor}" if n_anchor else (f"#{d_anchor}" if d_anchor else None),
            "location": f"{f.path}:{f.line}" if f.line is not None else f.path,
        })

    documents = []
    for i, analysis in enumerate(result.documents):
        doc = analysis.document
        graphs = []
        graph_of: dict[str, str] = {}  # taxonomy pointer -> anchor
        for k, tax in enumerate(doc.taxonomies):
            roots, total = _term_tree(tax)
            tax_findings = [f for f in result.findings if f.path == doc.path
                            and (f.pointer == tax.pointer or f.pointer.startswith(tax.pointer + "/"))]
            graph_of[tax.pointer] = f"kg{i}-{k}"
            graphs.append({"anchor": f"kg{i}-{k}", "name": clean(tax.name), "terms": total, "roots": roots,
                           "shown": min(total, 1000), "findings": tax_findings})
        resources = []
        for r in doc.resources:
            name, rid, rtype = clean(r.name) if r.name else "—", clean(r.id) if r.id else None, clean(r.type or "")
            href = resource_dialog.get((i, r.pointer)) or graph_of.get(f"{r.pointer}/result/taxonomy")
            resources.append({
                "type": rtype or "—", "name": name,
                "id": rid if rid and rid.lower() not in (name.lower(), rtype.lower()) else None,
                "status": clean(r.status) if r.status is not None else "—",
                "status_class": status_class(r.status), "modules": modules_text(r.modules),
                "href": f"#{href}" if href else None,
                "knowledge": rtype.lower() == "knowledge",
            })
        documents.append({"path": doc.path, "kind": doc.kind, "job": job_view(doc.job),
                          "resources": resources, "graphs": graphs,
                          "summary": analysis.summary})

    counts = result.summary()
    rules = sorted({(f.rule, f.name) for f in result.findings})
    dialog_options = [(d.anchor, d.name) for d in dialogs if d.has_findings]
    title_path = result.documents[0].document.path if result.documents else ""
    generated = generated or dt.datetime.now(dt.timezone.utc)
    return {
        "version": __version__,
        "title": f"korelint report — {clean(title_path)}" if title_path else "korelint report",
        "generated": generated.strftime("%Y-%m-%d %H:%M UTC"),
        "generated_iso": generated.replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "inputs": result.inputs,
        "documents": documents,
        "counts": counts,
        "total": len(result.findings),
        "rows": rows,
        "rules": rules,
        "dialog_options": dialog_options,
        "dialogs": dialogs,
        "sections": sections(),
        "nodes_total": sum(d.node_count for d in dialogs),
        "drawn": sum(1 for d in dialogs if d.drawing.drawn),
        "markers": MARKERS,
        "severity_colors": SEVERITY_COLORS,
        "drawing_css": Markup(draw_mod.SVG_CSS),
    }


def _script() -> tuple[str, str]:
    """The report's JavaScript and its CSP hash: the page runs that script and no other."""
    text = (template_dir() / "report.js").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return text, f"sha256-{digest}"


CHUNK = 1 << 18  # characters written at a time


def chunks(result: Result, prepared: Prepared | dict[str, Drawing] | None = None,
           generated: dt.datetime | None = None) -> Iterator[str]:
    """The page, a piece at a time (about CHUNK characters): never the whole of it at once."""
    script, script_hash = _script()
    values = context(result, prepared, generated)
    pending: list[str] = []
    size = 0
    for piece in environment().get_template("report.html.j2").generate(
            **values, script=Markup(script), script_hash=script_hash):
        pending.append(piece)
        size += len(piece)
        if size >= CHUNK:
            yield "".join(pending)
            pending, size = [], 0
    if pending:
        yield "".join(pending)


def write(result: Result, out: BinaryIO, prepared: Prepared | dict[str, Drawing] | None = None,
          generated: dt.datetime | None = None) -> None:
    """Stream the page into a binary file, UTF-8 (text that cannot be encoded becomes '?')."""
    for piece in chunks(result, prepared, generated):
        out.write(piece.encode("utf-8", "replace"))


def render(result: Result, drawings: Prepared | dict[str, Drawing] | None = None,
           generated: dt.datetime | None = None) -> str:
    """The whole page as one string (small reports and tests; `write` streams)."""
    return "".join(chunks(result, drawings, generated))


def report(result: Result, stream: TextIO) -> None:
    """The Reporter interface (draws every dialog itself)."""
    for piece in chunks(result):
        stream.write(piece)
