"""`--format gitlab`: GitLab Code Quality report (a JSON array of issues)."""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import TextIO

from ..findings import Result

SEVERITY = {"error": "major", "warning": "minor", "info": "info"}
# Problems that stop the bot from working at all rank above ordinary errors.
CRITICAL = {"KL001", "KL301"}


def report(result: Result, stream: TextIO) -> None:
    seen: Counter[str] = Counter()
    issues = []
    for f in result.findings:
        base = f"{f.path}\x1f{f.fingerprint}"
        seen[base] += 1
        # Identical problems (same rule, dialog, node, detail) stay distinct and stable by rank.
        fingerprint = hashlib.md5(f"{base}\x1f{seen[base]}".encode("utf-8", "surrogatepass")).hexdigest()
        issues.append({
            "type": "issue",
            "description": f"{f.rule} {f.name}: {f.message}",
            "check_name": f"{f.rule} {f.name}",
            "categories": ["Bug Risk"],
            "fingerprint": fingerprint,
            "severity": ("critical" if f.rule in CRITICAL and f.severity.value == "error"
                         else SEVERITY[f.severity.value]),
            "location": {"path": f.path, "lines": {"begin": f.line or 1}},
        })
    json.dump(issues, stream, indent=2, ensure_ascii=False)
    stream.write("\n")
