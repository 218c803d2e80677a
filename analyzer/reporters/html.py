"""The HTML report: one self-contained file (inline CSS, inline SVG, a little inline JavaScript).

This module turns a Result whose documents were kept (`run_analysis(keep=True)`) into the values
the Jinja templates show. Every payload string reaches the page through Jinja's autoescaping or,
for drawings, through the SVG sanitizer of `analyzer.drawing`; nothing is marked safe here
except that sanitizer's output.
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, TextIO

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
    nodes: list[NodeView] = []
    for entry in dialog.nodes:
        nid = entry.node.node_id
        first = flow.first_index.get(nid) == entry.index
        flags = []
        if nid == flow.entry and first:
            flags.append("entry")
        if flow.is_input(nid):
            flags.append("waits for input")
        if flow.entry is not None and nid not in flow.reachable:
            flags.append("unreachable")
        if nid in loops:
            flags.append("in a loop")
        if not first:
            flags.append("duplicate id")
        transitions = []
        for t in entry.node.transitions or []:
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
            elif target in flow.first_index:
                tk, text, href = "node", clean(target), f"#{anchor}-row-{flow.first_index[target]}"
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
            href=f"#{drawing.anchors[nid]}" if first and nid in drawing.anchors else None,
            duplicate=not first,
        ))
    counts = Counter(f.severity.value for f in findings)
    links = []
    for f in findings:
        href = None
        if f.node is not None and f.node in flow.first_index:
            href = f"#{drawing.anchors.get(f.node) or f'{anchor}-row-{flow.first_index[f.node]}'}"
        links.append((f, href))
    return DialogView(
        anchor=anchor, name=clean(dialog.name), id=clean(dialog.id) if dialog.id else None,
        nodes=nodes, findings=findings, finding_links=links, counts={s: counts.get(s, 0) for s in SEVERITIES},
        drawing=drawing, svg=Markup(drawing.svg) if drawing.svg else None,
        legend=_legend(flow, drawing), extras=_extras(flow, findings, loops), open_table=drawing.svg is None or len(nodes) <= 40,
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


def draw_all(result: Result, progress: Callable[[int, int, str], None] | None = None,
             budget: float = 300.0, limits: draw_mod.Limits | None = None,
             workers: int | None = None) -> dict[str, Drawing]:
    """Draw every dialog (anchor -> Drawing) within a time budget for the whole report.

    Dialogs are drawn by a few threads: Graphviz (a subprocess, or wasm code that runs without
    the GIL) draws one while Python prepares or cleans another."""
    import time
    from concurrent.futures import ThreadPoolExecutor

    started = time.monotonic()
    targets = dialog_targets(result)
    by_input: dict[int, dict[int, list[Finding]]] = {}
    for i, analysis, *_ in targets:
        if i not in by_input:
            by_input[i] = dialog_findings(result, analysis)

    def one(target) -> Drawing:
        i, _, d_index, dialog, flow, anchor = target
        left = budget - (time.monotonic() - started)
        return draw_mod.draw(flow, anchor, dialog.name, node_findings(by_input[i].get(d_index, [])),
                             limits=limits, timeout=left)

    out: dict[str, Drawing] = {}
    workers = workers or min(4, os.cpu_count() or 1)
    if len(targets) < 2 or workers < 2:
        drawn = map(one, targets)
        pool = None
    else:
        pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="korelint-draw")
        drawn = pool.map(one, targets)
    try:
        for k, (target, drawing) in enumerate(zip(targets, drawn)):
            out[target[5]] = drawing
            if progress:
                progress(k + 1, len(targets), target[3].name)
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
    return out


def context(result: Result, drawings: dict[str, Drawing] | None = None,
            generated: dt.datetime | None = None) -> dict[str, Any]:
    if drawings is None:
        drawings = draw_all(result)
    targets = dialog_targets(result)
    anchors: dict[tuple[str, int], str] = {}
    node_anchor: dict[tuple[str, int, str], str] = {}
    dialogs: list[DialogView] = []
    resource_dialog: dict[tuple[int, str], str] = {}
    by_input: dict[int, dict[int, list[Finding]]] = {}
    for i, analysis, d_index, dialog, flow, anchor in targets:
        if i not in by_input:
            by_input[i] = dialog_findings(result, analysis)
        path = analysis.document.path
        anchors[(path, d_index)] = anchor
        if dialog.resource_pointer:
            resource_dialog[(i, dialog.resource_pointer)] = anchor
        drawing = drawings.get(anchor) or Drawing(anchor, note="not drawn")
        view = _dialog_view(anchor, dialog, flow, by_input[i].get(d_index, []), drawing)
        for nid, idx in flow.first_index.items():
            node_anchor[(path, d_index, nid)] = drawing.anchors.get(nid) or f"{anchor}-row-{idx}"
        dialogs.append(view)

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
    dialog_options = [(d.anchor, d.name) for d in dialogs if d.findings]
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
        "nodes_total": sum(len(d.nodes) for d in dialogs),
        "drawn": sum(1 for d in dialogs if d.svg is not None),
        "markers": MARKERS,
        "severity_colors": SEVERITY_COLORS,
    }


def _script() -> tuple[str, str]:
    """The report's JavaScript and its CSP hash: the page runs that script and no other."""
    text = (template_dir() / "report.js").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return text, f"sha256-{digest}"


def render(result: Result, drawings: dict[str, Drawing] | None = None,
           generated: dt.datetime | None = None) -> str:
    script, script_hash = _script()
    values = context(result, drawings, generated)
    return environment().get_template("report.html.j2").render(
        **values, script=Markup(script), script_hash=script_hash)


def report(result: Result, stream: TextIO) -> None:
    """The Reporter interface (draws every dialog itself)."""
    stream.write(render(result))
