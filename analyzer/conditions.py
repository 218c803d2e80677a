"""Transition conditions (spec section 4): their known shapes and operators, and how people read
them (`show`: in messages, and in drawings and the nodes table)."""
from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from .credentials.mask import mask_known
from .text import clean, quote, short, shorten

# The operators korelint knows, and how a drawing or the nodes table says each (messages quote
# the code as the payload has it).
OPERATOR_WORDS: dict[str, str] = {"eq": "=", "neq": "≠", "gt": ">", "gte": "≥", "lt": "<", "lte": "≤",
                                  "cnt": "contains", "dne": "does not exist", "exists": "exists",
                                  "ex": "exists"}
OPERATORS = frozenset(OPERATOR_WORDS)
# The builder's Exists test: Kore stores it without an operator (`op` missing or ""); `exists`
# and `ex` say the same. "Does not exist" is `dne`.
_EXISTS = ("", "exists", "ex")
_NO_VALUE = ("exists", "ex", "dne")  # a tuple: an operator may be any JSON value, a list too
_MAX_DEPTH, _MAX_TESTS = 20, 50  # in words: deeper tests are `…`, a conjoin shows its first 50


def canonical(cond: Any) -> str:
    """One string per condition, independent of key order, for comparing branches."""
    return json.dumps(cond, sort_keys=True, ensure_ascii=False, default=str)


def show(cond: Any, limit: int = 80, *, words: bool = False) -> str:
    """A condition for people, in at most `limit` characters; a key compared in it is shown
    masked (like KL501 shows it).

    As a message quotes it (`words=False`): the payload's keys and operator codes, conjoined tests
    in parentheses: `(context age gt 18 and field x exists)`, `dialogAct = yes`. In words
    (`words=True`, drawings and the nodes table): operators as `OPERATOR_WORDS` says them, every
    text cleaned: `age > 18 and x exists`, `user says yes`, `intent Book`."""
    text = mask_known(_render(cond, limit, words, 0))
    return short(text, limit) if words else shorten(text, limit)


def _render(cond: Any, limit: int, words: bool, depth: int) -> str:
    text = clean if words else str
    if words and depth > _MAX_DEPTH:
        return "…"
    if isinstance(cond, dict):
        tests = cond.get("tests")
        if "conjoin" in cond and isinstance(tests, list):
            joiner = f" {text(cond.get('conjoin'))} "
            if not words:  # each test shown (and shortened) as a message shows it
                return "(" + joiner.join(show(t, limit) for t in tests) + ")"
            inner = joiner.join(_render(t, limit, words, depth + 1) for t in tests[:_MAX_TESTS])
            return f"({inner})" if depth else inner
        if "dialogAct" in cond:
            return f"user says {clean(cond['dialogAct'])}" if words else f"dialogAct = {cond['dialogAct']}"
        order = ("context", "field", "intent") if words else ("field", "context", "intent")
        subject = next((k for k in order if k in cond), None)
        if subject is not None or not words:
            return _test(cond, subject, words)
    return clean(canonical(cond)) if words else canonical(cond)


def is_exists(op: Any) -> bool:
    """Whether a test's operator is the builder's Exists (no operator, "", `exists`, `ex`)."""
    return op is None or (isinstance(op, str) and op in _EXISTS)


def _test(cond: dict, key: str | None, words: bool) -> str:
    """One test of a value: `context x eq 1` (a message), `x = 1` (in words)."""
    op, value = cond.get("op"), cond.get("value")
    if not words:
        subject = f"{key} {cond[key]}" if key else "?"
        if op in (None, ""):  # the builder's Exists: a value written there is ignored
            return f"{subject} exists"
        return f"{subject} {op}" if value in (None, "") else f"{subject} {op} {value}"
    subject = f"intent {clean(cond[key])}" if key == "intent" else clean(cond[key])
    if op in (None, ""):
        sign = "" if key == "intent" else " exists"
    else:
        sign = " " + (OPERATOR_WORDS.get(op) or clean(op) if isinstance(op, str) else clean(op))
    if value in (None, "") or op in _NO_VALUE or (op in (None, "") and key != "intent"):
        return subject + sign
    return f"{subject}{sign} {clean(value if isinstance(value, str) else canonical(value))}"


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

