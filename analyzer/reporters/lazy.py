"""A table of reporters whose modules are imported when their format is first used: the command
line lists every format (`--format` choices) without importing jinja2 or the drawing for them."""
from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, MutableMapping
from typing import Any


class Reporters(MutableMapping[str, Callable[..., Any]]):
    """Format name -> the `report` function of a module of `package` (by its module name). A
    function set for a format (a test's stand-in) is used instead until it is deleted."""

    def __init__(self, package: str, modules: dict[str, str]):
        self._package = package
        self._modules = dict(modules)
        self._set: dict[str, Callable[..., Any]] = {}

    def __getitem__(self, name: str) -> Callable[..., Any]:
        if name in self._set:
            return self._set[name]
        return importlib.import_module(f"{self._package}.{self._modules[name]}").report

    def __setitem__(self, name: str, reporter: Callable[..., Any]) -> None:
        self._set[name] = reporter

    def __delitem__(self, name: str) -> None:
        if name in self._set:
            del self._set[name]  # the module's reporter again, if it has one
        else:
            del self._modules[name]

    def __iter__(self) -> Iterator[str]:
        return iter({**self._modules, **self._set})

    def __len__(self) -> int:
        return len({**self._modules, **self._set})
