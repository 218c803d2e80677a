"""Bytes -> Document: detect the input kind, split it into dialogs, validate each on its own.

Each dialog is validated by pydantic straight from its own bytes (a zero-copy slice of the
input), so memory stays bounded by one dialog's tree, and a dialog or node that does not have
the expected shape becomes a `Malformed` entry while the rest is still analysed.
"""
from __future__ import annotations

import codecs
import re
from typing import Any

import msgspec
from pydantic import ValidationError

from urllib.parse import urlsplit

from ..credentials.mask import redact_url
from .document import (ComponentInfo, DialogSource, Document, Endpoint, Job, Malformed, NodeEntry,
                       PendingDialog, Resource, Taxonomy)
from .models import Component, Dialog, Node, Term
from .rawjson import Locator, Raw, as_array, as_object, first_byte, pointer, value

KINDS = ("publish-status", "publish-response", "bot-export", "dialog-export", "zip")
_BOM = b"\xef\xbb\xbf"
_UTF8_CHUNK = 1 << 20
_POSITION = re.compile(r" at line \d+ column \d+$")
_JSON_WHITESPACE = re.compile(rb"[ \t\r\n]*")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*)://", re.I)


class PayloadError(Exception):
    """The input is not a Kore.ai payload korelint can read (exit 2)."""


def _describe(exc: ValidationError) -> str:
    errors = exc.errors(include_url=False)
    first = errors[0]
    if first.get("type") == "json_invalid":
        # Valid JSON (the whole input was checked) that pydantic's parser will not read; its
        # line and column would count from the start of this element, not of the file.
        reason = _POSITION.sub("", str((first.get("ctx") or {}).get("error", "")))
        if "recursion limit" in reason:
            return "nested more than 200 levels deep, deeper than korelint reads"
        if "number out of range" in reason:
            return "holds a number too large to read"
        return f"not readable JSON ({reason or 'invalid'})"
    where = ".".join(str(p) for p in first.get("loc", ())) or "value"
    more = f" (and {len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})" if len(errors) > 1 else ""
    return f"{where}: {first.get('msg', 'invalid')}{more}"


def _text(v: Any) -> str | None:
    return v if isinstance(v, str) and v.strip() else None


def _strings(v: Any) -> list[str] | None:
    if isinstance(v, list):
        return [x for x in v if isinstance(x, str)]
    return None


def _field(obj: dict[str, Raw] | None, key: str) -> Any:
    """The Python value of one member, None when absent or unreadable (see rawjson.value)."""
    if obj is None or key not in obj:
        return None
    try:
        return value(obj[key])
    except ValueError:
        return None


def _line_col(data: bytes, offset: int) -> str:
    line = data.count(b"\n", 0, offset) + 1
    col = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return f"line {line}, column {col}"


def _decode_error(data: bytes, exc: Exception) -> str:
    if isinstance(exc, RecursionError):
        return "nested too deeply for korelint to read"
    msg = str(exc)
    # msgspec says "... (byte N)": give the user a line and column instead.
    if msg.endswith(")") and "(byte " in msg:
        head, _, tail = msg.rpartition("(byte ")
        try:
            return f"not valid JSON: {head.strip()} at {_line_col(data, int(tail[:-1]))}"
        except ValueError:
            pass
    return f"not valid JSON: {msg}"


