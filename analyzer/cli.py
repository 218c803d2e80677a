"""Command line: parse arguments, then load -> analyze -> report. Exit codes 0, 1, 2."""
from __future__ import annotations

import argparse
import errno
import gc
import json
import os
import sys
import traceback
from collections import Counter

from .version import __version__
from . import baseline
from .config import Config, ConfigError
from .config import load as load_config
from .engine import Linter
from .findings import FAIL_ON, Result
from .output import atomic_text
from .payload import PayloadError, parse
from .reporters import REPORTERS
from . import live, report_cmd
from .rules import all_rules, get
from .sources import Source, SourceError, read
from .text import displayable, one_line

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # usage errors: one line and exit 2, as argparse does
        self.exit(EXIT_ERROR, f"korelint: error: {message}\n(see `korelint --help`)\n")


def _csv(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def add_lint_options(p: argparse.ArgumentParser) -> None:
    """Options every linting command shares; each overrides the configuration file."""
    p.add_argument("--fail-on", choices=list(FAIL_ON), default=None,
                   help="exit 1 when a finding is at least this severe (default: error)")
    p.add_argument("--select", type=_csv, default=None, metavar="R,..",
                   help="only these rules (codes, names or prefixes such as KL1)")
    p.add_argument("--ignore", type=_csv, default=None, metavar="R,..", help="skip these rules")
    p.add_argument("--config", metavar="FILE", help="settings file (default: the closest .korelint.toml "
                                                   "or pyproject.toml with [tool.korelint])")
    p.add_argument("--isolated", action="store_true", help="ignore every configuration file")
    p.add_argument("--baseline", metavar="FILE", help="hide the findings recorded in this baseline")


def config_from_args(args) -> Config:
    """The configuration file's settings with the command line's on top. Raises ConfigError."""
    config = load_config(args.config, args.isolated)
    if args.select is not None:
        config.select = args.select
    if args.ignore is not None:
        config.ignore = args.ignore
    if args.fail_on is not None:
        config.fail_on = args.fail_on
    if args.baseline is not None:
        config.baseline = args.baseline
    config.validate()
    return config


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="korelint", description="Static analysis of Kore.ai XO bot dialogs.")
    p.add_argument("--version", action="version", version=f"korelint {__version__}")
    p.add_argument("--debug", action="store_true", help="show the traceback of an internal error")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = sub.add_parser("check", help="lint payloads and report findings",
                           description="Lint Kore.ai payloads: publish status, publish response, "
                                       "bot export (JSON or .zip), dialog export. '-' reads stdin.")
    check.add_argument("paths", nargs="*", metavar="PATH",
                       help="payload files ('-' for stdin); none: fetch the live bot (--bot-id or KORE_BOT_ID)")
    check.add_argument("--format", "-f", choices=sorted(REPORTERS), default="text")
    check.add_argument("-o", "--output", metavar="FILE", help="write the report here instead of stdout")
    add_lint_options(check)
    check.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 1, metavar="N",
                       help="analyse several inputs in N processes at once (default: the number of cores)")
    check.add_argument("--statistics", action="store_true",
                       help="print how many findings each rule has instead of the findings")
    check.add_argument("--write-baseline", metavar="FILE",
                       help="record the current findings as accepted (then --baseline FILE hides them)")
    check.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    live.add_fetch_options(check)

    report = sub.add_parser("report", help="write a self-contained HTML report with a drawing of every dialog")
    report_cmd.add_arguments(report)
    add_lint_options(report)
    live.add_fetch_options(report)

    live.add_fetch_command(sub)

    rules = sub.add_parser("rules", help="list the rules, or show one rule's documentation")
    rules.add_argument("rule", nargs="?", metavar="NAME|CODE")
    rules.add_argument("--format", "-f", choices=["text", "json"], default="text")
    rules.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    return p


def _printable(name: str) -> str:
    """A file name as one line of text, whatever characters it holds."""
    return name if name.isprintable() else repr(name)[1:-1]


def _err(message: str) -> None:
    sys.stderr.write(f"korelint: {one_line(message)}\n")


