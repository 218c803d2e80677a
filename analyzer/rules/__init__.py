"""The rule registry: code/name -> rule. One module per rule, named after the rule.

A rule module defines CODE, NAME, SEVERITY (its default), SCOPE ("dialog", "document" or
"knowledge"), a docstring that is its documentation (first line: the summary) and
`check(context)`, a generator of Problems. `DEFAULT = False` leaves a rule out of the default
selection (a noisy, information-only rule): `--select ALL`, its code, name or prefix turn it on.
The linter, not the rule, assigns the final severity.
Rules never import the CLI, the reporters or the network.
"""
from __future__ import annotations

import importlib

from ..findings import Severity
from ..text import did_you_mean
from .base import SCOPES, Rule

_MODULES = (
    "malformed_payload",
    "dangling_target", "unreachable_node", "loop_without_exit", "auto_loop", "missing_entry",
    "duplicate_node_id", "empty_dialog", "implicit_end", "missing_component",
    "missing_default", "multiple_defaults", "duplicate_condition", "unconnected_branch",
    "malformed_condition", "unknown_operator", "condition_on_missing_node", "impossible_value",
    "value_without_operator", "always_true_branch", "dead_end_question", "placeholder_text",
    "button_branch_mismatch", "entity_not_yet_asked",
    "publish_failed", "publish_in_progress", "resource_failed", "not_approved", "unknown_status",
    "kg_dangling_parent", "kg_cycle",
    "hardcoded_secret", "insecure_endpoint",
    "missing_dialog_reference", "dialog_call_cycle",
)


def _load() -> dict[str, Rule]:
    rules = {}
    for name in _MODULES:
        module = importlib.import_module(f"{__name__}.{name}")
        rule = Rule(module.CODE, module.NAME, Severity(module.SEVERITY), module.SCOPE, module)
        assert rule.scope in SCOPES and rule.name.replace("-", "_") == name, name
        rules[rule.code] = rule
    return dict(sorted(rules.items()))


RULES: dict[str, Rule] = _load()
BY_NAME: dict[str, Rule] = {r.name: r for r in RULES.values()}


def all_rules() -> list[Rule]:
    return list(RULES.values())


def get(code_or_name: str) -> Rule | None:
    key = code_or_name.strip()
    return RULES.get(key.upper()) or BY_NAME.get(key.lower())


def default_codes() -> set[str]:
    """The codes checked when the user selects nothing."""
    return {code for code, rule in RULES.items() if rule.default}


def suggestion(selector: str) -> str:
    """` (did you mean 'implicit-end'?)` for an unknown rule selector, or "" (`text.did_you_mean`
    over the codes and names)."""
    return did_you_mean(selector, [*RULES, *BY_NAME])


def resolve(selectors: list[str]) -> tuple[set[str], list[str]]:
    """Codes matched by codes, names or code prefixes ("KL1"); and the selectors that match none."""
    codes, unknown = set(), []
    for sel in selectors:
        sel = sel.strip()
        if not sel:
            continue
        if sel.upper() == "ALL":
            codes |= set(RULES)
            continue
        rule = get(sel)
        prefix = sel[:2].upper() == "KL"
        matched = {rule.code} if rule else {c for c in RULES if prefix and c.startswith(sel.upper())}
        if matched:
            codes |= matched
        else:
            unknown.append(sel)
    return codes, unknown
