"""Running korelint in this process on one generated sample, and the invariants every run keeps:
an exit code of 0, 1 or 2, no exception out of cli.main, no traceback or internal error on
stderr, one line on stderr when the input is refused, and an output that parses in its format."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
import zipfile
from functools import lru_cache
from pathlib import Path

from fuzzgen import COUNTS, PROBE
from helpers import korelint

SARIF_SCHEMA = Path(__file__).resolve().parents[3] / "shared" / "schemas" / "sarif-schema-2.1.0.json"
SAFE_NAME = re.compile(r"[^\W_][\w.-]*\.svg")  # a letter or digit first: no hidden file, no option


class Escaped(AssertionError):
    """An exception left cli.main: the harness reports it with its traceback."""


def run_cli(argv: list[str], stdin: bytes | None = None) -> tuple[int, str, str]:
    """helpers.korelint(*argv) (cli.main, stdout/stderr captured); an exception out of cli.main
    reported as Escaped: (exit code, stdout, stderr)."""
    try:  # stderr is checked below, after the exit code: an AssertionError here is one that escaped
        code, out, stderr = korelint(*argv, stdin=stdin, allow_internal_error=True, allow_traceback=True)
    except BaseException as exc:  # noqa: BLE001 - that is the failure being looked for
        raise Escaped(f"{type(exc).__name__} escaped cli.main({argv!r}): {exc!r}") from exc
    assert code in (0, 1, 2), (code, stderr)
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    return code, out, stderr


def assert_refused_in_one_line(code: int, out: str, err: str, shown: str) -> None:
    assert out == "", out[:500]
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("korelint: error: ") and shown in lines[0], lines[0]


@lru_cache(maxsize=1)
def sarif_validator():
    try:
        import jsonschema
    except ImportError:
        return None
    if not SARIF_SCHEMA.exists():
        return None
    return jsonschema.Draft7Validator(json.loads(SARIF_SCHEMA.read_text()))


def _unescaped_pipes(line: str) -> int:
    count, escaped = 0, False
    for ch in line:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "|":
            count += 1
    return count


def check_format(fmt: str, text: str) -> None:
    """The report of `check --format fmt` is well formed for its format."""
    if fmt == "json":
        doc = json.loads(text)
        assert set(doc) == {"tool", "inputs", "summary", "findings"}
        assert all(isinstance(f["pointer"], str) for f in doc["findings"])
    elif fmt == "sarif":
        doc = json.loads(text)
        assert doc["version"] == "2.1.0" and len(doc["runs"]) == 1
        validator = sarif_validator()
        if validator is not None:
            errors = list(validator.iter_errors(doc))
            assert not errors, errors[:2]
    elif fmt == "gitlab":
        issues = json.loads(text)
        assert isinstance(issues, list)
        assert len({i["fingerprint"] for i in issues}) == len(issues), "GitLab fingerprints must be unique"
        for issue in issues:
            assert issue["severity"] in ("info", "minor", "major", "critical", "blocker")
            assert isinstance(issue["location"]["lines"]["begin"], int)
    elif fmt == "junit":
        root = ET.fromstring(text.encode("utf-8"))
        assert root.tag == "testsuites"
    elif fmt == "text":
        lines = text.splitlines()
        assert lines and re.match(r"(Found \d+ errors?, \d+ warnings?, \d+ info|No problems found) in ",
                                  lines[-1])
        assert text.count("\n") == len(lines)  # no line break inside a finding
        for line in lines:
            assert line.isprintable(), repr(line)
    elif fmt == "github":
        for line in re.split(r"\r\n|\r|\n", text.rstrip("\n")) if text else []:  # the runner's line breaks
            assert re.fullmatch(r"::(error|warning|notice) file=[^,:\r\n]*(,line=\d+)?"
                                r",title=[^,:\r\n]*::[^\r\n]*", line), repr(line)
    elif fmt == "markdown":
        widths = []
        for line in re.split(r"\r\n|\r|\n", text):  # CommonMark's line endings (not U+2028, U+0085)
            if line.startswith("|"):
                widths.append(_unescaped_pipes(line))
            elif widths:
                assert len(set(widths)) == 1, ("a cell broke out of its table", text)
                widths = []
        assert len(set(widths)) <= 1, text
    else:
        raise AssertionError(f"no check for the format {fmt}")


def check_run(workdir: Path, sample, fmt: str, stdin: bool = False) -> tuple[int, str]:
    """`korelint check` on the sample in the given format; the invariants; (exit code, stdout)."""
    path = workdir / sample.name
    path.write_bytes(sample.data)
    argv = ["check", "-" if stdin else str(path), "--format", fmt, "-j", "1"]
    COUNTS["check"] += 1
    COUNTS[f"check {sample.kind} {sample.quality}"] += 1
    code, out, err = run_cli(argv, stdin=sample.data if stdin else None)
    if code == 2:
        assert_refused_in_one_line(code, out, err, "<stdin>" if stdin else str(path))
    else:
        assert err == "", err
        check_format(fmt, out)
    if sample.quality == "valid":
        assert code != 2, ("a valid payload was refused", err)
    return code, out


def check_report(workdir: Path, sample) -> int:
    """`korelint report` with --svg-dir and --zip on the sample, and what it wrote."""
    import shutil

    src = workdir / sample.name
    src.write_bytes(sample.data)
    html, svg_dir, archive = workdir / "report.html", workdir / "svg", workdir / "report.zip"
    for p in (html, archive):
        p.unlink(missing_ok=True)
    shutil.rmtree(svg_dir, ignore_errors=True)
    COUNTS["report"] += 1
    code, out, err = run_cli(["report", str(src), "-o", str(html), "--svg-dir", str(svg_dir),
                              "--zip", str(archive)])
    leftovers = [p.name for p in workdir.iterdir() if p.name.startswith(".korelint-")]
    assert not leftovers, leftovers
    if code == 2:
        assert_refused_in_one_line(code, out, err, str(src))
        assert not html.exists() and not archive.exists() and not svg_dir.exists()
        if sample.quality == "valid":
            raise AssertionError(f"a valid payload was refused: {err}")
        return code
    for line in err.splitlines():
        assert line.startswith("korelint: note: dialog "), line
    page = html.read_bytes()
    assert page.lstrip().lower().startswith(b"<!doctype html>")
    assert PROBE.encode() not in page, "payload markup reached the HTML unescaped"
    names = sorted(p.name for p in svg_dir.iterdir())
    assert all(p.is_file() and not p.is_symlink() for p in svg_dir.iterdir())
    for name in names:
        assert SAFE_NAME.fullmatch(name) and ".." not in name and len(name.encode()) <= 255, name
        assert PROBE.encode() not in (svg_dir / name).read_bytes(), name
    assert len({n.lower() for n in names}) == len(names), names
    with zipfile.ZipFile(archive) as zf:
        members = zf.namelist()
        assert members[0] == "report.html" and zf.read("report.html") == page
        assert sorted(m[4:] for m in members if m.startswith("svg/")) == names
        assert set(members) == {"report.html", "summary.md", "README.txt", "findings.json", "findings.sarif",
                                *(f"svg/{n}" for n in names)}
        assert PROBE.encode() not in zf.read("summary.md"), "payload markup reached summary.md unescaped"
        findings = json.loads(zf.read("findings.json"))
        json.loads(zf.read("findings.sarif"))
        for m in members:
            assert not m.startswith("/") and ".." not in m.split("/"), m
    assert len(names) == sum(i["dialogs"] for i in findings["inputs"])
    return code
