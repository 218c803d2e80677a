"""Every file korelint writes -- `check -o` in every format, the report's HTML, its --svg-dir files
and --zip, `--write-baseline`, `fetch -o` -- is written atomically (a failure midway leaves the
previous file and no temporary file), never follows a symlink at the destination out of its
folder (the link is replaced by a regular file), writes into a stream in place (a FIFO,
/dev/null, a link to one) instead of replacing the device, and refuses a directory. File names
built from payload text (--svg-dir) are sanitised."""
from __future__ import annotations

import errno
import io
import json
import os
import re
import stat
import threading
import zipfile
from pathlib import Path

import pytest

from analyzer import baseline as baseline_module
from analyzer.reporters import REPORTERS
from helpers import SAMPLES, Ran, default, dialog, korelint, node, publish_status
from live_server import BOT_ID, CLIENT_ID, CLIENT_SECRET, KoreServer, Reply, isolate_environment

FORMATS = sorted(REPORTERS)
WRITERS = [f"check-{fmt}" for fmt in FORMATS] + ["report-html", "report-svg", "report-zip", "baseline",
                                                 "fetch"]
SAFE_NAME = re.compile(r"[^\W_][\w.-]*\.svg")
OLD, VICTIM = b"OLD CONTENT\n", b"VICTIM: must stay as it is\n"


# -- set-up ---------------------------------------------------------------------------------------------
def payload() -> dict:
    """Two dialogs (two SVGs), one finding."""
    return publish_status(dialog(node("intent0", "intent", default("gone")), name="Good"),
                          dialog(node("intent0", "intent"), name="Other"))


@pytest.fixture(scope="module")
def server():
    with KoreServer([Reply(200, (SAMPLES / "publish-status.json").read_bytes())]) as s:
        yield s


@pytest.fixture(autouse=True)
def environment(monkeypatch, tmp_path_factory):
    isolate_environment(monkeypatch, tmp_path_factory)
    monkeypatch.setenv("KORE_CLIENT_ID", CLIENT_ID)
    monkeypatch.setenv("KORE_CLIENT_SECRET", CLIENT_SECRET)


class Case:
    """One writer: its command line, and the destination file the test watches."""

    def __init__(self, writer: str, tmp_path: Path, server: KoreServer, dest: Path | None = None):
        self.writer, self.tmp = writer, tmp_path
        self.src = tmp_path / "in" / "payload.json"
        self.src.parent.mkdir(exist_ok=True)
        self.src.write_text(json.dumps(payload(), indent=2))
        self.out = tmp_path / "out"
        self.out.mkdir(exist_ok=True)
        self.svg_dir = self.out / "svg"
        if dest is None:
            dest = (self.svg_dir / "Good.svg") if writer == "report-svg" else self.out / {
                "report-html": "report.html", "report-zip": "report.zip", "baseline": "baseline.json",
                "fetch": "status.json"}.get(writer, "findings.out")
        self.dest = dest
        self.server = server

    @property
    def folder(self) -> Path:
        return self.dest.parent

    def argv(self) -> list:
        w, html = self.writer, self.tmp / "report-aside.html"
        if w.startswith("check-"):
            return ["check", self.src, "--format", w[len("check-"):], "-o", self.dest]
        if w == "report-html":
            return ["report", self.src, "-o", self.dest]
        if w == "report-svg":
            return ["report", self.src, "-o", html, "--svg-dir", self.dest.parent]
        if w == "report-zip":
            return ["report", self.src, "-o", html, "--zip", self.dest]
        if w == "baseline":
            return ["check", self.src, "--write-baseline", self.dest]
        return ["fetch", "--host", self.server.url, "--bot-id", BOT_ID, "-o", self.dest]

    def run(self, **options) -> Ran:
        """helpers.korelint on the command line (no traceback on stderr, ever)."""
        return korelint(*self.argv(), **options)

    def leftovers(self) -> list[str]:
        folders = {self.folder, self.out, self.tmp}
        return sorted(p.name for f in folders if f.is_dir()
                      for p in f.iterdir() if p.name.startswith(".korelint-"))


