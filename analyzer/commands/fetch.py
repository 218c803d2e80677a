"""`korelint fetch`: save the live bot's publish-status response, or with `--export latest|published`
its export zip (stdout without -o or with `-o -`)."""
from __future__ import annotations

import argparse
import sys

from .. import live
from ..output import atomic_bytes
from ..text import compact_line
from .common import CommandError, Exit, say
from .live_options import add_fetch_options, check_export_options


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.description = ("Save the Bot Publish Status API's response of the bot, or with --export the zip of "
                     "the Bot Export API (stdout when no -o). Nothing is written when the fetch fails.")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="write the payload here (atomically) instead of stdout")
    add_fetch_options(p, instead_of_path=False)


def run(args) -> int:
    check_export_options(args, bool(args.export))
    if args.export and not args.output and _terminal(sys.stdout):  # -o - still says "stdout"
        raise CommandError("the export is a zip: give -o FILE (or -o - to write it to stdout anyway)")
    settings = live.settings_from_args(args)
    if args.export:
        exported = live.fetch_export(settings, args.export, args.dialogs)
        if _write(args.output, exported.data):
            say(f"saved the {args.export} export of bot {settings.bot_id} ({len(exported.data)} bytes) "
                f"to {args.output}")
        return Exit.OK
    fetched = live.fetch(settings)
    data = settings.redact.in_bytes(fetched.data)  # the payload byte for byte, but for our own secrets
    if not _write(args.output, data):
        return Exit.OK
    status = compact_line(fetched.status or "", 40) or "no status"
    pct = f", {fetched.percent:.0f}%" if fetched.percent is not None else ""
    say(f"saved the publish status of bot {settings.bot_id} ({status}{pct}) to {args.output}")
    return Exit.OK


def _terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or replaced stream
        return False


def _write(output: str | None, data: bytes) -> bool:
    """To the file atomically (True), or to stdout without -o or with `-o -` (False)."""
    if not output or output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return False
    try:
        atomic_bytes(output, data)
    except OSError as exc:
        raise CommandError(f"cannot write {output}: {exc.strerror or exc}") from None
    return True
