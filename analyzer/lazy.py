"""Names a package re-exports, imported from their modules on first use (PEP 562): importing a
light module of the package does not load the heavy ones (issue 17). Stdlib only."""
from __future__ import annotations

import importlib
import importlib.util
import sys
from collections.abc import Callable
from typing import Any


def exports(package: str, homes: dict[str, tuple[str, ...]]) -> Callable[[str], Any]:
    """The package's `__getattr__`: `homes` maps each of its modules to the names it defines; a
    submodule not imported yet is found too (`live.settings`, as a normal package would)."""
    home_of = {name: module for module, names in homes.items() for name in names}

    def __getattr__(name: str) -> Any:
        home = home_of.get(name)
        if home is not None:
            value = getattr(importlib.import_module(f"{package}.{home}"), name)
            setattr(sys.modules[package], name, value)  # once
            return value
        if not name.startswith("_") and importlib.util.find_spec(f"{package}.{name}") is not None:
            return importlib.import_module(f"{package}.{name}")
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__
