"""The analysis every command runs: inputs -> documents -> findings -> one Result.

Nothing here prints: an input that cannot be read is an `InputError` in the outcome, the
number of findings a baseline hid is a number, and the command decides what to say. Several
files are analysed in forked processes (`jobs`); only their summaries and findings travel back.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import baseline
from .config import Config, ConfigError
from .credentials import ahead as credentials_ahead
from .credentials.mask import scrubber
from .engine import Analysis, Linter
from .findings import Finding, InputSummary, Result
from .payload import Document, NotAPayload, PayloadError, parse
from .rules import RULES
from .sources import Found, NotAnExport, Source, SourceError, expand, read
from .text import displayable, escaped
from .workers import cores, in_processes

if TYPE_CHECKING:
    from . import diff as semantic_diff

Input = str | Source  # a path ("-" for stdin), or a payload already fetched (the live bot)


@dataclass(frozen=True)
class InputError:
    """An input that could not be read or is not a Kore.ai payload (the command exits 2)."""

    path: str  # as outputs show it
    reason: str
    foreign: bool = False  # readable, but not a Kore.ai payload (skipped when a directory walk found it)

    def __str__(self) -> str:
        return f"{escaped(self.path)}: {self.reason}"


@dataclass
class Outcome:
    result: Result
    errors: list[InputError] = field(default_factory=list)
    hidden: int = 0  # findings the baseline hid
    skipped: list[InputError] = field(default_factory=list)  # found in a directory, not Kore.ai payloads


def analyze(inputs: list[Input], config: Config, keep: bool = False, use_baseline: bool = True,
            jobs: int = 1, meanwhile: Callable[[], object] | None = None) -> Outcome:
    """Load and analyse every input. With keep, the analyses (documents, flows) are kept in
    `result.documents` for reporters that draw. `meanwhile`: work of the caller's done while a
    child process analyses part of the first input (Linter.analyze), or before. Raises
    ConfigError for a baseline that cannot be read."""
    accepted = None
    if use_baseline and config.baseline:
        try:
            accepted = baseline.read(config.baseline)
        except baseline.BaselineError as exc:
            raise ConfigError(str(exc)) from None
    # A directory: the files below it (sources.expand); `found[i]` says where input i came from.
    entries: list[tuple[Input, Found]] = []
    for given in inputs:
        if isinstance(given, str):
            entries += [(f.path, f) for f in expand([given], config.exclude)]
        else:
            entries.append((given, Found(given.path)))
    inputs = [e for e, _ in entries]
    found = [f for _, f in entries]
    files = [p for p in inputs if isinstance(p, str) and p != "-"]
    parallel = jobs > 1 and not keep and len(files) > 1 and len(files) == len(inputs)
    outcome = Outcome(Result())
    linter = None if parallel else Linter(config)
    jobs_list = list(enumerate(inputs))
    analysed = (in_processes(_analyze_in_worker, jobs_list, state=config, workers=jobs) if parallel
                else (_analyze_one(linter, path, index, keep, jobs, meanwhile if index == 0 else None)
                   for index, path in jobs_list))
    read_in: dict[str, int] = {}  # directory -> the payloads read from it
    for (summary, findings, extra), source in zip(analysed, found, strict=True):
        if source.folder is not None:
            read_in.setdefault(source.folder, 0)
        if isinstance(extra, InputError):
            (outcome.skipped if extra.foreign and source.walked else outcome.errors).append(extra)
            continue
        if source.folder is not None:
            read_in[source.folder] += 1
        outcome.result.inputs.append(summary)
        outcome.result.findings.extend(findings)
        if keep:
            outcome.result.documents.append(extra)
    for folder, count in read_in.items():
        if not count:  # a directory of other JSON files: nothing was linted, which must not pass
            outcome.errors.append(InputError(displayable(folder), "no Kore.ai payload in this directory "
                                             "(every *.json and *.zip file below it was skipped)"))
    if len(outcome.result.inputs) > 1:  # (each input's findings come sorted: engine.Linter)
        outcome.result.findings.sort(key=lambda f: f.order)
    if accepted is not None:
        outcome.result.findings, outcome.hidden = baseline.apply(outcome.result.findings, accepted)
    return outcome


Analysed = tuple[InputSummary | None, list[Finding] | None, "Analysis | InputError | None"]


def _load(path: Input) -> Document | InputError:
    """The input read and its kind recognised, its dialogs still pending (read as analysed)."""
    given = path if isinstance(path, Source) else None  # the live bot's payload, already fetched
    # the name outputs show: a file name that is not UTF-8 cannot be written into JSON or XML
    shown = given.path if given else "<stdin>" if path == "-" else displayable(path)
    try:
        source = given or read(path)
        # The credential scan's first pass reads only the bytes: a large input's starts now, on
        # the core the parse leaves idle (the linter takes it over: credentials.ahead).
        credentials_ahead.start(source.data)
        return parse(source.data, shown, lines=source.lines, container=source.container, stream=True)
    except (SourceError, PayloadError) as exc:
        credentials_ahead.drop()
        return InputError(shown, str(exc), foreign=isinstance(exc, (NotAPayload, NotAnExport)))


def _analyze_one(linter: Linter, path: Input, index: int, keep: bool, jobs: int = 1,
                 meanwhile: Callable[[], object] | None = None) -> Analysed:
    """(summary, findings, the Analysis), or (None, None, the InputError). `jobs` > 1: a large
    input's dialogs may be shared with a second process (engine.dialog_split)."""
    doc = _load(path)
    if isinstance(doc, InputError):
        return None, None, doc
    analysis = linter.analyze(doc, index, keep=keep, workers=jobs, meanwhile=meanwhile)
    return analysis.summary, analysis.findings, analysis if keep else None


