"""The hostile-input catalogue, stage 4 - writing: output that grows with the input, not with findings
times text; internal errors (one line, or the traceback with --debug); file names and option values
that are not plain text in every format, the report and error messages. Shared helpers:
tests/hostile.py."""
from __future__ import annotations

import io
import json
import os
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

import hostile
from analyzer import cli
from helpers import ROOT, default, dialog, node, publish_status
from hostile import (
    MiB,
    run,
    two_dialogs,
    write,
)

# The fixtures of tests/hostile.py, bound here so that pytest finds them in this module.
_korelint_cache_dir = hostile._korelint_cache_dir
_korelint_cache = hostile._korelint_cache


def _amplifier(id_length: int, transitions: int) -> dict:
    """A node with a long id and many transitions to missing nodes: one finding per transition."""
    long_id = "n" * id_length
    return publish_status(dialog(node("intent0", "intent", default(long_id)),
                                 node(long_id, "message",
                                      *[default(f"gone{i}") for i in range(transitions)])))


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_check_output_grows_with_the_input_not_with_findings_times_text(tmp_path, fmt):
    path = write(tmp_path, "amplifier.json", _amplifier(100_000, 200))
    code, out, err = run(path, "--format", fmt, "--fail-on", "never")
    assert code == 0
    assert len(out.encode()) <= 20 * os.path.getsize(path) + 65536, len(out) / os.path.getsize(path)


def test_report_grows_with_the_input_not_with_findings_times_text(tmp_path):
    path = write(tmp_path, "amplifier.json", _amplifier(20_000, 100))
    out = tmp_path / "report.html"
    err = io.StringIO()
    with redirect_stdout(io.StringIO()), redirect_stderr(err):
        code = cli.main(["report", path, "-o", str(out), "--fail-on", "never"])
    assert code == 0, err.getvalue()
    assert out.stat().st_size <= 50 * os.path.getsize(path) + 2 * MiB, (
        out.stat().st_size / os.path.getsize(path))


# -- internal errors: one line asking to report it, or the traceback with --debug ------------------
def _explode(*args, **kwargs):
    raise RuntimeError("kaboom in the middle")


def _break(command: str, monkeypatch, tmp_path: Path) -> list[str]:
    """Make `command` fail inside with a RuntimeError; its command line."""
    from analyzer import live, pipeline
    from live_server import BOT_ID, CLIENT_ID, CLIENT_SECRET
    sample_path = str(ROOT / "samples" / "publish-status.json")
    if command in ("check", "report"):
        monkeypatch.setattr(pipeline, "analyze", _explode)
        return [command, sample_path] + (["-o", str(tmp_path / "report.html")] if command == "report" else [])
    if command == "fetch":
        monkeypatch.setattr(live, "fetch", _explode)
        return ["fetch", "--host", "http://127.0.0.1:9", "--bot-id", BOT_ID, "--client-id", CLIENT_ID,
                "--client-secret", CLIENT_SECRET]
    import analyzer.rules

    monkeypatch.setattr(analyzer.rules, "all_rules", _explode)
    return ["rules"]


@pytest.mark.parametrize("command", ["check", "report", "fetch", "rules"])
def test_internal_error_is_one_line_unless_debug_in_every_command(monkeypatch, tmp_path, command):
    monkeypatch.delenv("KORELINT_DEBUG", raising=False)
    argv = _break(command, monkeypatch, tmp_path)

    def main(args):
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            code = cli.main(args)
        return code, out.getvalue(), err.getvalue()

    code, out, err = main(argv)
    assert code == 2 and out == "" and err.count("\n") == 1, err
    assert "internal error" in err and "report it" in err and "--debug" in err and "Traceback" not in err
    assert "RuntimeError: kaboom in the middle" in err
    for debug_argv in (["--debug", *argv], [argv[0], "--debug", *argv[1:]]):
        code, out, err = main(debug_argv)
        assert code == 2 and "Traceback (most recent call last)" in err and "kaboom in the middle" in err, err
    monkeypatch.setenv("KORELINT_DEBUG", "1")
    code, out, err = main(argv)
    assert code == 2 and "Traceback (most recent call last)" in err
    if command == "fetch":
        from live_server import CLIENT_SECRET
        assert CLIENT_SECRET not in err


