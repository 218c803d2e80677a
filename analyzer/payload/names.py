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
_WORDS: dict[str | None, str] = {}  # node type -> type_word(type, entry=False)


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

    def cleaned(self, nids: Iterable[str]) -> dict[str, str]:
        """Node id -> `clean(self.shown(id))` for each of `nids`, `shown`'s and `word`'s answers
        kept too (the drawing, the nodes table and the test paths ask them of every node). A name
        (or, without one, an id) that fits in ID_LIMIT, is printable and is no other node's name
        is its own answer to both `shown` and `clean`: most nodes, without a call."""
        kept, words, types, entry = self._shown, self._words, self.types, self.entry
        named, shared = self.names, self._ambiguous
        out = {}
        for nid in nids:
            name = named.get(nid, nid)
            if len(name) <= ID_LIMIT and name.isprintable() and name not in shared:
                kept[nid] = out[nid] = name
            else:
                out[nid] = clean(self.shown(nid))
            if nid not in words:
                kind = types.get(nid)
                if nid == entry:
                    words[nid] = type_word(kind)
                else:  # a type's word, kept across dialogs (types are payload text: bounded)
                    word = _WORDS.get(kind)
                    if word is None:
                        if len(_WORDS) > 10_000:
                            _WORDS.clear()
                        word = _WORDS[kind] = type_word(kind, entry=False)
                    words[nid] = word
        return out

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
