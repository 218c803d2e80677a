"""The linter: runs the enabled rules over a loaded document and makes Findings.

It owns what rules must not decide: the final severity (configuration overrides), where a
problem sits (dialog, line) and the order findings are reported in.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .config import Config
from .findings import Finding, InputSummary, Problem, Severity
from .flow import DialogFlow
from .payload.document import DialogSource, Document
from .rules import RULES, Rule
from .rules.base import DialogContext, DocumentContext, KnowledgeContext


@dataclass
class Analysis:
    """One analysed document with its flows (kept for reporters that draw)."""

    document: Document
    flows: list[DialogFlow]
    findings: list[Finding] = field(default_factory=list)
    summary: InputSummary | None = None


class Linter:
    def __init__(self, config: Config | None = None):
        self.config = config or Config()
        enabled = self.config.enabled()
        self.rules: list[Rule] = [r for code, r in RULES.items() if code in enabled]
        self.overrides = self.config.severities()

    def _by_scope(self, scope: str) -> list[Rule]:
        return [r for r in self.rules if r.scope == scope]

    def analyze(self, doc: Document, input_index: int = 0) -> Analysis:
        flows = [DialogFlow(d) for d in doc.dialogs]
        raw: list[tuple[Rule, Problem, DialogSource | None]] = []
        for rule in self._by_scope("document"):
            for p in rule.check(DocumentContext(doc)):
                raw.append((rule, p, None))
        for dialog, flow in zip(doc.dialogs, flows):
            ctx = DialogContext(doc, dialog, flow)
            for rule in self._by_scope("dialog"):
                for p in rule.check(ctx):
                    raw.append((rule, p, dialog))
        for tax in doc.taxonomies:
            ctx = KnowledgeContext(doc, tax)
            for rule in self._by_scope("knowledge"):
                for p in rule.check(ctx):
                    raw.append((rule, p, None))
        findings = self._findings(doc, raw, input_index)
        nodes = sum(len(d.nodes) for d in doc.dialogs)
        summary = InputSummary(doc.path, doc.kind, doc.status, len(doc.dialogs), nodes)
        return Analysis(doc, flows, findings, summary)

    def _findings(self, doc: Document, raw, input_index: int) -> list[Finding]:
        owners: dict[str, DialogSource] = {}
        for d in doc.dialogs:
            owners[d.pointer] = d
            if d.resource_pointer:
                owners[d.resource_pointer] = d
        lines = doc.locator.lines([p.pointer for _, p, _ in raw]) if doc.locator is not None else {}
        out = []
        for rule, p, dialog in raw:
            if dialog is None:
                dialog = _owner(owners, p.pointer)
            severity = self.overrides.get(rule.code) or p.severity or rule.severity
            out.append(Finding(
                rule=rule.code, name=rule.name, severity=Severity(severity), message=p.message,
                path=doc.path, dialog=dialog.name if dialog else None,
                dialog_id=dialog.id if dialog else None, node=p.node, nodes=p.nodes,
                pointer=p.pointer, line=lines.get(p.pointer), detail=p.detail,
                sort_key=(input_index, dialog.index if dialog else -1, p.order),
            ))
        if self.config.exclude:
            out = [f for f in out if not self.config.excluded(f)]
        out.sort(key=lambda f: f.order)
        return out


def _owner(owners: dict[str, DialogSource], ptr: str) -> DialogSource | None:
    while True:
        if ptr in owners:
            return owners[ptr]
        if not ptr:
            return None
        ptr = ptr.rsplit("/", 1)[0]
