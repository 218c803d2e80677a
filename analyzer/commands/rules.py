"""`korelint rules`: list the rules, or print one rule's documentation."""
from __future__ import annotations

import argparse
import json
import sys

from .common import CommandError, Exit


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("rule", nargs="?", metavar="NAME|CODE|PREFIX",
                   help="one rule's documentation; a code prefix (KL1) lists those rules")
    p.add_argument("--format", "-f", choices=["text", "json"], default="text",
                   help="text (default) or json (every field, for scripts)")


def run(args) -> int:
    from .. import rules as registry  # not for the other commands' parsers

    rules = registry.all_rules()
    one = False
    if args.rule:
        rule = registry.get(args.rule)
        if rule is not None:
            rules, one = [rule], True
        else:  # a prefix, as `--select` takes them: `KL1` lists the KL1xx rules
            codes, _ = registry.resolve([args.rule]) if args.rule.strip().upper() != "ALL" else ((), ())
            rules = [r for r in rules if r.code in codes]
            if not rules:
                raise CommandError(f"no rule {args.rule!r}{registry.suggestion(args.rule)} "
                                   "(see `korelint rules`)")
    if args.format == "json":
        entries = [{"code": r.code, "name": r.name, "severity": r.severity.value, "scope": r.scope,
                    "default": r.default, "summary": r.summary, "documentation": r.doc} for r in rules]
        json.dump(entries[0] if one else entries, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    elif one:
        off = ", off by default: --select it" if not rules[0].default else ""
        sys.stdout.write(f"{rules[0].code} {rules[0].name} ({rules[0].severity.value}{off})\n\n"
                         f"{rules[0].doc}\n")
    else:
        for rule in rules:
            off = " (off by default)" if not rule.default else ""
            sys.stdout.write(f"{rule.code}  {rule.name:<26} {rule.severity.value:<8} {rule.summary}{off}\n")
    return Exit.OK
