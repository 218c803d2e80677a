"""Baselines: accepted findings recorded by fingerprint, so CI fails only on new ones.

A fingerprint is the rule, the dialog (id, else name), the node and what distinguishes the
problem (a target id, a condition), never the line: reformatting or moving things keeps it.
Counts are kept per fingerprint, so a second identical problem is still new.
"""
from __future__ import annotations

import json
import os
import stat
from collections import Counter

from .findings import Finding
from .output import atomic_text
from .version import __version__


class BaselineError(Exception):
    pass


def write(path: str, findings: list[Finding]) -> None:
    entries = [{"fingerprint": f.fingerprint, "rule": f.rule, "name": f.name, "dialog": f.dialog,
                "node": f.node, "message": f.message} for f in findings]
    with atomic_text(path) as fh:
        json.dump({"tool": "korelint", "version": __version__, "baseline": 1, "findings": entries},
                  fh, indent=2, ensure_ascii=False)
        fh.write("\n")


# A baseline holds ~150 bytes a finding: this is millions of findings. The path may come from
# the configuration of the repository under review: /dev/zero must not be read to the end.
MAX_BASELINE_BYTES = 256 * 1024**2


def read(path: str) -> Counter[str]:
    try:
        # Looked at before it is opened: opening a FIFO would wait for a writer.
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise BaselineError(f"{path}: not a korelint baseline: not a regular file")
        with open(path, "rb") as fh:
            raw = fh.read(MAX_BASELINE_BYTES + 1)
        if len(raw) > MAX_BASELINE_BYTES:
            raise BaselineError(f"{path}: not a korelint baseline: larger than {MAX_BASELINE_BYTES} bytes")
        data = json.loads(raw.decode("utf-8"))
    except BaselineError:
        raise
    except FileNotFoundError:
        raise BaselineError(f"{path}: no such baseline file (create it with --write-baseline)") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise BaselineError(f"{path}: not a korelint baseline: {exc}") from None
    except RecursionError:
        raise BaselineError(f"{path}: not a korelint baseline: nested too deeply") from None
    if not isinstance(data, dict) or data.get("baseline") != 1 or not isinstance(data.get("findings"), list):
        raise BaselineError(f"{path}: not a korelint baseline")
    entries = data["findings"]
    return Counter(e["fingerprint"] for e in entries
                   if isinstance(e, dict) and isinstance(e.get("fingerprint"), str))


def apply(findings: list[Finding], accepted: Counter[str]) -> tuple[list[Finding], int]:
    """The findings not in the baseline, and how many were hidden."""
    left = Counter(accepted)
    kept, hidden = [], 0
    for f in findings:
        if left[f.fingerprint] > 0:
            left[f.fingerprint] -= 1
            hidden += 1
        else:
            kept.append(f)
    return kept, hidden
