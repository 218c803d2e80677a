"""The hostile-input catalogue, stage 1 - reading: files that are not there, not files or not
readable, symlinks, directories, pipes and standard input, zip archives (corrupt, bombs, many members)
and the limits of what korelint reads. Shared helpers: tests/hostile.py."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

import hostile
from analyzer import cli
from helpers import default, dialog, node, publish_status
from hostile import (
    KORELINT,
    MiB,
    assert_good_dialog_analysed,
    assert_refused,
    good_dialog,
    json_findings,
    measured,
    run,
    run_process,
    sample,
    write,
)

# The fixtures of tests/hostile.py, bound here so that pytest finds them in this module.
_korelint_cache_dir = hostile._korelint_cache_dir
_korelint_cache = hostile._korelint_cache
small_rss = hostile.small_rss


# -- archives ----------------------------------------------------------------------------------
def make_zip(path: Path, members: dict[str, bytes], compression=zipfile.ZIP_DEFLATED) -> str:
    with zipfile.ZipFile(path, "w", compression=compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return str(path)


def bot_definition() -> bytes:
    return json.dumps({"dialogs": [good_dialog()], "dialogComponents": []}).encode()


def test_export_zip_is_read(tmp_path):
    path = make_zip(tmp_path / "bot.zip",
                    {"export/botDefinition.json": bot_definition(), "icon.png": b"\x89PNG"})
    (f,) = [f for f in json_findings(run(path, "--format", "json")) if f["rule"] == "KL101"]
    assert f["pointer"] == "/dialogs/0/nodes/1/transitions/0" and f["line"] is None


def test_fake_zip_is_refused(tmp_path):
    import random
    path = write(tmp_path, "export.zip", random.Random(3).randbytes(2000))
    assert_refused(run(path), "export.zip", "zip")
    assert_refused(run_process(path), "export.zip", "zip")


def test_zip_without_bot_definition_is_refused(tmp_path):
    path = make_zip(tmp_path / "other.zip", {"README.md": b"hello", "botDefinition.json/": b""})
    assert_refused(run(path), "other.zip", "without botDefinition.json")


def test_zip_with_garbage_bot_definition_is_refused(tmp_path):
    path = make_zip(tmp_path / "garbage.zip", {"botDefinition.json": b"\x00\x01garbage"})
    assert_refused(run(path), "garbage.zip")
    path = make_zip(tmp_path / "lex.zip", {"botDefinition.json": b'{"metadata": {}, "resource": {}}'})
    assert_refused(run(path), "lex.zip", "not a Kore.ai payload")


def test_zip_entry_that_climbs_out_is_read_in_memory_only(tmp_path):
    work = tmp_path / "a" / "b"
    work.mkdir(parents=True)
    path = make_zip(work / "evil.zip", {"../../botDefinition.json": bot_definition()})
    code, out, err = run_process(path, "--format", "json", cwd=work)
    assert code == 1 and err == ""
    assert [f["rule"] for f in json.loads(out)["findings"]] == ["KL101"]
    assert not (tmp_path / "botDefinition.json").exists()
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["a", "b", "evil.zip"]


def _corrupt(path: Path, fn) -> str:
    raw = bytearray(path.read_bytes())
    fn(raw)
    path.write_bytes(bytes(raw))
    return str(path)


def test_corrupt_zips_are_refused(tmp_path):
    big = bot_definition() * 20  # compresses, so the deflate stream has room to break
    ok = tmp_path / "ok.zip"
    make_zip(ok, {"botDefinition.json": big})
    cases = {}
    cases["truncated.zip"] = ok.read_bytes()[: len(ok.read_bytes()) // 2]

    def flip_data(raw):  # corrupt the deflate stream itself (zlib.error, not BadZipFile)
        start = raw.index(b"botDefinition.json") + len("botDefinition.json")
        for k in range(start + 5, start + 60):
            raw[k] ^= 0x55

    def encrypted(raw):  # the "encrypted" flag, set in both headers
        raw[raw.index(b"PK\x03\x04") + 6] |= 1
        raw[raw.index(b"PK\x01\x02") + 8] |= 1

    def method99(raw):  # an unknown compression method
        raw[raw.index(b"PK\x03\x04") + 8] = 99
        raw[raw.index(b"PK\x01\x02") + 10] = 99

    def bad_crc(raw):
        raw[raw.index(b"PK\x03\x04") + 14] ^= 0xFF
        raw[raw.index(b"PK\x01\x02") + 16] ^= 0xFF

    for name, fn in [("deflate.zip", flip_data), ("encrypted.zip", encrypted), ("method.zip", method99),
                     ("crc.zip", bad_crc)]:
        data = bytearray(ok.read_bytes())
        fn(data)
        cases[name] = bytes(data)
    for compression, name in [(zipfile.ZIP_BZIP2, "bzip2.zip"), (zipfile.ZIP_LZMA, "lzma.zip")]:
        path = tmp_path / name
        make_zip(path, {"botDefinition.json": big}, compression)
        data = bytearray(path.read_bytes())
        flip_data(data)
        cases[name] = bytes(data)
    for name, data in cases.items():
        assert_refused(run(write(tmp_path, name, data)), name)
    assert_refused(run_process(str(tmp_path / "deflate.zip")), "deflate.zip", "broken .zip")


def test_zip_on_standard_input(monkeypatch, tmp_path):
    data = Path(make_zip(tmp_path / "bot.zip", {"botDefinition.json": bot_definition()})).read_bytes()
    found = json_findings(run("-", "--format", "json", stdin=data, monkeypatch=monkeypatch))
    assert [(f["rule"], f["path"], f["line"]) for f in found] == [("KL101", "<stdin>", None)]


# -- files that are not there, not files, not readable -------------------------------------
def test_missing_file(tmp_path):
    assert_refused(run(str(tmp_path / "nope.json")), "nope.json", "no such file")
    assert_refused(run_process(str(tmp_path / "nope.json")), "nope.json", "no such file")


def test_directory(tmp_path):
    assert_refused(run(str(tmp_path)), str(tmp_path), "directory")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path):
    path = write(tmp_path, "secret.json", sample())
    os.chmod(path, 0)
    try:
        assert_refused(run(path), "secret.json", "permission denied")
    finally:
        os.chmod(path, 0o600)


def test_symlink_to_a_payload_works(tmp_path):
    target = write(tmp_path, "real.json", sample())
    link = tmp_path / "link.json"
    link.symlink_to(target)
    found = json_findings(run(str(link), "--format", "json"))
    assert_good_dialog_analysed(found)
    assert {f["path"] for f in found} == {str(link)}


def test_broken_symlink_and_symlink_loop(tmp_path):
    (tmp_path / "dangling.json").symlink_to(tmp_path / "gone.json")
    assert_refused(run(str(tmp_path / "dangling.json")), "dangling.json", "no such file")
    (tmp_path / "loop1.json").symlink_to(tmp_path / "loop2.json")
    (tmp_path / "loop2.json").symlink_to(tmp_path / "loop1.json")
    assert_refused(run(str(tmp_path / "loop1.json")), "loop1.json")


def test_names_no_file_can_have(tmp_path):
    assert_refused(run("bad\x00name.json"), "bad", "not a valid file name")
    assert_refused(run(str(tmp_path / ("x" * 5000))), "xxxx")


def test_named_pipe_is_read(tmp_path):
    # `korelint check <(curl ...)`: a FIFO, not a regular file.
    import threading
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_bytes(sample()))
    writer.start()
    try:
        found = json_findings(run(str(fifo), "--format", "json"))
    finally:
        writer.join(10)
    assert_good_dialog_analysed(found)


def test_stdin(monkeypatch):
    found = json_findings(run("-", "--format", "json", stdin=sample(), monkeypatch=monkeypatch))
    assert_good_dialog_analysed(found)
    assert {f["path"] for f in found} == {"<stdin>"}
    assert all(isinstance(f["line"], int) for f in found)


def test_stdin_in_a_subprocess():
    code, out, err = run_process("-", "--format", "json", stdin=sample())
    assert code == 1 and err == ""
    assert_good_dialog_analysed(json.loads(out)["findings"])
    assert_refused(run_process("-", stdin=b""), "<stdin>", "empty")
    assert_refused(run_process("-", stdin=b"\xff\xfe{\x00}\x00"), "<stdin>", "UTF-16")


def test_closed_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", None)
    assert_refused(run("-"), "<stdin>", "no standard input")


def test_closed_stdin_in_a_subprocess():
    command = [str(KORELINT)] if KORELINT.exists() else [sys.executable, "-m", "analyzer"]
    proc = subprocess.run([*command, "check", "-"], capture_output=True, timeout=60,
                          preexec_fn=lambda: os.close(0))  # `korelint check - <&-`
    assert_refused((proc.returncode, proc.stdout.decode(), proc.stderr.decode()), "<stdin>",
                   "no standard input")


def test_one_unreadable_input_does_not_hide_the_others(tmp_path):
    good = write(tmp_path, "good.json", sample())
    code, out, err = run(str(tmp_path / "missing.json"), good, write(tmp_path, "bad.json", b"{"), "--format",
                         "json")
    assert code == 2
    assert [line.split(": ")[2] for line in err.splitlines()] == [
        str(tmp_path / "missing.json"), str(tmp_path / "bad.json")]
    report = json.loads(out)
    assert [i["path"] for i in report["inputs"]] == [good]
    assert_good_dialog_analysed(report["findings"])


def test_inputs_over_the_size_limits_are_refused(tmp_path, monkeypatch):
    from analyzer import sources
    monkeypatch.setattr(sources, "MAX_INPUT_BYTES", 100)
    monkeypatch.setattr(sources, "MAX_ZIP_MEMBER_BYTES", 100)
    assert_refused(run(write(tmp_path, "big.json", sample())), "big.json", "larger than korelint reads")
    assert_refused(run("-", stdin=sample(), monkeypatch=monkeypatch), "<stdin>", "larger than korelint reads")
    monkeypatch.setattr(sources, "MAX_INPUT_BYTES", 10**6)
    path = make_zip(tmp_path / "bomb.zip", {"botDefinition.json": b" " * 5000 + bot_definition()})
    assert_refused(run(path), "bomb.zip", "too large")


# -- zip bombs and archives of many members --------------------------------------------------------
def _patch_claimed_size(blob: bytes, claimed: int) -> bytes:
    """The uncompressed size of the first member, in its local header and the central directory."""
    import struct
    raw = bytearray(blob)
    local, central = raw.index(b"PK\x03\x04"), raw.index(b"PK\x01\x02")
    raw[local + 22:local + 26] = struct.pack("<I", claimed)
    raw[central + 24:central + 28] = struct.pack("<I", claimed)
    return bytes(raw)


def _spaces_zip(mib: int) -> bytes:
    """An export whose botDefinition.json is `mib` MiB of spaces (deflate: ~1 KB a MiB)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("botDefinition.json", "w") as fh:
            for _ in range(mib):
                fh.write(b" " * MiB)
    return buf.getvalue()


