"""A large input's dialogs, or a giant dialog's rules, shared with a forked child
(analyzer.dialog_split) give exactly the findings, summaries and order of one process, on every
sample, on corpus bots, on generated publish statuses, and when the child fails. The splits are
forced here (MIN_SIZE, MIN_NODES 0): the samples are small."""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from analyzer import dialog_split, pipeline, workers
from analyzer.config import Config
from helpers import CORPUS
from tests.properties.test_dialog_properties import payloads

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted(str(p) for p in (ROOT / "samples").rglob("*.json"))
BOTS = sorted(str(p) for p in (CORPUS / "bot-exports").glob("*.json"))[:8] if CORPUS.is_dir() else []
pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="forks only on Linux")


@pytest.fixture
def forced(monkeypatch):
    """Every input split when it can be; `answers` lists what each child gave back."""
    monkeypatch.setattr("analyzer.workers.cores", lambda: 2)
    monkeypatch.setattr("threading.active_count", lambda: 1)  # whatever the test runner runs
    monkeypatch.setattr(dialog_split, "MIN_SIZE", 0)
    answers: list = []
    real = workers.Later.result

    def result(self):
        got = real(self)
        answers.append(got)
        return got

    monkeypatch.setattr(workers.Later, "result", result)
    return answers


def outcome(path: str, jobs: int, config: Config | None = None) -> tuple[list, list]:
    out = pipeline.analyze([path], config or Config(), jobs=jobs)
    return ([f.to_dict() for f in out.result.findings],
            [(s.path, s.dialogs, s.nodes, s.status) for s in out.result.inputs])


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: Path(p).name)
def test_the_split_gives_what_one_process_gives(forced, path):
    alone = outcome(path, jobs=1)
    assert not forced  # one job: never split
    assert outcome(path, jobs=2) == alone


@pytest.fixture
def many(tmp_path) -> str:
    """One publish status holding every resource of the rules' publish-status samples (findings
    of most rules, malformed parts, failed resources, dialogs on both sides of the split)."""
    resources, job = [], None
    # reversed: the malformed parts (KL001) fall in the child's half
    for sample in sorted((ROOT / "samples" / "rules").glob("KL*.json"), reverse=True):
        data = json.loads(sample.read_text())
        if isinstance(data, dict) and isinstance(data.get("statusSummary"), list):
            job = job or data
            resources += data["statusSummary"]
    path = tmp_path / "many.json"
    path.write_text(json.dumps({**job, "statusSummary": resources}, indent=2))
    return str(path)


def test_many_dialogs_split_the_same_with_every_rule(forced, many):
    everything = Config(select=["ALL"])
    alone = outcome(many, jobs=1, config=everything)
    assert len(alone[0]) > 20 and len({f["rule"] for f in alone[0]}) > 15
    assert outcome(many, jobs=2, config=everything) == alone
    assert len(forced) == 1 and isinstance(forced[0], dialog_split.DialogsPart)
    assert 0 < forced[0].dialogs < alone[1][0][1]  # the child took some of the dialogs, not all


def test_publish_statuses_are_split_and_bot_exports_are_not(forced, many):
    outcome(many, jobs=2)
    assert len(forced) == 1 and isinstance(forced[0], dialog_split.DialogsPart) and forced[0].dialogs
    forced.clear()
    outcome(str(ROOT / "samples" / "kinds" / "bot-export.json"), jobs=2)
    assert not forced  # components: bot actions are analysed once, with their first user


def test_a_failing_child_leaves_its_dialogs_to_this_process(forced, monkeypatch, many):
    path = many
    alone = outcome(path, jobs=1)

    def broken(state):
        raise RuntimeError("the child fails")

    monkeypatch.setattr(dialog_split, "_analyse", broken)
    assert outcome(path, jobs=2) == alone
    assert forced == [None]  # the child ran, failed, and its half was analysed here


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payloads())
def test_generated_payloads_split_the_same(forced, tmp_path, case):
    _kind, payload, _ = case
    path = tmp_path / "p.json"
    path.write_text(json.dumps(payload, indent=1))
    assert outcome(str(path), jobs=2) == outcome(str(path), jobs=1)


