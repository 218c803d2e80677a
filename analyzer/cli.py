"""The command line: dispatch to a command of `analyzer.commands`, map what goes wrong to an exit
code, and set the process-wide policies (the garbage collector, a closed stdout, Ctrl-C).

Exit codes: 0 no finding at or above --fail-on, 1 findings at or above it, 2 a usage error, an
input that cannot be read, an output that cannot be written, or an internal error (one line
asking to report it; --debug or KORELINT_DEBUG=1 prints its traceback).
"""
from __future__ import annotations

import argparse
import errno
import gc
import os
import re
import sys

from . import commands
from .commands import COMMANDS, CommandError, Exit
from .commands.common import discard_stdout, say
from .live.errors import FetchError, InternalFetchError
from .text import did_you_mean, one_line
from .version import __version__


def user_errors() -> tuple[type[Exception], ...]:
    """Errors the user fixes, each one line on stderr and exit 2 (their messages are safe to show:
    FetchError's are redacted of the client secret and the JWT)."""
    from .config import ConfigError  # imported by the commands that read a configuration

    return (CommandError, ConfigError, FetchError)


# Standard output failed (`> /dev/full`, a full disk, a quota): not a bug of korelint.
_OUTPUT_ERRNOS = {errno.ENOSPC, errno.EIO, errno.EDQUOT, errno.EFBIG}


_INVALID_CHOICE = re.compile(r"invalid choice: '(.*)' \(choose from (.*)\)$", re.S)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # usage errors: one line and exit 2, as argparse does
        self.exit(Exit.ERROR, f"korelint: error: {one_line(message + self._hint(message))}\n"
                              "(see `korelint --help`)\n")

    def _hint(self, message: str) -> str:
        """` (did you mean ...?)` for an unknown command, choice or option (`korelint chek`)."""
        choice = _INVALID_CHOICE.search(message)
        if choice:
            return did_you_mean(choice.group(1), re.findall(r"'([^']*)'", choice.group(2)))
        if message.startswith("unrecognized arguments: "):
            # the root parser reports them: the options of every command are candidates
            subs = [a for a in self._actions if isinstance(a, argparse._SubParsersAction)]
            for sub in subs:  # every command's options (only the chosen command's were added)
                for name, parser in sub.choices.items():
                    if getattr(parser, "pending", False):
                        commands.module(name).add_arguments(parser)
                        parser.pending = False
            actions = [*self._actions, *(a for sub in subs for p in sub.choices.values() for a in p._actions)]
            options = sorted({o for a in actions for o in a.option_strings if o.startswith("--")})
            for word in message.removeprefix("unrecognized arguments: ").split():
                if word.startswith("--"):
                    word = word.split("=", 1)[0]
                    owners = [name for sub in subs for name, p in sub.choices.items()
                              if any(word in a.option_strings for a in p._actions)]
                    if owners:  # an option of another command: not a typo
                        return f" ({word} is an option of {', '.join(sorted(set(owners)))})"
                    return did_you_mean(word, options)
        return ""


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; with `only`, the options of that command alone (the others'
    modules are not imported: `korelint rules` does not load what `report` needs)."""
    parser = _Parser(prog="korelint", description="Static analysis of Kore.ai XO bot dialogs.")
    parser.add_argument("--version", action="version", version=f"korelint {__version__}")
    parser.add_argument("--debug", action="store_true", help="show the traceback of an internal error")
    # --debug is also accepted after the command (`korelint check --debug x.json`), unlisted there.
    debug = argparse.ArgumentParser(add_help=False)
    debug.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, help_text in COMMANDS.items():
        command = sub.add_parser(name, help=help_text, parents=[debug])
        if only is None or name == only:
            commands.module(name).add_arguments(command)
        else:
            command.pending = True  # its options are added when an error message needs them
    return parser


def _command_word(argv: list[str]) -> str | None:
    """The command argv names (the first word not an option: the root parser's options take no
    value), when it is one; None otherwise (then argparse says what is wrong)."""
    word = next((a for a in argv if not a.startswith("-")), None)
    return word if word in COMMANDS else None


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(only=_command_word(argv) or "")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # usage errors, --help, --version
        return exc.code if isinstance(exc.code, int) else Exit.ERROR
    if args.command is None:
        parser.print_help(sys.stderr)
        return Exit.ERROR
    # A short-lived process that builds millions of small acyclic objects: the cyclic garbage
    # collector would only rescan them (it doubled the run time on a 100 MB payload). Off for the
    # command, back on for a program that called main() and goes on.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return int(commands.module(args.command).run(args))
    except KeyboardInterrupt:
        say("interrupted")
        return Exit.INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`korelint check ... | head`): not an error of ours.
        discard_stdout()
        return Exit.OK
    except Exception as exc:  # an internal error: never a traceback unless asked for
        if isinstance(exc, user_errors()):
            say(f"error: {exc}")
            return Exit.ERROR
        if isinstance(exc, OSError) and exc.filename is None and exc.errno in _OUTPUT_ERRNOS:
            say(f"error: cannot write the output: {exc.strerror or exc}")
            discard_stdout()
            return Exit.ERROR
        if args.debug or os.environ.get("KORELINT_DEBUG"):
            if isinstance(exc, InternalFetchError):
                sys.stderr.write(exc.trace)  # the redacted traceback of the original error
            else:
                import traceback

                traceback.print_exc()
        else:
            say(f"internal error: {type(exc).__name__}: {exc}. Please report it; "
                "run with --debug for the traceback.")
        return Exit.ERROR
    finally:
        if collecting:
            gc.enable()


def console() -> int:
    """The `korelint` program (its console script, `python -m analyzer`): main(), leaving the
    analysis to the operating system. main() turns the cyclic collector back on for a caller
    that goes on; a program about to exit would then have its first allocation, or the
    interpreter's last collection, walk the whole analysis to free it object by object (0.2 s
    of a 3 s report of 300 dialogs). Frozen, the collector skips it; the exit is otherwise the
    usual one (streams flushed, exit handlers run)."""
    gc.disable()
    try:
        return main()
    finally:
        gc.freeze()
