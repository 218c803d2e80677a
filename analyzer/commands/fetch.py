"""`korelint fetch`: save the live bot's publish-status response (stdout without -o)."""
from __future__ import annotations

import argparse
import sys

from .. import live
from ..output import atomic_bytes
from ..text import compact_line
from .common import CommandError, Exit, say
from .live_options import add_fetch_options


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.description = ("Save the Bot Publish Status API's response of the bot (stdout when no -o). "
                     "Nothing is written when the fetch fails.")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="write the payload here (atomically) instead of stdout")
    add_fetch_options(p, instead_of_path=False)


def run(args) -> int:
    settings = live.settings_from_args(args)
    fetched = live.fetch(settings)
    data = settings.redact.in_bytes(fetched.data)  # the payload byte for byte, but for our own secrets
    if not args.output or args.output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return Exit.OK
    try:
        atomic_bytes(args.output, data)
    except OSError as exc:
        raise CommandError(f"cannot write {args.output}: {exc.strerror or exc}") from None
    status = compact_line(fetched.status or "", 40) or "no status"
    pct = f", {fetched.percent:.0f}%" if fetched.percent is not None else ""
    say(f"saved the publish status of bot {settings.bot_id} ({status}{pct}) to {args.output}")
    return Exit.OK
