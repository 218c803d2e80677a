"""The dialog components of an export (`dialogComponents` of a bot export, `components` of a
dialog export): what each node runs, by id, and where a service sends its request."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from ..credentials.mask import redact_url
from .document import ComponentInfo, Document, Endpoint, Malformed, Prompt
from .fields import describe, field, text
from .inner import read_steps
from .options import options
from .rawjson import Raw, as_array, as_object, first_byte

if TYPE_CHECKING:
    from .models import Component

_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*)://", re.I)
# Longer prompt texts are kept empty: rules read short texts only (the builder's sample text).
TEXT_LIMIT = 200
_PROMPTING = ("message", "entity", "dialogAct", "confirmation")


def read_components(doc: Document, owner: dict[str, Raw], key: str, base: str, language: str | None) -> None:
    """Fill doc.components by id, so that nodes can be resolved as their dialogs are read. A
    component that is not an object or has no id is reported (KL001); its other fields are read
    leniently."""
    raw = owner.get(key)
    if raw is None or first_byte(raw) == ord("n"):
        return
    items = as_array(raw)
    if items is None:
        doc.malformed.append(Malformed(base, f"`{key}` must be an array of components"))
        return
    # pydantic, when an input has components (bot and dialog exports): not for a publish status
    from pydantic import ValidationError

    from .models import Component

    listed = True
    for i, item in enumerate(items):
        ptr = f"{base}/{i}"
        try:
            c = Component.model_validate_json(bytes(item))
        except ValidationError as exc:
            cid = field(as_object(item), "_id")
            label = f"component {cid!r}" if isinstance(cid, str) and cid else f"component #{i}"
            doc.malformed.append(Malformed(ptr, f"{label} is malformed: {describe(exc)}"))
            if isinstance(cid, str) and cid:
                doc.component_ids.add(cid)
            else:
                listed = False
            continue
        except RecursionError:
            doc.malformed.append(Malformed(ptr, f"component #{i} is nested too deeply to read"))
            listed = False
            continue
        doc.component_ids.add(c.id)
        if c.id in doc.components:
            continue  # the first of a repeated id is the one nodes run
        values, choices, titles = _values(c, language)
        steps = tuple(s["componentId"] for s in (c.nodes if isinstance(c.nodes, list) else ())
                      if isinstance(s, dict) and isinstance(s.get("componentId"), str))
        doc.components[c.id] = ComponentInfo(
            index=i, pointer=ptr, id=c.id, name=_name(c, language), type=c.type,
            dialog_id=text(c.dialog_id), endpoint=_endpoint(c, ptr), steps=steps,
            inner=read_steps(c.type, c.nodes, ptr, doc.malformed),
            entity_type=c.entity_type if isinstance(c.entity_type, str) else None,
            values=values, choices=choices, prompts=_prompts(c) if c.type in _PROMPTING else (),
            ref_id=text(c.ref_id), titles=titles)
    doc.components_listed = listed


def _values(c: Component, language: str | None = None
            ) -> tuple[frozenset[str] | None, tuple[str, ...], tuple[tuple[str, str], ...]]:
    """A list-of-values entity's values, titles and synonyms (every language, lower-cased, the
    quotes the builder keeps around synonyms removed), and its items' values as written; None
    unless every language lists them in the component (a list read from a variable is only known
    at run time); and (value, title) where an item's title differs from its value (the bot's
    language first)."""
    none: tuple[None, tuple[str, ...], tuple] = (None, (), ())
    if c.type != "entity" or c.entity_type != "list_of_values" or not isinstance(c.locale_data, dict):
        return none
    out: set[str] = set()
    choices: dict[str, None] = {}
    titles: dict[str, str] = {}
    langs = ([language] if language in c.locale_data else []) + [k for k in c.locale_data if k != language]
    for entry in (c.locale_data[k] for k in langs):
        allowed = entry.get("allowedValues") if isinstance(entry, dict) else None
        items = allowed.get("values") if isinstance(allowed, dict) else None
        if not isinstance(items, list) or not items or "variable" in allowed:
            return none
        for item in items:
            if not isinstance(item, dict):
                return none
            if isinstance(item.get("value"), str) and len(choices) < 20:
                choices[item["value"]] = None
                title = item.get("title")
                if isinstance(title, str) and title.strip():  # the first language's title
                    titles.setdefault(item["value"], title.strip())
            words = [item.get("value"), item.get("title")]
            words += item.get("synonyms") if isinstance(item.get("synonyms"), list) else []
            out.update(_word(w) for w in words if isinstance(w, (str, int, float)) and w is not True
                       and w is not False)
    differ = tuple((v, t) for v, t in titles.items() if _word(t) != _word(v))
    return (frozenset(out), tuple(choices), differ) if out else none


def _word(w: str | int | float) -> str:
    return str(w).strip().strip('"').strip().lower()


def _prompts(c: Component) -> tuple[Prompt, ...]:
    """The texts of `message`: [{channel, localeData: {lang: {text, type}}}] (URL-encoded by the
    new builder)."""
    out = []
    for m in c.message if isinstance(c.message, list) else ():
        locales = m.get("localeData") if isinstance(m, dict) else None
        if not isinstance(locales, dict):
            continue
        channel = m.get("channel") if isinstance(m.get("channel"), str) else "default"
        for lang, entry in locales.items():
            if not isinstance(entry, dict) or not isinstance(entry.get("text"), str):
                continue
            raw = entry["text"]
            kind = entry.get("type") if isinstance(entry.get("type"), str) else "basic"
            decoded = unquote(raw) if len(raw) <= 3 * TEXT_LIMIT else ""
            out.append(Prompt(lang, channel, kind, decoded if len(decoded) <= TEXT_LIMIT else "",
                              options(raw, kind)))
    return tuple(out)


def _name(c: Component, language: str | None) -> str:
    """Its `name`, else a localised name, label or intent (the bot's language first), else its id."""
    if text(c.name):
        return c.name
    if isinstance(c.locale_data, dict):
        langs = ([language] if language in c.locale_data else []) + list(c.locale_data)
        for lang in langs:
            entry = c.locale_data.get(lang)
            if isinstance(entry, dict):
                for k in ("name", "label", "intent"):
                    if text(entry.get(k)):
                        return entry[k]
    return c.id


def _endpoint(c: Component, ptr: str) -> Endpoint | None:
    """A service's end point: `endPoint` {protocol, host, port, path, method} or a `url`."""
    ep = c.end_point or {}
    method = ep.get("method") if isinstance(ep.get("method"), str) and ep.get("method") else None
    url, where = text(ep.get("url")), f"{ptr}/endPoint"
    protocol = ""
    if url is None and ep:
        protocol = ep.get("protocol") if isinstance(ep.get("protocol"), str) else ""
        protocol = protocol.strip().rstrip(":/").lower()
        host = text(ep.get("host"))
        port = ep.get("port")
        port = str(port).strip() if isinstance(port, (str, int)) and not isinstance(port, bool) else ""
        path = ep.get("path") if isinstance(ep.get("path"), str) else ""
        if host:
            path = path if not path or path.startswith(("/", "?")) else "/" + path
            url = (f"{protocol}://" if protocol else "") + host.strip() + (f":{port}" if port else "") + path
        else:
            url = text(path)
    if url is None and text(c.url):
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
