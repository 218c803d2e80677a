"""The inner flow of a bot action: the steps kept in its component's `nodes[]`.

A dialog node of type `botAction` runs the flow of its component (`dialogComponents[i]` whose `_id`
is the node's `componentId`). Each step there is shaped like a dialog node (`nodeId`, `type`,
`componentId`, `transitions` with `if`/`then` and `default`) plus a `level`: the first step with
`level: "root"` is where the bot action starts. The dialog node also carries a copy of the steps,
without their transitions (identical to the component's in all 244 nodes of the corpus): the
component is what runs, so it is the one read.

The steps are read when the component is (components come before dialogs), each validated on its
own: a step that does not have a node's shape becomes a `malformed-payload` finding and the other
steps are still analysed. Which rules then run on the flow is decided in analyzer.bot_actions.
"""
from __future__ import annotations

from typing import Any

from .document import ComponentInfo, DialogSource, InnerSteps, Malformed, NodeEntry
from .fields import describe
from .records import Step, convert, from_model

BOT_ACTION = "botAction"
ROOT = "root"


def read_steps(type_: str | None, steps: Any, ptr: str, out: list[Malformed]) -> InnerSteps | None:
    """The steps of a `botAction` component (None for other components or no `nodes`); what is
    not a step is appended to `out` (KL001)."""
    if type_ != BOT_ACTION or steps is None:
        return None
    if not isinstance(steps, list):
        out.append(Malformed(f"{ptr}/nodes", "`nodes` of a bot action must be an array of steps"))
        return None
    read: list[tuple[int, Step]] = []
    unreadable: dict[str, int] = {}
    for j, raw in enumerate(steps):
        step_ptr = f"{ptr}/nodes/{j}"
        step = convert(raw, Step)
        if step is None:  # pydantic says what is wrong (or reads it after all)
            from pydantic import ValidationError

            from .models import Step as Model
            try:
                step = from_model(Model.model_validate(raw))
            except ValidationError as exc:
                sid = raw.get("nodeId") if isinstance(raw, dict) else None
                sid = sid if isinstance(sid, str) and sid else None
                label = f"step {sid!r}" if sid else f"step #{j}"
                out.append(Malformed(step_ptr, f"{label} of a bot action is malformed: {describe(exc)}",
                                     node=sid))
                if sid is not None:
                    unreadable.setdefault(sid, j)
                continue
        read.append((j, step))
        for k, t in enumerate(step.transitions or ()):
            if t.ignored:
                out.append(Malformed(f"{step_ptr}/transitions/{k}",
                                     f"transition {k + 1} of step {step.node_id!r} has neither `if` nor "
                                     "`default`: the builder ignores it", node=step.node_id))
    root = next((s.node_id for _, s in read if s.level == ROOT), None)
    return InnerSteps(ptr, tuple(read), unreadable, root)


def inner_source(component: ComponentInfo, components: dict[str, ComponentInfo],
                 owner: DialogSource) -> DialogSource | None:
    """The bot action's steps as a dialog-like source: pointer the component's, nodes its steps
    (each resolved to its own component), index and identity of the dialog `owner` that runs it
    (findings on the flow belong to that dialog)."""
    inner = component.inner
    if inner is None:
        return None
    nodes = [NodeEntry(j, f"{inner.pointer}/nodes/{j}", step,
                       components.get(step.component_id) if isinstance(step.component_id, str) else None)
             for j, step in inner.steps]
    return DialogSource(index=owner.index, pointer=inner.pointer, id=owner.id, name=component.name,
                        nodes=nodes, has_nodes=bool(nodes) or bool(inner.unreadable),
                        unreadable=dict(inner.unreadable))
