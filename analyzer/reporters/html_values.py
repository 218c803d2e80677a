"""Values the report shows of a document, outside its dialogs: publish job (status, times,
durations), resources' modules, and the terms of a knowledge graph as a tree. Payload text is
cleaned here; escaping is the templates' (autoescaped)."""
from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ..payload.numbers import finite
from ..payload.vocabulary import is_failure, is_running, is_success
from ..text import clean

# Words the API does not document but a report may as well colour: the page is for people.
_OK_WORDS = ("succeeded", "published", "completed")
_BAD_WORDS = ("failure", "error")
_RUNNING_WORDS = ("in_progress", "in progress", "running", "pending", "queued")


def status_class(status: Any) -> str:
    """The colour of a job's or resource's status: ok, bad, running or unknown. Spaces around
    it are forgiven here (the rules report them, as an unknown status)."""
    s = str(status).strip() if status is not None else ""
    if is_success(s) or s.lower() in _OK_WORDS:
        return "ok"
    if is_failure(s) or s.lower() in _BAD_WORDS:
        return "bad"
    if is_running(s) or s.lower() in _RUNNING_WORDS:
        return "running"
    return "unknown"


def _time(value: Any) -> dt.datetime | None:
    if isinstance(value, str) and value.strip():
        try:
            t = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            return None
        return t if t.tzinfo else t.replace(tzinfo=dt.UTC)
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 1e11 < value < 1e14:
        return dt.datetime.fromtimestamp(value / 1000, dt.UTC)  # epoch milliseconds
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
    utc = t.astimezone(dt.UTC)
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
    pct = finite(job.percentage)
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
        percentage_text=(f"{pct:g} %" if pct is not None
                         else clean(job.percentage) if job.percentage is not None else "—"),
        requested=time_value(job.requested), initiated=time_value(job.initiated),
        finished=time_value(job.modified), finished_label="Finished" if done else "Last update",
        duration=took, queued=queued,
        stream_id=clean(job.stream_id) if job.stream_id is not None else None,
        job_id=clean(job.id) if job.id is not None else None,
        job_type=clean(job.job_type) if job.job_type is not None else None,
    )


@dataclass
class TermView:
    node_id: str
    label: str
    children: list[TermView] = field(default_factory=list)
    missing_parents: list[str] = field(default_factory=list)


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
