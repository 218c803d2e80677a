"""The check and rules commands end to end: exit codes, streams, formats, options."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from helpers import ROOT, SAMPLES, default, dialog, korelint, node, publish_status

SAMPLE = str(SAMPLES / "publish-status.json")


def broken_payload() -> dict:
    return publish_status(dialog(node("intent0", "intent", default("message1")),
                                 node("message1", "message", default("gone")),
                                 node("script2", "script", default(""))))


@pytest.fixture
def broken(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(broken_payload(), indent=2))
    return str(path)


def test_seed_sample_is_clean():
    code, out, err = korelint("check", SAMPLE)
    assert code == 0 and err == ""
    assert out.count("\n") == 1  # only the summary line


def test_findings_exit_1_and_text_lines(broken):
    code, out, err = korelint("check", broken)
    assert code == 1 and err == ""
    lines = out.splitlines()
    assert any(line.startswith(f"{broken}:") and " error KL101 dangling-target: " in line
               and line.endswith("[Test dialog › message1]") for line in lines)
    assert len(lines) == 3  # KL101, KL102 (script2) + summary; KL108 is off by default
    assert len(korelint("check", broken, "--select", "ALL").out.splitlines()) == 4  # + KL108 (script2)


def test_fail_on_thresholds(broken):
    assert korelint("check", broken, "--fail-on", "never")[0] == 0
    assert korelint("check", broken, "--ignore", "KL101")[0] == 0  # only a warning left
    assert korelint("check", broken, "--ignore", "KL101", "--fail-on", "warning")[0] == 1
    assert korelint("check", broken, "--select", "implicit-end", "--fail-on", "info")[0] == 1
    assert korelint("check", broken, "--select", "KL2")[0] == 0


def test_json_document_for_several_inputs(broken):
    code, out, _ = korelint("check", SAMPLE, broken, "--format", "json")
    doc = json.loads(out)
    assert code == 1
    assert doc["tool"]["name"] == "korelint"
    assert [i["path"] for i in doc["inputs"]] == [SAMPLE, broken]
    assert doc["inputs"][0] == {"path": SAMPLE, "kind": "publish-status", "status": "successful",
                                "dialogs": 1, "nodes": 10}
    assert doc["summary"] == {"error": 1, "warning": 1, "info": 0}
    f = next(f for f in doc["findings"] if f["rule"] == "KL101")
    assert f["pointer"] == "/statusSummary/0/result/nodes/1/transitions/0"
    assert f["dialog"] == "Test dialog" and f["node"] == "message1" and f["dialog_id"] == "dg-test"
    assert set(f) == {"rule", "name", "severity", "message", "path", "dialog", "dialog_id", "node",
                      "node_name", "nodes", "nodes_names", "pointer", "line"}
    assert f["node_name"] == "message1"  # a publish status has no components: named by id
    # The line is where the transition object starts in the file.
    text = open(broken).read().splitlines()
    assert text[f["line"] - 1].strip() == "{" and '"default": "gone"' in text[f["line"]]


def test_findings_are_sorted_by_dialog_then_node(tmp_path):
    payload = publish_status(
        dialog(node("intent0", "intent", default("a")), node("x", "message", default("gone")), name="First"),
        dialog(node("intent0", "intent", default("b")), node("y", "message", default("gone")), name="Second"))
    path = tmp_path / "two.json"
    path.write_text(json.dumps(payload))
    _, out, _ = korelint("check", str(path), "--format", "json")
    order = [(f["dialog"], f["node"], f["rule"]) for f in json.loads(out)["findings"]]
    assert order == sorted(order, key=lambda t: (t[0], ["intent0", "x", "y"].index(t[1]), t[2]))


def test_output_file_and_stdout_stays_empty(broken, tmp_path):
    out_file = tmp_path / "out.json"
    code, out, err = korelint("check", broken, "--format", "json", "-o", str(out_file))
    assert code == 1 and out == "" and err == ""
    assert json.loads(out_file.read_text())["summary"]["error"] == 1


def test_unreadable_inputs_exit_2_with_one_line(tmp_path, broken):
    missing = str(tmp_path / "nope.json")
    code, out, err = korelint("check", missing)
    assert code == 2 and out == "" and err.count("\n") == 1 and missing in err
    # One bad input among good ones: the good ones are still reported, exit 2.
    code, out, err = korelint("check", broken, missing, "--format", "json")
    assert code == 2 and missing in err
    assert json.loads(out)["summary"]["error"] == 1


def test_foreign_payload_is_refused():
    lex = ROOT.parent / "shared" / "corpus" / "foreign" / "amazon-lex-export.json"
    if not lex.exists():
        pytest.skip("corpus absent")
    code, out, err = korelint("check", str(lex))
    assert code == 2 and out == "" and str(lex) in err and err.count("\n") == 1


def test_stdin():
    data = json.dumps(broken_payload(), indent=2).encode()
    code, out, _ = korelint("check", "-", "--format", "json", stdin=data)
    doc = json.loads(out)
    assert code == 1 and doc["inputs"][0]["path"] == "<stdin>"
    assert all(f["path"] == "<stdin>" for f in doc["findings"])


def test_usage_errors_exit_2(broken):
    assert korelint("check", broken, "--select", "no-such-rule")[0] == 2
    assert korelint("check", broken, "--format", "yaml")[0] == 2
    assert korelint("check")[0] == 2
    assert korelint()[0] == 2
    assert korelint("rules", "KL999")[0] == 2


def test_rules_catalogue_and_documentation():
    from analyzer.rules import all_rules

    code, out, _ = korelint("rules")
    assert code == 0
    assert len(out.splitlines()) == len(all_rules())
    for rule in all_rules():
        assert rule.code in out and rule.name in out
        code, doc, _ = korelint("rules", rule.name)
        assert code == 0 and doc.startswith(f"{rule.code} {rule.name}")
        assert "Why it matters" in doc and "Fails" in doc and "Passes" in doc
    code, out, _ = korelint("rules", "kl103")
    assert code == 0 and "loop-without-exit" in out


def test_rules_with_a_prefix_lists_those_rules():
    from analyzer.rules import all_rules

    code, out, _ = korelint("rules", "KL1")
    assert code == 0
    listed = [line.split()[0] for line in out.splitlines()]
    assert listed == [r.code for r in all_rules() if r.code.startswith("KL1")] and len(listed) > 3
    code, out, _ = korelint("rules", "kl2", "--format", "json")
    assert code == 0 and {r["code"][:3] for r in json.loads(out)} == {"KL2"}
    code, out, err = korelint("rules", "KL9")
    assert code == 2 and out == "" and "KL9" in err


def test_readme_rule_table_matches_the_registry():
    from analyzer.rules import all_rules

    readme = (ROOT / "README.md").read_text()
    for rule in all_rules():  # the default severity first; a rule that lowers it says when
        assert re.search(rf"\| {rule.code} \| `{rule.name}` \| {rule.severity.value}( \([^|]+\))? \|", readme)
    assert "| KL103 | `loop-without-exit` | error (warning when" in readme


def test_python_dash_m_and_console_script_agree(broken):
    a = subprocess.run([sys.executable, "-m", "analyzer", "check", broken, "--format", "json"],
                       capture_output=True, text=True, cwd=ROOT)
    assert a.returncode == 1 and a.stderr == ""
    assert json.loads(a.stdout)["summary"]["error"] == 1


def test_the_program_leaves_its_analysis_to_the_exit(broken, tmp_path):
    """`korelint` (console()) ends with the collector off and what it built frozen, so the exit
    does not collect a report's analysis object by object; the report and the exit code are
    those of main()."""
    code = ("import gc, sys; from analyzer.cli import console; "
            f"sys.argv = ['korelint', 'report', {broken!r}, '-o', {str(tmp_path / 'r.html')!r}]; "
            "code = console(); "
            "print(gc.isenabled(), gc.get_freeze_count() > 10000, file=sys.stderr); sys.exit(code)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert proc.returncode == 1 and proc.stderr.splitlines()[-1] == "False True", proc.stderr
    assert "message1" in (tmp_path / "r.html").read_text()


def test_internal_error_is_one_line_unless_debug(broken, monkeypatch):
    from analyzer import pipeline

    def boom(*a, **k):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(pipeline, "analyze", boom)
    code, out, err = korelint("check", broken, allow_internal_error=True)
    assert code == 2 and "Traceback" not in err and err.count("\n") == 1 and "--debug" in err
    code, out, err = korelint("--debug", "check", broken, allow_traceback=True)
    assert code == 2 and "Traceback" in err


def test_parallel_jobs_give_the_same_report(tmp_path, broken):
    paths = []
    for i in range(3):
        p = tmp_path / f"in{i}.json"
        p.write_text(json.dumps(broken_payload(), indent=i))
        paths.append(str(p))
    missing = str(tmp_path / "missing.json")
    serial = korelint("check", *paths, missing, SAMPLE, "--format", "json", "-j", "1")
    parallel = korelint("check", *paths, missing, SAMPLE, "--format", "json", "-j", "3")
    assert serial == parallel
    code, out, err = parallel
    assert code == 2 and missing in err
    assert [i["path"] for i in json.loads(out)["inputs"]] == [*paths, SAMPLE]


@pytest.mark.parametrize("argv",
                         [["check", "SAMPLE"], ["report", "SAMPLE", "-o", "OUT"], ["check", "missing.json"]])
def test_main_gives_an_in_process_caller_its_garbage_collector_back(argv, tmp_path):
    """The analysis turns the cyclic GC off (a short-lived process needs none); a program that
    calls main() keeps running and must get it back, whatever the outcome."""
    import gc
    argv = [str(SAMPLES / "publish-status.json") if a == "SAMPLE"
            else str(tmp_path / "r.html") if a == "OUT" else a
            for a in argv]
    assert gc.isenabled()
    korelint(*argv)
    assert gc.isenabled()


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
@pytest.mark.parametrize("argv", [["check", "SAMPLE"], ["check", "SAMPLE", "--format", "json"], ["rules"],
                                  ["report", "SAMPLE", "-o", "-"]])
def test_a_full_standard_output_is_one_error_line(argv):
    """`korelint ... > /dev/full`: exit 2 and one line, not an internal error (nor a second one
    when the interpreter flushes stdout at exit)."""
    argv = [str(SAMPLES / "publish-status.json") if a == "SAMPLE" else a for a in argv]
    with open("/dev/full", "w") as full:
        proc = subprocess.run([sys.executable, "-m", "analyzer", *argv], stdout=full, stderr=subprocess.PIPE,
                              timeout=120, cwd=ROOT)
    err = proc.stderr.decode()
    assert proc.returncode == 2 and err.count("\n") == 1, err
    assert "No space left on device" in err and "internal error" not in err


def test_a_closed_pipe_keeps_the_findings_exit_code(tmp_path):
    """`korelint check ... | head -1` under pipefail: exit 1 on error findings (was 0)."""
    payload = publish_status(dialog(node("intent0", "intent", *[default(f"gone{i}") for i in range(20000)])))
    path = tmp_path / "many.json"
    path.write_text(json.dumps(payload))
    proc = subprocess.Popen([sys.executable, "-m", "analyzer", "check", str(path), "--isolated"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    proc.stdout.readline()
    proc.stdout.close()  # the reader goes away after one line
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 1 and err == "", err


def test_dash_as_check_output_is_stdout(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, _ = korelint("check", SAMPLES / "publish-status.json", "--isolated", "-o", "-", "--format",
                            "json")
    assert code == 0 and json.loads(out)["summary"] and not (tmp_path / "-").exists()


@pytest.mark.parametrize("argv", [["check", "SAMPLE", "--write-baseline", ""],
                                  ["report", "SAMPLE", "-o", "OUT", "--zip", "OUT"],
                                  ["report", "SAMPLE", "-o", "OUT", "--zip", "-"],
                                  ["report", "SAMPLE", "-o", "OUT", "--svg-dir", "-"],
                                  ["report", "SAMPLE", "-o", ""]])
def test_destinations_that_cannot_be_written_as_asked_are_usage_errors(tmp_path, monkeypatch, argv):
    monkeypatch.chdir(tmp_path)
    argv = [str(SAMPLES / "publish-status.json") if a == "SAMPLE" else "r.html" if a == "OUT" else a
            for a in argv]
    code, out, err = korelint(*argv, "--isolated")
    assert code == 2 and out == "" and err.count("\n") == 1, err
    assert list(tmp_path.iterdir()) == []  # nothing written
