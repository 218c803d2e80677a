"""`diff --format json`: the changes and the findings NEW adds or fixes (issue 14's shape)."""
from __future__ import annotations

import json
from typing import TextIO

from ...diff.model import Diff
from ...version import __version__


def document(diff: Diff) -> dict:
    return {
        "tool": {"name": "korelint", "version": __version__},
        "old": diff.old.to_dict(),
        "new": diff.new.to_dict(),
        "summary": diff.summary(),
        "dialogs": [d.to_dict() for d in diff.dialogs],
        "findings": {"new": [f.to_dict() for f in diff.new_findings],
                     "fixed": [f.to_dict() for f in diff.fixed_findings],
                     "unchanged": diff.unchanged_findings},
    }


def report(diff: Diff, stream: TextIO) -> None:
    json.dump(document(diff), stream, indent=2, ensure_ascii=False)
    stream.write("\n")
