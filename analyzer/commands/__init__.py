"""The commands: one module each, with `add_arguments(parser)` and `run(args) -> int`.

A command parses nothing itself and prints only its report and one-line messages: it builds
the configuration, runs the pipeline (load -> analyze) and hands the Result to a reporter.
What goes wrong is raised (CommandError, ConfigError, FetchError) and turned into exit code 2
by `analyzer.cli`, the one place that maps errors to exit codes.

A command's module is imported when the command runs (`module`), not to list the commands:
`korelint --version` or `korelint rules` must not pay for the others (issue 17).
"""
from __future__ import annotations

import importlib
from types import ModuleType

from .common import CommandError, Exit

# Each command and its one-line help, in the order `korelint --help` lists them.
COMMANDS: dict[str, str] = {
    "check": "lint payloads and report findings",
    "report": "write a self-contained HTML report with a drawing of every dialog",
    "diff": "what changed between two versions of a bot, and the findings it brings",
    "paths": "the fewest conversations that take every transition: a test plan per dialog",
    "fetch": "save the live publish-status response (or the export zip) of a bot",
    "rules": "list the rules, or show one rule's documentation",
}


def module(name: str) -> ModuleType:
    """The module of a command (`add_arguments`, `run`)."""
    return importlib.import_module(f"{__name__}.{name}")


__all__ = ["COMMANDS", "CommandError", "Exit", "module"]
