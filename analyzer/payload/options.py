"""The options a prompt offers: the buttons and quick replies of the template it sends.

A prompt (an entity's, a message's) is stored per channel and language with a `type`: `basic`
(plain text), `json` (a template written as JSON) or `uxmap`/`js` (JavaScript that builds the
template, URL-encoded by the new builder, ending with `print(JSON.stringify(message))`). A
template is `{"type": "template", "payload": {"template_type": ..., "buttons" | "quick_replies" |
"elements": [...]}}`; a postback button or a text quick reply sends its `payload` as the user's
answer, its `title` is what the user reads.

The text is never executed. The arrays are read as object literals (JSON5-like: quoted or bare
keys, single or double quotes, trailing commas, comments) by a small bounded parser. What it
cannot read makes it give up: a prompt whose buttons are built by code (a loop pushing them, a
payload taken from a variable) has no known options (None), and is not checked.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import unquote

MAX_TEXT = 60_000  # longer prompt texts are not read (characters, decoded)
MAX_DEPTH = 12  # deeper literals are not read
MAX_OPTIONS = 50  # a template offering more is not read
MAX_FIELD = 200  # longer titles and payloads are not read

_ESCAPED = re.compile(r'\\"(?:buttons|quick_replies|elements)\\"')
_ARRAY_KEY = re.compile(r"""(?<![\w$.])["']?(buttons|quick_replies|elements)["']?\s*:\s*""")
# Code that builds or changes the arrays: what the prompt offers is known only at run time.
_BUILT = re.compile(r"\.\s*(?:push|unshift|splice|concat|map|forEach|fill)\s*\(|\bfor\s*\(|\bwhile\s*\(|"
                    r"(?:buttons|quick_replies|elements)\s*(?:\[[^\]]{0,40}\])?\s*=[^=]")
_SEND = ("postback", "text", "", None)  # button and quick-reply types that send their payload


@dataclass(frozen=True)
class Option:
    """One button or quick reply: what the user reads and what a click sends."""

    title: str
    payload: str


class _GiveUp(Exception):
    """The text is not a literal this parser reads."""


class _Code:
    """A value that is code (`context.x`, `"a" + b`): known only at run time."""


CODE = _Code()


def decode(text: str) -> str:
    """The prompt's text as written in the builder: URL-decoded when it is URL-encoded, and
    unquoted when it is a JSON string holding the text."""
    if "%" in text:
        try:
            text = unquote(text, errors="strict")
        except UnicodeDecodeError:
            text = unquote(text)
    stripped = text.strip()
    if len(stripped) > 1 and stripped[0] == '"' and stripped[-1] == '"':
        try:
            inner = json.loads(stripped)
        except ValueError:
            return text
        return inner if isinstance(inner, str) else text
    if _ESCAPED.search(text):  # a template whose quotes are still JSON-escaped: {\"buttons\": ...}
        text = text.replace('\\"', '"')
    return text


def options(text: str, kind: str = "") -> tuple[Option, ...] | None:
    """What a prompt offers to click, in order (repeats kept once); () when it offers nothing
    (plain text, no template); None when it offers something that cannot be read."""
    if not isinstance(text, str) or kind == "basic":
        return ()
    text = decode(text) if len(text) <= 3 * MAX_TEXT else text
    if len(text) > MAX_TEXT:
        return None if _ARRAY_KEY.search(text, 0, MAX_TEXT) else ()
    text = text if "{" in text else ""
    found: dict[tuple[str, str], Option] = {}
    pos, any_array = 0, False
    while True:
        m = _ARRAY_KEY.search(text, pos)
        if m is None:
            break
        any_array = True
        parser = _Parser(text, m.end())
        try:
            items = parser.value(0)
            if not _collect(m.group(1), items, found):
                return None
        except (_GiveUp, RecursionError, ValueError):
            return None
        pos = parser.pos
    if not any_array:
        return ()
    return None if _BUILT.search(text) else tuple(found.values())


def _collect(key: str, items, found: dict[tuple[str, str], Option]) -> bool:
    """Adds the options of an array of buttons, quick replies or elements; False when one of
    them is code or there are too many."""
    if items is CODE or not isinstance(items, list):
        return False
    for item in items:
        if not isinstance(item, dict):
            if key == "elements":
                continue
            return False
        if key == "elements":
            nested = item.get("buttons")
            if nested is not None and not _collect("buttons", nested, found):
                return False
            continue
        kind = item.get("type", item.get("content_type"))
        if kind is CODE:
            return False
        if kind not in _SEND or "payload" not in item:
            continue  # a link (`web_url`), a phone number: sends nothing to the bot
        payload, title = _scalar(item.get("payload")), _scalar(item.get("title", item.get("payload")))
        if payload is None or title is None:
            return False
        found.setdefault((title, payload), Option(title, payload))
        if len(found) > MAX_OPTIONS:
            return False
    return True


def _scalar(value) -> str | None:
    if isinstance(value, bool) or value is CODE or value is None:
        return None
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str) and len(value) <= MAX_FIELD:
        return value
    return None


