"""Bytes -> Document: detect the input kind, split it into dialogs, validate each on its own.

Each dialog is decoded by msgspec into compact records (payload.records) straight from its own
bytes (a zero-copy slice of the input), so memory stays bounded by one dialog's records, and a
dialog or node that does not have the expected shape becomes a `Malformed` entry (pydantic's
message, payload.models, imported then) while the rest is still analysed.

Here: parse() and the dialogs. Bytes -> JSON is `decode`, the kinds and their other parts are
`kinds` (with `resources` and `components`).
"""
from __future__ import annotations

import hashlib

from .decode import BOM, NotAPayload, PayloadError, check_encoding, decode_top
from .document import DialogSource, Document, Malformed, NodeEntry, PendingDialog
from .fields import describe, field, strings, text
from .kinds import KINDS, read_kind
from .locator import Locator
from .rawjson import Raw, as_array, as_object, first_byte
from .records import Dialog, Node, decode, from_model

__all__ = ["KINDS", "NotAPayload", "PayloadError", "parse"]

# Members of a dialog that change on every save and mean nothing to the flow (see identify).
TIMESTAMPS = frozenset({"lMod", "lModBy", "createdOn", "createdBy", "modifiedOn", "modifiedBy",
                        "lastModifiedOn", "updatedOn", "__v"})


