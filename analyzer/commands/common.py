"""What the commands share: exit codes, the error they raise, messages on stderr, the lint
options and the configuration they build, and writing a report to a file or stdout."""
from __future__ import annotations

import argparse
import enum
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from ..text import one_line

if TYPE_CHECKING:  # imported where used: `--version` and `rules` need none of them
    from ..config import Config
    from ..findings import Result
    from ..pipeline import Outcome


class Exit(enum.IntEnum):
    """The exit codes of every command."""

    OK = 0  # no finding at or above --fail-on
    FINDINGS = 1  # findings at or above --fail-on
    ERROR = 2  # a usage error, an input that cannot be read, an output that cannot be written
    INTERRUPTED = 130  # Ctrl-C


class CommandError(Exception):
    """What the user must fix (an option, a file that cannot be written): one line, exit 2."""


def say(message: str) -> None:
    """One line on stderr: stdout carries only the report."""
    sys.stderr.write(f"korelint: {one_line(message)}\n")


def verdict(result: Result, fail_on: str) -> Exit:
    return Exit.FINDINGS if result.fails(fail_on) else Exit.OK


def tell(outcome: Outcome, config: Config) -> None:
    """The files a directory walk skipped, the inputs that could not be read and what the baseline
    hid, in that order."""
    for skipped in outcome.skipped:
        say(f"note: skipped {skipped}")
    for error in outcome.errors:
        say(f"error: {error}")
    if outcome.hidden:
        say(f"{outcome.hidden} finding(s) hidden by the baseline {config.baseline}")


# -- the lint options -------------------------------------------------------------------------


def _csv(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()]


def add_lint_options(p: argparse.ArgumentParser) -> None:
    """Options every linting command shares; each overrides the configuration file."""
    from ..findings import FAIL_ON

    p.add_argument("--fail-on", choices=list(FAIL_ON), default=None,
                   help="exit 1 when a finding is at least this severe (default: error)")
    # action="extend": `--select KL501 --select KL102` is both, as `--select KL501,KL102`
    p.add_argument("--select", type=_csv, action="extend", default=None, metavar="R,..",
                   help="only these rules (codes, names or prefixes such as KL1; repeat it or separate by "
                        "commas)")
    p.add_argument("--ignore", type=_csv, action="extend", default=None, metavar="R,..",
                   help="skip these rules (repeat or separate by commas)")
    p.add_argument("--config", metavar="FILE", help="settings file (default: the closest .korelint.toml "
                                                   "or pyproject.toml with [tool.korelint])")
    p.add_argument("--isolated", action="store_true", help="ignore every configuration file")
    p.add_argument("--baseline", metavar="FILE", help="hide the findings recorded in this baseline")


def config_from_args(args) -> Config:
    """The configuration file's settings with the command line's on top. Raises ConfigError."""
    from ..config import load as load_config

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


# -- writing ----------------------------------------------------------------------------------


def write_report(reporter: Callable[[Result, TextIO], None], result: Result, output: str | None) -> None:
    """Write with the reporter to a file (atomically) or stdout (none, or `-`). Raises
    CommandError when the file cannot be written."""
    if output and output != "-":
        from ..output import atomic_text

        try:
            with atomic_text(output) as fh:
                reporter(result, fh)
        except OSError as exc:
            raise CommandError(f"cannot write {output}: {exc.strerror or exc}") from None
        return
    try:
        reporter(result, sys.stdout)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (`korelint check ... | head`): what is left goes nowhere, and
        # the exit code still tells the findings (a CI step with pipefail must fail on them).
        discard_stdout()


def discard_stdout() -> None:
    """Point stdout at /dev/null: what is still buffered goes nowhere, and the exit does not fail
    again on a reader that went away or a full disk."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