_WS = re.compile(r"(?:\s+|//[^\n]*|/\*.*?\*/)*", re.S)
_NUMBER = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_NAME = re.compile(r"[A-Za-z_$][\w$]*")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}
_CLOSE = {"(": ")", "[": "]", "{": "}"}


class _Parser:
    """Reads one literal from `text` at `pos`: objects, arrays, strings, numbers, true, false and
    null; anything else up to the next `,` `}` `]` (an expression) is CODE. Linear in the text
    it reads; raises _GiveUp on what it cannot read."""

    def __init__(self, text: str, pos: int):
        self.text, self.pos = text, pos

    def _skip(self) -> None:
        self.pos = _WS.match(self.text, self.pos).end()

    def _peek(self) -> str:
        self._skip()
        if self.pos >= len(self.text):
            raise _GiveUp
        return self.text[self.pos]

    def value(self, depth: int):
        if depth > MAX_DEPTH:
            raise _GiveUp
        c = self._peek()
        if c == "{":
            out = self._object(depth)
        elif c == "[":
            out = self._array(depth)
        elif c in "\"'":
            out = self._string(c)
        elif c == "`":
            out = self._template()
        else:
            m = _NUMBER.match(self.text, self.pos)
            word = _NAME.match(self.text, self.pos)
            if m:
                self.pos = m.end()
                out = float(m.group()) if any(x in m.group() for x in ".eE") else int(m.group())
            elif word and word.group() in ("true", "false", "null"):
                self.pos = word.end()
                out = {"true": True, "false": False, "null": None}[word.group()]
            else:
                out = CODE
        if self._peek() not in ",}]":
            self._expression()  # `"a" + b`, `x.y`, `f(1)`: known at run time only
            return CODE
        return out

    def _object(self, depth: int) -> dict:
        self.pos += 1
        out: dict = {}
        while self._peek() != "}":
            c = self.text[self.pos]
            if c in "\"'":
                key = self._string(c)
            else:
                m = _NAME.match(self.text, self.pos) or _NUMBER.match(self.text, self.pos)
                if m is None:
                    raise _GiveUp  # a computed key, a spread: not a literal
                key, self.pos = m.group(), m.end()
            if self._peek() != ":":
                raise _GiveUp
            self.pos += 1
            out[key] = self.value(depth + 1)
            if self._peek() == ",":
                self.pos += 1
        self.pos += 1
        return out

    def _array(self, depth: int) -> list:
        self.pos += 1
        out = []
        while self._peek() != "]":
            out.append(self.value(depth + 1))
            if self._peek() == ",":
                self.pos += 1
            if len(out) > 4 * MAX_OPTIONS:
                raise _GiveUp
        self.pos += 1
        return out

    def _string(self, quote: str) -> str:
        text, i, out = self.text, self.pos + 1, []
        while True:
            j = i
            while j < len(text) and text[j] not in (quote, "\\", "\n"):
                j += 1
            out.append(text[i:j])
            if j >= len(text) or text[j] == "\n":
                raise _GiveUp
            if text[j] == quote:
                self.pos = j + 1
                return "".join(out)
            esc = text[j + 1:j + 2]
            if esc == "u" and re.fullmatch(r"[0-9a-fA-F]{4}", text[j + 2:j + 6]):
                out.append(chr(int(text[j + 2:j + 6], 16)))
                i = j + 6
            elif esc:
                out.append(_ESCAPES.get(esc, esc))
                i = j + 2
            else:
                raise _GiveUp

    def _template(self) -> str | _Code:
        end = self.text.find("`", self.pos + 1)
        if end < 0:
            raise _GiveUp
        body = self.text[self.pos + 1:end]
        self.pos = end + 1
        return CODE if "${" in body or "\\" in body else body

    def _expression(self) -> None:
        """Skips an expression up to the `,` `}` or `]` that ends it (brackets and strings
        inside it skipped whole)."""
        text, stack = self.text, []
        while self.pos < len(text):
            c = text[self.pos]
            if c in "\"'`":
                self._string(c) if c != "`" else self._template()
                continue
            if c in _CLOSE:
                stack.append(_CLOSE[c])
                if len(stack) > MAX_DEPTH:
                    raise _GiveUp
            elif c in ")]}":
                if not stack:
                    if c == ")":
                        raise _GiveUp
                    return
                if stack.pop() != c:
                    raise _GiveUp
            elif c == "," and not stack:
                return
            self.pos += 1
        raise _GiveUp