def _check_encoding(data: bytes) -> None:
    """Refuse what is not UTF-8 (RFC 8259 section 8.1): msgspec checks the strings it decodes,
    not those it skips, and pydantic reports bad bytes as a malformed node."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or data[:4].count(0):
        # A UTF-16/32 byte order mark, or a NUL among the first bytes of what must start with
        # ASCII (RFC 4627 section 3): UTF-16 or UTF-32 without a mark.
        raise PayloadError("UTF-16 or UTF-32 encoded: korelint reads UTF-8 JSON")
    if data.isascii():
        return
    # In chunks, so that checking never holds a copy of the whole input as text.
    view, pos = memoryview(data), 0
    while pos < len(data):
        chunk = view[pos:pos + _UTF8_CHUNK]
        try:
            _, used = codecs.utf_8_decode(chunk, "strict", pos + len(chunk) >= len(data))
        except UnicodeDecodeError as exc:
            bad = pos + exc.start
            raise PayloadError(f"not valid UTF-8: byte 0x{data[bad]:02x} at "
                               f"{_line_col(data, bad)}") from None
        if used == 0:  # cannot happen: a sequence is at most 4 bytes long
            break
        pos += used


def _endpoint(c: Component, ptr: str) -> Endpoint | None:
    """A service's end point: `endPoint` {protocol, host, port, path, method} or a `url`."""
    ep = c.end_point or {}
    method = ep.get("method") if isinstance(ep.get("method"), str) and ep.get("method") else None
    url, where = _text(ep.get("url")), f"{ptr}/endPoint"
    protocol = ""
    if url is None and ep:
        protocol = ep.get("protocol") if isinstance(ep.get("protocol"), str) else ""
        protocol = protocol.strip().rstrip(":/").lower()
        host = _text(ep.get("host"))
        port = ep.get("port")
        port = str(port).strip() if isinstance(port, (str, int)) and not isinstance(port, bool) else ""
        path = ep.get("path") if isinstance(ep.get("path"), str) else ""
        if host:
            path = path if not path or path.startswith(("/", "?")) else "/" + path
            url = (f"{protocol}://" if protocol else "") + host.strip() + (f":{port}" if port else "") + path
        else:
            url = _text(path)
    if url is None and _text(c.url):
        url, where = c.url.strip(), f"{ptr}/url"
    if url is None:
        return None
    m = _SCHEME.match(url)
    scheme = m.group(1).lower() if m else (protocol or None)
    host_name = None
    if m:
        try:
            host_name = urlsplit(url).hostname
        except ValueError:
            host_name = None
    return Endpoint(url=redact_url(url), scheme=scheme, host=host_name, method=method, pointer=where)


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
        name = _text(d.name)
        if name is None and isinstance(d.locale_data, dict):
            langs = list(d.locale_data)
            preferred = [self.language] if self.language in d.locale_data else []
            for lang in preferred + (["en"] if "en" in d.locale_data else []) + langs:
                entry = d.locale_data.get(lang)
                if isinstance(entry, dict) and _text(entry.get("name")):
                    name = entry["name"]
                    break
        return name or _text(d.lname) or fallback or _text(d.id) or f"dialog #{index + 1}"

    def dialog(self, raw: Raw, ptr: str, fallback_name: str | None = None,
               fallback_id: str | None = None, resource_ptr: str | None = None) -> None:
        """Note a dialog; it is validated when Document.each_dialog reaches it."""
        if self.locator is not None:
            self.locator.remember(ptr, raw)
        self.doc.pending.append(PendingDialog(len(self.doc.pending), raw, ptr, fallback_name,
                                              fallback_id, resource_ptr))

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
            try:
                model = Dialog.model_validate_json(bytes(raw))
                nodes = [self._entry(i, f"{ptr}/nodes/{i}", n) for i, n in enumerate(model.nodes or [])]
                has_nodes, unreadable = bool(nodes), {}
            except ValidationError:
                model = None
        if model is None:
            model, nodes, has_nodes, unreadable = self._tolerant_dialog(raw, ptr, index, malformed)
            if model is None:
                self.doc.malformed.extend(malformed)
                return None
        for entry in nodes:
            for i, t in enumerate(entry.node.transitions or ()):
                if not t.model_fields_set & {"condition", "default"}:
                    malformed.append(Malformed(
                        f"{entry.pointer}/transitions/{i}",
                        f"transition {i + 1} of node {entry.node.node_id!r} has neither `if` nor "
                        "`default`: the builder ignores it", index, entry.index, entry.node.node_id))
        self.doc.malformed.extend(malformed)
        return DialogSource(
            index=index,
            pointer=ptr,
            id=_text(model.id) or item.fallback_id,
            ref_id=_text(model.ref_id),
            name=self._name(model, item.fallback_name, index),
            nodes=nodes,
            has_nodes=has_nodes,
            state=_text(model.state),
            approved_languages=_strings(model.approved_languages),
            approval_requested_languages=_strings(model.approval_requested_languages),
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
        fields = {k: _field(obj, k) for k in ("_id", "refId", "name", "lname", "localeData", "state",
                                               "approvedLanguages", "approvalRequestedLanguages")}
        model = Dialog.model_validate(fields)
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
                try:
                    nodes.append(self._entry(i, node_ptr, Node.model_validate_json(bytes(item))))
                except ValidationError as exc:
                    node_id = _field(as_object(item), "nodeId")
                    if not (isinstance(node_id, str) and node_id):
                        node_id = None
                    label = f"node {node_id!r}" if node_id else f"node #{i}"
                    out.append(Malformed(node_ptr, f"{label} is malformed: {_describe(exc)}", index, i, node_id))
                    if node_id is not None:
                        unreadable.setdefault(node_id, i)
        return model, nodes, has_nodes, unreadable

    # -- components ----------------------------------------------------------------------------
    def components(self, owner: dict[str, Raw], key: str, base: str) -> None:
        """`dialogComponents` of a bot export, `components` of a dialog export: by id, so that
        nodes can be resolved as their dialogs are read. A component that is not an object or
        has no id is reported (KL001); its other fields are read leniently."""
        raw = owner.get(key)
        if raw is None or first_byte(raw) == ord("n"):
            return
        items = as_array(raw)
        if items is None:
            self.doc.malformed.append(Malformed(base, f"`{key}` must be an array of components"))
            return
        for i, item in enumerate(items):
            ptr = f"{base}/{i}"
            try:
                c = Component.model_validate_json(bytes(item))
            except ValidationError as exc:
                cid = _field(as_object(item), "_id")
                label = f"component {cid!r}" if isinstance(cid, str) and cid else f"component #{i}"
                self.doc.malformed.append(Malformed(ptr, f"{label} is malformed: {_describe(exc)}"))
                continue
            except RecursionError:
                self.doc.malformed.append(Malformed(ptr, f"component #{i} is nested too deeply to read"))
                continue
            if c.id in self.doc.components:
                continue  # the first of a repeated id is the one nodes run
            steps = tuple(s["componentId"] for s in (c.nodes if isinstance(c.nodes, list) else ())
                          if isinstance(s, dict) and isinstance(s.get("componentId"), str))
            self.doc.components[c.id] = ComponentInfo(
                index=i, pointer=ptr, id=c.id, name=self._component_name(c), type=c.type,
                dialog_id=_text(c.dialog_id), endpoint=_endpoint(c, ptr), steps=steps)

    def _component_name(self, c: Component) -> str:
        if _text(c.name):
            return c.name
        if isinstance(c.locale_data, dict):
            langs = ([self.language] if self.language in c.locale_data else []) + list(c.locale_data)
            for lang in langs:
                entry = c.locale_data.get(lang)
                if isinstance(entry, dict):
                    for k in ("name", "label", "intent"):
                        if _text(entry.get(k)):
                            return entry[k]
        return c.id

    # -- knowledge graphs ------------------------------------------------------------------
    def taxonomy(self, owner: dict[str, Raw] | None, ptr: str, name: str) -> None:
        if owner is None or "taxonomy" not in owner:
            return
        items = as_array(owner["taxonomy"])
        tptr = f"{ptr}/taxonomy"
        if items is None:
            if first_byte(owner["taxonomy"]) != ord("n"):
                self.doc.malformed.append(Malformed(tptr, "`taxonomy` must be an array of terms"))
            return
        terms = []
        for i, item in enumerate(items):
            try:
                term = Term.model_validate_json(bytes(item))
            except ValidationError as exc:
                self.doc.malformed.append(Malformed(f"{tptr}/{i}", f"knowledge-graph term #{i} is malformed: {_describe(exc)}"))
                continue
            terms.append((i, term))
            for j, parent in enumerate(term.parent or []):
                # Kept with the term (its id still counts as a parent of others); rules skip it.
                if not isinstance(parent, str):
                    kind = "null" if parent is None else type(parent).__name__
                    self.doc.malformed.append(Malformed(
                        f"{tptr}/{i}/parent/{j}",
                        f"knowledge-graph term {term.node_id!r} names a parent that is not a term id ({kind})"))
        self.doc.taxonomies.append(Taxonomy(tptr, name, terms))

    # -- resources (publish status and publish response) -----------------------------------
    def resources(self, items: list[Raw], base: str) -> None:
        for i, item in enumerate(items):
            ptr = f"{base}/{i}"
            obj = as_object(item)
            if obj is None:
                self.doc.malformed.append(Malformed(ptr, f"resource #{i} must be a JSON object"))
                continue
            rtype = _field(obj, "resourceType")
            res = Resource(
                index=i, pointer=ptr, type=rtype if isinstance(rtype, str) else None,
                id=_text(_field(obj, "resourceId")), name=_text(_field(obj, "name")),
                status=_field(obj, "status"), modules=_field(obj, "modules"),
            )
            self.doc.resources.append(res)
            kind = (res.type or "").lower()
            result = obj.get("result")
            has_result = result is not None and first_byte(result) != ord("n")
            if kind == "dialog":
                if has_result:
                    self.dialog(result, f"{ptr}/result", res.name, res.id, ptr)
                elif isinstance(res.status, str) and res.status.upper() == "SUCCESS":
                    self.doc.malformed.append(Malformed(ptr, f"dialog resource {res.name or i!r} has no `result`"))
            elif kind == "knowledge" and has_result:
                body = as_object(result)
                if body is None:
                    self.doc.malformed.append(Malformed(f"{ptr}/result", "a knowledge resource's `result` must be an object"))
                else:
                    self.taxonomy(body, f"{ptr}/result", res.name or _text(_field(body, "name")) or f"knowledge #{i}")

    # -- top level ---------------------------------------------------------------------------
    def load(self) -> Document:
        try:
            return self._load()
        except RecursionError:
            # msgspec's depth check counts the Python frames below it: a document that just
            # passed at the top may not pass a few frames deeper.
            raise PayloadError("nested too deeply for korelint to read") from None

    def _load(self) -> Document:
        data = self.data
        start = _JSON_WHITESPACE.match(data).end()  # (lstrip would copy the whole input)
        if start == len(data):
            raise PayloadError("empty input: expected a Kore.ai JSON payload")
        lead = data[start:start + 1]
        try:
            if lead == b"{":
                top: Any = msgspec.json.decode(data, type=dict[str, msgspec.Raw])
            elif lead == b"[":
                top = msgspec.json.decode(data, type=list[msgspec.Raw])
            else:
                msgspec.json.decode(data, type=msgspec.Raw)  # only checks it is JSON
                raise PayloadError("a JSON value that is not an object or array is not a Kore.ai payload")
        except (msgspec.DecodeError, RecursionError) as exc:
            raise PayloadError(_decode_error(data, exc)) from None
        if self.lines:
            self.locator = Locator(data)
        self.doc.locator = self.locator
        if isinstance(top, list):
            self._publish_response(top)
        elif "statusSummary" in top:
            self._publish_status(top)
        elif "dialogs" in top:
            self._bot_export(top)
        elif "nodes" in top and "components" in top:
            self.doc.kind = "dialog-export"
            self.components(top, "components", "/components")
            self.dialog(msgspec.Raw(data), "")
        else:
            # repr escapes line breaks and other unprintable characters: the message stays one line.
            keys = ", ".join(repr(k if len(k) <= 40 else k[:39] + "…") for k in sorted(top)[:5]) or "none"
            raise PayloadError("not a Kore.ai payload: a JSON object without `statusSummary`, `dialogs` "
                               f"or `nodes`+`components` (top-level keys: {keys})")
        return self.doc

    def _publish_response(self, top: list[Raw]) -> None:
        first = as_object(top[0]) if top else None
        if first is None or "resourceType" not in first:
            raise PayloadError("not a Kore.ai payload: a JSON array whose items are not published "
                               "resources (`resourceType`, `status`, `result`)")
        self.doc.kind = "publish-response"
        self.resources(top, "")

    def _publish_status(self, top: dict[str, Raw]) -> None:
        self.doc.kind = "publish-status"
        self.doc.job = Job(
            pointer="", id=_field(top, "_id"), status=_field(top, "status"),
            percentage=_field(top, "percentageComplete"), stream_id=_field(top, "streamId"),
            requested=_field(top, "requestedTime"), initiated=_field(top, "initiatedOn"),
            modified=_field(top, "lastModifiedOn"), job_type=_field(top, "jobType"),
        )
        items = as_array(top["statusSummary"])
        if items is None:
            self.doc.malformed.append(Malformed("/statusSummary", "`statusSummary` must be an array of resources"))
            return
        self.resources(items, "/statusSummary")

    def _bot_export(self, top: dict[str, Raw]) -> None:
        self.doc.kind = "bot-export"
        lang = _field(top, "defaultLanguage")
        self.language = lang if isinstance(lang, str) else self.language
        self.components(top, "dialogComponents", "/dialogComponents")
        dialogs = as_array(top["dialogs"])
        if dialogs is None:
            self.doc.malformed.append(Malformed("/dialogs", "`dialogs` must be an array of dialog tasks"))
        else:
            for i, raw in enumerate(dialogs):
                self.dialog(raw, pointer("dialogs", i))
        raw_tasks = top.get("knowledgeTasks")
        tasks = as_array(raw_tasks) if raw_tasks is not None else None
        if tasks is None and raw_tasks is not None and first_byte(raw_tasks) != ord("n"):
            self.doc.malformed.append(Malformed("/knowledgeTasks", "`knowledgeTasks` must be an array of knowledge tasks"))
        for i, raw in enumerate(tasks or []):
            obj = as_object(raw)
            if obj is None:
                self.doc.malformed.append(Malformed(pointer("knowledgeTasks", i), "a knowledge task must be an object"))
                continue
            self.taxonomy(obj, pointer("knowledgeTasks", i), _text(_field(obj, "name")) or f"knowledge task #{i + 1}")


def parse(data: bytes, path: str, *, lines: bool = True, kind: str | None = None,
          stream: bool = False) -> Document:
    """Read one Kore.ai payload. Raises PayloadError when it is not one.

    With stream, dialogs are left pending and validated one at a time as Document.each_dialog
    reaches them (the linter does that); otherwise `dialogs` is complete on return."""
    if data.startswith(_BOM):
        data = data[len(_BOM):]
    _check_encoding(data)
    loader = _Loader(path, data, lines)
    doc = loader.load()
    doc.data = data
    doc.reader = loader.read_dialog
    if kind:
        doc.kind = kind
    if not stream:
        for _ in doc.each_dialog():
            pass
    return doc
