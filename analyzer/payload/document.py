"""What a loaded input is: plain dataclasses the rules and reporters read."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .options import Option
from .records import Node, Step, Term
from .vocabulary import is_failure, is_job_status, is_resource_status, is_running, is_success


@dataclass(frozen=True)
class Malformed:
    """A part of the input that does not have the expected shape."""

    pointer: str
    reason: str
    dialog_index: int = -1
    node_index: int = -1
    node: str | None = None  # the node id, when it could be read


@dataclass(frozen=True)
class Endpoint:
    """Where a service component sends its request. `url` is for display: credential-like query
    values and passwords are masked (see credentials.mask.redact_url)."""

    url: str
    scheme: str | None  # "http", "https"; None when unknown (an expression, no protocol)
    host: str | None
    method: str | None
    pointer: str  # of the `endPoint` object (or `url` field)


@dataclass(frozen=True)
class InnerSteps:
    """The readable steps of a bot action component (payload.inner), in order, and the ids of the
    unreadable ones (transitions to them are not dangling; what they do is unknown)."""

    pointer: str  # of the component
    steps: tuple[tuple[int, Step], ...]  # (position in `nodes`, step)
    unreadable: dict[str, int] = field(default_factory=dict)
    root: str | None = None  # id of the first step with level "root": where the bot action starts


@dataclass(frozen=True)
class Prompt:
    """One text of a component's `message` (what a message node says, what an entity or a
    confirmation asks): in one language of one channel."""

    language: str
    channel: str
    type: str  # "basic" (plain text) or "javascript" (built by code), as stored
    text: str  # URL-decoded; "" when longer than components.TEXT_LIMIT (kept short: memory)
    # The buttons and quick replies it offers (payload.options): () when none, None when they are
    # built by code or cannot be read.
    options: tuple[Option, ...] | None = ()


@dataclass(frozen=True)
class ComponentInfo:
    """A dialog component, as findings and reports name it."""

    index: int
    pointer: str
    id: str
    name: str  # its `name`, else a localised label, else its id
    type: str | None
    dialog_id: str | None  # the dialog an intent component runs
    endpoint: Endpoint | None = None  # services
    steps: tuple[str, ...] = ()  # component ids of the steps of a botAction component
    inner: InnerSteps | None = None  # the steps themselves (botAction components)
    entity_type: str | None = None  # entities: `list_of_values`, `number`, ...
    # A list-of-values entity whose values are all written in the component (every language):
    # its values, titles and synonyms, lower-cased. None for any other entity, or values read
    # from a variable at run time.
    values: frozenset[str] | None = None
    choices: tuple[str, ...] = ()  # with `values`: the items' values as written, for messages
    prompts: tuple[Prompt, ...] = ()  # message, entity and confirmation components
    ref_id: str | None = None  # `refId`: kept when a bot is imported elsewhere, where ids change

    def offered(self, languages=()) -> tuple[Option, ...] | None:
        """The buttons and quick replies its prompts offer (every channel; only the given
        languages when some are given), repeats once; None when a prompt offers buttons that
        cannot be read (built by code)."""
        out: dict[tuple[str, str], Option] = {}
        for p in self.prompts:
            if languages and p.language not in languages:
                continue
            if p.options is None:
                return None
            for o in p.options:
                out.setdefault((o.title, o.payload), o)
        return tuple(out.values())

    @property
    def label(self) -> str:
        """`name`, and for a service its method and URL: what the report's node table shows."""
        if self.endpoint is None:
            return self.name
        method = f"{self.endpoint.method.upper()} " if self.endpoint.method else ""
        return f"{self.name} · {method}{self.endpoint.url}"


@dataclass(frozen=True)
class NodeEntry:
    index: int
    pointer: str
    node: Node
    component: ComponentInfo | None = None  # its `componentId` resolved, when the input has components


@dataclass(frozen=True)
class ComponentUse:
    """The first node that runs a component (directly, or as a step of a botAction it runs)."""

    dialog_pointer: str
    dialog_index: int
    node: str
    node_index: int
    label: str = ""  # the node as messages name it (`bot action 'Pay'`)


@dataclass(frozen=True)
class Call:
    """A dialog node that runs another dialog (spec section 4: a non-entry intent node whose
    component carries a `dialogId`)."""

    node: str
    node_index: int
    pointer: str  # of the node
    component: str  # its component's name
    target: str  # the dialog id it runs
    reachable: bool  # some path of transitions leads from the entry to the node
    # Some path from the entry reaches the node without passing a node that waits for user
    # input (see analyzer.calls for the exact semantics).
    without_input: bool
    label: str = ""  # the node as messages name it (`dialog node 'Check Status'`)


@dataclass(frozen=True)
class DialogCalls:
    """What the bot-level rules (KL601, KL602) and the call graph keep of a dialog once it is
    analysed and dropped: its identity and its calls."""

    index: int
    pointer: str
    id: str | None
    ref_id: str | None
    name: str
    calls: tuple[Call, ...]


