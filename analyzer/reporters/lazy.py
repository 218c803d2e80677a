"""A table of reporters whose modules are imported when their format is first used: the command
line lists every format (`--format` choices) without importing jinja2 or the drawing for them."""
from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, Mapping
from typing import Any


class Reporters(Mapping[str, Callable[..., Any]]):
    """Format name -> the `report` function of a module of `package` (by its module name)."""

    def __init__(self, package: str, modules: dict[str, str]):
        self._package = package
        self._modules = modules

    def __getitem__(self, name: str) -> Callable[..., Any]:
        return importlib.import_module(f"{self._package}.{self._modules[name]}").report

    def __iter__(self) -> Iterator[str]:
        return iter(self._modules)

    def __len__(self) -> int:
        return len(self._modules)
