"""`check --statistics`: how many findings each rule has, most first, instead of the findings."""
from __future__ import annotations

from collections import Counter
from typing import TextIO

from ..findings import Result


def report(result: Result, stream: TextIO) -> None:
    counts = Counter((f.rule, f.name, f.severity.value) for f in result.findings)
    for (code, name, severity), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        stream.write(f"{n:>6}  {code}  {name:<26} {severity}\n")
    stream.write(f"{sum(counts.values()):>6}  total\n")
