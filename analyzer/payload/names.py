"""How Bot Builder names a node: its component's `name`, and a word for its type.

Real exports give nodes internal ids (`nd-ent-5d78b306-…`); the builder shows the component's
name (`Choice`). Findings, conditions and drawings name nodes the builder's way: `entity
'Choice'`. Without a component (publish-status payloads) or a name, a node is shown by its id;
two nodes of one dialog sharing a name are told apart by a short id.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..text import ID_LIMIT, clean, clip_id, quote

if TYPE_CHECKING:
    from .document import NodeEntry

# Node type -> the builder's word for it. Types not listed are shown as they are stored.
TYPE_WORDS: dict[str, str] = {
    "intent": "intent", "entity": "entity", "message": "message", "script": "script",
    "service": "service", "dialogAct": "confirmation", "confirmation": "confirmation",
    "form": "form", "digitalFormNode": "form", "botAction": "bot action", "logic": "logic",
    "process": "process", "webhook": "webhook", "sdkwebhook": "webhook",
    "agentTransfer": "agent transfer", "aiassist": "agent node", "generativeai": "GenAI node",
    "searchai": "search AI node", "dynamicIntent": "dynamic intent", "advancedMultiIntent": "intent",
}
_SHORT_ID = 14  # characters of an id shown to tell two same-named nodes apart


def type_word(node_type: object, *, entry: bool = True) -> str:
    """The builder's word for a node type; an intent node other than the entry runs a dialog."""
    if node_type == "intent" and not entry:
        return "dialog node"
    if isinstance(node_type, str) and node_type:
        return TYPE_WORDS.get(node_type) or clean(clip_id(node_type))
    return "node"


def short_id(nid: str) -> str:
    return nid if len(nid) <= _SHORT_ID else nid[:_SHORT_ID] + "…"


class NodeNames:
    """Node id -> its name in the builder, for one dialog (or one bot action's steps)."""

    def __init__(self, entries: Iterable[NodeEntry], entry: str | None = None):
        self.entry = entry
        self.names: dict[str, str] = {}
        self.types: dict[str, str] = {}
        for e in entries:
            nid = e.node.node_id
            if nid in self.types:
                continue
            self.types[nid] = e.node.type
            name = component_name(e)
            if name is not None:
                self.names[nid] = name
        counts = Counter(self.names.values())
        self._ambiguous = {n for n, k in counts.items() if k > 1}
        # what `shown` and `word` answered: the report asks them of every node several times
        # (drawing, nodes table, test paths), and the names of a dialog do not change
        self._shown: dict[str, str] = {}
        self._words: dict[str, str] = {}

    def name(self, nid: str | None) -> str | None:
        """Its component's name, or None (no component, or one without a name)."""
        return self.names.get(nid) if nid is not None else None

    def shown(self, nid: str) -> str:
        """How a finding names it: the name (with a short id when another node of the dialog has
        that name too), else the id. Shortened: a name is payload text."""
        found = self._shown.get(nid)
        if found is None:
            found = self._shown[nid] = self._shown_anew(nid)
        return found

    def _shown_anew(self, nid: str) -> str:
        name = self.names.get(nid)
        if name is None:
            return clip_id(nid)
        name = name if len(name) <= ID_LIMIT else clip_id(name)
        return f"{name} ({short_id(nid)})" if self.names[nid] in self._ambiguous else name

    def label(self, nid: str) -> str:
        """A node as a message names it: `entity 'Choice'`, `message 'message5'`."""
        return f"{self.word(nid)} {quote(self.shown(nid))}"

    def word(self, nid: str) -> str:
        found = self._words.get(nid)
        if found is None:
            found = self._words[nid] = type_word(self.types.get(nid), entry=nid == self.entry)
        return found

    def labels(self, nids: Iterable[str]) -> list[str]:
        return [self.shown(n) for n in nids]


def component_name(entry: NodeEntry) -> str | None:
    """The name of the node's component, when it has one that is not just an id."""
    comp = entry.component
    if comp is None or not isinstance(comp.name, str):
        return None
    name = comp.name.strip()
    if not name or name in (comp.id, entry.node.node_id):
        return None
    return name
