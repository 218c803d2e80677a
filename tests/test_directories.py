"""Directories as input (issue 18): every *.json and *.zip below, sorted; hidden folders,
.venv and node_modules skipped; files that are not Kore.ai payloads skipped with a note when the
walk found them (exit 2 when named); `exclude` path globs of the configuration apply."""
from __future__ import annotations

import json
import zipfile

import pytest

from analyzer.sources import walk
from helpers import SAMPLES, default, dialog, korelint, node, publish_status

SAMPLE = (SAMPLES / "publish-status.json").read_bytes()


def broken() -> bytes:
    return json.dumps(publish_status(dialog(node("intent0", "intent", default("gone")))), indent=2).encode()


@pytest.fixture
def repo(tmp_path):
    """A bot repository: exports in folders, and other JSON beside them."""
    files = {
        "bots/a.json": SAMPLE, "bots/sub/b.json": broken(), "c.json": SAMPLE,
        "bots/.hidden/x.json": broken(), ".git/y.json": broken(), ".venv/z.json": broken(),
        "node_modules/pkg/package.json": b"{}", "package.json": b'{"name": "bot-repo"}',
        "README.md": b"# bots", "bots/notes.txt": b"x", "bots/.eslintrc.json": b"{}",
    }
    for name, data in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    with zipfile.ZipFile(tmp_path / "bots" / "export.zip", "w") as archive:
        archive.writestr("botDefinition.json", json.dumps({"dialogs": [], "name": "Zip bot"}))
    with zipfile.ZipFile(tmp_path / "bots" / "other.zip", "w") as archive:
        archive.writestr("readme.txt", "not an export")
    return tmp_path


def test_walk_finds_json_and_zip_files_sorted_skipping_hidden_and_vendored(repo):
    found = [p.relative_to(repo).as_posix() for p in map(type(repo), walk(str(repo)))]
    assert found == ["bots/a.json", "bots/export.zip", "bots/other.zip", "bots/sub/b.json", "c.json",
                     "package.json"]


def test_check_a_directory(repo):
    code, out, err = korelint("check", repo, "--format", "json", "--isolated")
    doc = json.loads(out)
    paths = [i["path"] for i in doc["inputs"]]
    assert [p.removeprefix(str(repo) + "/") for p in paths] == ["bots/a.json", "bots/export.zip",
                                                                  "bots/sub/b.json", "c.json"]
    assert code == 1 and {f["rule"] for f in doc["findings"]} >= {"KL101"}
    notes = err.strip().splitlines()
    assert len(notes) == 2 and all("skipped" in n for n in notes), err  # other.zip, package.json
    assert "other.zip" in notes[0] and "package.json" in notes[1]


def test_a_file_that_is_not_a_payload_named_explicitly_still_exits_2(repo):
    code, out, err = korelint("check", repo / "package.json", "--isolated")
    assert code == 2 and "package.json" in err and out == ""
    code, _, err = korelint("check", repo / "bots" / "other.zip", "--isolated")
    assert code == 2 and "other.zip" in err


def test_a_directory_without_any_payload_exits_2(tmp_path):
    (tmp_path / "empty").mkdir()
    code, out, err = korelint("check", tmp_path / "empty", "--isolated")
    assert code == 2 and out == "" and "empty" in err
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "package.json").write_text("{}")
    code, out, err = korelint("check", tmp_path / "other", "--isolated")
    assert code == 2 and out == "" and err.count("\n") == 2  # the note, then the error


def test_a_broken_json_file_found_by_the_walk_is_an_error(repo):
    (repo / "bots" / "truncated.json").write_bytes(SAMPLE[:100])
    code, out, err = korelint("check", repo, "--isolated", "--format", "json")
    assert code == 2 and "truncated.json" in err
    assert len(json.loads(out)["inputs"]) == 4  # the others are reported all the same


def test_exclude_path_globs_of_the_configuration_apply_to_the_walk(repo, monkeypatch):
    (repo / ".korelint.toml").write_text('exclude = ["bots/sub/*", "*.zip", "Legacy *"]\n')
    monkeypatch.chdir(repo)
    code, out, err = korelint("check", ".", "--format", "json")
    assert [i["path"] for i in json.loads(out)["inputs"]] == ["./bots/a.json", "./c.json"]
    assert code == 0 and "other.zip" not in err
    # a file named on the command line is read whatever `exclude` says
    code, out, _ = korelint("check", "bots/sub/b.json", "--format", "json")
    assert code == 1 and len(json.loads(out)["inputs"]) == 1


def test_report_a_directory(repo, tmp_path):
    html = tmp_path / "out.html"
    code, out, err = korelint("report", repo / "bots" / "sub", "-o", html, "--isolated")
    assert code == 1 and html.is_file() and out == ""
