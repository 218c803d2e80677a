"""Which kind of Kore.ai payload the top-level value is, and reading each kind's parts: the
publish job and resources, components, knowledge graphs; the dialogs are handed to the loader.

What a kind is recognised by is spec section 3. A zipped bot export is a `bot-export`: the
archive is its container (Document.container), not a kind of its own. XO 11 may wrap a bot export
in one key (WRAPPERS): the bot is read from inside it and every pointer keeps the key as prefix
(Document.base), so that lines are still found in the file as it is.
"""
from __future__ import annotations

from typing import Any, Protocol

import msgspec

from .components import read_components
from .decode import NotAPayload
from .document import Document, Malformed
from .fields import field, strings, text
from .rawjson import Raw, as_array, as_object, as_objects, first_byte, pointer
from .resources import read_job, read_resources, read_taxonomy

KINDS = ("publish-status", "publish-response", "bot-export", "dialog-export")
# The keys an XO 11 export may wrap its `botDefinition` in (spec section 3).
WRAPPERS = ("appDefinition", "botDefinition", "app", "bot")


class Reader(Protocol):
    """What the kinds' readers need of the loader."""

    doc: Document
    language: str | None  # the bot's default language: set from a bot export

    def dialog(self, raw: Raw, ptr: str, fallback_name: str | None = None,
               fallback_id: str | None = None, resource_ptr: str | None = None) -> None: ...


def read_kind(reader: Reader, top: Any, data: bytes) -> None:
    """Detect the kind of `top` (the decoded top level of `data`) and read its parts into
    reader.doc. Raises PayloadError when it is no Kore.ai payload."""
    doc = reader.doc
    if isinstance(top, list):
        _publish_response(reader, top)
    elif "statusSummary" in top:
        _publish_status(reader, top)
    elif "dialogs" in top:
        _bot_export(reader, top)
    elif (wrapper := _wrapper(top)) is not None:
        _wrapped(reader, top, wrapper)
    elif "nodes" in top and "components" in top:
        doc.kind = "dialog-export"
        read_components(doc, top, "components", "/components", reader.language)
        reader.dialog(msgspec.Raw(data), "")
    else:
        # repr escapes line breaks and other unprintable characters: the message stays one line.
        keys = ", ".join(repr(k if len(k) <= 40 else k[:39] + "…") for k in sorted(top)[:5]) or "none"
        raise NotAPayload("not a Kore.ai payload: a JSON object without `statusSummary`, `dialogs` "
                           f"or `nodes`+`components` (top-level keys: {keys})")


def _wrapper(top: dict[str, Raw]) -> str | None:
    """The one wrapping key of the object, if it has exactly one (two would make the bot ambiguous)."""
    keys = [k for k in WRAPPERS if k in top]
    return keys[0] if len(keys) == 1 else None


def _wrapped(reader: Reader, top: dict[str, Raw], key: str) -> None:
    """A bot export inside `{key: {...}}`; anything else inside the wrapper is refused like any
    other JSON that is not a Kore.ai payload."""
    inner = as_object(top[key])
    if inner is None or "dialogs" not in inner:
        raise NotAPayload(f"not a Kore.ai payload: `{key}` does not hold a bot export (an object "
                           "with `dialogs`)")
    reader.doc.base = pointer(key)
    _bot_export(reader, inner)


def _publish_response(reader: Reader, top: list[Raw]) -> None:
    first = as_object(top[0]) if top else None
    if first is None or "resourceType" not in first:
        raise NotAPayload("not a Kore.ai payload: a JSON array whose items are not published "
                           "resources (`resourceType`, `status`, `result`)")
    reader.doc.kind = "publish-response"
    read_resources(reader.doc, top, "", reader.dialog)


def _publish_status(reader: Reader, top: dict[str, Raw]) -> None:
    doc = reader.doc
    doc.kind = "publish-status"
    doc.job = read_job(top)
    items = as_objects(top["statusSummary"]) or as_array(top["statusSummary"])
    if items is None:
        doc.malformed.append(Malformed("/statusSummary", "`statusSummary` must be an array of resources"))
        return
    read_resources(doc, items, "/statusSummary", reader.dialog)


def _bot_name(top: dict[str, Raw], language: str | None) -> str | None:
    """The bot's name in its default language (`localeData.<lang>.name`), else `name`."""
    locale = field(top, "localeData")
    if isinstance(locale, dict):
        for lang in ([language] if language in locale else []) + list(locale):
            entry = locale.get(lang)
            if isinstance(entry, dict) and text(entry.get("name")):
                return entry["name"]
    return text(field(top, "name"))


def _sentences(items: Any, languages: tuple[str, ...]) -> dict[str, str]:
    """Intent component id -> its first training sentence, in the bot's first language when it
    has one there (`sentences`: [{taskId, sentence, language}])."""
    out: dict[str, tuple[int, str]] = {}
    rank = {lang: i for i, lang in enumerate(languages)}
    for item in items if isinstance(items, list) else ():
        if not isinstance(item, dict):
            continue
        task, sentence = item.get("taskId"), item.get("sentence")
        if not isinstance(task, str) or not text(sentence) or len(sentence) > 300:
            continue
        language = item.get("language")
        order = rank.get(language, len(rank)) if isinstance(language, str) else len(rank)
        if task not in out or order < out[task][0]:
            out[task] = (order, sentence.strip())
    return {task: sentence for task, (_, sentence) in out.items()}


def _bot_export(reader: Reader, top: dict[str, Raw]) -> None:
    """A bot export's parts; `top` is the bot object, at doc.base in the input."""
    doc = reader.doc
    base = doc.base
    doc.kind = "bot-export"
    lang = field(top, "defaultLanguage")
    reader.language = lang if isinstance(lang, str) else reader.language
    supported = [x for x in strings(field(top, "supportedLanguages")) or () if x]
    doc.languages = tuple(supported) or ((lang,) if isinstance(lang, str) and lang else ())
    doc.name = _bot_name(top, reader.language)
    read_components(doc, top, "dialogComponents", base + "/dialogComponents", reader.language)
    dialogs = as_array(top["dialogs"])
    if dialogs is None:
        doc.malformed.append(Malformed(base + "/dialogs", "`dialogs` must be an array of dialog tasks"))
    else:
        for i, raw in enumerate(dialogs):
            reader.dialog(raw, base + pointer("dialogs", i))
    doc.sentences = _sentences(field(top, "sentences"), doc.languages)
    raw_tasks = top.get("knowledgeTasks")
    tasks = as_array(raw_tasks) if raw_tasks is not None else None
    if tasks is None and raw_tasks is not None and first_byte(raw_tasks) != ord("n"):
        doc.malformed.append(Malformed(base + "/knowledgeTasks",
                                       "`knowledgeTasks` must be an array of knowledge tasks"))
    for i, raw in enumerate(tasks or []):
        obj = as_object(raw)
        if obj is None:
            doc.malformed.append(Malformed(base + pointer("knowledgeTasks", i),
                                           "a knowledge task must be an object"))
            continue
        read_taxonomy(doc, obj, base + pointer("knowledgeTasks", i),
                      text(field(obj, "name")) or f"knowledge task #{i + 1}")
