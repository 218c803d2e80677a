"""The records the analysis reads of a dialog: msgspec Structs decoded straight from the input's
bytes, with only the members the rules read (issue 17: the pydantic models cost ~1.4 KB and a
few microseconds a node, and ~120 ms of imports at every start).

What they accept, and the values they give, are those of the pydantic models of
`payload.models`, which stay the validator that explains what is wrong: whenever msgspec refuses
a dialog, a node or a term (a wrong type, a number out of its range, a value nested deeper than
pydantic reads), the loader asks pydantic, imported then, for the message, or for the values
when pydantic accepts it after all (`from_model`). One difference: the 200-level nesting limit
is checked on the members read, not on those skipped (a node is no longer malformed for a deep
member korelint never reads).

Presence is kept where the rules tell `"if": null` from no `if` (`model_fields_set`, as the
pydantic models had it): a member absent from the JSON is UNSET in the Struct and None through
its property.
"""
from __future__ import annotations

from typing import Annotated, Any

import msgspec
from msgspec import UNSET, Meta, Struct, UnsetType

# pydantic's JSON parser reads 201 levels from the element it validates (a node, a term) down:
# a member `levels` below that element may itself be `201 - levels` deep.
PARSER_LEVELS = 201
_NODE_OPTIONS = ("promptOptions", "isOptional", "transitionType")
NonEmpty = Annotated[str, Meta(min_length=1)]
_NESTED = frozenset({dict, list})  # the types too_deep walks; members are mostly scalars


def too_deep(value: Any, room: int) -> bool:
    """Whether a decoded JSON value is nested more than `room` levels (`[]` is one level).
    (Called on every member read of every node: plain loops, exact types as decoders give.)"""
    kind = type(value)
    if kind is dict:
        items = value.values()
    elif kind is list:
        items = value
    else:
        return False
    if room < 1:
        return True
    for v in items:
        kind = type(v)
        if (kind is dict or kind is list) and too_deep(v, room - 1):
            return True
    return False


def _unset(value: Any) -> Any:
    return None if value is UNSET else value


class _ConnMeta(Struct, frozen=True):
    """A transition's `metadata`: only `connId` is read (what `diff` matches transitions by)."""

    connId: Any = UNSET  # noqa: N815 (the JSON member)


class Transition(Struct, frozen=True, rename={"default_": "default", "condition_": "if", "then_": "then"}):
    """`{"default": T}` (the fallback) or `{"if": COND, "then": T}` (a conditional branch)."""

    default_: str | None | UnsetType = UNSET
    condition_: Any = UNSET
    then_: str | None | UnsetType = UNSET
    metadata: _ConnMeta | None = None

    @property
    def default(self) -> str | None:
        return _unset(self.default_)

    @property
    def condition(self) -> Any:
        return _unset(self.condition_)

    @property
    def then(self) -> str | None:
        return _unset(self.then_)

    @property
    def conn_id(self) -> Any:
        return _unset(self.metadata.connId) if self.metadata is not None else None

    @property
    def model_fields_set(self) -> set[str]:
        """The members present in the JSON, named as the pydantic model named them."""
        present = {name for name, value in (("default", self.default_), ("condition", self.condition_),
                                            ("then", self.then_)) if value is not UNSET}
        if self.metadata is not None and self.metadata.connId is not UNSET:
            present.add("conn_id")
        return present

    @property
    def ignored(self) -> bool:
        """Neither `if` nor `default`: the builder ignores it (a malformed-payload finding)."""
        return self.condition_ is UNSET and self.default_ is UNSET

    @property
    def is_conditional(self) -> bool:
        return self.condition_ is not UNSET

    @property
    def is_default(self) -> bool:
        return self.condition_ is UNSET and self.default_ is not UNSET

    @property
    def target(self) -> str | None:
        return self.then if self.is_conditional else self.default

    def way(self) -> tuple[bool, str | None, Any] | None:
        """(conditional, target, condition) in one call, for the flow of a dialog, which reads
        them for every transition; None when the builder ignores it (neither `if` nor `default`)."""
        if self.condition_ is not UNSET:
            return True, _unset(self.then_), self.condition_
        if self.default_ is not UNSET:
            return False, self.default_, None
        return None

    def __eq__(self, other: object) -> bool:  # the pydantic models' equality: values, not presence
        if not isinstance(other, Transition):
            return NotImplemented
        return (self.default, self.condition, self.then, self.conn_id) == (
            other.default, other.condition, other.then, other.conn_id)

    def __hash__(self) -> int:
        return hash((self.default, self.then))


