"""`_test` writes a text operator (is_exists and _operator inline) and `_value` a word of letters
(without float's exception) as the general code they stand for: that code, kept here; `show`
keeps a text that fits as `short` does."""
from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from analyzer.conditions import _NO_VALUE, OPERATOR_WORDS, _said, _test, _value, canonical, is_exists, show
from analyzer.text import clean, quote, short

text = st.text(alphabet=st.sampled_from("ab <&>\"'é中\u0301\x00 .eEiInNfFtTyY0-_\u0130\u212a"), max_size=10)
values = st.one_of(st.none(), text, st.text(), st.integers(min_value=-10**30, max_value=10**30), st.floats(),
                   st.sampled_from(["", "1", "-0.0", "nan", "NaN", "inf", "Infinity", "infinit", "skin",
                                    " 1 ", "1_0", "e", "İnf", "yes"]),
                   st.lists(st.integers(), max_size=2))
ops = st.one_of(values, st.sampled_from([*OPERATOR_WORDS, "", "EQ", "weird"]))


def _operator(op: Any) -> str:
    if op is None or op == "":
        return "exists"
    return OPERATOR_WORDS.get(op) or clean(op) if isinstance(op, str) else clean(canonical(op))


def _general_value(value: Any) -> str:
    if isinstance(value, str):
        try:
            float(value)
            return clean(value.strip()) if value.strip() else quote(value)
        except ValueError:
            return quote(clean(value))
    return clean(canonical(value))


def _general_test(cond: dict, subject: str) -> str:  # _test of a field or context test
    op, value = cond.get("op"), cond.get("value")
    if is_exists(op) or op in _NO_VALUE:
        return f"{subject} {_operator(op)}"
    if value in (None, ""):
        return f"{subject} {_operator(op)}"
    return f"{subject} {_operator(op)} {_general_value(value)}"


@given(values)
def test_value_as_the_general_code(value):
    assert _value(value) == _general_value(value)


@given(ops, values, st.sampled_from(["field", "context"]))
def test_a_test_as_the_general_code(op, value, key):
    subject = "context.x" if key == "context" else "x"
    cond = {key: subject, "op": op, "value": value}
    if op is None:
        del cond["op"]
    assert _test(cond, key, None) == _general_test(cond, subject)


@given(st.dictionaries(st.sampled_from(["field", "context", "op", "value"]),
                      st.one_of(values, st.text(alphabet="ab", min_size=1995, max_size=3005))),
       st.sampled_from([1, 5, 34, 300, 400, 3000]))
def test_show_keeps_a_short_printable_text_as_short_does(cond, limit):
    # show(words=True) keeps a text that fits whole; drawing.plan keeps an edge's "if" line so too
    assert show(cond, limit, words=True) == short(_said(cond, None), limit)
    line = "if " + _said(cond, None)
    if len(line) <= 34 and line.isprintable():
        assert short(line, 34) == line
