"""`_render` picks a test's subject (its first of field, context and intent) with comparisons:
the same pick, and the same words, as the generator it stands for."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from analyzer.conditions import _render, _test, canonical
from analyzer.text import clean

values = st.one_of(st.none(), st.text(alphabet=st.sampled_from("ab <&>\"'é中\u0301\x00 ."), max_size=8),
                   st.integers(), st.floats(),
                   st.sampled_from(["eq", "exists", "", "1", "-0.0", "nan", "context.x"]))
conditions = st.dictionaries(st.sampled_from(["field", "context", "intent", "op", "value", "other"]), values)


@given(conditions)
def test_the_subject_is_the_first_of_field_context_intent(cond):
    subject = next((k for k in ("field", "context", "intent") if k in cond), None)
    expected = _test(cond, subject, None) if subject is not None else clean(canonical(cond))
    assert _render(cond, None, 0) == expected