def test_zip_bomb_claiming_more_than_the_limit_is_refused_before_inflating(tmp_path, small_rss):
    from analyzer.sources import MAX_ZIP_MEMBER_BYTES
    claimed = 0xF000_0000
    assert claimed > MAX_ZIP_MEMBER_BYTES
    path = write(tmp_path, "bomb.zip", _patch_claimed_size(_spaces_zip(16), claimed))
    code, rss, err = measured(tmp_path, "check", path)
    assert code == 2 and err.count("\n") == 1 and "too large" in err and "bomb.zip" in err, err
    assert rss - small_rss["check"] < 32 * MiB, rss


def test_zip_bomb_with_a_lying_header_inflates_no_more_than_it_claims(tmp_path, small_rss):
    # 128 MiB of spaces (a 125 KB archive) whose headers claim 1,000 bytes: zipfile stops at the
    # claimed size (then the CRC fails); reading it in one call inflated the whole member first.
    blob = _patch_claimed_size(_spaces_zip(128), 1000)
    assert len(blob) < MiB
    path = write(tmp_path, "liar.zip", blob)
    code, rss, err = measured(tmp_path, "check", path)
    assert code == 2 and err.count("\n") == 1 and "broken .zip" in err, err
    assert rss - small_rss["check"] < 32 * MiB, rss
    assert_refused(run(path), "liar.zip", "broken .zip")


