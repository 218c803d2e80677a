"""Transition conditions (spec section 4): their known shapes and operators, and how people read
them (`show`: in messages, and in drawings and the nodes table)."""
from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, Protocol

from .credentials.mask import mask_known
from .text import MESSAGE_LIMIT, clean, quote, short, shorten

# The operators korelint knows, and how the builder says each.
OPERATOR_WORDS: dict[str, str] = {"eq": "equals", "neq": "does not equal", "gt": "is greater than",
                                  "gte": "is greater than or equal to", "lt": "is less than",
                                  "lte": "is less than or equal to", "cnt": "contains",
                                  "dne": "does not exist", "exists": "exists", "ex": "exists"}
OPERATORS = frozenset(OPERATOR_WORDS)
# The builder's Exists test: Kore stores it without an operator (`op` missing or ""); `exists`
# and `ex` say the same. "Does not exist" is `dne`.
_EXISTS = ("", "exists", "ex")
_NO_VALUE = ("exists", "ex", "dne")  # a tuple: an operator may be any JSON value, a list too
# The letters alone float() reads as a number (any case); no other ASCII word is one.
_FLOAT_WORDS = frozenset({"inf", "infinity", "nan"})
_MAX_DEPTH, _MAX_TESTS = 20, 50  # deeper tests are `…`, a conjoin shows its first 50


class Names(Protocol):
    """Node id -> how the builder names it (payload.names.NodeNames)."""

    def shown(self, nid: str) -> str: ...


def canonical(cond: Any) -> str:
    """One string per condition, independent of key order, for comparing branches."""
    return json.dumps(cond, sort_keys=True, ensure_ascii=False, default=str)


def show(cond: Any, limit: int = 80, *, words: bool = False, names: Names | None = None) -> str:
    """A condition as the builder phrases it, in at most `limit` characters: `Choice equals
    'skin'`, `Choice exists`, `context.age is greater than 18`, `confirmation is Yes`, `intent is
    'Book Flight'`, `A and B`. Entity and intent node ids are named by `names` (a dialog's
    NodeNames). A key compared in it is shown masked (like KL501 shows it). `words=True` (drawings,
    the nodes table): cut at `limit` with an ellipsis; else shortened as messages are."""
    text = _said(cond, names)
    if words:  # short(text, limit), but for a text it keeps whole (most: they are short)
        return text if len(text) <= limit and len(text) <= MESSAGE_LIMIT and text.isprintable() else \
            short(text, limit)
    return shorten(text, limit)


# id(condition) -> (the condition, the names, its text): a report phrases each condition in its
# drawing, its nodes table and its test paths. An entry holds the condition and the names, so
# neither id is reused while it is kept; conditions are parsed payload, never changed.
_SAID: dict[int, tuple[Any, Any, str]] = {}
_SAID_MAX = 50_000


def _said(cond: Any, names: Names | None) -> str:
    """The condition phrased whole (masked, not yet cut to a limit: the limit does not change
    the phrasing)."""
    found = _SAID.get(id(cond))
    if found is not None and found[0] is cond and found[1] is names:
        return found[2]
    text = mask_known(_render(cond, names, 0))
    if isinstance(cond, dict):
        if len(_SAID) >= _SAID_MAX:
            _SAID.clear()
        _SAID[id(cond)] = (cond, names, text)
    return text


def _render(cond: Any, names: Names | None, depth: int) -> str:
    if depth > _MAX_DEPTH:
        return "…"
    if isinstance(cond, dict):
        tests = cond.get("tests")
        if "conjoin" in cond and isinstance(tests, list):
            joiner = f" {clean(cond.get('conjoin'))} "
            inner = joiner.join(_render(t, names, depth + 1) for t in tests[:_MAX_TESTS])
            more = f"{joiner}… {len(tests) - _MAX_TESTS} more" if len(tests) > _MAX_TESTS else ""
            return f"({inner}{more})" if depth else inner + more
        if "dialogAct" in cond:
            answer = cond["dialogAct"]
            return f"confirmation is {clean(answer.capitalize() if isinstance(answer, str) else answer)}"
        # the first of field, context and intent it has (a generator costs ~10 times more: a
        # report phrases every conditional transition)
        subject = "field" if "field" in cond else "context" if "context" in cond else \
            "intent" if "intent" in cond else None
        if subject is not None:
            return _test(cond, subject, names)
    return clean(canonical(cond))


def is_exists(op: Any) -> bool:
    """Whether a test's operator is the builder's Exists (no operator, "", `exists`, `ex`)."""
    return op is None or (isinstance(op, str) and op in _EXISTS)


def _value(value: Any) -> str:
    """A compared value: numbers bare, text quoted (`'skin'`), anything else as JSON."""
    if isinstance(value, str):
        if value.isalpha() and value.isascii() and value.lower() not in _FLOAT_WORDS:
            return quote(clean(value))  # float() would raise (~1 us): text, as most values
        try:
            float(value)
            return clean(value.strip()) if value.strip() else quote(value)
        except ValueError:
            return quote(clean(value))
    return clean(canonical(value))