def _analyze_input(linter: Linter, path: str | Source, index: int, keep: bool):
    """(Analysis, None), or (None, the one-line error) when the input cannot be read."""
    given = path if isinstance(path, Source) else None  # the live bot's payload, already fetched
    # the name outputs show: a file name that is not UTF-8 cannot be written into JSON or XML
    shown = given.path if given else "<stdin>" if path == "-" else displayable(path)
    try:
        source = given or read(path)
        doc = parse(source.data, shown, lines=source.lines, container=source.container, stream=True)
    except (SourceError, PayloadError) as exc:
        return None, f"error: {_printable(shown)}: {exc}"
    return linter.analyze(doc, index, keep=keep), None


_WORKER_LINTER: Linter | None = None


def _worker(job: tuple[Config, str, int]):
    """Analyse one input in a worker process; only the summary and findings travel back."""
    global _WORKER_LINTER
    config, path, index = job
    if _WORKER_LINTER is None:
        gc.disable()
        _WORKER_LINTER = Linter(config)
    analysis, error = _analyze_input(_WORKER_LINTER, path, index, keep=False)
    return (None, None, error) if analysis is None else (analysis.summary, analysis.findings, None)


def _parallel(paths: list, config: Config, jobs: int):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=min(jobs, len(paths)), mp_context=context) as pool:
        yield from pool.map(_worker, [(config, p, i) for i, p in enumerate(paths)])


def run_analysis(paths: list[str | Source], config: Config, keep: bool = False,
                 use_baseline: bool = True, jobs: int = 1) -> tuple[Result, bool]:
    """Load and analyse every input. Returns the result and whether some input could not be read
    (its error is already on stderr). With keep, the analyses (documents, flows) are kept for
    reporters that draw. Several files are analysed in `jobs` processes at once."""
    linter = Linter(config)
    accepted = None
    if use_baseline and config.baseline:
        try:
            accepted = baseline.read(config.baseline)
        except baseline.BaselineError as exc:
            raise ConfigError(str(exc)) from None
    result = Result()
    failed = False
    files = [p for p in paths if isinstance(p, str) and p != "-"]
    if jobs > 1 and not keep and len(files) > 1 and len(files) == len(paths):
        outcomes = _parallel(paths, config, jobs)
    else:
        outcomes = ((a.summary, a.findings, a) if a else (None, None, e)
                    for a, e in (_analyze_input(linter, p, i, keep) for i, p in enumerate(paths)))
    for summary, findings, extra in outcomes:
        if summary is None:
            _err(extra)
            failed = True
            continue
        result.inputs.append(summary)
        result.findings.extend(findings)
        if keep:
            result.documents.append(extra)
    result.findings.sort(key=lambda f: f.order)
    if accepted is not None:
        result.findings, hidden = baseline.apply(result.findings, accepted)
        if hidden:
            _err(f"{hidden} finding(s) hidden by the baseline {config.baseline}")
    return result, failed


def write_report(reporter, result: Result, output: str | None) -> bool:
    """Write with the reporter to a file (atomically) or stdout (none, or `-`). False when the
    file failed."""
    if output and output != "-":
        try:
            with atomic_text(output) as fh:
                reporter(result, fh)
        except OSError as exc:
            _err(f"error: cannot write {output}: {exc.strerror or exc}")
            return False
    else:
        try:
            reporter(result, sys.stdout)
            sys.stdout.flush()
        except BrokenPipeError:
            # The reader went away (`korelint check ... | head`): what is left goes nowhere, and
            # the exit code still tells the findings (a CI step with pipefail must fail on them).
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return True


def live_input(args, command: str, given: bool) -> Source | None:
    """With no PATH given, the live bot's payload (--bot-id or KORE_BOT_ID). None when a PATH is
    given; raises live.FetchError (one line, no secret) when neither or the fetch fails."""
    if given:
        if getattr(args, "bot_id", None):
            raise live.FetchError(f"{command}: give a PATH or --bot-id, not both")
        return None
    if not live.wanted(args):
        raise live.FetchError(f"{command} needs a PATH ('-' for standard input), or a bot id "
                              "(--bot-id or KORE_BOT_ID) to lint the live bot")
    return live.source_from_args(args)


