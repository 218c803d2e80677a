"""samples/kinds/: one payload per input kind is detected as that kind and analysed.

bot-export.zip holds `BankAssist/botDefinition.json`, byte for byte samples/kinds/bot-export.json
(rebuild it with zipfile after editing the JSON).
"""
import json
import subprocess
import sys
import zipfile

import pytest

from analyzer import cli
from analyzer.payload import parse
from analyzer.sources import read
from helpers import ROOT, SAMPLES

KINDS = SAMPLES / "kinds"
# file -> (kind, dialogs, nodes, pointer of its one finding: the unconnected default of script3,
# an implicit-end, which is off by default: the tests select it)
CASES = {
    "publish-status.json": ("publish-status", 1, 5, "/statusSummary/1/result/nodes/3/transitions/0"),
    "publish-response.json": ("publish-response", 1, 5, "/1/result/nodes/3/transitions/0"),
    "bot-export.json": ("bot-export", 2, 7, "/dialogs/0/nodes/3/transitions/0"),
    "dialog-export.json": ("dialog-export", 1, 5, "/nodes/3/transitions/0"),
    "bot-export.zip": ("zip", 2, 7, "/dialogs/0/nodes/3/transitions/0"),
}


def check_json(capsys, *args):
    code = cli.main(["check", "--format", "json", "--select", "ALL", *args])
    out = capsys.readouterr().out
    return code, json.loads(out)


@pytest.mark.parametrize("name", sorted(CASES))
def test_kind_is_detected_and_analysed(capsys, name):
    kind, dialogs, nodes, pointer = CASES[name]
    path = str(KINDS / name)
    code, doc = check_json(capsys, path)
    assert code == 0  # only an info finding
    (summary,) = doc["inputs"]
    assert (summary["path"], summary["kind"], summary["dialogs"], summary["nodes"]) == (
        path, kind, dialogs, nodes)
    (f,) = doc["findings"]
    assert (f["name"], f["node"], f["dialog"], f["pointer"]) == ("implicit-end", "script3",
                                                                 "Check Balance", pointer)
    if name.endswith(".zip"):
        assert f["line"] is None
    else:
        assert isinstance(f["line"], int) and f["line"] > 1
        # the line of the transition object: its `{`, followed by the unconnected default
        lines = (KINDS / name).read_text().splitlines()
        assert lines[f["line"] - 1].strip() == "{" and '"default": ""' in lines[f["line"]]


def test_publish_status_reports_the_job_status(capsys):
    _, doc = check_json(capsys, str(KINDS / "publish-status.json"))
    assert doc["inputs"][0]["status"] == "successful"


@pytest.mark.parametrize("name", ["bot-export.json", "bot-export.zip"])
def test_bot_export_dialogs_are_named_through_locale_data(name):
    source = read(str(KINDS / name))
    doc = parse(source.data, name, lines=source.lines, container=source.container)
    assert [d.name for d in doc.dialogs] == ["Check Balance", "Talk to Agent"]
    assert [t.name for t in doc.taxonomies] == ["Bank FAQ"]
    assert [t.pointer for t in doc.taxonomies] == ["/knowledgeTasks/0/taxonomy"]


def test_a_zipped_export_is_a_bot_export_in_a_zip_container():
    # Rules test the kind (bot-export); only what outputs show (inputs[].kind) says "zip".
    source = read(str(KINDS / "bot-export.zip"))
    assert source.container == "zip"
    doc = parse(source.data, "bot-export.zip", lines=source.lines, container=source.container)
    assert (doc.kind, doc.container, doc.shown_kind) == ("bot-export", "zip", "zip")
    plain = parse((KINDS / "bot-export.json").read_bytes(), "bot-export.json")
    assert (plain.kind, plain.container, plain.shown_kind) == ("bot-export", None, "bot-export")


def test_zip_holds_the_bot_export_in_a_folder():
    path = KINDS / "bot-export.zip"
    assert path.stat().st_size < 10_000
    with zipfile.ZipFile(path) as zf:
        assert zf.namelist() == ["BankAssist/botDefinition.json"]
        assert zf.read("BankAssist/botDefinition.json") == (KINDS / "bot-export.json").read_bytes()


def test_all_kinds_in_one_run_of_the_command():
    names = sorted(CASES)
    proc = subprocess.run([sys.executable, "-m", "analyzer", "check", "--format", "json", "--select", "ALL",
                           *(str(KINDS / n) for n in names)], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert [i["kind"] for i in doc["inputs"]] == [CASES[n][0] for n in names]
    assert doc["summary"] == {"error": 0, "warning": 0, "info": len(names)}
