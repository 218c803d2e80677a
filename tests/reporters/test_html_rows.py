"""The nodes table's rows are written in Python (analyzer/reporters/html_rows.py): its escaping
must be markupsafe's, which the template's autoescaping used, for any text."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup, escape

from analyzer.reporters.html_rows import esc, sev


@given(st.one_of(st.text(alphabet=st.sampled_from("ab <>&'\"é;#")), st.text(), st.integers()))
def test_esc_is_markupsafe_escape(value):
    assert esc(value) == str(escape(value))


def test_esc_leaves_markup_alone_as_escape_does():
    assert esc(Markup("<b>x</b>")) == "<b>x</b>"


def test_sev_is_the_macro():
    assert sev("error", "KL001") == ('<span class="sev sev-error"><span class="sev-icon" aria-hidden="true">'
                                     '✖</span> KL001</span>')
    assert sev("other") == ('<span class="sev sev-other"><span class="sev-icon" aria-hidden="true">•</span>'
                            ' other</span>')
