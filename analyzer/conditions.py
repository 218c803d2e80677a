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
_NO_VALUE = ("exists", "ex", "dne")  # a tuple: an operator may be any JSON value, a list too
_MAX_DEPTH, _MAX_TESTS = 20, 50  # in words: deeper tests are `…`, a conjoin shows its first 50


def canonical(cond: Any) -> str:
    """One string per condition, independent of key order, for comparing branches."""
    return json.dumps(cond, sort_keys=True, ensure_ascii=False, default=str)


def show(cond: Any, limit: int = 80, *, words: bool = False) -> str:
    """A condition for people, in at most `limit` characters; a key compared in it is shown
    masked (like KL501 shows it).

    As a message quotes it (`words=False`): the payload's keys and operator codes, conjoined tests
    in parentheses: `(context age gt 18 and field x <no operator>)`, `dialogAct = yes`. In words
    (`words=True`, drawings and the nodes table): operators as `OPERATOR_WORDS` says them, every
    text cleaned: `age > 18 and x (no operator)`, `user says yes`, `intent Book`."""
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


def _test(cond: dict, key: str | None, words: bool) -> str:
    """One test of a value: `context x eq 1` (a message), `x = 1` (in words)."""
    op, value = cond.get("op"), cond.get("value")
    if not words:
        shown = f"{f'{key} {cond[key]}' if key else '?'} {op if op not in (None, '') else '<no operator>'}"
        return shown if value in (None, "") else f"{shown} {value}"
    subject = f"intent {clean(cond[key])}" if key == "intent" else clean(cond[key])
    if op in (None, ""):
        sign = "" if key == "intent" else " (no operator)"
    else:
        sign = " " + (OPERATOR_WORDS.get(op) or clean(op) if isinstance(op, str) else clean(op))
    if value in (None, "") or op in _NO_VALUE:
        return subject + sign
    return f"{subject}{sign} {clean(value if isinstance(value, str) else canonical(value))}"


def shape_problems(cond: Any, where: str = "") -> Iterator[str]:
    """Why a condition is malformed: a test without an operator, or no known shape."""
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
                if op is None or op == "":
                    yield f"{where}the {key} test on {quote(cond.get(key))} has no operator"
                elif not isinstance(op, str):
                    yield f"{where}the {key} test on {quote(cond.get(key))} has an operator that is not text"
                return
    yield f"{where}{show(cond)} is not a condition of a known shape"


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

