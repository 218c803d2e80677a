"""`korelint diff OLD NEW`: what changed between two versions of a bot, and the findings NEW
brings or fixes. Exit 1 when NEW brings a finding at or above --fail-on, 0 otherwise (also when
much changed), 2 when an input cannot be read."""
from __future__ import annotations

import argparse

from ..findings import FAIL_ON
from ..reporters.diff import DIFF_REPORTERS
from .common import CommandError, Exit, add_lint_options, config_from_args, say, write_report


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.description = ("Compare two Kore.ai payloads of one bot (any kinds korelint reads, also two "
                     "different ones; '-' reads stdin for one of them): dialogs, nodes, transitions "
                     "and component content that changed, and the findings NEW adds or fixes.")
    p.add_argument("old", metavar="OLD", help="the previous version (file, .zip or '-')")
    p.add_argument("new", metavar="NEW", help="the new version (file, .zip or '-')")
    p.add_argument("--format", "-f", choices=sorted(DIFF_REPORTERS), default="text",
                   help="output format (default: text)")
    p.add_argument("-o", "--output", metavar="FILE", help="write the report here instead of stdout")
    p.add_argument("--include-layout", action="store_true",
                   help="also report nodes moved on the canvas (left out by default: noise in a review)")
    add_lint_options(p)


def run(args) -> int:
    if args.old == "-" and args.new == "-":
        raise CommandError("only one of OLD and NEW can be read from stdin ('-')")
    from .. import pipeline  # the analysis, imported by the commands that run it

    config = config_from_args(args)
    config.baseline = None  # what NEW brings is the point: a baseline would hide it
    outcome = pipeline.diff(args.old, args.new, config, include_layout=args.include_layout,
                            keep=args.format == "html")
    for error in outcome.errors:
        say(f"error: {error}")
    if outcome.diff is None:
        return Exit.ERROR
    write_report(DIFF_REPORTERS[args.format], outcome.diff, args.output)
    return Exit.FINDINGS if outcome.diff.fails(config.fail_on, FAIL_ON) else Exit.OK
