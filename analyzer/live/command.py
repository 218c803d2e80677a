"""The command line of the live bot: its options (for `check`, `report` and `fetch`), the `fetch`
subcommand, and the fetched payload as a Source to lint."""
from __future__ import annotations

import argparse
import sys

from ..sources import Source
from ..text import compact_line as _printable
from .errors import FetchError
from .polling import fetch
from . import settings as _settings
from .settings import (DEFAULT_HOST, DEFAULT_POLL_INTERVAL, DEFAULT_RETRIES, DEFAULT_TIMEOUT,
                       DEFAULT_WAIT_TIMEOUT, settings_from_args)


def source_from_args(args) -> Source:
    """Fetch the live payload named by the options/environment, as a Source to lint."""
    settings = settings_from_args(args)
    fetched = fetch(settings)
    return Source(fetched.url, settings.redact.in_bytes(fetched.data), lines=True)


def _positive(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {value!r}") from None
    if not number > 0 or number != number or number == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds: {value!r}")
    return number


def _poll_interval(value: str) -> float:
    number = _positive(value)
    least = _settings.MIN_POLL_INTERVAL  # read when used (tests make it small)
    if number < least:
        raise argparse.ArgumentTypeError(f"must be at least {least:g} s (the API allows about 60 calls "
                                         f"a minute): {value!r}")
    return number


def _count(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if not 0 <= number <= 20:
        raise argparse.ArgumentTypeError(f"must be between 0 and 20: {value!r}")
    return number


def add_fetch_options(p: argparse.ArgumentParser, instead_of_path: bool = True) -> None:
    """The options naming the live bot and how to fetch it (each also from the environment)."""
    title = ("live bot (instead of a PATH; each option also from the environment)" if instead_of_path
             else "live bot (each option also from the environment)")
    g = p.add_argument_group(title)
    g.add_argument("--host", metavar="URL", help=f"the Kore.ai host, may carry a path prefix "
                                                 f"(KORE_HOST; default {DEFAULT_HOST})")
    g.add_argument("--bot-id", metavar="ID", help="the bot (stream) id, st-... (KORE_BOT_ID)")
    g.add_argument("--jwt", metavar="TOKEN", help="a JWT signed for the app (KORE_JWT)")
    g.add_argument("--client-id", metavar="ID", help="the app's client id, to sign the JWT (KORE_CLIENT_ID)")
    g.add_argument("--client-secret", metavar="SECRET",
                   help="the app's client secret (KORE_CLIENT_SECRET; prefer the environment: "
                        "a command line is visible to other users)")
    g.add_argument("--jwt-algorithm", choices=["HS256", "HS512"], default=None,
                   help="signing algorithm of the JWT (default HS256)")
    g.add_argument("--api-path-version", choices=["1.1"], default=None,
                   help="use /api/1.1/public/... (default: /api/public/..., then 1.1 on a 404)")
    g.add_argument("--ca-bundle", metavar="FILE", help="also trust this CA certificate file (PEM; KORE_CA_BUNDLE)")
    g.add_argument("--wait", action="store_true", help="poll while the publish is INPROGRESS")
    g.add_argument("--poll-interval", type=_poll_interval, default=None, metavar="S",
                   help=f"seconds between polls with --wait (default {DEFAULT_POLL_INTERVAL:g}, "
                        f"at least {_settings.MIN_POLL_INTERVAL:g})")
    g.add_argument("--timeout", type=_positive, default=None, metavar="S",
                   help=f"give up after S seconds in all (default {DEFAULT_TIMEOUT:g}, "
                        f"{DEFAULT_WAIT_TIMEOUT:g} with --wait)")
    g.add_argument("--retries", type=_count, default=None, metavar="N",
                   help=f"retries on 429, 5xx and connection errors (default {DEFAULT_RETRIES})")


def add_fetch_command(sub) -> argparse.ArgumentParser:
    p = sub.add_parser("fetch", help="save the live publish-status response of a bot",
                       description="Save the Bot Publish Status API's response of the bot (stdout when "
                                   "no -o). Nothing is written when the fetch fails.")
    p.add_argument("-o", "--output", metavar="FILE", help="write the payload here (atomically) instead of stdout")
    add_fetch_options(p, instead_of_path=False)
    p.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    return p


def cmd_fetch(args) -> int:
    from ..output import atomic_bytes

    try:
        settings = settings_from_args(args)
        fetched = fetch(settings)
    except FetchError as exc:
        sys.stderr.write(f"korelint: error: {exc}\n")
        return 2
    data = settings.redact.in_bytes(fetched.data)  # the payload byte for byte, but for our own secrets
    if args.output and args.output != "-":
        try:
            atomic_bytes(args.output, data)
        except OSError as exc:
            sys.stderr.write(f"korelint: error: cannot write {args.output}: {exc.strerror or exc}\n")
            return 2
        pct = fetched.percent
        sys.stderr.write(f"korelint: saved the publish status of bot {settings.bot_id} "
                         f"({_printable(fetched.status, 40) or 'no status'}"
                         + (f", {pct:.0f}%" if pct is not None else "") + f") to {args.output}\n")
    else:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0