def test_zip_bomb_under_the_size_limit_is_refused_by_its_ratio(tmp_path, small_rss):
    """200 MiB of spaces in a 200 KB archive (honest headers, under the 1 GiB limit) took 458 MB;
    a member that unpacks to more than 200 times its packed size past 32 MiB is refused unread."""
    blob = _spaces_zip(200)
    assert len(blob) < MiB
    path = write(tmp_path, "bomb.zip", blob)
    code, rss, err = measured(tmp_path, "check", path)
    assert code == 2 and err.count("\n") == 1 and "zip bomb" in err and "bomb.zip" in err, err
    assert rss - small_rss["check"] < 32 * MiB, rss


def test_a_large_but_honest_zip_is_read(tmp_path):
    """Real JSON (a big export, pretty-printed) packs far less than a bomb: read, analysed."""
    from analyzer.sources import ZIP_RATIO_FROM
    dialogs = [dialog(node("intent0", "intent", default("message1")),
                      *[node(f"message{i}", "message", default(f"message{i + 1}")) for i in range(1, 400)],
                      name=f"Dialog {d}") for d in range(160)]
    data = json.dumps(publish_status(*dialogs), indent=8).encode()
    assert len(data) > ZIP_RATIO_FROM
    path = make_zip(tmp_path / "honest.zip", {"botDefinition.json": data})
    code, _, err = run(path, "--format", "json", "--fail-on", "never")
    assert code == 0, err


