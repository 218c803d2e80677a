"""Findings: the immutable values every rule produces and every reporter consumes."""
from __future__ import annotations

import enum
from dataclasses import dataclass, field, fields
from typing import Any


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]


FAIL_ON = {"error": 3, "warning": 2, "info": 1, "never": 99}


@dataclass(frozen=True)
class Problem:
    """What a rule yields: the linter turns it into a Finding (adds code, severity, line)."""

    message: str
    pointer: str
    node: str | None = None
    nodes: tuple[str, ...] = ()
    # A rule may lower its own default severity for one problem (KL103 on a region the user
    # can leave); a per-rule override in the configuration still wins.
    severity: Severity | None = None
    # What distinguishes two problems of one rule at one place (a target id, a condition):
    # used for stable fingerprints, never for display.
    detail: str = ""
    # Position of the node in its dialog, for the deterministic order.
    order: int = -1
    # The pointer of the dialog the problem belongs to when its own pointer is outside every
    # dialog (a component, run by a node of that dialog).
    owner: str | None = None
    # Text no output may show (credentials found in the payload): the linter masks it in every
    # message and records it on the document for the reporters that show payload text.
    secrets: tuple[str, ...] = field(default=(), repr=False, compare=False)

    @classmethod
    def made(cls, message: str, pointer: str, **members: Any) -> Problem:
        """A Problem made in one dict update, the members not given their defaults: the frozen
        __init__ sets each through object.__setattr__ (~2.7 us here ~1.2), and a rule with a
        finding per term of a large knowledge graph makes hundreds of thousands."""
        problem = object.__new__(cls)
        state = problem.__dict__
        state.update(_PROBLEM_DEFAULTS)
        state["message"], state["pointer"] = message, pointer
        state.update(members)
        return problem


# Every member of a Problem in order, with its default (made() fills in message and pointer).
_PROBLEM_DEFAULTS = {f.name: f.default for f in fields(Problem)}


@dataclass(frozen=True)
class Finding:
    rule: str
    name: str
    severity: Severity
    message: str
    path: str
    dialog: str | None
    dialog_id: str | None
    node: str | None
    nodes: tuple[str, ...]
    pointer: str
    line: int | None
    detail: str = field(default="", compare=False)
    # How Bot Builder names `node` and `nodes` (their components' names; the id when a node has
    # none). `node`/`nodes` keep the ids: fingerprints and baselines rest on them.
    node_name: str | None = None
    nodes_names: tuple[str, ...] = ()
    # (input index, dialog index, node index) - the order findings are reported in.
    sort_key: tuple[int, int, int] = field(default=(0, -1, -1), compare=False, repr=False)

    @classmethod
    def made(cls, **members: Any) -> Finding:
        """A Finding of every member at once, as the linter makes hundreds of thousands: the frozen
        __init__ sets each member through object.__setattr__ (~2.4 us a finding, ~1.1 here)."""
        finding = object.__new__(cls)
        finding.__dict__.update(members)
        return finding

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message,
            "path": self.path,
            "dialog": self.dialog,
            "dialog_id": self.dialog_id,
            "node": self.node,
            "node_name": self.node_name,
            "nodes": list(self.nodes),
            "nodes_names": list(self.nodes_names),
            "pointer": self.pointer,
            "line": self.line,
        }

    @property
    def fingerprint(self) -> str:
        """Stable identity: rule, dialog, node and what distinguishes the problem; not the line
        or position, so it survives reformatting, line shifts and reordering."""
        import hashlib  # here: `korelint rules` and `--version` need no hashing (issue 17)

        key = "\x1f".join([self.rule, self.dialog_id or self.dialog or "", self.node or "",
                            self.detail])
        return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]

    @property
    def order(self) -> tuple:
        return (*self.sort_key, self.rule, self.pointer, self.detail, self.message)


@dataclass(frozen=True)
class InputSummary:
    """One analysed input, as the json format's `inputs[]` reports it."""

    path: str
    kind: str
    status: str | None
    dialogs: int
    nodes: int
    # Its position among the inputs given (= sort_key[0] of its findings): two inputs may share
    # a path (`check a.json a.json`), and reporters group findings by input, not by path.
    index: int = field(default=0, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "kind": self.kind, "status": self.status, "dialogs": self.dialogs,
                "nodes": self.nodes}


@dataclass
class Result:
    inputs: list[InputSummary] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    # The loaded documents, for reporters that draw (html); None when not kept.
    documents: list[Any] = field(default_factory=list)

    def by_input(self) -> dict[int, list[Finding]]:
        """Input index -> its findings, in order (one pass: reporters of many inputs use it)."""
        out: dict[int, list[Finding]] = {}
        for f in self.findings:
            out.setdefault(f.sort_key[0], []).append(f)
        return out

    def summary(self) -> dict[str, int]:
        counts = {s.value: 0 for s in Severity}
        for f in self.findings:
            counts[f.severity.value] += 1
        return counts

    def fails(self, fail_on: str) -> bool:
        threshold = FAIL_ON[fail_on]
        return any(f.severity.rank >= threshold for f in self.findings)
