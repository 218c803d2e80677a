"""A dialog's test plan: its path cover (paths.cover) with, at each step, the node as the
builder names it and what the tester says or arranges (paths.inputs)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from msgspec import Struct

from ..conditions import show
from ..flow import DialogFlow, Edge
from ..text import ID_LIMIT, clean, clip_id
from .cover import Cover, Step, cover
from .feasible import untangle
from .inputs import ANY_ANSWER, LIMIT, NONE_ABOVE, WAITS, masked, step_advice, tests_of


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
    at, fixes = _transitions(flow)
    facts = _facts(flow) if fixes else {}
    texts = bot_texts(flow, languages)
    offered = _buttons(flow, languages)
    lists = [e for e in flow.dialog.nodes if e.component is not None and e.component.values is not None]
    choices = {e.node.node_id: e.component.choices for e in lists}  # list-of-values entities
    titles = {e.node.node_id: e.component.titles for e in lists}
    said_by: dict[str, str] = {}  # node id -> a training sentence of the intent it tests or is
    if sentences:  # (none in a bot without training sentences: no pass over its nodes)
        for entry in flow.dialog.nodes:
            comp = entry.component
            if comp is not None and comp.id in sentences:
                said_by.setdefault(entry.node.node_id, sentences[comp.id])

    judged: dict[tuple[Step, ...], str | None] = {}  # untangle and the plan ask of the same paths

    def conflict(steps: list[Step]) -> str | None:
        walk = tuple(steps)
        if walk not in judged:
            judged[walk] = conflict_anew(steps)
        return judged[walk]

    def conflict_anew(steps: list[Step]) -> str | None:
        held: list[tuple[bool, dict]] = []
        for step in steps:
            if step.transition is not None:
                held += facts.get((step.node, step.transition), ())
        return _conflict(steps, held, names)

    if fixes:  # else no path has a conflict: nothing to untangle
        untangle(result.paths, result.exits, result.moves, conflict)
    paths = result.paths if max_paths is None else result.paths[:max_paths]
    out.cut = len(result.paths) - len(paths)
    # a step is the same wherever a path takes it (at the start of a path, what starts the dialog
    # is said too)
    made: dict[Step, PlanStep] = {}
    made_first: dict[Step, PlanStep] = {}

    # node id -> how its steps name it, what the bot says there, whether it waits for an answer
    at_node: dict[str, tuple] = {}
    types = flow.types
    cleaned = flow.shown_names  # clean(names.shown(id)) of each node (the drawing's too)

    def shown_step(step: Step, first: bool, made: dict[Step, PlanStep]) -> PlanStep:
        """The step shown (at the start of a path or not: `first`), kept in `made`."""
        node, transition = step.node, step.transition
        here = at_node.get(node)
        if here is None:  # the id: clip_id, but for an id it keeps
            here = at_node[node] = (
                node if len(node) <= ID_LIMIT and node.isprintable() else clip_id(node),
                cleaned.get(node) or clean(names.shown(node)), names.word(node), texts.get(node),
                types.get(node) in WAITS)
        found = at.get((node, transition)) if transition is not None else None
        if found is None:
            said, needs = None, ()
        else:
            edge, before = found  # before: the node's conditional transitions above the one taken
            if (edge.conditional and not (first or here[4]) and (cond := edge.condition).__class__ is dict
                    and "tests" not in cond and "dialogAct" not in cond and "intent" not in cond):
                # step_advice's: one test, not of an answer (nothing is answered here), is a need
                # (most conditional steps)
                said, needs = None, (masked(show(cond, LIMIT, words=True, names=names)),)
            elif first or edge.conditional or (before and here[4]):
                said, needs = step_advice(flow, edge, before, first, offered.get(node, ()), said_by,
                                          choices.get(node, ()), titles.get(node, ()))
            elif before:  # step_advice's: an Else where nothing is answered (half the steps)
                said, needs = None, (masked(NONE_ABOVE),)
            else:  # step_advice's shortcut: a default no branch precedes
                said, needs = ANY_ANSWER if here[4] else None, ()
        shown = made[step] = PlanStep(here[0], here[1], here[2], transition, said, needs, here[3])
        return shown

    for steps, how in zip(paths, result.exits, strict=False):
        shown = []
        for step in steps[:1]:
            shown.append(made_first.get(step) or shown_step(step, True, made_first))
        shown += [made.get(step) or shown_step(step, False, made) for step in steps[1:]]
        out.paths.append(PlanPath(tuple(shown), how, conflict(steps) if fixes else None))
    return out


def _transitions(flow: DialogFlow) -> tuple[dict[tuple[str, int], tuple[Edge, tuple]], bool]:
    """(node, transition) -> for the transitions of the first node of each id (a repeated id: the
    first node's): the Edge and the node's conditional transitions above it (a default is taken
    when none holds). And whether taking one fixes a value (a test `equals` of an entity):
    without one _conflict finds nothing, and _facts is not needed."""
    at: dict[tuple[str, int], tuple[Edge, tuple]] = {}
    fixes = False
    first_index = flow.first_index
    source = None  # the node whose transitions these are (none yet)
    conds: tuple[Edge, ...] = ()  # its conditional transitions so far (shared until one more)
    for e in flow.edges:  # a node's transitions, one Edge each, follow one another
        if first_index.get(e.source) != e.source_index:
            continue
        if e.source != source:
            source = e.source
            conds = ()
        at[e.source, e.index] = (e, conds)
        if e.conditional:
            conds += (e,)
            if not fixes:
                cond = e.condition  # most are one test: tests_of gives [cond]
                tests = tests_of(cond) if not isinstance(cond, dict) or "tests" in cond else (cond,)
                for t in tests:
                    if t.get("op") == "eq" and isinstance(t.get("field"), str):
                        fixes = True
    return at, fixes


def _facts(flow: DialogFlow) -> dict[tuple[str, int], list[tuple[bool, dict]]]:
    """(node, transition) -> for the transitions _transitions lists, the facts of taking it: (the
    test holds, the test), its own tests holding and, of each branch above with one test, that
    test failing (of several tests, any one may be false). Only the tests of an entity (`field`):
    _conflict compares no other."""
    facts: dict[tuple[str, int], list[tuple[bool, dict]]] = {}
    failing: dict[str, list[tuple[bool, dict]]] = {}  # node -> (False, test) of those with one test
    first_index = flow.first_index
    source: object = failing
    fails: list[tuple[bool, dict]] = []
    for e in flow.edges:
        key = (e.source, e.index)
        if first_index.get(e.source) != e.source_index or key in facts:
            continue
        if e.source != source:
            source = e.source
            fails = failing.setdefault(source, [])
        if e.conditional:
            tests = tests_of(e.condition)
            facts[key] = [(True, t) for t in tests if isinstance(t.get("field"), str)] + fails
            if len(tests) == 1 and isinstance(tests[0].get("field"), str):
                fails.append((False, tests[0]))
        else:
            facts[key] = fails[:]
    return facts


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
