"""Configuration discovery, precedence and errors; exclusions; the baseline round trip."""
from __future__ import annotations

import json

import pytest

from helpers import default, dialog, korelint, node, publish_status


def payload(extra_dangling: bool = False) -> dict:
    nodes = [node("intent0", "intent", default("message1")),
             node("message1", "message", default("gone")),
             node("orphan", "message")]
    if extra_dangling:  # one new defect, and the nodes in another order
        nodes = [nodes[0], node("orphan", "message", default("vanished")), nodes[1]]
    return publish_status(dialog(*nodes, name="Billing"),
                          dialog(node("intent0", "intent", default("x")), name="Legacy menu"))


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / "bot.json").write_text(json.dumps(payload(), indent=2))
    sub = tmp_path / "deep" / "er"
    sub.mkdir(parents=True)
    monkeypatch.chdir(sub)
    return tmp_path


def rules_of(*argv) -> tuple[int, list[tuple[str, str | None, str]]]:
    code, out, _ = korelint("check", *argv, "--format", "json")
    if code == 2:
        return code, []
    return code, [(f["rule"], f["node"], f["severity"]) for f in json.loads(out)["findings"]]


def test_defaults_without_any_file(project):
    code, found = rules_of(str(project / "bot.json"))
    assert code == 1
    assert {r for r, _, _ in found} == {"KL101", "KL102"}


def test_pyproject_found_upwards(project):
    (project / "pyproject.toml").write_text('[tool.korelint]\nignore = ["dangling-target"]\n')
    code, found = rules_of(str(project / "bot.json"))
    assert code == 0 and {r for r, _, _ in found} == {"KL102"}


def test_pyproject_without_table_is_skipped_and_closest_wins(project):
    (project / "pyproject.toml").write_text('[tool.korelint]\nselect = ["KL102"]\n')
    (project / "deep" / "pyproject.toml").write_text('[project]\nname = "x"\n')  # no table: skipped
    assert {r for r, _, _ in rules_of(str(project / "bot.json"))[1]} == {"KL102"}
    (project / "deep" / ".korelint.toml").write_text('select = ["KL1"]\nignore = ["KL102"]\n')
    assert {r for r, _, _ in rules_of(str(project / "bot.json"))[1]} == {"KL101"}


def test_command_line_overrides_file_and_isolated_ignores_it(project):
    (project / ".korelint.toml").write_text('ignore = ["KL101"]\nfail-on = "never"\n')
    code, found = rules_of(str(project / "bot.json"))
    assert code == 0 and {r for r, _, _ in found} == {"KL102"}
    code, found = rules_of(str(project / "bot.json"), "--ignore", "KL102", "--fail-on", "warning")
    assert code == 1 and {r for r, _, _ in found} == {"KL101"}
    code, found = rules_of(str(project / "bot.json"), "--isolated")
    assert code == 1 and {r for r, _, _ in found} == {"KL101", "KL102"}


def test_explicit_config_file(project, tmp_path):
    other = project / "strict.toml"
    other.write_text('[severity]\nunreachable-node = "error"\n')
    code, found = rules_of(str(project / "bot.json"), "--config", str(other))
    assert ("KL102", "orphan", "error") in found
    other2 = project / "pyproject-like.toml"
    other2.write_text('[tool.korelint]\nselect=["KL101"]\n')
    # Any settings file may spell its table as pyproject.toml does (the README's example).
    assert {r for r, _, _ in rules_of(str(project / "bot.json"), "--config", str(other2))[1]} == {"KL101"}
    # not only ours: a plain table
    other2.write_text('[tool.korelint]\nselect=["KL101"]\n[tool.other]\nx = 1\n')
    assert rules_of(str(project / "bot.json"), "--config", str(other2))[0] == 2


def test_korelint_toml_with_the_readme_table_header(project):
    (project / ".korelint.toml").write_text('[tool.korelint]\nignore = ["dangling-target"]\n')
    code, found = rules_of(str(project / "bot.json"))
    assert code == 0 and {r for r, _, _ in found} == {"KL102"}