class _Loader:
    # False forces the tolerant slow path for every dialog (tests compare the two paths).
    fast = True

    def __init__(self, path: str, data: bytes, lines: bool, language: str | None = None):
        self.doc = Document(path=path, kind="")
        self.data = data
        self.lines = lines
        self.language = language
        self.locator: Locator | None = None

    # -- dialogs ---------------------------------------------------------------------------
    def _name(self, d: Dialog, fallback: str | None, index: int) -> str:
        name = text(d.name)
        if name is None and isinstance(d.locale_data, dict):
            langs = list(d.locale_data)
            preferred = [self.language] if self.language in d.locale_data else []
            for lang in preferred + (["en"] if "en" in d.locale_data else []) + langs:
                entry = d.locale_data.get(lang)
                if isinstance(entry, dict) and text(entry.get("name")):
                    name = entry["name"]
                    break
        return name or text(d.lname) or fallback or text(d.id) or f"dialog #{index + 1}"

    def dialog(self, raw: Raw, ptr: str, fallback_name: str | None = None,
               fallback_id: str | None = None, resource_ptr: str | None = None) -> None:
        """Note a dialog; it is validated when Document.each_dialog reaches it."""
        if self.locator is not None:
            self.locator.remember(ptr, raw)
        self.doc.pending.append(PendingDialog(len(self.doc.pending), raw, ptr, fallback_name,
                                              fallback_id, resource_ptr))

    def identify(self, item: PendingDialog) -> tuple[str | None, str | None, str, bytes | None, bytes | None]:
        """(id, refId, display name, digest of the bytes of `nodes`, digest of the dialog but its
        timestamps) of a pending dialog, without validating its nodes: what `diff` matches
        dialogs by before reading them a pair at a time (two dialogs whose `nodes` are the same
        bytes have the same nodes; two whose every other member is too are the same dialog)."""
        fallback = item.fallback_id, None, item.fallback_name or f"dialog #{item.index + 1}", None, None
        obj = as_object(item.raw)
        if obj is None:
            return fallback
        try:
            model = Dialog(id=field(obj, "_id"), ref_id=field(obj, "refId"), name=field(obj, "name"),
                           lname=field(obj, "lname"), locale_data=field(obj, "localeData"))
        except RecursionError:
            return fallback
        nodes = obj.get("nodes")
        digest = hashlib.blake2b(nodes, digest_size=16).digest() if nodes is not None else None
        whole = hashlib.blake2b(digest_size=16)
        for key in sorted(k for k in obj if k not in TIMESTAMPS):
            whole.update(key.encode("utf-8", "surrogatepass") + b"\0")
            whole.update(obj[key])
            whole.update(b"\0")
        return (text(model.id) or item.fallback_id, text(model.ref_id),
                self._name(model, item.fallback_name, item.index), digest, whole.digest())

    def read_dialog(self, item: PendingDialog) -> DialogSource | None:
        try:
            return self._read_dialog(item)
        except RecursionError:
            self.doc.malformed.append(Malformed(item.pointer, "a dialog nested too deeply to read"))
            return None

    def _read_dialog(self, item: PendingDialog) -> DialogSource | None:
        raw, ptr, index = item.raw, item.pointer, item.index
        malformed: list[Malformed] = []
        model: Dialog | None = None
        if self.fast:
            model = decode(raw, Dialog)
            if model is not None:
                nodes = [self._entry(i, f"{ptr}/nodes/{i}", n) for i, n in enumerate(model.nodes or [])]
                has_nodes, unreadable = bool(nodes), {}
        if model is None:
            model, nodes, has_nodes, unreadable = self._tolerant_dialog(raw, ptr, index, malformed)
            if model is None:
                self.doc.malformed.extend(malformed)
                return None
        for entry in nodes:
            for i, t in enumerate(entry.node.transitions or ()):
                if t.ignored:
                    malformed.append(Malformed(
                        f"{entry.pointer}/transitions/{i}",
                        f"transition {i + 1} of node {entry.node.node_id!r} has neither `if` nor "
                        "`default`: the builder ignores it", index, entry.index, entry.node.node_id))
        self.doc.malformed.extend(malformed)
        return DialogSource(
            index=index,
            pointer=ptr,
            id=text(model.id) or item.fallback_id,
            ref_id=text(model.ref_id),
            name=self._name(model, item.fallback_name, index),
            nodes=nodes,
            has_nodes=has_nodes,
            state=text(model.state),
            approved_languages=strings(model.approved_languages),
            approval_requested_languages=strings(model.approval_requested_languages),
            resource_pointer=item.resource_pointer,
            unreadable=unreadable,
        )

    def _entry(self, index: int, ptr: str, node: Node) -> NodeEntry:
        cid = node.component_id
        component = self.doc.components.get(cid) if isinstance(cid, str) and self.doc.components else None
        return NodeEntry(index, ptr, node, component)

    def _tolerant_dialog(self, raw: Raw, ptr: str, index: int, out: list[Malformed]):
        """Slow path for a dialog that failed validation: keep every node that is well formed."""
        obj = as_object(raw)
        if obj is None:
            out.append(Malformed(ptr, "a dialog must be a JSON object"))
            return None, [], False, {}
        model = Dialog(id=field(obj, "_id"), ref_id=field(obj, "refId"), name=field(obj, "name"),
                       lname=field(obj, "lname"), locale_data=field(obj, "localeData"),
                       state=field(obj, "state"), approved_languages=field(obj, "approvedLanguages"),
                       approval_requested_languages=field(obj, "approvalRequestedLanguages"))
        nodes: list[NodeEntry] = []
        unreadable: dict[str, int] = {}
        raw_nodes = obj.get("nodes")
        has_nodes = False
        if raw_nodes is not None and first_byte(raw_nodes) != ord("n"):  # present and not null
            items = as_array(raw_nodes)
            if items is None:
                out.append(Malformed(f"{ptr}/nodes", "`nodes` must be an array of node objects", index))
                return model, [], True, {}  # has nodes we cannot read: not an empty dialog
            has_nodes = bool(items)
            for i, item in enumerate(items):
                node_ptr = f"{ptr}/nodes/{i}"
                node = decode(item, Node)
                if node is not None:
                    nodes.append(self._entry(i, node_ptr, node))
                    continue
                from pydantic import ValidationError  # what is wrong, in pydantic's words

                from .models import Node as Model
                try:
                    nodes.append(self._entry(i, node_ptr, from_model(Model.model_validate_json(bytes(item)))))
                except ValidationError as exc:
                    node_id = field(as_object(item), "nodeId")
                    if not (isinstance(node_id, str) and node_id):
                        node_id = None
                    label = f"node {node_id!r}" if node_id else f"node #{i}"
                    out.append(Malformed(node_ptr, f"{label} is malformed: {describe(exc)}", index, i,
                                         node_id))
                    if node_id is not None:
                        unreadable.setdefault(node_id, i)
        return model, nodes, has_nodes, unreadable

    # -- top level ---------------------------------------------------------------------------
    def load(self) -> Document:
        try:
            return self._load()
        except RecursionError:
            # msgspec's depth check counts the Python frames below it: a document that just
            # passed at the top may not pass a few frames deeper.
            raise PayloadError("nested too deeply for korelint to read") from None

    def _load(self) -> Document:
        top = decode_top(self.data)
        if self.lines:
            self.locator = Locator(self.data)
        self.doc.locator = self.locator
        read_kind(self, top, self.data)
        return self.doc


def parse(data: bytes, path: str, *, lines: bool = True, container: str | None = None,
          stream: bool = False) -> Document:
    """Read one Kore.ai payload. Raises PayloadError when it is not one. `container` says what
    the bytes came in ("zip"); the kind is always read from the bytes.

    With stream, dialogs are left pending and validated one at a time as Document.each_dialog
    reaches them (the linter does that); otherwise `dialogs` is complete on return."""
    if data.startswith(BOM):
        data = data[len(BOM):]
    check_encoding(data)
    loader = _Loader(path, data, lines)
    doc = loader.load()
    doc.data = data
    doc.reader = loader.read_dialog
    doc.identify = loader.identify
    doc.container = container
    if not stream:
        for _ in doc.each_dialog():
            pass
    return doc
