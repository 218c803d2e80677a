"""`korelint diff OLD NEW`: what changed between two versions of a bot, and the findings NEW
brings or fixes. Exit 1 when NEW brings a finding at or above --fail-on, 0 otherwise (also when
much changed), 2 when an input cannot be read.

`diff --live` compares the live bot's two exports (Bot Export API): `published` as OLD, `latest`
(in development) as NEW, i.e. what publishing would change and the findings it would bring."""
from __future__ import annotations

import argparse

from ..findings import FAIL_ON
from ..reporters.diff import DIFF_REPORTERS
from .common import CommandError, Exit, add_lint_options, config_from_args, say, write_report
from .live_options import add_fetch_options, exported_source


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.description = ("Compare two Kore.ai payloads of one bot (any kinds korelint reads, also two "
                     "different ones; '-' reads stdin for one of them): dialogs, nodes, transitions "
                     "and component content that changed, and the findings NEW adds or fixes.")
    p.add_argument("old", metavar="OLD", nargs="?", help="the previous version (file, .zip or '-')")
    p.add_argument("new", metavar="NEW", nargs="?", help="the new version (file, .zip or '-')")
    p.add_argument("--live", action="store_true",
                   help="instead of OLD and NEW: export the live bot (--bot-id or KORE_BOT_ID) as "
                        "published (OLD) and latest (NEW): what the next publish changes")
    p.add_argument("--format", "-f", choices=sorted(DIFF_REPORTERS), default="text",
                   help="output format (default: text)")
    p.add_argument("-o", "--output", metavar="FILE", help="write the report here instead of stdout")
    p.add_argument("--include-layout", action="store_true",
                   help="also report nodes moved on the canvas (left out by default: noise in a review)")
    add_lint_options(p)
    add_fetch_options(p, export=False)


def run(args) -> int:
    if args.live and (args.old is not None or args.new is not None):
        raise CommandError("diff --live exports both versions itself: give no OLD or NEW")
    if not args.live and (args.old is None or args.new is None):
        raise CommandError("diff needs OLD and NEW (or --live, to compare the live bot's "
                           "published and latest versions)")
    if not args.live and (args.bot_id or args.dialogs):
        raise CommandError("--bot-id and --dialogs go with diff --live")
    if args.old == "-" and args.new == "-":
        raise CommandError("only one of OLD and NEW can be read from stdin ('-')")
    from .. import pipeline  # the analysis, imported by the commands that run it

    config = config_from_args(args)
    config.baseline = None  # what NEW brings is the point: a baseline would hide it
    old, new = args.old, args.new
    if args.live:  # one after the other: the status API tells only the bot's latest export request
        old, new = exported_source(args, "published"), exported_source(args, "latest")
    outcome = pipeline.diff(old, new, config, include_layout=args.include_layout,
                            keep=args.format == "html")
    for error in outcome.errors:
        say(f"error: {error}")
    if outcome.diff is None:
        return Exit.ERROR
    write_report(DIFF_REPORTERS[args.format], outcome.diff, args.output)
    return Exit.FINDINGS if outcome.diff.fails(config.fail_on, FAIL_ON) else Exit.OK
