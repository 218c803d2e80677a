"""The real-world corpus (../shared/corpus, not part of the repository): every bot export is read
without a `malformed-payload` finding, and the foreign export is refused."""
from __future__ import annotations

import io
import json
from contextlib import redirect_stderr, redirect_stdout

import pytest

from analyzer import cli
from helpers import CORPUS

EXPORTS = sorted((CORPUS / "bot-exports").glob("*.json")) if (CORPUS / "bot-exports").is_dir() else []


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = cli.main(["check", *args])
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(autouse=True)
def corpus_present():
    if not CORPUS.is_dir():
        pytest.skip(f"no corpus at {CORPUS}")


def test_the_corpus_is_all_there():
    assert len(EXPORTS) >= 40


@pytest.mark.parametrize("path", EXPORTS, ids=[p.stem for p in EXPORTS])
def test_bot_export_is_read_without_malformed_parts(path):
    code, out, err = run(str(path), "--format", "json")
    assert code in (0, 1), err
    assert err == ""
    report = json.loads(out)
    (summary,) = report["inputs"]
    assert summary["kind"] == "bot-export" and summary["dialogs"] > 0
    malformed = [f for f in report["findings"] if f["rule"] == "KL001"]
    assert malformed == []
    assert all(isinstance(f["line"], int) and f["line"] >= 1 for f in report["findings"])


def test_all_exports_in_one_run():
    code, out, err = run(*map(str, EXPORTS), "--format", "json")
    assert code in (0, 1) and err == ""
    report = json.loads(out)
    assert len(report["inputs"]) == len(EXPORTS)
    assert sum(i["dialogs"] for i in report["inputs"]) >= 300


def test_foreign_export_is_refused():
    path = CORPUS / "foreign" / "amazon-lex-export.json"
    if not path.exists():
        pytest.skip("no foreign export in the corpus")
    code, out, err = run(str(path))
    assert code == 2 and out == ""
    (line,) = err.splitlines()
    assert str(path) in line and "not a Kore.ai payload" in line
    assert "Traceback" not in err
