"""--wait's progress display on stderr (rich is imported when the bar is first shown)."""
from __future__ import annotations

import sys

from .responses import Fetched


class _Progress:
    """--wait's progress on stderr: a rich bar on a terminal, plain lines otherwise."""

    def __init__(self, bot_id: str, stream=None, tty: bool | None = None):
        self.stream = stream if stream is not None else sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self.bot_id, self.last, self.bar, self.task = bot_id, None, None, None

    def update(self, fetched: Fetched) -> None:
        pct = fetched.percent
        if self.tty:
            if self.bar is None:
                from rich.console import Console
                from rich.progress import (
                    BarColumn,
                    Progress,
                    TaskProgressColumn,
                    TextColumn,
                    TimeElapsedColumn,
                )

                console = Console(file=self.stream, force_terminal=True)
                self.bar = Progress(TextColumn(f"[bold]publishing {self.bot_id}"), BarColumn(),
                                    TaskProgressColumn(), TimeElapsedColumn(), console=console,
                                    transient=True)
                self.bar.start()
                self.task = self.bar.add_task("", total=100)
            self.bar.update(self.task, completed=pct or 0)
            return
        shown = "?" if pct is None else f"{pct:.0f}%"
        if shown != self.last:
            self.stream.write(f"korelint: bot {self.bot_id}: publish in progress, {shown}\n")
            self.stream.flush()
            self.last = shown

    def note(self, line: str) -> None:
        """A message line; above the bar while it is shown."""
        if self.bar is not None:
            self.bar.console.print(line, markup=False, highlight=False, soft_wrap=True)
        else:
            self.stream.write(line + "\n")
            self.stream.flush()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None
