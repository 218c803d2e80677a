"""Payload text shown to people: shortened, so one huge field cannot multiply the output.

A node id, a dialog name or a condition value is payload text of any length (a builder bug, a
pasted document, a hostile file). Quoted whole in the message of every finding about it, a 100 KB
id with 1,000 dangling transitions became 100 MB of output. Everything that shows payload text
(messages, the `node`/`dialog` fields of a finding, report pages) shows it through these helpers;
the JSON Pointer of a finding stays the exact location.

This module is the one home of those helpers: printable, displayable, one_line, compact_line and
strictly_printable (one line for a terminal or a text report), shorten, clip_id and show_id (ids),
clean and short (text for pages and drawings), quote and listing (values and lists in messages).
"""
from __future__ import annotations

import re
from typing import Any

# Longer than any id or name a bot builder produces (they are well under 100 characters).
ID_LIMIT = 200
# In a sentence a shorter excerpt reads better.
QUOTE_LIMIT = 80
# A whole message: the backstop for payload text a rule did not shorten itself.
MESSAGE_LIMIT = 2000


# Control characters (a terminal reads ESC sequences, NUL cuts C strings), bidi overrides, line
# separators and the two code points XML cannot carry: payload text shows them as spaces.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u2028-\u202e\u2066-\u2069\ufffe\uffff]")


def printable(text: str) -> str:
    """`text` with every control character, bidi override and non-character replaced by a space."""
    return text if text.isprintable() else _UNPRINTABLE.sub(" ", text)


def strictly_printable(text: str) -> str:
    """`text` with every character Python does not call printable (controls, format characters,
    separators other than the space, surrogates, unassigned code points) replaced by a space: one
    finding per line of a text report, whatever the payload holds."""
    return "".join(c if c.isprintable() else " " for c in text)


_UNPRINTABLE_RUN = re.compile(_UNPRINTABLE.pattern + "+")


def escaped(text: str) -> str:
    """A file name as one line that still tells its characters apart: control characters as
    Python escapes (`in\\x1b.json`), the name itself when it is printable."""
    return text if text.isprintable() else repr(text)[1:-1]


def compact_line(text: str, limit: int = 300) -> str:
    """Text from elsewhere (a server's answer, a URL, an option value) as one terminal line: each
    run of the characters `printable` replaces is one space, none around, at most `limit`
    characters (`shorten`)."""
    return shorten(_UNPRINTABLE_RUN.sub(" ", text).strip(), limit)


def displayable(text: str) -> str:
    """`text` that any output can encode: a file name that is not UTF-8 (kept by Python as lone
    surrogates, `x\udcff.json`) shows U+FFFD where its bytes were not text."""
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        raw = text.encode("utf-8", "surrogateescape")  # the bytes of a file name
    except UnicodeEncodeError:
        raw = text.encode("utf-8", "replace")  # other lone surrogates
    return raw.decode("utf-8", "replace")


def one_line(text: str, limit: int = 1000) -> str:
    """A message for stderr: one line, printable, bounded (option and configuration values, file
    names and payload text are echoed in error messages)."""
    return printable(shorten(displayable(text), limit))


def shorten(text: str, limit: int = ID_LIMIT) -> str:
    """`text` whole if it fits in `limit` characters, else its start and `…`."""
    if len(text) <= limit:
        return text
    return text[:max(limit - 1, 1)] + "…"


def clean(text: Any, limit: int = MESSAGE_LIMIT) -> str:
    """Payload text for a page or a drawing: printable, encodable (`printable`, `displayable`),
    shortened to `limit` characters (one huge field must not be repeated whole in a page)."""
    s = text if isinstance(text, str) else str(text)
    if len(s) > limit:  # `shorten`, inline: a report cleans hundreds of thousands of texts
        s = s[:max(limit - 1, 1)] + "…"
    return s if s.isprintable() else displayable(printable(s))


def short(text: Any, limit: int) -> str:
    """`clean` text in at most `limit` characters (a label, a title)."""
    s = clean(text)
    return s if len(s) <= limit else s[: limit - 1] + "…"


def clip_id(text: str | None, limit: int = ID_LIMIT) -> str | None:
    """An identifier for a finding's `node`/`dialog` field, printable: whole if it fits, else its start,
    its length and a digest of the whole, so two long ids with the same start stay distinct
    (findings are told apart, and fingerprinted, by these fields)."""
    if text is None:
        return None
    if len(text) <= limit:
        return printable(text)
    import hashlib  # here: most runs clip no id, and `korelint rules` none (issue 17)

    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    return f"{printable(text[:limit])}…[{len(text):,} characters, sha256 {digest}]"


def show_id(text: Any) -> str:
    """A node id or dialog name as findings show it (`clip_id`), made safe like `clean`."""
    return clean(clip_id(text) if isinstance(text, str) else text)


def unclipped(ids) -> dict[str, str]:
    """Clipped id -> the id, for the ids `clip_id` shortens: findings name nodes by clipped ids,
    what a reporter matches them with is the document's whole ids."""
    return {clip_id(i): i for i in ids if isinstance(i, str) and len(i) > ID_LIMIT}


def quote(value: object, limit: int = QUOTE_LIMIT) -> str:
    """`repr` of a value for a message, shortened: `'nnnn…' (100,000 characters)`."""
    if isinstance(value, str) and len(value) > limit:
        return f"{shorten(value, limit)!r} ({len(value):,} characters)"
    text = repr(value)
    return text if len(text) <= limit + 2 else shorten(text, limit + 2)


def listing(items, limit: int = 6) -> str:
    """`'a', 'b', 'c' and 4 more`: node lists in messages stay readable; findings carry them all."""
    shown = ", ".join(quote(n) for n in items[:limit])
    return shown if len(items) <= limit else f"{shown} and {len(items) - limit} more"


def did_you_mean(word: str, known, casefold: bool = True) -> str:
    """` (did you mean 'x'?)` for the known word closest to `word` (difflib), or "" when none is
    close: the end of a message about an unknown command, rule, setting or choice."""
    known = [k for k in known if isinstance(k, str)]
    by_key = {(k.lower() if casefold else k): k for k in known}
    key = word.strip().lower() if casefold else word.strip()
    import difflib  # on a misspelling only (~7 ms to import)

    close = difflib.get_close_matches(key, list(by_key), n=1, cutoff=0.6)
    return f" (did you mean {by_key[close[0]]!r}?)" if close else ""
