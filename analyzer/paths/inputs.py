"""What a tester does at each step of a path: the user's `input` that takes the step's branch,
or what the test must arrange beforehand (`needs`: a context value set by a script or service,
or an earlier answer), phrased as the builder phrases conditions."""
from __future__ import annotations

from typing import Any

from ..conditions import show
from ..credentials.mask import mask_known
from ..flow import DialogFlow, Edge
from ..text import clean, short

WAITS = frozenset({"entity", "dialogAct", "confirmation", "form", "digitalFormNode", "aiassist"})
LIMIT = 120  # characters of one input or need
ANY_ANSWER = "any valid answer"  # where the bot asks and no branch tests the answer
NONE_ABOVE = "none of the conditions above holds"  # an Else's need
# Inputs that describe an answer rather than give one: a tester (or a test runner's suite, where
# they are left as <placeholders>) must put a real answer there.
DESCRIBED = ("any valid answer", "an answer ", "anything but ", "a text containing ", "no answer")


def tests_of(cond: Any, depth: int = 0) -> list[dict]:
    """The simple tests of a condition (conjoined ones flattened; `or` keeps its first)."""
    if not isinstance(cond, dict) or depth > 20:
        return []
    if isinstance(cond.get("tests"), list):
        tests = cond["tests"]
        if str(cond.get("conjoin")).lower() == "or":
            tests = tests[:1]  # one alternative is enough to take the branch
        return [t for sub in tests for t in tests_of(sub, depth + 1)]
    return [cond]


def of_answer(test: dict, nid: str, names) -> bool:
    """Whether a test is of the answer given at node `nid`: its entity (`field`), or the same
    as a context path (`context.entities.<its name>`), a yes/no, an intent."""
    if test.get("field") == nid or "dialogAct" in test or "intent" in test:
        return True
    path = test.get("context")
    if not isinstance(path, str):
        return False
    path = path.removeprefix("context.")
    return path.startswith("entities.") and path[len("entities."):] in {nid, names.name(nid)}


def answer(test: dict) -> str:
    """A user answer that satisfies a test of the entity being asked."""
    op, value = test.get("op"), test.get("value")
    shown = clean(value, LIMIT) if value not in (None, "") else ""
    if op in (None, "", "exists", "ex"):
        return "any valid answer"
    if op == "eq":
        return shown
    if op == "neq":
        return f"anything but {shown!r}"
    if op == "cnt":
        return f"a text containing {shown!r}"
    if op == "dne":
        return "no answer (skip it)"
    number = _number(value)
    if number is None:
        return f"an answer that {show(test, LIMIT, words=True)}"
    bound = {"gt": number + 1, "gte": number, "lt": number - 1, "lte": number}.get(op)
    return _plain(bound) if bound is not None else f"an answer for which {op} {shown}"


def _typed(value: str | None, titles: tuple[tuple[str, str], ...]) -> str | None:
    """What the user types for a list value: its title where that differs from the value."""
    if value is None:
        return None
    wanted = value.strip().lower()
    return next((clean(t, LIMIT) for v, t in titles if v.strip().lower() == wanted), clean(value, LIMIT))


def _other(choices: tuple[str, ...], ruled_out: set[str], titles: tuple[tuple[str, str], ...] = ()
           ) -> str | None:
    """A value of the entity's list that none of `ruled_out` (lower-cased) names, by its value or
    its title."""
    title = {v: t.strip().lower() for v, t in titles}
    return next((c for c in choices if c.strip().lower() not in ruled_out
                 and title.get(c) not in ruled_out), None)


def _number(value: Any) -> float | None:
    try:
        return float(value) if not isinstance(value, bool) else None
    except (TypeError, ValueError):
        return None


