"""Finding.made and Problem.made (the linter's and KL401's fast constructors) make what the
dataclasses' own __init__ makes: equal, with the same members in the same order."""
from __future__ import annotations

import dataclasses
import pickle

from analyzer.findings import Finding, Problem, Severity


def test_problem_made_is_the_problem_init_makes():
    for members in ({}, {"node": "t", "detail": "x", "order": 3}, {"nodes": ("a",), "secrets": ("s",)}):
        made, init = Problem.made("m", "/p", **members), Problem("m", "/p", **members)
        assert made == init and list(vars(made).items()) == list(vars(init).items())
    # every member but message and pointer has a plain default (made() shares it between problems)
    assert all(f.default_factory is dataclasses.MISSING for f in dataclasses.fields(Problem))


def test_finding_made_is_the_finding_init_makes():
    members = {f.name: getattr(_FINDING, f.name) for f in dataclasses.fields(Finding)}
    made = Finding.made(**members)
    assert made == _FINDING and pickle.dumps(made) == pickle.dumps(_FINDING)


_FINDING = Finding("KL401", "kg-dangling-parent", Severity.ERROR, "m", "p.json", None, None, "t", ("t",),
                   "/x", 3, "d", "t", ("t",), (0, -1, 2))