def cmd_check(args) -> int:
    try:
        config = config_from_args(args)
        fetched = live_input(args, "check", bool(args.paths))
    except (ConfigError, live.FetchError) as exc:
        _err(f"error: {exc}")
        return EXIT_ERROR
    if args.write_baseline is not None and not args.write_baseline.strip():
        _err("error: --write-baseline needs a file name")
        return EXIT_ERROR
    paths = [fetched] if fetched else args.paths
    result, failed = run_analysis(paths, config, use_baseline=not args.write_baseline,
                                  jobs=max(1, args.jobs))
    if failed and not result.inputs:
        return EXIT_ERROR  # nothing was read: no report that could pass for a clean one
    if args.write_baseline:
        try:
            baseline.write(args.write_baseline, result.findings)
        except OSError as exc:
            _err(f"error: cannot write {args.write_baseline}: {exc.strerror or exc}")
            return EXIT_ERROR
        _err(f"recorded {len(result.findings)} finding(s) in the baseline {args.write_baseline}")
        return EXIT_ERROR if failed else EXIT_OK
    reporter = statistics if args.statistics else REPORTERS[args.format]
    if not write_report(reporter, result, args.output):
        return EXIT_ERROR
    if failed:
        return EXIT_ERROR
    return EXIT_FINDINGS if result.fails(config.fail_on) else EXIT_OK


def cmd_report(args) -> int:
    """`report`, on the live bot's payload when no PATH is given."""
    try:
        config_from_args(args)  # a bad configuration fails before the fetch
        fetched = live_input(args, "report", bool(args.path))
    except (ConfigError, live.FetchError) as exc:
        _err(f"error: {exc}")
        return EXIT_ERROR
    if fetched:
        args.path = fetched  # run_analysis takes a Source where it takes a path
    return report_cmd.run(args)


def statistics(result: Result, stream) -> None:
    counts = Counter((f.rule, f.name, f.severity.value) for f in result.findings)
    for (code, name, severity), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        stream.write(f"{n:>6}  {code}  {name:<26} {severity}\n")
    stream.write(f"{sum(counts.values()):>6}  total\n")


def cmd_rules(args) -> int:
    rules = all_rules()
    if args.rule:
        rule = get(args.rule)
        if rule is None:
            _err(f"error: no rule {args.rule!r} (see `korelint rules`)")
            return EXIT_ERROR
        rules = [rule]
    if args.format == "json":
        entries = [{"code": r.code, "name": r.name, "severity": r.severity.value, "scope": r.scope,
                    "summary": r.summary, "documentation": r.doc} for r in rules]
        json.dump(entries[0] if args.rule else entries, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    elif args.rule:
        sys.stdout.write(f"{rules[0].code} {rules[0].name} ({rules[0].severity.value})\n\n{rules[0].doc}\n")
    else:
        for rule in rules:
            sys.stdout.write(f"{rule.code}  {rule.name:<26} {rule.severity.value:<8} {rule.summary}\n")
    return EXIT_OK


_OUTPUT_ERRORS = {errno.ENOSPC, errno.EIO, errno.EDQUOT, errno.EFBIG}


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # usage errors, --help, --version
        return exc.code if isinstance(exc.code, int) else EXIT_ERROR
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    # A short-lived process that builds millions of small acyclic objects: the cyclic garbage
    # collector would only rescan them (it doubled the run time on a 100 MB payload). Off for the
    # command, back on for a program that called main() and goes on.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return {"check": cmd_check, "rules": cmd_rules, "report": cmd_report,
                "fetch": live.cmd_fetch}[args.command](args)
    except ConfigError as exc:
        _err(f"error: {exc}")
        return EXIT_ERROR
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except BrokenPipeError:
        # The reader went away (`korelint check ... | head`): not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:  # an internal error: never a traceback unless asked for
        if isinstance(exc, OSError) and exc.filename is None and exc.errno in _OUTPUT_ERRORS:
            # Standard output failed (`> /dev/full`, a full disk, a quota): not a bug of ours.
            # What is still buffered goes nowhere, so that the exit does not fail again.
            _err(f"error: cannot write the output: {exc.strerror or exc}")
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            return EXIT_ERROR
        if args.debug or os.environ.get("KORELINT_DEBUG"):
            if isinstance(exc, live.InternalFetchError):
                sys.stderr.write(exc.trace)  # the redacted traceback of the original error
            else:
                traceback.print_exc()
        else:
            _err(f"internal error: {type(exc).__name__}: {exc}. Please report it; "
                 "run with --debug for the traceback.")
        return EXIT_ERROR
    finally:
        if collecting:
            gc.enable()
