"""The options naming the live bot (for `check`, `report`, `fetch` and `diff --live`), and its
payload fetched as an input to lint when no PATH is given: the publish status, or with `--export`
the bot as the Bot Export API has it. The HTTP client itself is `analyzer.live`."""
from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from .. import live  # lazy (analyzer/live/__init__.py): httpx is imported by a fetch only
from ..live import settings as live_settings

if TYPE_CHECKING:
    from ..sources import Source


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
    least = live_settings.MIN_POLL_INTERVAL  # read when used (tests make it small)
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


def _names(value: str) -> list[str]:
    names = [v.strip() for v in value.split(",") if v.strip()]
    if not names:
        raise argparse.ArgumentTypeError("needs at least one dialog name")
    return names


def add_fetch_options(p: argparse.ArgumentParser, instead_of_path: bool = True, export: bool = True) -> None:
    """The options naming the live bot and how to fetch it (each also from the environment).
    Without `export`, no --export (`diff --live` exports both kinds itself)."""
    title = ("live bot (instead of a PATH; each option also from the environment)" if instead_of_path
             else "live bot (each option also from the environment)")
    g = p.add_argument_group(title)
    g.add_argument("--host", metavar="URL", help=f"the Kore.ai host, may carry a path prefix "
                                                 f"(KORE_HOST; default {live_settings.DEFAULT_HOST})")
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
    g.add_argument("--ca-bundle", metavar="FILE",
                   help="also trust this CA certificate file (PEM; KORE_CA_BUNDLE)")
    if export:
        g.add_argument("--export", choices=list(live.EXPORT_TYPES), default=None,
                       help="the bot as the Bot Export API has it instead of the publish status: latest "
                            "(in development, before release) or published (a zip)")
    g.add_argument("--dialogs", type=_names, action="extend", default=None, metavar="NAME,..",
                   help="with --export or --live: export only these dialogs (and the tasks they use)")
    g.add_argument("--wait", action="store_true", help="poll while the publish is INPROGRESS")
    g.add_argument("--poll-interval", type=_poll_interval, default=None, metavar="S",
                   help=f"seconds between polls with --wait or of an export (default "
                        f"{live_settings.DEFAULT_POLL_INTERVAL:g}, "
                        f"at least {live_settings.MIN_POLL_INTERVAL:g})")
    g.add_argument("--timeout", type=_positive, default=None, metavar="S",
                   help=f"give up after S seconds in all (default {live_settings.DEFAULT_TIMEOUT:g}, "
                        f"{live_settings.DEFAULT_WAIT_TIMEOUT:g} with --wait, "
                        f"{live_settings.DEFAULT_EXPORT_TIMEOUT:g} for an export)")
    g.add_argument("--retries", type=_count, default=None, metavar="N",
                   help="retries on 429, 5xx and connection errors "
                        f"(default {live_settings.DEFAULT_RETRIES})")


def check_export_options(args, live_wanted: bool) -> None:
    """--dialogs only with an export. Raises live.FetchError."""
    if getattr(args, "dialogs", None) and not live_wanted:
        raise live.FetchError("--dialogs selects the dialogs of an export: give it with --export "
                              "(or diff --live)")


def exported_source(args, export_type: str) -> Source:
    """The bot as the Bot Export API has it (`latest` or `published`): its botDefinition.json."""
    settings = live.settings_from_args(args)
    return live.fetch_export(settings, export_type, getattr(args, "dialogs", None)).source


def fetched_source(args) -> Source:
    """Fetch the live payload named by the options/environment, as a Source to lint (redacted of
    korelint's own secrets, should the server echo them)."""
    from ..sources import Source

    check_export_options(args, bool(getattr(args, "export", None)))
    if getattr(args, "export", None):
        return exported_source(args, args.export)
    settings = live.settings_from_args(args)
    fetched = live.fetch(settings)
    return Source(fetched.url, settings.redact.in_bytes(fetched.data), lines=True)


def live_input(args, command: str, given: bool) -> Source | None:
    """With no PATH given, the live bot's payload (--bot-id or KORE_BOT_ID). None when a PATH is
    given; raises live.FetchError (one line, no secret) when neither or the fetch fails."""
    if given:
        if getattr(args, "bot_id", None) or getattr(args, "export", None):
            raise live.FetchError(f"{command}: give a PATH or --bot-id/--export, not both")
        check_export_options(args, False)
        return None
    if not live.wanted(args):
        raise live.FetchError(f"{command} needs a PATH ('-' for standard input), or a bot id "
                              "(--bot-id or KORE_BOT_ID) to lint the live bot")
    return fetched_source(args)
