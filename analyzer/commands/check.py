"""`korelint check`: lint payloads and report the findings in one of the formats."""
from __future__ import annotations

import argparse
import functools

from ..reporters import REPORTERS, markdown
from ..workers import cores
from .common import CommandError, Exit, add_lint_options, config_from_args, say, tell, verdict, write_report
from .live_options import add_fetch_options, live_input


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.description = ("Lint Kore.ai payloads: publish status, publish response, bot export (JSON or "
                     ".zip), dialog export. '-' reads stdin.")
    p.add_argument("paths", nargs="*", metavar="PATH",
                   help="payload files ('-' for stdin); none: fetch the live bot (--bot-id or KORE_BOT_ID)")
    p.add_argument("--format", "-f", choices=sorted(REPORTERS), default="text",
                   help="text (default), json, sarif (code scanning), junit, github (annotations), "
                        "gitlab (Code Quality), markdown (a ticket or pull-request comment)")
    p.add_argument("-o", "--output", metavar="FILE", help="write the report here instead of stdout")
    p.add_argument("--max-chars", type=_max_chars, default=markdown.MAX_CHARS, metavar="N",
                   help="with --format markdown: at most N characters, for a comment (default: "
                        f"{markdown.MAX_CHARS:,}; 0: no limit); the summary table is never cut")
    add_lint_options(p)
    p.add_argument("--jobs", "-j", type=int, default=cores(), metavar="N",
                   help="analyse several inputs in N processes at once (default: the number of cores)")
    p.add_argument("--statistics", action="store_true",
                   help="print how many findings each rule has instead of the findings")
    p.add_argument("--write-baseline", metavar="FILE",
                   help="record the current findings as accepted (then --baseline FILE hides them)")
    add_fetch_options(p)


def _max_chars(value: str) -> int:
    try:
        n = int(value.replace(",", "").replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of characters: {value!r}") from None
    if n < 0:
        raise argparse.ArgumentTypeError("must be 0 (no limit) or more")
    return n


def run(args) -> int:
    from .. import baseline, pipeline  # the analysis, imported by the commands that run it
    from ..reporters import statistics as statistics_reporter

    config = config_from_args(args)
    fetched = live_input(args, "check", bool(args.paths))
    if args.write_baseline is not None and not args.write_baseline.strip():
        raise CommandError("--write-baseline needs a file name")
    outcome = pipeline.analyze([fetched] if fetched else args.paths, config,
                               use_baseline=not args.write_baseline, jobs=max(1, args.jobs))
    tell(outcome, config)
    result = outcome.result
    if outcome.errors and not result.inputs:
        return Exit.ERROR  # nothing was read: no report that could pass for a clean one
    if args.write_baseline:
        try:
            baseline.write(args.write_baseline, result.findings)
        except OSError as exc:
            raise CommandError(f"cannot write {args.write_baseline}: {exc.strerror or exc}") from None
        say(f"recorded {len(result.findings)} finding(s) in the baseline {args.write_baseline}")
        return Exit.ERROR if outcome.errors else Exit.OK
    reporter = statistics_reporter.report if args.statistics else REPORTERS[args.format]
    if reporter is markdown.report:
        reporter = functools.partial(markdown.report, max_chars=args.max_chars or None)
    write_report(reporter, result, args.output)
    return Exit.ERROR if outcome.errors else verdict(result, config.fail_on)