class _Options(Struct, frozen=True):
    """A node's `nodeOptions`: only the options rules read (whether an entity may stay empty)."""

    promptOptions: Any = UNSET  # noqa: N815
    isOptional: Any = UNSET  # noqa: N815
    transitionType: Any = UNSET  # noqa: N815

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in _NODE_OPTIONS if getattr(self, k) is not UNSET}


class Place(Struct, frozen=True):
    """A node's `metadata` or `positionMeta`: only where it sits on the canvas is read (a dict of
    every member cost ~240 bytes a node)."""

    left: Any = None
    top: Any = None


class Node(Struct, frozen=True, rename={"node_id": "nodeId", "component_id": "componentId",
                                         "position_meta": "positionMeta", "options": "nodeOptions"}):
    node_id: NonEmpty
    type: str
    transitions: list[Transition] | None = None
    component_id: Any = None
    metadata: Place | None = None  # an object, or absent or null: None
    position_meta: Place | None = None
    options: _Options | None = None

    @property
    def node_options(self) -> dict[str, Any] | None:
        return self.options.as_dict() if self.options is not None else None

    @property
    def waits_on_input(self) -> bool:
        """`nodeOptions.transitionType` "onInput": a message that waits for the user before its
        transitions (which then test intents)."""
        kind = _unset(self.options.transitionType) if self.options is not None else None
        return isinstance(kind, str) and kind.lower() == "oninput"

    def deep(self) -> bool:
        """A member read nested deeper than pydantic reads from the node down."""
        return nodes_deep((self,))

    def model_copy(self, update: dict[str, Any]) -> Node:
        return msgspec.structs.replace(self, **update)


class Step(Node, frozen=True):
    """A step of a bot action's inner flow (its component's `nodes[]`): a node with a `level`
    (`"root"` marks where the bot action starts)."""

    level: Any = None


class Dialog(Struct, frozen=True, rename={"id": "_id", "ref_id": "refId", "locale_data": "localeData",
                                           "approved_languages": "approvedLanguages",
                                           "approval_requested_languages": "approvalRequestedLanguages"}):
    """A dialog task: a publish-status `result`, a `dialogs[i]` of an export, a dialog export."""

    id: Any = None
    ref_id: Any = None
    name: Any = None
    lname: Any = None
    locale_data: Any = None
    state: Any = None
    approved_languages: Any = None
    approval_requested_languages: Any = None
    nodes: list[Node] | None = None

    def deep(self) -> bool:
        """A member read nested deeper than pydantic reads from the dialog down."""
        room = PARSER_LEVELS - 1
        heads = (self.id, self.ref_id, self.name, self.lname, self.locale_data, self.state,
                 self.approved_languages, self.approval_requested_languages)
        return any(too_deep(v, room) for v in heads) or nodes_deep(self.nodes or ())


# The room each member read has, counted from its node (pydantic reads from the node down).
_NODE_ROOM = PARSER_LEVELS - 1  # componentId
_MEMBER_ROOM = PARSER_LEVELS - 2  # metadata.left, positionMeta.top, nodeOptions.*
_CONDITION_ROOM = PARSER_LEVELS - 3  # transitions[i].if
_CONN_ROOM = PARSER_LEVELS - 4  # transitions[i].metadata.connId