def assert_written(case: Case, code: int, err: str) -> bytes:
    assert code in (0, 1), err
    assert case.dest.is_file() and not case.dest.is_symlink()
    data = case.dest.read_bytes()
    assert data and data not in (OLD, VICTIM)
    assert not case.leftovers()
    return data


# -- symlinks at the destination -----------------------------------------------------------------------
@pytest.mark.parametrize("writer", WRITERS)
def test_a_symlink_at_the_destination_is_replaced_never_followed(tmp_path, server, writer):
    case = Case(writer, tmp_path, server)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    victim = elsewhere / "victim"
    victim.write_bytes(VICTIM)
    case.folder.mkdir(parents=True, exist_ok=True)
    case.dest.symlink_to(victim)
    code, _, err = case.run()
    assert_written(case, code, err)
    assert victim.read_bytes() == VICTIM
    assert sorted(p.name for p in elsewhere.iterdir()) == ["victim"]


@pytest.mark.parametrize("writer",
                         ["check-json", "report-html", "report-svg", "report-zip", "baseline", "fetch"])
@pytest.mark.parametrize("target", ["dangling", "directory", "relative"])
def test_other_symlinks_at_the_destination_are_replaced(tmp_path, server, writer, target):
    case = Case(writer, tmp_path, server)
    case.folder.mkdir(parents=True, exist_ok=True)
    elsewhere = tmp_path / "elsewhere"
    if target == "dangling":  # a file that does not exist, in a folder that does not either
        case.dest.symlink_to(elsewhere / "sub" / "victim")
    elif target == "directory":
        (elsewhere / "folder").mkdir(parents=True)
        case.dest.symlink_to(elsewhere / "folder")
    else:
        elsewhere.mkdir()
        (elsewhere / "victim").write_bytes(VICTIM)
        case.dest.symlink_to(os.path.relpath(elsewhere / "victim", case.folder))
    code, _, err = case.run()
    assert_written(case, code, err)
    if target == "dangling":
        assert not elsewhere.exists()
    elif target == "directory":
        assert list((elsewhere / "folder").iterdir()) == []
    else:
        assert (elsewhere / "victim").read_bytes() == VICTIM


# -- failures midway leave the previous file ----------------------------------------------------------
def _disk_full_in(folder: Path, monkeypatch) -> None:
    """fsync of a file being written in `folder` fails with ENOSPC (after all its bytes went out)."""
    real = os.fsync

    def fsync(fd):
        where = os.readlink(f"/proc/self/fd/{fd}") if os.path.exists(f"/proc/self/fd/{fd}") else ""
        if os.path.dirname(where) == str(folder):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(fd)

    monkeypatch.setattr(os, "fsync", fsync)


