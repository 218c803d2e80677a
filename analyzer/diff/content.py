"""What a node's component says, aspect by aspect, for `diff` to tell which part of it changed.

The aspects are the ones a reviewer reads in Bot Builder: the component's name, a message's text,
an entity's or form's prompt and error prompt, a script's text, a service's method, URL, headers
and request body, an entity's type and list of values. The builder stores texts URL-encoded
(`I%20am%20Agent`): they are compared and shown decoded. Components are read from the input's
bytes by their pointer, each once per side, only for nodes that both inputs have.
"""
from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote

from ..payload.document import ComponentInfo, Document
from ..payload.locator import Locator
from ..payload.rawjson import value

# The order aspects are listed in (`what`), as the builder's component panel shows them.
ASPECTS = ("name", "message text", "prompt text", "error prompt text", "script text", "service method",
           "service URL", "headers", "request body", "entity type", "list of values")
_PROMPTED = {"entity", "form", "dialogAct", "confirmation", "digitalFormNode"}


def decoded(text: str) -> str:
    """A text as the builder shows it: stored URL-encoded, shown decoded."""
    if "%" not in text:
        return text
    try:
        return unquote(text, errors="replace")
    except (ValueError, TypeError):
        return text


def _texts(messages: Any) -> str | None:
    """The texts of a `message` / `errorMessage` list (every channel and language), in order."""
    if not isinstance(messages, list):
        return None
    texts: list[str] = []
    for item in messages:
        locales = item.get("localeData") if isinstance(item, dict) else None
        if isinstance(locales, dict):
            for entry in locales.values():
                if isinstance(entry, dict) and isinstance(entry.get("text"), str):
                    text = decoded(entry["text"])
                    if text not in texts:
                        texts.append(text)
        elif isinstance(item, dict) and isinstance(item.get("text"), str):
            texts.append(decoded(item["text"]))
    return " | ".join(texts) if texts else None


def _json_text(v: Any) -> str | None:
    """Headers or a request body: `{"type": "raw", "value": "..."}` as the builder stores them, or
    a list/object of pairs; None when empty."""
    if isinstance(v, dict) and "value" in v and isinstance(v.get("value"), str):
        v = decoded(v["value"])
        try:  # a JSON text reformatted is the same headers
            v = json.loads(v)
        except (ValueError, RecursionError):
            return v.strip() or None
    if v in (None, "", {}, []):
        return None
    if isinstance(v, str):
        return v
    return json.dumps(v, sort_keys=True, ensure_ascii=False, default=str)


def _values(raw: dict[str, Any]) -> str | None:
    """An entity's list of values: `value (title)` of every entry of every language, in order."""
    out: list[str] = []
    locales = raw.get("localeData")
    for entry in locales.values() if isinstance(locales, dict) else ():
        allowed = entry.get("allowedValues") if isinstance(entry, dict) else None
        items = allowed.get("values") if isinstance(allowed, dict) else None
        for item in items if isinstance(items, list) else ():
            if isinstance(item, dict):
                v, title = item.get("value"), item.get("title")
                shown = str(v) if title in (None, "", v) else f"{v} ({title})"
                if shown not in out:
                    out.append(shown)
    return ", ".join(out) if out else None


def aspects(info: ComponentInfo, raw: Any) -> dict[str, str]:
    """Aspect -> its text, for one component (`raw`: its JSON value, None when unreadable)."""
    out = {"name": info.name}
    if info.endpoint is not None:
        out["service method"] = (info.endpoint.method or "").upper()
        out["service URL"] = decoded(info.endpoint.url)
    if not isinstance(raw, dict):
        return out
    messages = _texts(raw.get("message"))
    if messages is not None:
        out["prompt text" if info.type in _PROMPTED else "message text"] = messages
    errors = _texts(raw.get("errorMessage"))
    if errors is not None:
        out["error prompt text"] = errors
    if isinstance(raw.get("script"), str):
        out["script text"] = decoded(raw["script"])
    if info.type == "service":
        for key, aspect in (("headers", "headers"), ("payload", "request body")):
            text = _json_text(raw.get(key))
            if text is not None:
                out[aspect] = text
    if info.type == "entity":
        if isinstance(raw.get("entityType"), str):
            out["entity type"] = raw["entityType"]
        values = _values(raw)
        if values is not None:
            out["list of values"] = values
    return out


class Components:
    """The aspects of one input's components, read from its bytes on demand and kept."""

    def __init__(self, doc: Document):
        self.doc = doc
        self._locator: Locator | None = None
        self._cache: dict[str, dict[str, str]] = {}

    def of(self, info: ComponentInfo) -> dict[str, str]:
        """Its aspects; a bot action's also those of the components its steps run, each as
        `step 'Name' aspect` (a header edited in a service the bot action calls shows)."""
        cached = self._cache.get(info.id)
        if cached is None:
            cached = aspects(info, self._raw(info.pointer))
            for cid in dict.fromkeys(info.steps):
                step = self.doc.components.get(cid)
                if step is not None and step.id != info.id:
                    for aspect, text in aspects(step, self._raw(step.pointer)).items():
                        cached.setdefault(f"step {step.name!r} {aspect}", text)
            self._cache[info.id] = cached
        return cached

    def _raw(self, ptr: str) -> Any:
        if self.doc.data is None:
            return None
        if self._locator is None:
            self._locator = Locator(self.doc.data)
        try:
            raw = self._locator.find(ptr)
            return value(raw) if raw is not None else None
        except (ValueError, RecursionError):
            return None
