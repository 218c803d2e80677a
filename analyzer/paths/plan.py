"""A dialog's test plan: its path cover (paths.cover) with, at each step, the node as the
builder names it and what the tester says or arranges (paths.inputs)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from msgspec import Struct

from ..flow import DialogFlow, Edge
from ..text import clean, clip_id
from .cover import Cover, Step, cover
from .feasible import untangle
from .inputs import step_advice, tests_of


class PlanStep(Struct, frozen=True):
    """One step of a path as the plan shows it. (A Struct: a plan makes one per transition it
    takes, and a frozen dataclass takes ~2 us to build.)"""

    node: str
    node_name: str
    type: str  # the builder's word for it
    transition: int | None
    input: str | None = None
    needs: tuple[str, ...] = ()
    says: str | None = None  # what the bot says or asks there (its plain default text)

    def to_dict(self) -> dict:
        out = {"node": self.node, "node_name": self.node_name, "type": self.type,
               "transition": self.transition}
        if self.input is not None:
            out["input"] = self.input
        if self.needs:
            out["needs"] = list(self.needs)
        return out


@dataclass(frozen=True)
class PlanPath:
    steps: tuple[PlanStep, ...]
    exit: str
    conflict: str | None = None

    def to_dict(self) -> dict:
        out = {"steps": [s.to_dict() for s in self.steps], "exit": self.exit}
        if self.conflict:
            out["conflict"] = self.conflict
        return out


@dataclass
class DialogPlan:
    path: str  # the input file
    dialog: str
    dialog_id: str | None
    coverable: int
    uncoverable: list[dict] = field(default_factory=list)
    paths: list[PlanPath] = field(default_factory=list)
    minimal: bool = True
    cut: int = 0  # paths left out by --max-paths

    def to_dict(self) -> dict:
        out = {"dialog": self.dialog, "dialog_id": self.dialog_id, "coverable": self.coverable,
               "uncoverable": self.uncoverable, "minimal": self.minimal,
               "paths": [p.to_dict() for p in self.paths]}
        if self.cut:
            out["paths_not_shown"] = self.cut
        return out


def bot_texts(flow: DialogFlow, languages: tuple[str, ...] = ()) -> dict[str, str]:
    """Node id -> what the bot says or asks there: its component's first plain text of the
    default channel, in the bot's first language (none when built by code)."""
    out: dict[str, str] = {}
    for entry in flow.dialog.nodes:
        comp = entry.component
        if comp is None or entry.node.node_id in out:
            continue
        texts = [p for p in comp.prompts if p.type == "basic" and p.text.strip() and p.channel == "default"]
        if languages:
            rank = {lang: i for i, lang in enumerate(languages)}
            texts.sort(key=lambda p: rank.get(p.language, len(rank)))
        if texts:
            out[entry.node.node_id] = clean(texts[0].text.strip(), 200)
    return out


def _buttons(flow: DialogFlow, languages: tuple[str, ...]) -> dict[str, tuple]:
    """Node id -> the buttons and quick replies its prompt offers (readable ones only)."""
    out: dict[str, tuple] = {}
    for entry in flow.dialog.nodes:
        comp = entry.component
        if comp is not None and entry.node.node_id not in out:
            out[entry.node.node_id] = comp.offered(languages) or ()
    return out


