"""A dialog's section is written in Python (analyzer/reporters/html_section.py): the same HTML as
the template it replaced (dialog_reference.html.j2, rendered as the report's templates are), for
hostile, broken, sample and generated dialogs."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import jinja2
from hypothesis import given, settings
from markupsafe import Markup
from test_node_rows import analysed, payloads

from analyzer.reporters import html
from analyzer.reporters.html_dialogs import (
    _dialog_view,
    legend_html,
    target_findings,
)
from analyzer.reporters.html_section import section_html
from helpers import SAMPLES
from payloads import broken, hostile

REFERENCE = jinja2.Environment(
    loader=jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(Path(__file__).parent)),
                                jinja2.FileSystemLoader(str(html.template_dir()))]),
    autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
).get_template("dialog_reference.html.j2")


def assert_sections_as_before(tmp_path, payload) -> int:
    result, targets, by_input = analysed(tmp_path, payload)
    drawings = html.prepare(result, workers=1).drawings
    for tg in targets:
        doc = tg.analysis.document
        view = _dialog_view(tg.anchor, tg.dialog, tg.flow, target_findings(by_input, tg),
                            drawings[tg.anchor], doc.components, tuple(doc.languages), doc.sentences)
        legend = legend_html(view.legend, view.extras) if view.svg else None
        # the template was given the drawing and the rows as Markup (shown unescaped)
        marked = replace(view, svg=Markup(view.svg) if view.svg else None, rows=Markup(view.rows))
        assert section_html(view, legend) == REFERENCE.render(d=marked, legend=legend)
    return len(targets)


def test_the_sections_of_hostile_broken_and_sample_payloads(tmp_path):
    assert assert_sections_as_before(tmp_path, hostile()) == 2
    assert assert_sections_as_before(tmp_path, broken()) > 1
    assert assert_sections_as_before(tmp_path, (SAMPLES / "publish-status.json").read_bytes()) > 0


@settings(max_examples=15, deadline=None)
@given(payloads())
def test_the_sections_of_any_dialog(tmp_path_factory, payload):
    assert_sections_as_before(tmp_path_factory.mktemp("section"), payload)