def test_internal_error_inside_the_fetch_asks_to_report_it_and_debug_shows_it(monkeypatch):
    from analyzer.live import client
    from live_server import BOT_ID, CLIENT_ID, CLIENT_SECRET
    monkeypatch.delenv("KORELINT_DEBUG", raising=False)
    def explode_with_the_secret(*args, **kwargs):
        raise RuntimeError(f"kaboom with {CLIENT_SECRET} in the message")
    monkeypatch.setattr(client.Client, "get_status", explode_with_the_secret)
    argv = ["fetch", "--host", "http://127.0.0.1:9", "--bot-id", BOT_ID, "--client-id", CLIENT_ID,
            "--client-secret", CLIENT_SECRET]
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = cli.main(argv)
    assert code == 2 and err.getvalue().count("\n") == 1 and "report it" in err.getvalue(), err.getvalue()
    assert CLIENT_SECRET not in err.getvalue() and "[redacted]" in err.getvalue()
    err = io.StringIO()
    with redirect_stdout(io.StringIO()), redirect_stderr(err):
        code = cli.main(["--debug", *argv])
    assert code == 2 and "Traceback (most recent call last)" in err.getvalue(), err.getvalue()
    assert "explode_with_the_secret" in err.getvalue() and "kaboom with [redacted]" in err.getvalue()
    assert CLIENT_SECRET not in err.getvalue()


# -- file names and option values that are not plain text ----------------------------------------------
@pytest.mark.parametrize("fmt", ["json", "sarif", "github", "gitlab", "junit", "markdown", "text"])
def test_a_file_name_that_is_not_utf8_is_shown_not_crashed_on(tmp_path, fmt):
    """`x\\xff,a:b\\x1b[31m.json`: every format writes (stdout and -o) what it can encode; the
    name shows U+FFFD for the byte that is not text and no control character."""
    name = os.fsdecode(b"x\xff,a:b\x1b[31m.json")
    path = tmp_path / name
    path.write_text(json.dumps(two_dialogs()))
    code, out, err = run(str(path), "--format", fmt, "-o", str(tmp_path / "out"))
    assert code == 1 and err == "", err
    written = (tmp_path / "out").read_bytes().decode("utf-8")  # valid UTF-8
    code, out, err = run(str(path), "--format", fmt)
    assert code == 1 and out == written
    if fmt in ("json", "sarif", "gitlab"):
        json.loads(written)
    assert ("%EF%BF%BD" if fmt == "sarif" else "\ufffd") in written and "\x1b" not in written  # SARIF: a URI


def test_report_of_a_file_whose_name_is_not_utf8(tmp_path):
    path = tmp_path / os.fsdecode(b"bot\xfe.json")
    path.write_text(json.dumps(two_dialogs()))
    err = io.StringIO()
    with redirect_stdout(io.StringIO()), redirect_stderr(err):
        code = cli.main(["report", str(path), "-o", str(tmp_path / "r.html"), "--zip",
                         str(tmp_path / "r.zip")])
    assert code == 1 and "internal error" not in err.getvalue(), err.getvalue()
    assert "bot\ufffd.json" in (tmp_path / "r.html").read_text()


@pytest.mark.parametrize("argv",
                         [["--select", "KL1\x1b]0;pwned\x07,x\ny"],
                          ["--baseline", "no\x1b[2Jsuch\n::error::x"],
                                  ["--ignore", "y" * 100_000]])
def test_option_values_echoed_in_errors_are_one_printable_bounded_line(tmp_path, argv):
    path = write(tmp_path, "p.json", two_dialogs())
    err = io.StringIO()
    with redirect_stdout(io.StringIO()), redirect_stderr(err):
        code = cli.main(["check", path, *argv])
    text = err.getvalue()
    assert code == 2 and text.count("\n") == 1 and len(text) < 1200, text[:200]
    assert not any(c in text for c in "\x1b\x07") and not text.startswith("::")