def test_a_report_reads_the_childs_dialogs_and_is_the_same_page(forced, many, monkeypatch):
    """keep (a report): this process reads the child's half to draw it, the child's findings
    are taken; the page is the same byte for byte, also when the child fails."""
    import datetime as dt

    from analyzer.reporters import html

    when = dt.datetime(2024, 1, 2, 3, 4, tzinfo=dt.UTC)

    def page(jobs: int) -> tuple[str, list]:
        out = pipeline.analyze([many], Config(select=["ALL"]), keep=True, jobs=jobs)
        result = out.result
        (analysis,) = result.documents
        shape = [(f.dialog.pointer, len(f.edges), sorted(f.reachable)) for f in analysis.flows]
        assert [d.pointer for d in analysis.document.dialogs] == [s[0] for s in shape]
        return html.render(result, html.prepare(result, workers=1), generated=when), shape

    alone = page(1)
    assert not forced
    assert page(2) == alone
    assert len(forced) == 1 and isinstance(forced[0], dialog_split.DialogsPart)

    def broken(state):
        raise RuntimeError("the child fails")

    monkeypatch.setattr(dialog_split, "_analyse", broken)
    assert page(2) == alone
    assert forced[-1] is None


@pytest.fixture
def rules_shared(forced, monkeypatch):
    """Every dialog's rules shared with a child (inputs are never split by dialogs here)."""
    monkeypatch.setattr(dialog_split, "MIN_SIZE", 1 << 62)
    monkeypatch.setattr(dialog_split, "MIN_NODES", 0)
    return forced


@pytest.mark.parametrize("path", SAMPLES + BOTS, ids=lambda p: Path(p).name)
def test_a_dialogs_rules_shared_give_what_one_process_gives(rules_shared, path):
    everything = Config(select=["ALL"])
    alone = outcome(path, jobs=1, config=everything)
    assert not rules_shared
    assert outcome(path, jobs=2, config=everything) == alone
    if alone[1] and alone[1][0][1]:  # dialogs: each had its rules shared with a child
        assert rules_shared and all(isinstance(r, dict) for r in rules_shared)


def test_a_failing_rules_child_leaves_its_rules_to_this_process(rules_shared, monkeypatch, many):
    alone = outcome(many, jobs=1)

    parent, real = os.getpid(), dialog_split._check

    def broken_in_the_child(state):
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return real(state)

    monkeypatch.setattr(dialog_split, "_check", broken_in_the_child)
    assert outcome(many, jobs=2) == alone
    assert rules_shared and all(r is None for r in rules_shared)


def test_a_report_leaves_the_child_more_of_the_dialogs(forced, many, monkeypatch):
    """keep: this process also reads the child's dialogs, so it analyses fewer (SHARE_KEPT of
    their size) than a check does (half)."""
    from analyzer.payload.load import parse

    shares = {}
    for keep, meanwhile in ((False, False), (True, False), (True, True)):
        doc = parse(Path(many).read_bytes(), many, stream=True)
        sizes = [len(item.raw) for item in doc.pending]
        monkeypatch.setattr(dialog_split, "MEANWHILE_SIZE", sum(sizes) // 4)
        split = dialog_split.start(object(), doc, 0, keep, meanwhile)
        assert split is not None
        split.cancel()
        shares[keep, meanwhile] = sum(sizes[:len(doc.pending)]) / sum(sizes)  # what this process kept
    assert shares[True, True] < shares[True, False] < shares[False, False]
    assert abs(shares[False, False] - 0.5) < abs(shares[True, False] - 0.5)
    assert shares[True, False] <= dialog_split.SHARE_KEPT + 0.1


def test_the_callers_work_is_done_once_meanwhile(forced, many, tmp_path):
    """pipeline.analyze(meanwhile=...): called once, while the child analyses (split) or before
    the analysis (not split), whatever the inputs; the findings are the same."""
    small = tmp_path / "small.json"
    small.write_bytes(Path(SAMPLES[0]).read_bytes())
    for inputs in ([many], [str(small)], [many, str(small)]):
        def parts() -> int:
            return sum(isinstance(a, dialog_split.DialogsPart) for a in forced)

        calls, before = [], parts()
        out = pipeline.analyze(inputs, Config(), keep=True, jobs=2,
                               meanwhile=lambda calls=calls: calls.append(parts()))
        assert calls == [before]  # once, before the split's child answered
        assert parts() == before + (inputs[0] == many)  # (the small input is not split)
        plain = pipeline.analyze(inputs, Config(), keep=True, jobs=2)
        assert [f.to_dict() for f in out.result.findings] == [f.to_dict() for f in plain.result.findings]
