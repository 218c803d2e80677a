"""pydantic v2 models of the parts of a dialog the analysis reads.

They read only what the rules need and ignore every other field, so the platform can add fields
every release. Fields whose shape does not matter to the graph (names, positions, states) are
`Any` and interpreted leniently later; fields the graph stands on (node ids, types, targets) are
typed, so a node that breaks them fails validation and becomes a `malformed-payload` finding.
"""
from __future__ import annotations

from typing import Any

from pydantic import AliasPath, BaseModel, ConfigDict, Field, field_validator

_NODE_OPTIONS = ("promptOptions", "isOptional", "transitionType")


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)  # aliases only: `{"node_id": ..}` is not a node


class Transition(_Model):
    """`{"default": T}` (the fallback) or `{"if": COND, "then": T}` (a conditional branch)."""

    default: str | None = None
    condition: Any = Field(None, alias="if")
    then: str | None = None
    # `metadata.connId`: the builder's id of the connection (what `diff` matches transitions by).
    conn_id: Any = Field(None, validation_alias=AliasPath("metadata", "connId"))

    @property
    def is_conditional(self) -> bool:
        return "condition" in self.model_fields_set

    @property
    def is_default(self) -> bool:
        return not self.is_conditional and "default" in self.model_fields_set

    @property
    def target(self) -> str | None:
        return self.then if self.is_conditional else self.default


class Node(_Model):
    node_id: str = Field(alias="nodeId", min_length=1)
    type: str
    transitions: list[Transition] | None = None
    component_id: Any = Field(None, alias="componentId")
    metadata: Any = None
    position_meta: Any = Field(None, alias="positionMeta")
    # Only the options rules read (whether an entity may stay empty); the rest is dropped.
    node_options: Any = Field(None, alias="nodeOptions")

    @field_validator("node_options", mode="after")
    @classmethod
    def _few_options(cls, v: Any) -> Any:
        return {k: v[k] for k in _NODE_OPTIONS if k in v} if isinstance(v, dict) else None

    @property
    def waits_on_input(self) -> bool:
        """`nodeOptions.transitionType` "onInput": a message that waits for the user before its
        transitions (which then test intents)."""
        kind = self.node_options.get("transitionType") if isinstance(self.node_options, dict) else None
        return isinstance(kind, str) and kind.lower() == "oninput"


class Step(Node):
    """A step of a bot action's inner flow (its component's `nodes[]`): a node with a `level`
    (`"root"` marks where the bot action starts)."""

    level: Any = None


class Dialog(_Model):
    """A dialog task: a publish-status `result`, a `dialogs[i]` of an export, a dialog export."""

    id: Any = Field(None, alias="_id")
    ref_id: Any = Field(None, alias="refId")
    name: Any = None
    lname: Any = None
    locale_data: Any = Field(None, alias="localeData")
    state: Any = None
    approved_languages: Any = Field(None, alias="approvedLanguages")
    approval_requested_languages: Any = Field(None, alias="approvalRequestedLanguages")
    nodes: list[Node] | None = None


class Term(_Model):
    """A knowledge-graph term (`taxonomy[i]`)."""

    node_id: str = Field(alias="nodeId", min_length=1)
    label: Any = None
    parent: list[Any] | None = None  # term ids; the loader reports any other item (KL001)


class Component(_Model):
    """A dialog component (`dialogComponents[i]` of a bot export, `components[i]` of a dialog
    export): what a node runs. Typed where korelint relies on the shape (its id, the dialog an
    intent runs, a service's end point), lenient elsewhere."""

    id: str = Field(alias="_id", min_length=1)
    ref_id: Any = Field(None, alias="refId")
    name: Any = None
    type: str | None = None
    dialog_id: str | None = Field(None, alias="dialogId")
    end_point: dict[str, Any] | None = Field(None, alias="endPoint")
    url: Any = None
    locale_data: Any = Field(None, alias="localeData")
    nodes: Any = None  # the steps of a botAction component
    entity_type: Any = Field(None, alias="entityType")  # entities: `list_of_values`, `number`, ...
    message: Any = None  # the text a message node says, or an entity/confirmation prompt
