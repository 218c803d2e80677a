"""Command-line ergonomics (issue 18): repeated options accumulate, every option has help text,
and what is misspelt gets a "did you mean" (commands, options, choices, rules, settings)."""
from __future__ import annotations

import argparse
import json

import pytest

from helpers import default, dialog, korelint, node, publish_status


@pytest.fixture
def two_rules(tmp_path):
    """A payload with one KL101 dangling-target and one KL102 unreachable-node."""
    path = tmp_path / "bot.json"
    path.write_text(json.dumps(publish_status(dialog(
        node("intent0", "intent", default("message1")), node("message1", "message", default("gone")),
        node("orphan", "message"))), indent=2))
    return str(path)


def rules_found(*argv) -> set[str]:
    code, out, err = korelint("check", *argv, "--format", "json", "--isolated")
    assert code in (0, 1), err
    return {f["rule"] for f in json.loads(out)["findings"]}


def test_repeated_select_and_ignore_accumulate(two_rules):
    assert rules_found(two_rules) == {"KL101", "KL102"}
    assert rules_found(two_rules, "--select", "KL101") == {"KL101"}
    assert rules_found(two_rules, "--select", "KL101", "--select", "KL102") == {"KL101", "KL102"}
    assert rules_found(two_rules, "--select", "KL101,KL102") == {"KL101", "KL102"}
    assert rules_found(two_rules, "--ignore", "KL101", "--ignore", "unreachable-node") == set()


def _parsers(parser: argparse.ArgumentParser):
    yield parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                yield from _parsers(sub)


def test_every_option_has_help_text():
    from analyzer.cli import build_parser

    missing = [(p.prog, a.dest) for p in _parsers(build_parser()) for a in p._actions
               if not isinstance(a, argparse._SubParsersAction) and not a.help]
    assert missing == []


@pytest.mark.parametrize(("argv", "meant"), [
    (["chek"], "'check'"),
    (["reprot", "x.json"], "'report'"),
    (["check", "x.json", "--format", "markdwn"], "'markdown'"),
    (["check", "x.json", "--selct", "KL1"], "'--select'"),
    (["rules", "implict-end"], "'implicit-end'"),
    (["rules", "KL10O"], "'KL100'"),
])
def test_did_you_mean(argv, meant):
    code, out, err = korelint(*argv)
    assert code == 2 and out == ""
    if meant == "'KL100'":  # no such rule, but KL101..KL109 are close: one of them is offered
        assert "'KL10" in err
    else:
        assert meant in err
    assert len(err.strip().splitlines()) <= 2  # the message and the pointer to --help


def test_an_option_of_another_command_is_named_as_such():
    """`report --jobs` is not a typo of `--jobs`: the message says which command has it."""
    code, out, err = korelint("report", "x.json", "--jobs", "1")
    assert code == 2 and out == "" and "did you mean" not in err and "check" in err


def test_did_you_mean_for_rules_on_the_command_line(two_rules):
    code, out, err = korelint("check", two_rules, "--isolated", "--ignore", "implict-end")
    assert code == 2 and out == "" and "'implicit-end'" in err
    code, _, err = korelint("check", two_rules, "--isolated", "--select", "KL9999")
    assert code == 2 and "did you mean" not in err  # nothing close: no guess


def test_did_you_mean_for_settings_and_rules_of_the_configuration(two_rules, tmp_path):
    config = tmp_path / "k.toml"
    config.write_text('exlude = ["Legacy *"]\n')
    code, _, err = korelint("check", two_rules, "--config", config)
    assert code == 2 and "'exclude'" in err and str(config) in err
    config.write_text('[severity]\nunreachable-nod = "error"\n')
    code, _, err = korelint("check", two_rules, "--config", config)
    assert code == 2 and "'unreachable-node'" in err