def nodes_deep(nodes) -> bool:
    """Whether a member read of one of the nodes is nested deeper than pydantic reads from the
    node down. (One loop for every node of a dialog: a method call per node, place and transition
    cost more than the checks themselves, which are mostly type tests of scalars.)"""
    nested = _NESTED
    for node in nodes:
        value = node.component_id
        if type(value) in nested and too_deep(value, _NODE_ROOM):
            return True
        for place in (node.metadata, node.position_meta):
            if place is not None and ((type(place.left) in nested and too_deep(place.left, _MEMBER_ROOM))
                                      or (type(place.top) in nested and too_deep(place.top, _MEMBER_ROOM))):
                return True
        options = node.options
        if options is not None:
            for value in (options.promptOptions, options.isOptional, options.transitionType):
                if type(value) in nested and too_deep(value, _MEMBER_ROOM):
                    return True
        for t in node.transitions or ():
            value = t.condition_
            if type(value) in nested and too_deep(value, _CONDITION_ROOM):
                return True
            meta = t.metadata
            if meta is not None and type(meta.connId) in nested and too_deep(meta.connId, _CONN_ROOM):
                return True
    return False


class Term(Struct, frozen=True, rename={"node_id": "nodeId"}):
    """A knowledge-graph term (`taxonomy[i]`)."""

    node_id: NonEmpty
    label: Any = None
    parent: list[Any] | None = None  # term ids; the loader reports any other item (KL001)

    def deep(self) -> bool:
        return too_deep(self.label, PARSER_LEVELS - 1) or too_deep(self.parent, PARSER_LEVELS - 1)


_DECODERS: dict[type, msgspec.json.Decoder] = {t: msgspec.json.Decoder(t) for t in (Dialog, Node, Term)}


def decode(data, kind: type) -> Any:
    """The record of `kind` from JSON bytes, or None when msgspec refuses them or a member read
    is nested deeper than pydantic reads (then pydantic decides)."""
    try:
        record = _DECODERS[kind].decode(data)
    except (msgspec.DecodeError, RecursionError):
        return None
    return None if record.deep() else record


def convert(value: Any, kind: type) -> Any:
    """The record of `kind` from a Python value already read (a step of a bot action), or None
    when msgspec refuses it."""
    try:
        return msgspec.convert(value, kind)
    except (msgspec.ValidationError, RecursionError):
        return None


def from_model(model: Any) -> Any:
    """The record of a pydantic model (payload.models) that validated what msgspec refused."""
    if hasattr(model, "transitions"):  # a node or a step
        transitions = None if model.transitions is None else [_transition(t) for t in model.transitions]
        options = None if model.node_options is None else _Options(**model.node_options)
        fields = {"node_id": model.node_id, "type": model.type, "component_id": model.component_id,
                  "metadata": _place(model.metadata), "position_meta": _place(model.position_meta),
                  "transitions": transitions, "options": options}
        if hasattr(model, "level"):
            return Step(**fields, level=model.level)
        return Node(**fields)
    if hasattr(model, "parent"):
        return Term(node_id=model.node_id, label=model.label, parent=model.parent)
    return Dialog(id=model.id, ref_id=model.ref_id, name=model.name, lname=model.lname,
                  locale_data=model.locale_data, state=model.state,
                  approved_languages=model.approved_languages,
                  approval_requested_languages=model.approval_requested_languages,
                  nodes=None if model.nodes is None else [from_model(n) for n in model.nodes])


def _place(meta: Any) -> Place | None:
    """What a pydantic model's `metadata` says of the place (only an object says anything)."""
    return Place(meta.get("left"), meta.get("top")) if isinstance(meta, dict) else None


def _transition(t: Any) -> Transition:
    present = t.model_fields_set
    conn = _ConnMeta(t.conn_id) if "conn_id" in present else None
    return Transition(t.default if "default" in present else UNSET,
                      t.condition if "condition" in present else UNSET,
                      t.then if "then" in present else UNSET, conn)
