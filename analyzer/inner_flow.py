"""InnerFlow: a bot action's steps as a graph, with a dialog's semantics (analyzer.flow) except
where a bot action differs.

- The entry is the first step with `level: "root"`, not an intent node (a bot action has none).
  Without a root step there is no entry: no step is called unreachable.
- EXIT stands for the end of the bot action (`end`, `""`, no transitions, a dangling target):
  the dialog then goes on with the bot action node's own connections. So `""` is normal here
  (120 of the 202 step transitions of the corpus), not an implicit end of the dialog.
- No step waits for the user except an entity step: service, script and logic steps run on
  their own (the only kinds in the corpus), and there is no sub-intent inside a bot action.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from .flow import DialogFlow
from .payload.document import ComponentInfo, DialogSource, NodeEntry

INNER_INPUT_TYPES = frozenset({"entity"})


class InnerFlow(DialogFlow):
    def __init__(self, source: DialogSource, root: str | None):
        super().__init__(source)
        self.entry = root if root in self.types else None

    def is_input(self, nid: str) -> bool:
        return self.types.get(nid) in INNER_INPUT_TYPES


@dataclass(frozen=True)
class BotAction:
    """One analysed bot action: its component, the first dialog node that runs it (findings on
    its steps belong to that node and its dialog), the steps as a source and their flow."""

    component: ComponentInfo
    node: NodeEntry  # the dialog node of type botAction that first runs it
    dialog: DialogSource  # the dialog holding that node
    source: DialogSource  # the steps (pointer: the component's)
    flow: InnerFlow

    @property
    def name(self) -> str:
        """The bot action as Bot Builder names its node: its component's name."""
        return self.component.name

    @cached_property
    def _names(self) -> dict[str, str]:
        names: dict[str, str] = {}
        for entry in self.source.nodes:
            sid = entry.node.node_id
            names.setdefault(sid, entry.component.name if entry.component else sid)
        return names

    def step_name(self, sid: str) -> str:
        """A step as Bot Builder shows it: its component's name, else its id."""
        return self._names.get(sid, sid)
