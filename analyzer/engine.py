"""The linter: runs the enabled rules over a loaded document and makes Findings.

It owns what rules must not decide: the final severity (configuration overrides), where a
problem sits (dialog, line) and the order findings are reported in. Dialogs are analysed one at
a time and, unless the caller keeps them (the HTML report draws them), dropped afterwards, so
memory stays bounded by the largest dialog rather than the whole input.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from . import bot, bot_actions, dialog_split
from .config import Config
from .credentials import ahead as credentials_ahead
from .credentials.mask import scrubber
from .dialog_split import DialogsPart
from .findings import Finding, InputSummary, Problem, Severity
from .flow import DialogFlow
from .inner_flow import BotAction
from .payload import lines_ahead
from .payload.document import DialogSource, Document
from .payload.names import NodeNames
from .precedence import one_per_branch
from .rules import RULES, Rule
from .rules.base import DialogContext, DocumentContext, KnowledgeContext
from .text import MESSAGE_LIMIT, clip_id, printable, shorten


@dataclass
class Analysis:
    """One analysed document; with keep, its dialogs and flows for reporters that draw (and the
    inner flows of its bot actions, each with the node that first runs it)."""

    document: Document
    flows: list[DialogFlow]
    findings: list[Finding] = field(default_factory=list)
    summary: InputSummary | None = None
    bot_actions: list[BotAction] = field(default_factory=list)


Raw = list[tuple[Rule, Problem, "DialogSource | None"]]
# The rule whose problems name the credentials of an input (Problem.secrets).
SECRET_RULE = "KL501"


class Linter:
    def __init__(self, config: Config | None = None):
        self.config = config or Config()
        enabled = self.config.enabled()
        self.rules: list[Rule] = [r for code, r in RULES.items() if code in enabled]
        self.overrides = self.config.severities()
        self._scoped = {scope: [r for r in self.rules if r.scope == scope]
                        for scope in ("dialog", "document", "knowledge")}
        # Turned off, the secret rule still runs to learn what must be masked: --ignore KL501 hides
        # its findings, never turns masking off.
        self._secret_scan = RULES[SECRET_RULE] if SECRET_RULE not in enabled else None

    def analyze(self, doc: Document, input_index: int = 0, keep: bool = True, workers: int = 1,
                meanwhile: Callable[[], object] | None = None) -> Analysis:
        """`workers` > 1: a large input's dialogs may be analysed in two processes (dialog_split).
        `meanwhile`: the caller's work, done here while the child analyses its share (a report
        prepares its page: dialog_split leaves the child more for it), or first."""
        if doc.data is not None:  # the secret scan (run last) has its first pass done meanwhile
            credentials_ahead.start(doc.data)
        doc.calls.clear()  # gathered again below (a document may be analysed twice)
        doc.component_users.clear()
        split = dialog_split.start(self, doc, input_index, keep, meanwhile is not None) \
            if workers > 1 else None
        try:  # (a giant dialog's rules are shared with a child unless the dialogs already are)
            if meanwhile is not None:
                meanwhile()
            part = self.dialogs(doc, input_index, keep, share=workers > 1 and split is None)
        except BaseException:
            if split is not None:
                split.cancel()
            raise
        if split is not None:
            split.finish(part, doc, keep)
        findings, owners = part.findings, part.owners
        doc_ctx = DocumentContext(doc)  # one for all document rules: it caches the call graph
        raw = [(rule, p, None) for rule in self._scoped["document"] for p in rule.check(doc_ctx)]
        # A large knowledge graph may have a finding a term: their lines are located by a child
        # as they are found (lines_ahead.Feed), a batch at a time.
        feed = lines_ahead.Feed(doc.locator) if doc.locator is not None else None
        fed = 0
        try:
            for tax in doc.taxonomies:
                ctx = KnowledgeContext(doc, tax)
                raw += [(rule, p, None) for rule in self._scoped["knowledge"] for p in rule.check(ctx)]
                if feed is not None and len(raw) - fed >= lines_ahead.BATCH:
                    feed.add([p.pointer for _, p, _ in raw[fed:]])
                    fed = len(raw)
            if feed is not None:
                feed.add([p.pointer for _, p, _ in raw[fed:]], last=True)
        except BaseException:
            if feed is not None:
                feed.cancel()
            raise
        findings += self._findings(doc, raw, input_index, owners, feed=feed)
        for _, p, _ in raw:
            if p.secrets:  # (most have none: no generator made for each of 400,000 findings)
                doc.secrets.update(s for s in p.secrets if s)
        if self._secret_scan is not None:
            doc.secrets.update(s for p in self._secret_scan.check(doc_ctx) for s in p.secrets if s)
        mask = scrubber(doc.secrets) if doc.secrets else None  # prepared once: one pass per text
        if mask is not None:
            findings = [_masked(f, mask) for f in findings]
        # After masking, so a credential is never cut in two and shown half.
        limit = MESSAGE_LIMIT
        findings = [f if len(f.message) <= limit and f.message.isprintable() else _shortened(f)
                    for f in findings]
        if self.config.exclude:
            findings = [f for f in findings if not self.config.excluded(f)]
        findings.sort(key=lambda f: f.order)
        status = clip_id(doc.status) if isinstance(doc.status, str) else doc.status
        if status and mask is not None:  # the job's status is payload text too
            status = mask(status)
        summary = InputSummary(doc.path, doc.shown_kind, status, part.dialogs, part.nodes, index=input_index)
        return Analysis(doc, part.flows, findings, summary, part.actions)

    def dialogs(self, doc: Document, input_index: int, keep: bool,
                flows: list[DialogFlow] | None = None, share: bool = False) -> DialogsPart:
        """Every dialog still pending in `doc` analysed, in order (or those of `flows`, read
        already: Linter.read). `share`: a giant dialog's rules may run in two processes."""
        out = DialogsPart()
        analysed: set[str] = set()  # bot action components: each analysed once, with its first user
        malformed_before = len(doc.malformed)
        pairs = (((f.dialog, f) for f in flows) if flows is not None
                 else ((d, None) for d in doc.each_dialog(keep=keep)))
        for dialog, read in pairs:
            flow = read or DialogFlow(dialog)
            out.dialogs += 1
            out.nodes += len(dialog.nodes)
            ctx = DialogContext(doc, dialog, flow)
            raw: Raw = [(rule, p, dialog)
                        for rule, p in dialog_split.problems(self._scoped["dialog"], ctx, share)]
            owner = _owner_of(dialog, flow.names)
            for action in bot_actions.new_bot_actions(doc, dialog, analysed):
                raw += [(rule, p, dialog)
                        for rule, p in bot_actions.check(action, self._scoped["dialog"], doc)]
                # A malformed step (KL001) belongs to the dialog that runs the bot action too.
                out.owners[action.component.pointer] = owner
                if keep:
                    out.actions.append(action)
            raw = one_per_branch(raw)  # a branch two rules describe: the more specific only
            out.findings += self._findings(doc, raw, input_index, {}, owner)
            if doc.components:  # bot-level facts, kept once the dialog is gone
                doc.calls.append(bot.dialog_calls(dialog, flow))
                bot.note_component_users(doc, dialog, flow.names)
            # Document-level problems (a malformed node, a failed resource) name their dialog.
            out.owners[dialog.pointer] = owner
            if dialog.resource_pointer:
                out.owners[dialog.resource_pointer] = owner
            if keep:
                out.flows.append(flow)
            else:
                flow.release()  # its graph's cycles would outlive it (DialogFlow.release)
                if doc.locator is not None:
                    doc.locator.forget(dialog.pointer)
        out.malformed = doc.malformed[malformed_before:]
        return out

    def read(self, doc: Document) -> list[DialogFlow]:
        """The flows of the dialogs still pending, read and kept without analysing them (what a
        report draws of the dialogs a child process analysed: dialog_split)."""
        return [DialogFlow(dialog) for dialog in doc.each_dialog(keep=True)]

    def _findings(self, doc: Document, raw: Raw, input_index: int, owners,
                  dialog_owner: _Owner | None = None, feed: lines_ahead.Feed | None = None
                  ) -> list[Finding]:
        """The findings of `raw`, with their lines (`feed`: its pointers, handed over already)."""
        if doc.locator is None or not raw:
            return self._made(doc, raw, input_index, owners, dialog_owner, {})
        if feed is None:
            feed = lines_ahead.Feed(doc.locator, [p.pointer for _, p, _ in raw])
        feed.close()  # many: a child locates most of them while the findings are built
        if not feed.forked:
            return self._made(doc, raw, input_index, owners, dialog_owner, feed.lines())
        try:
            out = self._made(doc, raw, input_index, owners, dialog_owner, {})
        except BaseException:
            feed.cancel()
            raise
        lines = feed.lines()
        for finding in out:  # (a frozen Finding: set as Finding.made sets its members)
            finding.__dict__["line"] = lines.get(finding.pointer)
        return out

    def _made(self, doc: Document, raw: Raw, input_index: int, owners, dialog_owner: _Owner | None,
              lines: dict[str, int | None]) -> list[Finding]:
        owner_of = _owners(owners)
        severities: dict[tuple, Severity] = {}  # (rule, its problem's severity) -> the final one
        make, path = Finding.made, doc.path
        last: object = owners  # the owner of the previous problem (owners: none yet)
        out = []
        for rule, p, source in raw:
            owner = dialog_owner if source is not None else owner_of(p.owner or p.pointer)
            if owner is not last:
                last = owner
                dialog, dialog_id = (clip_id(owner.name), clip_id(owner.id)) if owner else (None, None)
            names = owner.names if owner is not None and p.node is not None else None
            severity = severities.get((rule.code, p.severity))
            if severity is None:
                severity = severities[rule.code, p.severity] = Severity(
                    self.overrides.get(rule.code) or p.severity or rule.severity)
            node = clip_id(p.node)
            nodes = tuple(map(clip_id, p.nodes)) if p.nodes else ()
            # Payload text is shortened here, once for every reporter: a huge id quoted in each
            # finding would multiply the output (analyzer/text.py).
            out.append(make(
                rule=rule.code, name=rule.name, severity=severity, message=p.message, path=path,
                dialog=dialog, dialog_id=dialog_id, node=node, nodes=nodes, pointer=p.pointer,
                line=lines.get(p.pointer), detail=p.detail,
                node_name=names.shown(p.node) if names else node,
                nodes_names=tuple(names.shown(n) for n in p.nodes) if names else nodes,
                sort_key=(input_index, owner.index if owner else -1, p.order),
            ))
        return out