def _half_then(exc: BaseException):
    """A text reporter that writes half of the real report, then raises."""
    def reporter_of(real):
        def half(result, stream):
            buf = io.StringIO()
            real(result, buf)
            stream.write(buf.getvalue()[: max(1, len(buf.getvalue()) // 2)])
            raise exc
        return half
    return reporter_of


def _break_midway(case: Case, monkeypatch, exc: BaseException) -> None:
    w = case.writer
    if w.startswith("check-"):
        fmt = w[len("check-"):]
        monkeypatch.setitem(REPORTERS, fmt, _half_then(exc)(REPORTERS[fmt]))
    elif w == "report-html":
        from analyzer.reporters import html

        real = html.write

        def half(result, stream, *args, **kwargs):
            buf = io.BytesIO()
            real(result, buf, *args, **kwargs)
            stream.write(buf.getvalue()[: len(buf.getvalue()) // 2])
            raise exc
        monkeypatch.setattr(html, "write", half)
    elif w == "report-zip":
        real = zipfile.ZipFile.writestr

        def writestr(self, *args, **kwargs):  # report.html is in the archive already
            real(self, *args, **kwargs)
            raise exc
        monkeypatch.setattr(zipfile.ZipFile, "writestr", writestr)
    elif w == "baseline":
        class HalfJson:
            @staticmethod
            def dump(obj, fh, **kwargs):
                text = json.dumps(obj, **kwargs)
                fh.write(text[: len(text) // 2])
                raise exc
        monkeypatch.setattr(baseline_module, "json", HalfJson)
    else:
        raise AssertionError(f"{w} writes in one piece: only the disk-full fault applies")


FAULTS = ["disk full at fsync", "no space midway", "internal error midway", "interrupted midway"]
MIDWAY = {"no space midway": lambda: OSError(errno.ENOSPC, "No space left on device"),
          "internal error midway": lambda: RuntimeError("the reporter broke"),
          "interrupted midway": KeyboardInterrupt}


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("writer", WRITERS)
def test_a_failure_midway_leaves_the_previous_file(tmp_path, server, monkeypatch, writer, fault):
    if fault != "disk full at fsync" and writer in ("report-svg", "fetch"):
        pytest.skip("written in one piece: only the disk-full fault applies")
    case = Case(writer, tmp_path, server)
    case.folder.mkdir(parents=True, exist_ok=True)
    case.dest.write_bytes(OLD)
    if fault == "disk full at fsync":
        _disk_full_in(case.folder, monkeypatch)
    else:
        _break_midway(case, monkeypatch, MIDWAY[fault]())
    code, out, err = case.run(allow_internal_error=fault == "internal error midway")
    assert code == (130 if fault == "interrupted midway" else 2), err
    assert case.dest.read_bytes() == OLD
    assert not case.leftovers(), case.leftovers()
    assert err.count("\n") == 1, err
    if fault in ("disk full at fsync", "no space midway"):
        assert f"cannot write {case.dest}: No space left on device" in err, err


def test_report_outputs_before_the_failing_one_are_complete(tmp_path, server, monkeypatch):
    """The HTML is written (atomically) before the zip fails: it is whole, never half."""
    case = Case("report-zip", tmp_path, server)
    case.dest.write_bytes(OLD)
    _disk_full_in(case.folder, monkeypatch)
    html = tmp_path / "report-aside.html"
    code, _, err = case.run()
    assert code == 2 and case.dest.read_bytes() == OLD
    assert html.read_bytes().rstrip().endswith(b"</html>")


# -- streams and directories at the destination ---------------------------------------------------------
STREAM_WRITERS = ["check-json", "check-junit", "report-html", "report-zip", "baseline", "fetch"]


def _release(fifo: Path) -> None:
    """Let a reader blocked in open() go, without ever blocking here: with O_NONBLOCK, opening a
    FIFO that has no reader fails (ENXIO) instead of waiting for one (a blocking open here, after
    the reader had read to the end, hung a CI run)."""
    try:
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    except OSError:
        pass


@pytest.mark.timeout(60)
@pytest.mark.parametrize("writer", STREAM_WRITERS)
def test_a_fifo_at_the_destination_is_written_in_place(tmp_path, server, writer, monkeypatch):
    from analyzer import output
    case = Case(writer, tmp_path, server)
    case.folder.mkdir(parents=True, exist_ok=True)
    os.mkfifo(case.dest)
    opened = []
    real_open_stream = output._open_stream
    monkeypatch.setattr(output, "_open_stream", lambda path: opened.append(path) or real_open_stream(path))
    received = []
    # A daemon: should korelint never open the FIFO, a reader stuck in open() cannot hold pytest.
    reader = threading.Thread(target=lambda: received.append(case.dest.read_bytes()), daemon=True)
    reader.start()
    try:
        code, _, err = case.run()
    finally:
        if not opened:
            _release(case.dest)
        reader.join(10)
    assert code in (0, 1), err
    assert opened == [str(case.dest)]  # opened once: a second open would wait for a reader forever
    assert stat.S_ISFIFO(os.lstat(case.dest).st_mode)
    assert not reader.is_alive() and received and received[0]
    if writer == "report-zip":
        assert zipfile.ZipFile(io.BytesIO(received[0])).namelist()[0] == "report.html"
    assert not case.leftovers()


def _guard_dev_null(monkeypatch) -> None:
    """Should output.py ever regress, fail the test instead of renaming a file over /dev/null (as
    root, that replaced the device for the whole machine)."""
    real = os.replace

    def replace(src, dst, *args, **kwargs):
        if os.path.realpath(dst).startswith("/dev/") or str(dst).startswith("/dev/"):
            raise AssertionError(f"os.replace over {dst}")
        return real(src, dst, *args, **kwargs)
    monkeypatch.setattr(os, "replace", replace)


@pytest.mark.parametrize("writer", STREAM_WRITERS)
def test_dev_null_and_a_link_to_it_are_written_through(tmp_path, server, monkeypatch, writer):
    before = os.stat(os.devnull)
    assert stat.S_ISCHR(before.st_mode)
    _guard_dev_null(monkeypatch)
    link = tmp_path / "out" / "null-link"
    for dest in (Path(os.devnull), link):
        case = Case(writer, tmp_path, server, dest=dest)
        if dest == link:
            link.symlink_to(os.devnull)
        code, _, err = case.run()
        assert code in (0, 1), err
        assert err == "" or writer in ("baseline", "fetch"), err
    assert link.is_symlink() and os.readlink(link) == os.devnull
    after = os.stat(os.devnull)
    assert stat.S_ISCHR(after.st_mode) and (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


@pytest.mark.parametrize("writer", ["check-json", "report-html", "report-zip", "baseline", "fetch"])
def test_a_directory_at_the_destination_is_refused(tmp_path, server, writer):
    case = Case(writer, tmp_path, server)
    case.dest.mkdir(parents=True)
    (case.dest / "keep").write_bytes(OLD)
    code, out, err = case.run()
    assert code == 2 and err.count("\n") == 1 and "is a directory" in err, err
    assert [p.name for p in case.dest.iterdir()] == ["keep"]
    assert not case.leftovers()


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_written_files_follow_the_umask(tmp_path, server, umask, mode):
    old = os.umask(umask)
    try:
        for writer in ("check-json", "report-svg", "report-zip", "fetch"):
            (tmp_path / writer).mkdir()
            case = Case(writer, tmp_path / writer, server)
            code, _, err = case.run()
            assert code in (0, 1), err
            assert stat.S_IMODE(case.dest.stat().st_mode) == mode, writer
    finally:
        os.umask(old)


# -- file names built from payload text ---------------------------------------------------------------
HOSTILE_NAMES = [
    "../../escaped", "/etc/passwd", "..", ".", "", "   ", "a/b/c", "a\\b\\c", "C:\\Windows\\evil", "a\x00b",
    "x" * 5000, "é" * 300, "Book", "book", "BOOK", "CON", "con.svg", "nul", "LPT1", ".hidden", "-rf",
    "<script>alert(1)</script>", "\u202eevil.exe", "line\nbreak", "tab\there", "😀" * 80, "ﬁle",
    "Report.svg", "report", "svg", "name:stream", "a*b?c", "trailing. ", "%2e%2e%2fup",
]


def test_svg_names_from_payload_text_are_sanitised(tmp_path):
    dialogs = [dialog(node("intent0", "intent"), name=n) for n in HOSTILE_NAMES]
    src = tmp_path / "in" / "hostile.json"
    src.parent.mkdir()
    src.write_text(json.dumps(publish_status(*dialogs)))
    out = tmp_path / "out"
    out.mkdir()
    svg_dir, archive = out / "svg", out / "report.zip"
    code, _, err = korelint("report", src, "-o", out / "report.html", "--svg-dir", svg_dir, "--zip", archive)
    assert code in (0, 1), err
    names = sorted(p.name for p in svg_dir.iterdir())
    assert len(names) == len(HOSTILE_NAMES)
    for name in names:
        assert SAFE_NAME.fullmatch(name), name
        assert ".." not in name and len(name.encode()) <= 255, name
        assert name.split(".")[0].lower() not in ("con", "prn", "aux", "nul", "lpt1", "com1"), name
        assert (svg_dir / name).is_file()
    assert len({n.lower() for n in names}) == len(names)
    # Nothing written anywhere else.
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == sorted(
        ["in", "in/hostile.json", "out", "out/report.html", "out/report.zip", "out/svg"]
        + [f"out/svg/{n}" for n in names])
    with zipfile.ZipFile(archive) as zf:
        assert sorted(m[4:] for m in zf.namelist() if m.startswith("svg/")) == names
        assert all(not m.startswith("/") and ".." not in m.split("/") for m in zf.namelist())


def test_svg_names_are_unique_for_case_folding_file_systems(tmp_path):
    pairs = ["Σας", "Σασ", "fıle", "FILE"]
    src = tmp_path / "folding.json"
    src.write_text(json.dumps(publish_status(*[dialog(node("intent0", "intent"), name=n) for n in pairs])))
    svg_dir = tmp_path / "svg"
    code, _, err = korelint("report", src, "-o", tmp_path / "report.html", "--svg-dir", svg_dir)
    assert code in (0, 1), err
    stems = [p.name[:-4] for p in svg_dir.iterdir()]
    assert len({s.upper() for s in stems}) == len(stems), stems
    assert len({s.casefold() for s in stems}) == len(stems), stems


def test_an_svg_name_that_is_a_symlink_is_replaced(tmp_path, server):
    """A pre-existing SVG of the same name that links out of --svg-dir is replaced, not followed."""
    case = Case("report-svg", tmp_path, server)
    victim = tmp_path / "victim"
    victim.write_bytes(VICTIM)
    case.svg_dir.mkdir(parents=True)
    for name in ("Good.svg", "Other.svg"):
        (case.svg_dir / name).symlink_to(victim)
    code, _, err = case.run()
    assert code == 1, err
    assert victim.read_bytes() == VICTIM
    assert all(p.is_file() and not p.is_symlink() for p in case.svg_dir.iterdir())


def test_descriptor_names_are_written_through(tmp_path, capfd, monkeypatch):
    """`-o /dev/stdout` (a link to /proc/self/fd/1), `/dev/fd/1`, `/proc/self/fd/1`: written into the
    descriptor, whatever it is open on, and never renamed over (that replaced /dev/stdout itself)."""
    import subprocess
    import sys

    src = tmp_path / "payload.json"
    src.write_text(json.dumps(payload()))
    _guard_dev_null(monkeypatch)
    capfd.readouterr()
    code, _, err = korelint("check", src, "--format", "json", "-o", "/dev/stdout")
    assert code == 1, err
    assert json.loads(capfd.readouterr().out)["summary"]["error"] == 1
    assert os.path.islink("/dev/stdout")
    python_m = [sys.executable, "-m", "analyzer"]
    for name in ("/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"):
        target = tmp_path / "captured.txt"
        target.write_text("a line before\n")
        with open(target, "a") as fh:
            proc = subprocess.run([*python_m, "check", str(src), "-o", name], stdout=fh,
                                  stderr=subprocess.PIPE,
                                  timeout=60, cwd=tmp_path)
        assert proc.returncode == 1, proc.stderr
        text = target.read_text()
        assert text.startswith("a line before\n") and "KL101 dangling-target" in text, text
        assert os.path.islink("/dev/stdout") and os.readlink("/dev/stdout") == "/proc/self/fd/1"
