"""Reading the members of a payload leniently, and pydantic's complaints as one line: what every
reader of the payload (dialogs, components, resources) shares."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from .rawjson import Raw, value

if TYPE_CHECKING:
    from pydantic import ValidationError

_POSITION = re.compile(r" at line \d+ column \d+$")


def describe(exc: ValidationError) -> str:
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


def text(v: Any) -> str | None:
    """A string with something other than spaces in it, else None."""
    return v if isinstance(v, str) and v.strip() else None


def strings(v: Any) -> list[str] | None:
    """The strings of a list (other items dropped); None when not a list."""
    if isinstance(v, list):
        return [x for x in v if isinstance(x, str)]
    return None


def field(obj: dict[str, Raw] | None, key: str) -> Any:
    """The Python value of one member, None when absent or unreadable (see rawjson.value)."""
    if obj is None or key not in obj:
        return None
    try:
        return value(obj[key])
    except ValueError:
        return None