def _shortened(f: Finding) -> Finding:
    """The backstop for payload text a rule quoted whole (rules shorten what they quote) or
    with control characters (rules quote with repr, which escapes them)."""
    message = printable(shorten(f.message, MESSAGE_LIMIT))
    return f if message == f.message else replace(f, message=message)


def _masked(f: Finding, mask: Callable[[str], str]) -> Finding:
    """The finding with every credential of the input masked in the payload text it shows
    (`mask`: credentials.scrubber of the input's credentials), its pointer included: a
    credential used as a JSON key is in the pointer of everything under it."""
    def masked(text: str | None) -> str | None:
        return mask(text) if text else text
    fields = dict(message=masked(f.message), dialog=masked(f.dialog), dialog_id=masked(f.dialog_id),
                  node=masked(f.node), nodes=tuple(map(masked, f.nodes)), pointer=masked(f.pointer),
                  node_name=masked(f.node_name), nodes_names=tuple(map(masked, f.nodes_names)))
    changed = {k: v for k, v in fields.items() if v != getattr(f, k)}
    return replace(f, **changed) if changed else f


class _Owner(NamedTuple):
    """What a finding needs of its dialog (the dialog itself may be gone by then)."""

    name: str
    id: str | None
    index: int
    names: NodeNames | None = None  # how its nodes are named in the builder


def _owner_of(dialog: DialogSource, names: NodeNames | None = None) -> _Owner:
    return _Owner(dialog.name, dialog.id, dialog.index, names)


def _owners(owners: dict[str, _Owner]) -> Callable[[str], _Owner | None]:
    """The owner of a pointer: that of its deepest prefix in `owners` (a dialog, a resource, a
    component). Found walking down from the root and stopping where no key of `owners` goes on,
    so a pointer outside every dialog (a knowledge-graph term's) costs one look-up."""
    heads = set()  # every key of owners and its prefixes
    for key in owners:
        end = len(key)
        while end > 0 and key[:end] not in heads:
            heads.add(key[:end])
            end = key.rfind("/", 0, end)

    def owner_of(ptr: str) -> _Owner | None:
        found = owners.get("")
        end = 0
        while (end := ptr.find("/", end + 1)) > 0 and ptr[:end] in heads:
            found = owners.get(ptr[:end], found)
        if end < 0 and ptr in heads:
            found = owners.get(ptr, found)
        return found
    return owner_of
