"""What the user asked for: which rules, which severities, when to fail."""
from __future__ import annotations

from dataclasses import dataclass, field

from .findings import FAIL_ON, Severity
from .rules import RULES, resolve


class ConfigError(Exception):
    """A usage or configuration error (exit 2)."""


@dataclass
class Config:
    select: list[str] = field(default_factory=lambda: ["ALL"])
    ignore: list[str] = field(default_factory=list)
    fail_on: str = "error"
    severity: dict[str, str] = field(default_factory=dict)  # rule code or name -> severity

    def enabled(self) -> set[str]:
        chosen, unknown = resolve(self.select)
        dropped, unknown_ignored = resolve(self.ignore)
        bad = unknown + unknown_ignored
        if bad:
            raise ConfigError(f"unknown rule{'s' if len(bad) > 1 else ''}: {', '.join(bad)} "
                              "(see `korelint rules`)")
        return chosen - dropped

    def severities(self) -> dict[str, Severity]:
        out = {}
        for key, value in self.severity.items():
            codes, unknown = resolve([key])
            if unknown:
                raise ConfigError(f"unknown rule in severity overrides: {key}")
            try:
                sev = Severity(str(value).lower())
            except ValueError:
                raise ConfigError(f"unknown severity {value!r} for {key}: use error, warning or info") from None
            for code in codes:
                out[code] = sev
        return out

    def validate(self) -> None:
        if self.fail_on not in FAIL_ON:
            raise ConfigError(f"--fail-on must be one of {', '.join(FAIL_ON)}, not {self.fail_on!r}")
        self.enabled()
        self.severities()


__all__ = ["Config", "ConfigError", "RULES"]
