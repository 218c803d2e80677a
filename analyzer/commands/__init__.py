"""The commands: one module each, with `HELP`, `add_arguments(parser)` and `run(args) -> int`.

A command parses nothing itself and prints only its report and one-line messages: it builds
the configuration, runs the pipeline (load -> analyze) and hands the Result to a reporter.
What goes wrong is raised (CommandError, ConfigError, FetchError) and turned into exit code 2
by `analyzer.cli`, the one place that maps errors to exit codes.
"""
from __future__ import annotations

from types import ModuleType

from . import check, diff, fetch, paths, report, rules
from .common import CommandError, Exit

# The order `korelint --help` lists them in.
COMMANDS: dict[str, ModuleType] = {"check": check, "report": report, "diff": diff, "paths": paths,
                                   "fetch": fetch, "rules": rules}

__all__ = ["COMMANDS", "CommandError", "Exit"]
