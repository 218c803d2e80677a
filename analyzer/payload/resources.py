"""What publish responses hold besides dialogs: the publish job, the published resources (each
dialog among them handed to the dialog reader) and knowledge graphs, also read from bot exports."""
from __future__ import annotations

from collections.abc import Callable

from .document import Document, Job, Malformed, Resource, Taxonomy
from .fields import describe, field, text
from .rawjson import Raw, as_array, as_object, first_byte
from .records import Term, decode, from_model

# (raw dialog, its pointer, fallback name, fallback id, its resource's pointer): the loader
# notes the dialog, to be read when the linter reaches it.
DialogSink = Callable[[Raw, str, "str | None", "str | None", "str | None"], None]


def read_job(top: dict[str, Raw]) -> Job:
    """The publish job: the top level of a publish-status response."""
    return Job(
        pointer="", id=field(top, "_id"), status=field(top, "status"),
        percentage=field(top, "percentageComplete"), stream_id=field(top, "streamId"),
        requested=field(top, "requestedTime"), initiated=field(top, "initiatedOn"),
        modified=field(top, "lastModifiedOn"), job_type=field(top, "jobType"),
    )


def read_resources(doc: Document, items: list, base: str, dialog: DialogSink) -> None:
    """`statusSummary` of a publish status, or a Publish API response: one Resource each; the
    `result` of a dialog resource goes to `dialog`, a knowledge resource's taxonomy is read.
    `items`: Raw elements, or their members already decoded (rawjson.as_objects)."""
    for i, item in enumerate(items):
        ptr = f"{base}/{i}"
        obj = item if isinstance(item, dict) else as_object(item)
        if obj is None:
            doc.malformed.append(Malformed(ptr, f"resource #{i} must be a JSON object"))
            continue
        rtype = field(obj, "resourceType")
        res = Resource(
            index=i, pointer=ptr, type=rtype if isinstance(rtype, str) else None,
            id=text(field(obj, "resourceId")), name=text(field(obj, "name")),
            status=field(obj, "status"), modules=field(obj, "modules"),
        )
        doc.resources.append(res)
        kind = (res.type or "").lower()
        result = obj.get("result")
        has_result = result is not None and first_byte(result) != ord("n")
        if kind == "dialog":
            if has_result:
                dialog(result, f"{ptr}/result", res.name, res.id, ptr)
            elif res.succeeded:
                doc.malformed.append(Malformed(ptr, f"dialog resource {res.label!r} has no `result`"))
        elif kind == "knowledge" and has_result:
            body = as_object(result)
            if body is None:
                doc.malformed.append(Malformed(f"{ptr}/result",
                                               "a knowledge resource's `result` must be an object"))
            else:
                read_taxonomy(doc, body, f"{ptr}/result",
                              res.name or text(field(body, "name")) or f"knowledge #{i}")


def read_taxonomy(doc: Document, owner: dict[str, Raw] | None, ptr: str, name: str) -> None:
    """The `taxonomy` of a knowledge resource's result or of a bot export's knowledge task."""
    if owner is None or "taxonomy" not in owner:
        return
    items = as_array(owner["taxonomy"])
    tptr = f"{ptr}/taxonomy"
    if items is None:
        if first_byte(owner["taxonomy"]) != ord("n"):
            doc.malformed.append(Malformed(tptr, "`taxonomy` must be an array of terms"))
        return
    terms = []
    for i, item in enumerate(items):
        term = decode(item, Term)
        if term is None:  # pydantic says what is wrong (or reads it after all)
            from pydantic import ValidationError

            from .models import Term as Model
            try:
                term = from_model(Model.model_validate_json(bytes(item)))
            except ValidationError as exc:
                doc.malformed.append(Malformed(f"{tptr}/{i}",
                                               f"knowledge-graph term #{i} is malformed: {describe(exc)}"))
                continue
        terms.append((i, term))
        for j, parent in enumerate(term.parent or []):
            # Kept with the term (its id still counts as a parent of others); rules skip it.
            if not isinstance(parent, str):
                kind = "null" if parent is None else type(parent).__name__
                doc.malformed.append(Malformed(
                    f"{tptr}/{i}/parent/{j}",
                    f"knowledge-graph term {term.node_id!r} names a parent that is not a term id ({kind})"))
    doc.taxonomies.append(Taxonomy(tptr, name, terms))
