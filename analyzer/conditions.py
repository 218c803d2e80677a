"""Transition conditions (spec section 4): their known shapes and operators."""
from __future__ import annotations

import json
from typing import Any, Iterator

from .payload.credentials import mask_known
from .text import quote

OPERATORS = frozenset({"eq", "neq", "gt", "gte", "lt", "lte", "cnt", "dne", "exists", "ex"})


def canonical(cond: Any) -> str:
    """One string per condition, independent of key order, for comparing branches."""
    return json.dumps(cond, sort_keys=True, ensure_ascii=False, default=str)


def show(cond: Any, limit: int = 80) -> str:
    """A short readable form of a condition for messages."""
    if isinstance(cond, dict):
        if "conjoin" in cond and isinstance(cond.get("tests"), list):
            joiner = f" {cond.get('conjoin')} "
            text = "(" + joiner.join(show(t, limit) for t in cond["tests"]) + ")"
        elif "dialogAct" in cond:
            text = f"dialogAct = {cond['dialogAct']}"
        else:
            subject = next((f"{k} {cond[k]}" for k in ("field", "context", "intent") if k in cond), "?")
            op = cond.get("op")
            text = f"{subject} {op if op not in (None, '') else '<no operator>'}"
            if "value" in cond and cond.get("value") not in (None, ""):
                text += f" {cond['value']}"
    else:
        text = canonical(cond)
    text = mask_known(text)  # a key compared in a condition is shown masked, like KL501 shows it
    return text if len(text) <= limit else text[: limit - 1] + "…"


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