def test_zip_member_over_the_limit_is_refused_in_bounded_memory(tmp_path, monkeypatch):
    from analyzer import sources
    monkeypatch.setattr(sources, "MAX_ZIP_MEMBER_BYTES", 4 * MiB)
    path = write(tmp_path, "big.zip", _spaces_zip(5))
    assert_refused(run(path), "big.zip", "too large")
    path = write(tmp_path, "fits.zip", _spaces_zip(4))  # exactly the limit: read (and empty)
    assert_refused(run(path), "fits.zip", "empty input")


def _zip_of_many(count: int, with_definition: bool) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as archive:
        for i in range(count):
            archive.writestr(f"m/{i}", b"")
        if with_definition:
            archive.writestr("export/botDefinition.json", bot_definition())
    return buf.getvalue()


def test_zip_with_very_many_members_is_refused_in_bounded_memory(tmp_path, small_rss):
    from analyzer.sources import MAX_ZIP_MEMBERS
    # 60,000 empty members: a 4.5 MB archive, and ~40 MB of zipfile objects had it been opened.
    path = write(tmp_path, "many.zip", _zip_of_many(60_000, True))
    code, rss, err = measured(tmp_path, "check", path)
    assert code == 2 and err.count("\n") == 1 and "60001 members" in err, err
    assert rss - small_rss["check"] < 2 * os.path.getsize(path) + 16 * MiB, rss
    assert_refused(run(write(tmp_path, "over.zip", _zip_of_many(MAX_ZIP_MEMBERS, True))), "over.zip",
                   "members")
    found = json_findings(run(write(tmp_path, "under.zip", _zip_of_many(MAX_ZIP_MEMBERS - 1, True)),
                              "--format", "json"))
    assert [f["rule"] for f in found] == ["KL101"]


# -- symlinks and directories as inputs ------------------------------------------------------------
def test_symlinks_to_what_is_not_a_payload_file_are_refused(tmp_path):
    (tmp_path / "folder").mkdir()
    (tmp_path / "to-folder.json").symlink_to(tmp_path / "folder")
    assert_refused(run(str(tmp_path / "to-folder.json")), "to-folder.json", "directory")
    # /dev/zero never ends: refused from its type, never read.
    (tmp_path / "zero.json").symlink_to("/dev/zero")
    assert_refused(run(str(tmp_path / "zero.json")), "zero.json", "not a regular file")
    assert_refused(run_process(str(tmp_path / "zero.json")), "zero.json", "not a regular file")
    assert_refused(run_process("/dev/zero"), "/dev/zero", "not a regular file")


def test_symlinks_to_a_zip_and_a_chain_of_links_are_read(tmp_path):
    real = make_zip(tmp_path / "bot.zip", {"botDefinition.json": bot_definition()})
    (tmp_path / "export").symlink_to(real)  # no .zip suffix: recognised by its first bytes
    (tmp_path / "chain1.json").symlink_to(tmp_path / "chain2.json")
    (tmp_path / "chain2.json").symlink_to(write(tmp_path, "real.json", sample()))
    assert [f["rule"] for f in json_findings(run(str(tmp_path / "export"), "--format", "json"))] == ["KL101"]
    assert_good_dialog_analysed(json_findings(run(str(tmp_path / "chain1.json"), "--format", "json")))


def test_a_directory_as_input_to_every_command(tmp_path):
    # A directory is walked for *.json and *.zip (tests/test_directories.py); one with none of
    # them is refused with one line naming it.
    folder = tmp_path / "bot"
    folder.mkdir()
    (folder / "notes.txt").write_bytes(bot_definition())
    for name in (str(folder), str(folder) + "/"):
        assert_refused(run(name), str(folder), "directory")
        assert_refused(run_process(name), str(folder), "directory")
    out, err = io.StringIO(), io.StringIO()
    html = tmp_path / "report.html"
    with redirect_stdout(out), redirect_stderr(err):
        code = cli.main(["report", str(folder), "-o", str(html)])
    assert_refused((code, out.getvalue(), err.getvalue()), str(folder), "directory")
    assert not html.exists()
    good = write(tmp_path, "good.json", sample())
    for option in ("--baseline", "--config"):
        code, out, err = run(good, option, str(folder))
        assert code == 2 and out == "" and err.count("\n") == 1 and str(folder) in err, err