@pytest.mark.parametrize("content", [
    'bogus = 1\n',
    'select = ["no-such-rule"]\n',
    'fail-on = "sometimes"\n',
    '[severity]\nKL101 = "fatal"\n',
    '[severity]\nnope = "error"\n',
    'select = 3\n',
    'this is not toml\n',
    'select = []\n',  # an empty selection would check nothing
    '[tool.korelint]\nselect = [""]\n',
    b'select = ["KL1"]  # caf\xe9\n',  # not UTF-8
    "x = " + "[" * 100_000 + "\n",  # nested beyond any parser
])
def test_config_errors_exit_2_naming_the_problem(project, content):
    if isinstance(content, bytes):
        (project / ".korelint.toml").write_bytes(content)
    else:
        (project / ".korelint.toml").write_text(content)
    code, out, err = korelint("check", str(project / "bot.json"))
    assert code == 2 and out == "" and ".korelint.toml" in err and err.count("\n") == 1


def test_missing_config_file(project):
    code, _, err = korelint("check", str(project / "bot.json"), "--config", "nope.toml")
    assert code == 2
    assert "nope.toml" in err


def test_exclude_dialog_globs_and_pairs(project):
    (project / ".korelint.toml").write_text('exclude = ["Legacy*"]\n')
    found = rules_of(str(project / "bot.json"))[1]
    assert all(n != "x" for _, n, _ in found) and found
    (project / ".korelint.toml").write_text('exclude = ["Billing:orph*", "Legacy menu:intent0"]\n')
    found = rules_of(str(project / "bot.json"))[1]
    assert ("KL102", "orphan", "warning") not in found
    assert ("KL101", "message1", "error") in found


def test_baseline_round_trip(project):
    bot = project / "bot.json"
    base = project / "baseline.json"
    assert korelint("check", str(bot), "--write-baseline", str(base)).code == 0
    code, found = rules_of(str(bot), "--baseline", str(base))
    assert code == 0 and found == []
    # Reformat the payload and move lines around: still fully hidden.
    bot.write_text("\n" * 5 + json.dumps(json.loads(bot.read_text()), indent=8))
    assert rules_of(str(bot), "--baseline", str(base)) == (0, [])
    # One new defect (and a reordering of nodes): exactly that one is reported.
    bot.write_text(json.dumps(payload(extra_dangling=True), indent=2))
    code, found = rules_of(str(bot), "--baseline", str(base))
    assert code == 1
    assert [(r, n) for r, n, _ in found] == [("KL101", "orphan")]


def test_baseline_from_config_and_bad_baseline(project):
    bot = project / "bot.json"
    korelint("check", str(bot), "--write-baseline", str(project / "accepted.json"))
    (project / ".korelint.toml").write_text('baseline = "accepted.json"\n')
    assert rules_of(str(bot)) == (0, [])
    (project / "accepted.json").write_text("garbage")
    code, _, err = korelint("check", str(bot))
    assert code == 2 and "accepted.json" in err
    for garbage in ("[" * 100_000, '{"baseline": 1, "findings": ' + "[" * 100_000):
        (project / "accepted.json").write_text(garbage)
        code, _, err = korelint("check", str(bot))
        assert code == 2 and "accepted.json" in err and err.count("\n") == 1 and "internal error" not in err


@pytest.mark.parametrize("argv", [["--select", ""], ["--select", " , "]])
def test_an_empty_selection_is_a_usage_error(project, argv):
    code, out, err = korelint("check", str(project / "bot.json"), *argv)
    assert code == 2 and out == "" and err.count("\n") == 1


@pytest.mark.parametrize("special", ["/dev/zero", "/dev/urandom", "DIR", "FIFO"])
def test_a_baseline_that_is_not_a_regular_file_is_refused_unread(project, special):
    """The path may come from the configuration of the repository under review: /dev/zero was
    read until memory ran out (3.5 GB in 8 s), a FIFO would wait for a writer."""
    import os
    if special == "DIR":
        special = str(project / "deep")
    elif special == "FIFO":
        special = str(project / "fifo")
        os.mkfifo(special)
    elif not os.path.exists(special):
        pytest.skip(f"no {special} here")
    (project / ".korelint.toml").write_text(f'baseline = "{special}"\n')
    code, _, err = korelint("check", str(project / "bot.json"))
    assert code == 2 and err.count("\n") == 1 and "not a regular file" in err, err


def test_a_baseline_over_the_size_limit_is_refused(project, monkeypatch):
    from analyzer import baseline as bl
    monkeypatch.setattr(bl, "MAX_BASELINE_BYTES", 100)
    (project / "big.json").write_text(json.dumps({"baseline": 1, "findings": [{"fingerprint": "x" * 200}]}))
    code, _, err = korelint("check", str(project / "bot.json"), "--baseline", str(project / "big.json"))
    assert code == 2 and "larger than" in err
