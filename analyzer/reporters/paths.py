"""`korelint paths` output: the test plans (analyzer.paths.plan) as text, markdown, JSON or CSV.
Each writes to the stream it is given; FORMATS drives `--format`."""
from __future__ import annotations

import csv
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:  # the plans' classes need the flow (networkx): not for `korelint --help`
    from ..paths.plan import DialogPlan
from ..version import __version__

EXITS = {"end": "the dialog ends", "not-connected": "the dialog ends (not connected)",
         "no-transitions": "the dialog ends (no connection)", "agent-transfer": "hand-over to an agent",
         "waits-for-input": "stop here: the bot waits for an answer (a loop with no way out)"}


@dataclass
class Plans:
    inputs: list[dict] = field(default_factory=list)  # {"path", "kind"}
    dialogs: list[DialogPlan] = field(default_factory=list)
    bots: list[tuple[str | None, str | None]] = field(default_factory=list)  # (name, id) per dialog


def step_text(step) -> str:
    text = f"{step.type} '{step.node_name}'"
    if step.input is not None:
        text += f": say “{step.input}”"
    if step.needs:
        text += f" [needs {'; '.join(step.needs)}]"
    return text


def text(plans: Plans, out: TextIO) -> None:
    w = out.write
    for d in plans.dialogs:
        w(f"{d.path} › {d.dialog}: {len(d.paths) + d.cut} path(s) take all {d.coverable} coverable "
          f"transition(s){' (minimal)' if d.minimal else ''}")
        w(f"; {len(d.uncoverable)} cannot be taken\n" if d.uncoverable else "\n")
        for k, p in enumerate(d.paths, 1):
            w(f"  path {k}{' (conflict: ' + p.conflict + ')' if p.conflict else ''}:\n")
            for i, step in enumerate(p.steps, 1):
                w(f"    {i}. {step_text(step)}\n")
            w(f"    → {EXITS.get(p.exit, p.exit)}\n")
        if d.cut:
            w(f"  … {d.cut} more path(s) not shown (--max-paths)\n")
        for u in d.uncoverable:
            w(f"  cannot be taken: transition {u['transition'] + 1} of '{u['node_name']}': {u['why']}\n")
    total = sum(len(d.paths) + d.cut for d in plans.dialogs)
    w(f"{total} path(s) for {sum(d.coverable for d in plans.dialogs)} coverable transition(s) in "
      f"{len(plans.dialogs)} dialog(s).\n")


def markdown(plans: Plans, out: TextIO) -> None:
    w = out.write
    w("## korelint test plan\n\n| Dialog | Paths | Coverable | Cannot be taken |\n|---|---|---|---|\n")
    for d in plans.dialogs:
        w(f"| {_cell(d.dialog)} | {len(d.paths) + d.cut} | {d.coverable} | {len(d.uncoverable)} |\n")
    for d in plans.dialogs:
        w(f"\n### {_cell(d.dialog)}\n")
        for k, p in enumerate(d.paths, 1):
            w(f"\n**Path {k}**{' — conflict: ' + _cell(p.conflict) if p.conflict else ''}\n\n")
            for i, step in enumerate(p.steps, 1):
                w(f"{i}. {_cell(step_text(step))}\n")
            w(f"{len(p.steps) + 1}. {EXITS.get(p.exit, p.exit)}\n")
        if d.cut:
            w(f"\n… {d.cut} more path(s) not shown.\n")
    w(f"\n_korelint {__version__}_\n")


def _cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ").replace("`", "'")


def as_json(plans: Plans, out: TextIO) -> None:
    doc = {"tool": {"name": "korelint", "version": __version__}, "inputs": plans.inputs,
           "dialogs": [{"path": d.path, **d.to_dict()} for d in plans.dialogs]}
    json.dump(doc, out, indent=2, ensure_ascii=False)
    out.write("\n")


def as_csv(plans: Plans, out: TextIO) -> None:
    """One row per step: the plan a spreadsheet or a test-management tool imports."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["file", "dialog", "path", "step", "node", "node_name", "type", "transition",
                     "input", "needs", "exit"])
    for d in plans.dialogs:
        for k, p in enumerate(d.paths, 1):
            for i, s in enumerate(p.steps, 1):
                last = i == len(p.steps)
                writer.writerow([d.path, d.dialog, k, i, s.node, s.node_name, s.type,
                                 "" if s.transition is None else s.transition, s.input or "",
                                 "; ".join(s.needs), p.exit if last else ""])


def kore_test_runner(plans: Plans, out: TextIO) -> None:
    """A suite in the JSON of Kore.ai's chatbot test runner: one test case per path, one message
    per user input, expecting what the bot says next (plain texts only, up to their first
    `{{…}}`; texts built by scripts or templates are left out). An input the plan only describes
    ("any valid answer") is left as a <placeholder> for the tester to fill in."""
    from ..paths.inputs import DESCRIBED

    name = next((n for n, _ in plans.bots if n), None)
    cases = []
    for d in plans.dialogs:
        for k, p in enumerate(d.paths, 1):
            messages: list[dict] = []
            for step in p.steps:  # a node speaks, then (if it waits) takes the user's input
                expected = _literal(step.says)
                if expected and messages:
                    messages[-1]["outputs"].append({"contains": expected})
                if step.input is not None:
                    said = f"<{step.input}>" if step.input.startswith(DESCRIBED) else step.input
                    messages.append({"input": said, "outputs": []})
            if messages:
                taken = ", ".join(s.input for s in p.steps[1:] if s.input)
                cases.append({"name": f"{d.dialog} #{k}" + (f": {taken}" if taken else ""),
                              "discardBefore": True, "messages": messages})
    json.dump({"botName": name or "", "botId": "", "testCases": cases}, out, indent=2, ensure_ascii=False)
    out.write("\n")


def _literal(text: str | None) -> str | None:
    """The part of a bot's text a test can expect as written: up to its first `{{…}}` (filled in
    at run time); None when too little of it is literal."""
    if not text:
        return None
    head = text.split("{{", 1)[0].strip()
    return head if len(head) >= 8 else None


FORMATS: dict[str, Callable[[Plans, TextIO], None]] = {
    "text": text, "markdown": markdown, "json": as_json, "csv": as_csv,
    "kore-test-runner": kore_test_runner}