def plan(path: str, flow: DialogFlow, max_paths: int | None = None,
         languages: tuple[str, ...] = (), sentences: dict[str, str] | None = None) -> DialogPlan:
    """`sentences`: intent component id -> a training sentence (Document.sentences)."""
    result: Cover = cover(flow)
    names = flow.names
    dialog = flow.dialog
    out = DialogPlan(path, clean(dialog.name), clip_id(dialog.id) if dialog.id else None,
                     result.coverable, minimal=result.minimal)
    out.uncoverable = [{"node": clip_id(u.node), "node_name": clean(names.shown(u.node)),
                        "transition": u.transition, "why": u.why} for u in result.uncoverable]
    by_key: dict[tuple[str, int], Edge] = {}
    ahead: dict[str, list[Edge]] = {}
    for e in flow.edges:
        if flow.first_index.get(e.source) == e.source_index:  # a repeated id: the first node's
            by_key.setdefault((e.source, e.index), e)
            ahead.setdefault(e.source, []).append(e)
    texts = bot_texts(flow, languages)
    offered = _buttons(flow, languages)
    lists = [e for e in flow.dialog.nodes if e.component is not None and e.component.values is not None]
    choices = {e.node.node_id: e.component.choices for e in lists}  # list-of-values entities
    titles = {e.node.node_id: e.component.titles for e in lists}
    said_by: dict[str, str] = {}  # node id -> a training sentence of the intent it tests or is
    for entry in flow.dialog.nodes:
        comp = entry.component
        if comp is not None and sentences and comp.id in sentences:
            said_by.setdefault(entry.node.node_id, sentences[comp.id])

    known: dict[Step, list[tuple[bool, dict]]] = {}

    def facts_of(node: str, transition: int) -> list[tuple[bool, dict]]:
        """(the test holds, the test) for taking that transition: its own tests hold, and a
        branch above it with one test does not (of several tests, any one may be false). Only
        the tests of an entity (`field`): _conflict compares no other."""
        edge = by_key.get((node, transition))
        if edge is None:
            return []
        facts = [(True, t) for t in tests_of(edge.condition)] if edge.conditional else []
        for e in ahead.get(node, []):
            tests = tests_of(e.condition) if e.conditional and e.index < edge.index else []
            if len(tests) == 1:
                facts.append((False, tests[0]))
        return [(holds, t) for holds, t in facts if isinstance(t.get("field"), str)]

    judged: dict[tuple[Step, ...], str | None] = {}  # untangle and the plan ask of the same paths

    def conflict(steps: list[Step]) -> str | None:
        walk = tuple(steps)
        if walk not in judged:
            judged[walk] = conflict_anew(steps)
        return judged[walk]

    def conflict_anew(steps: list[Step]) -> str | None:
        facts: list[tuple[bool, dict]] = []
        for step in steps:
            if step.transition is not None:
                found = known.get(step)
                if found is None:
                    found = known[step] = facts_of(step.node, step.transition)
                facts += found
        return _conflict(steps, facts, names)

    untangle(result.paths, result.exits, result.moves, conflict)
    paths = result.paths if max_paths is None else result.paths[:max_paths]
    out.cut = len(result.paths) - len(paths)
    # a step is the same wherever a path takes it (at the start of a path, what starts the dialog
    # is said too)
    made: dict[Step, PlanStep] = {}
    made_first: dict[Step, PlanStep] = {}

    def shown_step(step: Step, first: bool) -> PlanStep:
        edge = by_key.get((step.node, step.transition)) if step.transition is not None else None
        before: list[Edge] = []  # the node's conditional transitions above the one taken
        if edge is not None:
            before = [e for e in ahead.get(step.node, ()) if e.conditional and e.index < edge.index]
        said, needs = step_advice(flow, edge, before, first=first, buttons=offered.get(step.node, ()),
                                  choices=choices.get(step.node, ()), titles=titles.get(step.node, ()),
                                  sentences=said_by)
        return PlanStep(clip_id(step.node), clean(names.shown(step.node)), names.word(step.node),
                        step.transition, said, needs, texts.get(step.node))

    for steps, how in zip(paths, result.exits, strict=False):
        shown = []
        for step in steps[:1]:
            if step not in made_first:
                made_first[step] = shown_step(step, True)
            shown.append(made_first[step])
        for step in steps[1:]:
            found = made.get(step)
            if found is None:
                found = made[step] = shown_step(step, False)
            shown.append(found)
        out.paths.append(PlanPath(tuple(shown), how, conflict(steps)))
    return out


def _conflict(steps, facts: list[tuple[bool, dict]], names) -> str | None:
    """The first contradiction between a path's tests of an entity asked only once before them:
    taking `Tier equals 'gold'` then `Tier equals 'silver'` (or `Tier is not 'gold'`), or an Else
    below a `Tier equals 'gold'` branch. Scripts may change context values: those are not compared."""
    if not any(holds and test.get("op") == "eq" for holds, test in facts):
        return None  # no value is fixed: nothing to contradict
    asked = Counter(step.node for step in steps)

    def once(test: dict) -> str | None:
        entity = test.get("field")
        return entity if isinstance(entity, str) and asked.get(entity, 0) == 1 else None

    fixed: dict[str, object] = {}
    for holds, test in facts:
        if holds and test.get("op") == "eq" and once(test):
            fixed.setdefault(test["field"], test.get("value"))
    for holds, test in facts:
        entity, op, value = once(test), test.get("op"), test.get("value")
        if entity is None or entity not in fixed:
            continue
        name, have = clean(names.shown(entity)), fixed[entity]
        if holds and op == "eq" and value != have:
            return f"{name} must equal both {clean(have, 40)!r} and {clean(value, 40)!r}"
        if holds and op == "neq" and value == have:
            return f"{name} must equal {clean(have, 40)!r} and differ from it"
        if not holds and op == "eq" and value == have:
            return (f"{name} equals {clean(have, 40)!r}, so the branch testing it above is taken "
                    "instead")
    return None
