"""Command line: parse arguments, then load -> analyze -> report. Exit codes 0, 1, 2."""
from __future__ import annotations

import argparse
import os
import sys
import traceback

from . import __version__
from .config import Config, ConfigError
from .engine import Linter
from .findings import FAIL_ON, Result
from .output import atomic_text
from .payload import PayloadError, parse
from .reporters import REPORTERS
from .rules import all_rules, get
from .sources import SourceError, read

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # usage errors: one line and exit 2, as argparse does
        self.exit(EXIT_ERROR, f"korelint: error: {message}\n(see `korelint --help`)\n")


def _csv(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="korelint", description="Static analysis of Kore.ai XO bot dialogs.")
    p.add_argument("--version", action="version", version=f"korelint {__version__}")
    p.add_argument("--debug", action="store_true", help="show the traceback of an internal error")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = sub.add_parser("check", help="lint payloads and report findings",
                           description="Lint Kore.ai payloads: publish status, publish response, "
                                       "bot export (JSON or .zip), dialog export. '-' reads stdin.")
    check.add_argument("paths", nargs="+", metavar="PATH")
    check.add_argument("--format", "-f", choices=sorted(REPORTERS), default="text")
    check.add_argument("-o", "--output", metavar="FILE", help="write the report here instead of stdout")
    check.add_argument("--fail-on", choices=list(FAIL_ON), default="error",
                       help="exit 1 when a finding is at least this severe (default: error)")
    check.add_argument("--select", type=_csv, default=None, metavar="R,..",
                       help="only these rules (codes, names or prefixes such as KL1)")
    check.add_argument("--ignore", type=_csv, default=[], metavar="R,..", help="skip these rules")
    check.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)

    rules = sub.add_parser("rules", help="list the rules, or show one rule's documentation")
    rules.add_argument("rule", nargs="?", metavar="NAME|CODE")
    rules.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    return p


def _err(message: str) -> None:
    sys.stderr.write(f"korelint: {message}\n")


def run_analysis(paths: list[str], config: Config, keep: bool = False) -> tuple[Result, bool]:
    """Load and analyse every input. Returns the result and whether some input could not be read
    (its error is already on stderr). With keep, the analyses (documents, flows) are kept for
    reporters that draw."""
    linter = Linter(config)
    result = Result()
    failed = False
    for index, path in enumerate(paths):
        shown = "<stdin>" if path == "-" else path
        try:
            source = read(path)
            doc = parse(source.data, shown, lines=source.lines, kind=source.kind)
        except (SourceError, PayloadError) as exc:
            _err(f"error: {shown}: {exc}")
            failed = True
            continue
        analysis = linter.analyze(doc, index)
        result.inputs.append(analysis.summary)
        result.findings.extend(analysis.findings)
        if keep:
            result.documents.append(analysis)
    result.findings.sort(key=lambda f: f.order)
    return result, failed


def write_report(reporter, result: Result, output: str | None) -> bool:
    """Write with the reporter to a file (atomically) or stdout. False when the file failed."""
    if output:
        try:
            with atomic_text(output) as fh:
                reporter(result, fh)
        except OSError as exc:
            _err(f"error: cannot write {output}: {exc.strerror or exc}")
            return False
    else:
        reporter(result, sys.stdout)
        sys.stdout.flush()
    return True


def cmd_check(args) -> int:
    config = Config(select=args.select or ["ALL"], ignore=args.ignore, fail_on=args.fail_on)
    try:
        config.validate()
    except ConfigError as exc:
        _err(f"error: {exc}")
        return EXIT_ERROR
    result, failed = run_analysis(args.paths, config)
    if failed and not result.inputs:
        return EXIT_ERROR  # nothing was read: no report that could pass for a clean one
    if not write_report(REPORTERS[args.format], result, args.output):
        return EXIT_ERROR
    if failed:
        return EXIT_ERROR
    return EXIT_FINDINGS if result.fails(config.fail_on) else EXIT_OK


def cmd_rules(args) -> int:
    if args.rule:
        rule = get(args.rule)
        if rule is None:
            _err(f"error: no rule {args.rule!r} (see `korelint rules`)")
            return EXIT_ERROR
        sys.stdout.write(f"{rule.code} {rule.name} ({rule.severity.value})\n\n{rule.doc}\n")
        return EXIT_OK
    for rule in all_rules():
        sys.stdout.write(f"{rule.code}  {rule.name:<26} {rule.severity.value:<8} {rule.summary}\n")
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # usage errors, --help, --version
        return exc.code if isinstance(exc.code, int) else EXIT_ERROR
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    try:
        return {"check": cmd_check, "rules": cmd_rules}[args.command](args)
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except BrokenPipeError:
        # The reader went away (`korelint check ... | head`): not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:  # an internal error: never a traceback unless asked for
        if args.debug or os.environ.get("KORELINT_DEBUG"):
            traceback.print_exc()
        else:
            _err(f"internal error: {type(exc).__name__}: {exc}. Please report it; "
                 "run with --debug for the traceback.")
        return EXIT_ERROR
