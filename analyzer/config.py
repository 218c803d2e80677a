"""What the user asked for: which rules, which severities, when to fail, what to skip.

Settings come from `[tool.korelint]` in pyproject.toml or a `.korelint.toml`, the closest one
found from the current directory upwards (`--config` names one, `--isolated` ignores them all);
command-line options override the file.
"""
from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .findings import FAIL_ON, Finding, Severity
from .text import did_you_mean

KEYS = {"select", "ignore", "fail-on", "severity", "exclude", "baseline"}


class ConfigError(Exception):
    """A usage or configuration error (exit 2)."""


@dataclass
class Config:
    # None: the default selection, every rule but those off by default (a rule's DEFAULT = False,
    # e.g. KL108); ALL (or naming the rule, or its prefix) turns those on.
    select: list[str] | None = None
    ignore: list[str] = field(default_factory=list)
    fail_on: str = "error"
    severity: dict[str, str] = field(default_factory=dict)  # rule code or name -> severity
    exclude: list[str] = field(default_factory=list)  # dialog-name globs, or "dialog:node" globs
    baseline: str | None = None
    source: str | None = None  # the file the settings came from

    def enabled(self) -> set[str]:
        from .rules import default_codes, resolve, suggestion  # the registry: not for `--version`

        if self.select is None:
            chosen, unknown = default_codes(), []
        elif not any(sel.strip() for sel in self.select):
            # `--select "$RULES"` with an empty variable would check nothing and pass every build.
            raise ConfigError("select names no rule (ALL selects every rule)")
        else:
            chosen, unknown = resolve(self.select)
        dropped, unknown_ignored = resolve(self.ignore)
        bad = unknown + unknown_ignored
        if bad:
            named = ", ".join(f"{b}{suggestion(b)}" for b in bad)
            raise ConfigError(f"unknown rule{'s' if len(bad) > 1 else ''}: {named} (see `korelint rules`)")
        return chosen - dropped

    def severities(self) -> dict[str, Severity]:
        from .rules import resolve, suggestion

        out = {}
        for key, value in self.severity.items():
            codes, unknown = resolve([key])
            if unknown:
                raise ConfigError(f"unknown rule in severity overrides: {key}{suggestion(key)}")
            try:
                sev = Severity(str(value).lower())
            except ValueError:
                raise ConfigError(f"unknown severity {value!r} for {key}: "
                                  "use error, warning or info") from None
            for code in codes:
                out[code] = sev
        return out

    def validate(self) -> None:
        if self.fail_on not in FAIL_ON:
            raise ConfigError(f"fail-on must be one of {', '.join(FAIL_ON)}, not {self.fail_on!r}")
        self.enabled()
        self.severities()

    def excluded(self, f: Finding) -> bool:
        for pattern in self.exclude:
            dialog_glob, sep, node_glob = pattern.partition(":")
            names = [n for n in (f.dialog, f.dialog_id) if n]
            if not any(fnmatch.fnmatchcase(n, dialog_glob) for n in names):
                continue
            if not sep or (f.node is not None and fnmatch.fnmatchcase(f.node, node_glob)):
                return True
        return False


def _strings(value: Any, key: str, where: str) -> list[str]:
    if isinstance(value, str):
        value = [v.strip() for v in value.split(",")]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where}: `{key}` must be a list of strings")
    return [v for v in value if v]


def _from_table(table: dict[str, Any], where: str, base: Path) -> Config:
    unknown = sorted(set(table) - KEYS)
    if unknown:
        named = ", ".join(f"{u}{did_you_mean(u, KEYS)}" for u in unknown)
        raise ConfigError(f"{where}: unknown setting{'s' if len(unknown) > 1 else ''} "
                          f"{named} (known: {', '.join(sorted(KEYS))})")
    config = Config(source=where)
    if "select" in table:
        config.select = _strings(table["select"], "select", where)
    if "ignore" in table:
        config.ignore = _strings(table["ignore"], "ignore", where)
    if "exclude" in table:
        config.exclude = _strings(table["exclude"], "exclude", where)
    if "fail-on" in table:
        config.fail_on = str(table["fail-on"])
    if "severity" in table:
        if not isinstance(table["severity"], dict):
            raise ConfigError(f"{where}: `severity` must be a table of rule = severity")
        config.severity = {str(k): str(v) for k, v in table["severity"].items()}
    if "baseline" in table:
        if not isinstance(table["baseline"], str):
            raise ConfigError(f"{where}: `baseline` must be a path")
        config.baseline = str(base / table["baseline"])
    try:
        config.validate()
    except ConfigError as exc:
        raise ConfigError(f"{where}: {exc}") from None
    return config


def _read_toml(path: Path) -> dict[str, Any]:
    import tomllib  # when a settings file is read (~8 ms)

    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise ConfigError(f"{path}: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not valid TOML: not UTF-8 text") from None
    except RecursionError:
        raise ConfigError(f"{path}: not valid TOML: nested too deeply") from None


def _table(path: Path) -> dict[str, Any] | None:
    """The korelint settings of a file, None when it has none (a pyproject without the table)."""
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("korelint") if isinstance(data.get("tool"), dict) else None
        if table is not None and not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.korelint] must be a table")
        return table
    tool = data.get("tool")
    if set(data) == {"tool"} and isinstance(tool, dict) and set(tool) == {"korelint"}:
        # A .korelint.toml may spell its settings as in pyproject.toml: [tool.korelint]
        if not isinstance(tool["korelint"], dict):
            raise ConfigError(f"{path}: [tool.korelint] must be a table")
        return tool["korelint"]
    return data


def discover(start: str | os.PathLike | None = None) -> Path | None:
    """The closest `.korelint.toml`, or pyproject.toml with [tool.korelint], from start upwards."""
    here = Path(start or os.getcwd()).resolve()
    for folder in (here, *here.parents):
        for name in (".korelint.toml", "pyproject.toml"):
            candidate = folder / name
            if candidate.is_file() and _table(candidate) is not None:
                return candidate
    return None


def load(path: str | None = None, isolated: bool = False, start: str | None = None) -> Config:
    """Settings from the named file, or the discovered one, or the defaults."""
    if isolated:
        return Config()
    found = Path(path) if path else discover(start)
    if found is None:
        return Config()
    if path and not found.is_file():
        raise ConfigError(f"{path}: no such configuration file")
    table = _table(found)
    if table is None:
        raise ConfigError(f"{found}: no [tool.korelint] table")
    return _from_table(table, str(found), found.resolve().parent)