_WORKER_LINTER: tuple[Config, Linter] | None = None


def _analyze_in_worker(config: Config, job: tuple[int, str]) -> Analysed:
    """One input in a worker process: one Linter per worker (and configuration), nothing kept."""
    global _WORKER_LINTER
    if _WORKER_LINTER is None or _WORKER_LINTER[0] is not config:
        _WORKER_LINTER = (config, Linter(config))
    index, path = job
    return _analyze_one(_WORKER_LINTER[1], path, index, keep=False)


@dataclass
class DiffOutcome:
    diff: semantic_diff.Diff | None  # None when an input could not be read
    errors: list[InputError] = field(default_factory=list)


def diff(old: Input, new: Input, config: Config, include_layout: bool = False,
         keep: bool = False) -> DiffOutcome:
    """What changed from OLD to NEW, and the findings NEW brings or fixes: both linted with the
    same configuration (no baseline: what is new is the point), then their dialogs compared a
    pair at a time. With keep, changed dialogs keep what the HTML page draws."""
    from . import diff as semantic_diff  # `diff` only: `check` does not import it

    docs = [_load(old), _load(new)]
    errors = [d for d in docs if isinstance(d, InputError)]
    if errors:
        return DiffOutcome(None, errors)
    # Kept before the linter streams the dialogs (and drops them), to read them again in pairs.
    dialogs = [semantic_diff.Dialogs.of(d) for d in docs]  # type: ignore[arg-type]
    # Dialogs only saved again (same but for timestamps): NEW's findings are OLD's, not linted twice.
    skip, alike = semantic_diff.alike(*dialogs)
    if skip:
        docs[0].pending = [p for k, p in enumerate(dialogs[0].items) if k not in skip]  # type: ignore[union-attr]
    # Both sides linted at once in two forked processes (in this one when forking is not possible).
    linted = list(in_processes(_lint_in_worker, [0, 1], state=(config, docs), workers=min(2, cores())))
    secrets = linted[0][2] | linted[1][2]
    changes = semantic_diff.changes(*dialogs, scrubber(secrets) if secrets else None, include_layout, keep)
    sides = [semantic_diff.Side(s.path, s.kind, s.dialogs, s.nodes) for s, _, _ in linted]
    old_findings = semantic_diff.adopt(linted[0][1], dialogs[0], skip)
    return DiffOutcome(semantic_diff.build(sides[0], sides[1], changes, old_findings, linted[1][1],
                                           include_layout, frozenset(secrets), _within(alike)))


def _within(pointers: set[str]):
    """Whether a finding of NEW is one of a dialog left out of OLD's analysis (`diff.alike`): a
    dialog rule's, or a malformed part of it. The others (credentials, resources) are found on
    both sides and compared."""
    if not pointers:
        return None

    def same(f: Finding) -> bool:
        rule = RULES.get(f.rule)
        if rule is None or (rule.scope != "dialog" and f.rule != "KL001"):
            return False
        ptr = f.pointer
        while True:  # the dialog itself or a part of it ("": a dialog export is one dialog)
            if ptr in pointers:
                return True
            if not ptr:
                return False
            ptr = ptr.rsplit("/", 1)[0]
    return same


def _lint_in_worker(state: tuple[Config, list[Document]], index: int
                    ) -> tuple[InputSummary, list[Finding], set[str]]:
    """One side of a diff: its summary, findings, and the credentials the linter found in it."""
    config, docs = state
    analysis = Linter(config).analyze(docs[index], index, keep=False)
    assert analysis.summary is not None
    return analysis.summary, analysis.findings, analysis.document.secrets