def _plain(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def step_advice(flow: DialogFlow, edge: Edge | None, before: tuple[Edge, ...], first: bool,
                buttons: tuple = (), sentences: dict[str, str] | None = None,
                choices: tuple[str, ...] = (), titles: tuple[tuple[str, str], ...] = ()
                ) -> tuple[str | None, tuple[str, ...]]:
    """(input, needs) of a step at `edge`'s node taking `edge` (None: the node ends the dialog).
    `before`: the node's conditional transitions ahead of it (a default is taken when none holds).
    `buttons`: the (title, payload) options the node's prompt offers: a click sends the payload,
    so a branch on a button's payload is taken by clicking it, and the Else by a button no branch
    above tests. `choices`: a list-of-values entity's values: `does not equal`, Exists and the
    Else take one of them that no test rules out; `titles`: (value, title) where the user types a
    title that differs from the value the branch tests."""
    names = flow.names
    sentences = sentences or {}  # node id -> a training sentence of its intent
    if edge is None:
        return None, ()
    nid = edge.source
    waits = flow.types.get(nid) in WAITS
    if not (first or edge.conditional or before):  # most steps: a default no branch precedes
        return (ANY_ANSWER if waits else None), ()
    said: str | None = None
    needs: list[str] = []
    if first:  # a training sentence of the intent starts the dialog (else its name)
        said = clean(sentences.get(nid) or names.shown(nid), LIMIT)
    if edge.conditional:
        for test in tests_of(edge.condition):
            if "dialogAct" in test:
                said = clean(str(test["dialogAct"]).lower(), LIMIT)
            elif "intent" in test:
                target = test.get("intent")
                said = clean((sentences.get(target) or names.shown(target)) if isinstance(target, str)
                             else target, LIMIT)
            elif waits and of_answer(test, nid, names):
                said = answer(test)
                if test.get("op") == "eq" and titles:
                    said = _typed(str(test.get("value")), titles) or said
                if choices and test.get("op") in (None, "", "exists", "ex", "neq"):
                    taken = {str(t.get("value")).strip().lower() for e in before  # by a branch above
                             for t in tests_of(e.condition)
                             if t.get("op") == "eq" and of_answer(t, nid, names)}
                    taken.add(str(test.get("value")).strip().lower())
                    said = _typed(_other(choices, taken, titles), titles) or said
                button = next((b for b in buttons if test.get("op") == "eq"
                               and b.payload.strip().lower() == str(test.get("value")).strip().lower()), None)
                if button is not None:
                    said = button.payload.strip()
            else:  # a context value, or an answer given earlier
                needs.append(show(test, LIMIT, words=True, names=names))
    elif before and not waits:  # nothing is answered here: only the Else's condition
        needs.append(NONE_ABOVE)
    elif before:
        above = [t for e in before for t in tests_of(e.condition)]
        # tests of the answer given here (its entity, a yes/no, an intent) vs of anything else
        own = [t for t in above if of_answer(t, nid, names)]
        tested = {str(t.get("value")).strip().lower() for t in own}
        # a value no branch above names takes the Else only when those branches test equality
        # (an Exists or a `does not equal` above holds for it)
        named = all(t.get("op") == "eq" for t in own if "field" in t or "context" in t)
        spare = next((b for b in buttons if b.payload.strip().lower() not in tested), None) if named else None
        if own and spare is not None:
            said = spare.payload.strip()  # a button no branch above tests
        elif own:
            said = (_typed(_other(choices, tested, titles), titles) if named else None) or \
                "an answer no branch above matches"
        if len(own) < len(above):
            needs.append(NONE_ABOVE)
    if said is None and waits and not first:  # the bot asks here: some answer moves on
        said = ANY_ANSWER
    return (shown(said) if said else None), tuple(map(masked, needs)) if needs else ()


# text -> it shown as an input (cut, masked) or as a need (masked): most steps say one of a few
# texts ("any valid answer", "none of the conditions above holds", a branch's condition), and
# masking searches each text for credentials
_SHOWN: dict[str, str] = {}
_MASKED: dict[str, str] = {}
_CACHED_MAX = 20_000


def shown(said: str) -> str:
    """`said` as a step's input: cut to LIMIT characters, credentials masked."""
    found = _SHOWN.get(said)
    if found is None:
        if len(_SHOWN) >= _CACHED_MAX:
            _SHOWN.clear()
        found = _SHOWN[said] = mask_known(short(said, LIMIT))
    return found


def masked(need: str) -> str:
    """`need` with credentials masked."""
    found = _MASKED.get(need)
    if found is None:
        if len(_MASKED) >= _CACHED_MAX:
            _MASKED.clear()
        found = _MASKED[need] = mask_known(need)
    return found