@dataclass
class DialogSource:
    index: int  # position among the input's dialogs
    pointer: str  # JSON Pointer of the dialog object
    id: str | None
    name: str
    nodes: list[NodeEntry]
    has_nodes: bool  # False when `nodes` is absent or empty
    state: str | None = None
    approved_languages: list[str] | None = None
    approval_requested_languages: list[str] | None = None
    resource_pointer: str | None = None  # the publish-status resource holding it
    ref_id: str | None = None
    # Ids of nodes that are present but malformed (see Malformed): transitions to them are not
    # dangling, and what they do is unknown.
    unreadable: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Resource:
    """A published resource (`statusSummary[i]` or an item of a Publish API response)."""

    index: int
    pointer: str
    type: str | None
    id: str | None
    name: str | None
    status: Any
    modules: Any

    @property
    def label(self) -> str:
        """How messages name it: its name, else its id, else its place (`#index`)."""
        return self.name or self.id or f"#{self.index}"

    @property
    def succeeded(self) -> bool:
        return is_success(self.status)

    @property
    def unpublished(self) -> bool:
        """Its status is text that does not say success (FAILED, or anything else): that part
        of the bot did not go live. A status that is absent or not text says nothing."""
        return isinstance(self.status, str) and not self.succeeded

    @property
    def status_known(self) -> bool:
        return is_resource_status(self.status)


@dataclass(frozen=True)
class Job:
    """The publish job of a publish-status response."""

    pointer: str
    id: Any = None
    status: Any = None
    percentage: Any = None
    stream_id: Any = None
    requested: Any = None
    initiated: Any = None
    modified: Any = None
    job_type: Any = None

    @property
    def failed(self) -> bool:
        return is_failure(self.status)

    @property
    def running(self) -> bool:
        return is_running(self.status)

    @property
    def status_known(self) -> bool:
        return is_job_status(self.status)


@dataclass
class Taxonomy:
    """The terms of one knowledge graph."""

    pointer: str  # of the taxonomy array
    name: str
    terms: list[tuple[int, Term]]


@dataclass(frozen=True)
class PendingDialog:
    """A dialog split off the input but not validated yet (see Document.each_dialog)."""

    index: int
    raw: Any
    pointer: str
    fallback_name: str | None
    fallback_id: str | None
    resource_pointer: str | None


@dataclass
class Document:
    path: str
    kind: str  # what the payload is: one of KINDS (payload.kinds), read from its content
    # What it came in, when not a plain file or stream ("zip": a Kore.ai export archive).
    container: str | None = None
    # The bot's name, as Bot Builder shows it (bot exports: `localeData.<language>.name`, else
    # `name`); None when the input does not say.
    name: str | None = None
    # JSON Pointer of the bot inside the input: "" unless an XO 11 wrapper holds it
    # ("/appDefinition"); every pointer into the bot starts with it.
    base: str = ""
    dialogs: list[DialogSource] = field(default_factory=list)
    # Dialogs still to read, one at a time, so that a large input never holds all of them.
    pending: list[PendingDialog] = field(default_factory=list)
    reader: Any = None  # PendingDialog -> DialogSource | None (appends to `malformed`)
    identify: Any = None  # PendingDialog -> (id, refId, name, digests), unvalidated (diff)
    resources: list[Resource] = field(default_factory=list)
    taxonomies: list[Taxonomy] = field(default_factory=list)
    malformed: list[Malformed] = field(default_factory=list)
    job: Job | None = None
    # pointer -> line, filled in by the loader's locator (None: lines unavailable).
    locator: Any = None
    # The input's bytes, for analyses of the whole input (KL501 scans them for credentials).
    data: bytes | None = None
    # Dialog components by id (bot and dialog exports), and where each is first used (filled
    # in by the linter as dialogs stream past).
    components: dict[str, ComponentInfo] = field(default_factory=dict)
    # Every component id the export lists (malformed components included), and whether the list
    # is complete: the export has one and each of its items has a readable id. Only then can a
    # node's `componentId` be said to be missing (KL109).
    component_ids: set[str] = field(default_factory=set)
    components_listed: bool = False
    # The bot's languages (bot exports: `supportedLanguages`, else `defaultLanguage`); empty when
    # unknown. Components may keep texts of languages the bot no longer has.
    languages: tuple[str, ...] = ()
    # A training sentence of each intent (bot exports' `sentences`: intent component id -> the
    # first sentence in the bot's language): what a test plan says to start a dialog.
    sentences: dict[str, str] = field(default_factory=dict)
    component_users: dict[str, ComponentUse] = field(default_factory=dict)
    # One entry per dialog analysed, when the input has components (filled in by the linter):
    # what the bot-level rules need once the dialogs themselves are gone.
    calls: list[DialogCalls] = field(default_factory=list)
    # Credentials found in the input (by KL501): no output may show them; the linter masks them
    # in messages and the HTML report in the page.
    secrets: set[str] = field(default_factory=set)

    def each_dialog(self, keep: bool = True):
        """Every dialog in order: read now if still pending (and kept in `dialogs` if keep)."""
        if not self.pending:
            yield from self.dialogs
            return
        pending, self.pending = self.pending, []
        reader, self.reader = self.reader, None  # the loader refers back to this document
        for item in pending:
            dialog = reader(item)
            if dialog is not None:
                if keep:
                    self.dialogs.append(dialog)
                yield dialog

    @property
    def shown_kind(self) -> str:
        """The kind outputs show (`inputs[].kind`, the report): the container when there is one,
        so a zipped bot export reads `zip`, else the kind."""
        return self.container or self.kind

    @property
    def status(self) -> str | None:
        if self.job is not None and isinstance(self.job.status, str):
            return self.job.status
        return None