def _test(cond: dict, key: str, names: Names | None) -> str:
    """One test: `Choice equals 'skin'`, `context.x exists`, `intent is 'Book Flight'`."""
    op, value, named = cond.get("op"), cond.get("value"), cond[key]
    if isinstance(named, str) and not named.strip():
        subject = f"{key} ''"  # names nothing: malformed-condition says so
    elif key == "context":  # the builder writes the path with its `context.` or without
        subject = clean(named) if str(named).startswith("context.") else f"context.{clean(named)}"
    elif isinstance(named, str) and named:
        subject = clean(names.shown(named) if names is not None else named)
    else:
        subject = f"{key} {clean(canonical(named))}"
    if key == "intent":
        if is_exists(op):
            return f"intent is {quote(subject)}"
        return f"intent {_operator(op)} {quote(subject)}"
    if type(op) is str:  # the usual operator (is_exists and _operator of text, inline)
        if op in _EXISTS or op in _NO_VALUE or value is None or value == "":
            return f"{subject} {OPERATOR_WORDS.get(op) or ('exists' if op == '' else clean(op))}"
        return f"{subject} {OPERATOR_WORDS.get(op) or clean(op)} {_value(value)}"
    if is_exists(op) or op in _NO_VALUE:  # an Exists test ignores a value written with it
        return f"{subject} {_operator(op)}"
    if value in (None, ""):
        return f"{subject} {_operator(op)}"
    return f"{subject} {_operator(op)} {_value(value)}"


def _operator(op: Any) -> str:
    if op is None or op == "":
        return "exists"
    return OPERATOR_WORDS.get(op) or clean(op) if isinstance(op, str) else clean(canonical(op))


def shape_problems(cond: Any, where: str = "") -> Iterator[str]:
    """Why a condition is malformed: a test that names nothing, an operator that is not text, or
    no known shape. A test without an operator is the builder's Exists test: not malformed."""
    if isinstance(cond, dict):
        if "conjoin" in cond:
            tests = cond.get("tests")
            if str(cond.get("conjoin")).lower() not in ("and", "or"):
                yield f"{where}`conjoin` is {quote(cond.get('conjoin'))}, not `and` or `or`"
            if not isinstance(tests, list) or not tests:
                yield f"{where}`conjoin` without a list of `tests`"
                return
            for i, test in enumerate(tests):
                yield from shape_problems(test, f"{where}test {i + 1}: ")
            return
        if "dialogAct" in cond:
            if str(cond.get("dialogAct")).lower() not in ("yes", "no"):
                yield f"{where}`dialogAct` is {quote(cond.get('dialogAct'))}, not `yes` or `no`"
            return
        if "intent" in cond:
            return  # `{"intent": ..., "op": "", "value": ""}`: an empty operator is normal here
        for key in ("field", "context"):
            if key in cond:
                op = cond.get("op")
                if cond.get(key) in (None, "") or not isinstance(cond.get(key), str):
                    yield f"{where}the {key} test names no {key} ({quote(cond.get(key))})"
                elif op is not None and not isinstance(op, str):
                    yield f"{where}the {key} test on {quote(cond.get(key))} has an operator that is not text"
                return
    yield f"{where}{show(cond)} is not a condition of a known shape"


def comparable(cond: Any) -> str:
    """`canonical` of the condition as Kore evaluates it: the forms of Exists are one (no
    operator, "", `exists`, `ex`; the value of an Exists test is ignored), so two branches that
    test the same are equal."""
    return canonical(_evaluated(cond, 0))


def _evaluated(cond: Any, depth: int) -> Any:
    if not isinstance(cond, dict) or depth > _MAX_DEPTH:
        return cond
    if "conjoin" in cond and isinstance(cond.get("tests"), list):
        return {**cond, "tests": [_evaluated(t, depth + 1) for t in cond["tests"]]}
    key = next((k for k in ("field", "context") if k in cond), None)
    if key is not None and is_exists(cond.get("op")):
        return {key: cond[key], "op": "exists"}
    return cond


def ignored_values(cond: Any, depth: int = 0) -> Iterator[tuple[str, Any, Any]]:
    """(key, what it names, value) of every field/context test with a value but no operator: Kore
    tests only that the variable has a value and ignores the one written (nested tests too)."""
    if not isinstance(cond, dict) or depth > _MAX_DEPTH:
        return
    if isinstance(cond.get("tests"), list):
        for test in cond["tests"]:
            yield from ignored_values(test, depth + 1)
        return
    key = next((k for k in ("field", "context") if k in cond), None)
    if key is not None and cond.get("op") in (None, "") and cond.get("value") not in (None, ""):
        yield key, cond[key], cond["value"]


def operators(cond: Any) -> Iterator[str]:
    """Every non-empty operator string used in a condition (nested tests included)."""
    if not isinstance(cond, dict):
        return
    if isinstance(cond.get("tests"), list):
        for test in cond["tests"]:
            yield from operators(test)
    op = cond.get("op")
    if isinstance(op, str) and op != "" and ("field" in cond or "context" in cond or "intent" in cond):
        yield op



def leaves(cond: Any, depth: int = 0) -> Iterator[dict]:
    """Every single test of a condition (the tests of `conjoin`s, nested ones too), in order."""
    if not isinstance(cond, dict) or depth > _MAX_DEPTH:
        return
    if isinstance(cond.get("tests"), list):
        for test in cond["tests"]:
            yield from leaves(test, depth + 1)
        return
    yield cond
