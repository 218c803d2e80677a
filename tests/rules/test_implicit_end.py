"""KL108 implicit-end: a `default` transition is not connected (per transition, info). Off by
default; never on a message, a non-entry intent or an agent transfer."""
import json

import pytest

from analyzer.config import Config
from helpers import DIALOG0, branch, cond, default, dialog, findings, korelint, node, of, publish_status

RULE = "implicit-end"
ON = Config(select=["ALL"])


def ends_open(kind: str, target=""):
    """intent0 -> node1 of `kind`, whose default is `target`."""
    return publish_status(dialog(node("intent0", "intent", default("node1")),
                                 node("node1", kind, default(target))))


@pytest.mark.parametrize("target", ["", None])
def test_unconnected_default_is_reported_on_its_transition(target):
    payload = ends_open("script", target)
    assert findings(payload, config=ON) == {(RULE, "node1")}
    (f,) = of(payload, RULE, config=ON)
    assert f.rule == "KL108" and f.severity.value == "info"
    assert f.pointer == f"{DIALOG0}/nodes/1/transitions/0" and f.line is not None


def test_off_by_default():
    assert findings(ends_open("script")) == set()


@pytest.mark.parametrize("select", [["ALL"], ["KL108"], ["implicit-end"], ["KL1"], ["KL10"]])
def test_selecting_it_turns_it_on(select):
    assert findings(ends_open("script"), config=Config(select=select)) == {(RULE, "node1")}


def test_the_command_line_and_the_rule_listing(tmp_path):
    path = tmp_path / "p.json"
    path.write_text(json.dumps(ends_open("script")))
    assert "KL108" not in korelint("check", path).out
    assert "KL108" in korelint("check", "--select", "ALL", path).out
    assert "KL108" in korelint("check", "--select", "implicit-end", path).out
    (line,) = [ln for ln in korelint("rules").out.splitlines() if ln.startswith("KL108")]
    assert "off by default" in line
    listing = json.loads(korelint("rules", "--format", "json").out)
    assert [r["code"] for r in listing if not r["default"]] == ["KL108"]


def test_a_config_file_select_turns_it_on(tmp_path):
    (tmp_path / ".korelint.toml").write_text('select = ["ALL"]\n')
    path = tmp_path / "p.json"
    path.write_text(json.dumps(ends_open("script")))
    assert "KL108" in korelint("check", "--config", tmp_path / ".korelint.toml", path).out


@pytest.mark.parametrize("kind", ["message", "intent", "agentTransfer"])
def test_never_on_nodes_whose_open_end_is_the_design(kind):
    assert findings(ends_open(kind), RULE, config=ON) == set()


@pytest.mark.parametrize("kind", ["entity", "service", "logic", "botAction", "dialogAct", "form"])
def test_other_node_types_are_reported(kind):
    assert findings(ends_open(kind), RULE, config=ON) == {(RULE, "node1")}


def test_pointer_names_the_default_after_branches():
    # the entry intent is no hand-off: its open default is reported
    payload = publish_status(dialog(node("intent0", "intent", branch(cond("a"), "end"),
                                         branch(cond("b"), "end"), default(""))))
    (f,) = of(payload, RULE, config=ON)
    assert (f.node, f.pointer) == ("intent0", f"{DIALOG0}/nodes/0/transitions/2")


def test_default_to_end_is_explicit():
    assert findings(ends_open("script", "end"), config=ON) == set()


def test_unconnected_branch_is_not_an_implicit_end():
    payload = publish_status(dialog(node("intent0", "intent", branch(cond("a"), ""), default("end"))))
    assert findings(payload, RULE, config=ON) == set()
    assert findings(payload, "unconnected-branch") == {("unconnected-branch", "intent0")}


def test_node_without_transitions_is_not_reported():
    payload = publish_status(dialog(node("intent0", "intent", default("script1")),
                                    node("script1", "script", transitions=[])))
    assert findings(payload, config=ON) == set()
