"""The dialog rules on bot actions' inner flows (spec section 4; issue 13, part 4).

A `botAction` node runs the steps of its component (payload.inner); they form a small flow of
their own (analyzer.inner_flow). Each bot action component is analysed once, with the first
dialog node that runs it (in input order): its findings belong to that node's dialog, sit at the
steps' pointers (`/dialogComponents/<i>/nodes/<j>[/transitions/<k>]`), carry the bot action node as
their `node` (where Bot Builder shows the problem on the dialog canvas: open the node to fix it)
and the steps concerned in `nodes`.

Which dialog rules hold inside a bot action is decided here, in one place: APPLIED (with why),
and the others in NOT_APPLIED (with why not). A rule added later runs on inner flows only once
it is listed in APPLIED. The structural rules have their own messages (a step is not "a node of
the dialog", the end of the flow is not the end of the dialog); rules about one condition run
unchanged, their message prefixed with the bot action.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

from .conditions import canonical
from .findings import Problem, Severity
from .flow import Edge
from .inner_flow import BotAction, InnerFlow
from .payload.document import DialogSource, Document
from .payload.inner import BOT_ACTION, inner_source
from .rules import Rule
from .rules.base import DialogContext
from .text import listing, quote

APPLIED = {
    "KL101": "a step's transition to an id that is no step of the bot action (own message)",
    "KL102": "steps no path from the root step reaches, one finding per region (own message)",
    "KL103": "steps that never reach the end of the bot action (own message)",
    "KL104": "cycles of steps: only an entity step waits for input (own message)",
    "KL106": "two steps of one bot action sharing an id",
    "KL202": "a step with two defaults",
    "KL203": "a step repeating a condition",
    "KL205": "a condition of no known shape",
    "KL206": "an unknown operator",
    "KL209": "a value with no operator",
}
NOT_APPLIED = {
    "KL105": "a bot action has no intent node; its entry is the root step (without one, no step is "
             "called unreachable)",
    "KL107": "a bot action without steps runs nothing, it is not a dialog that answers nothing "
             "(none in the corpus)",
    "KL108": "`\"\"` ends the bot action, and the dialog goes on: normal (120 of 202 in the corpus)",
    "KL201": "when no branch holds, the bot action ends and the dialog goes on: not 'the dialog ends'",
    "KL204": "an unconnected branch ends the bot action like `\"\"`, which is normal here",
    "KL304": "approval is a dialog's state, not a component's",
}


def new_bot_actions(doc: Document, dialog: DialogSource, seen: set[str]) -> Iterator[BotAction]:
    """The bot actions of a dialog not analysed yet (`seen`: component ids, updated), in node
    order."""
    for entry in dialog.nodes:
        comp = entry.component
        if entry.node.type != BOT_ACTION or comp is None or comp.inner is None or comp.id in seen:
            continue
        seen.add(comp.id)
        source = inner_source(comp, doc.components, dialog)
        yield BotAction(comp, entry, dialog, source, InnerFlow(source, comp.inner.root))


def check(action: BotAction, rules: list[Rule], document: Document) -> list[tuple[Rule, Problem]]:
    """Problems of the enabled `rules` (dialog scope) that hold inside the bot action."""
    out = []
    ctx = DialogContext(document, action.source, action.flow)
    for rule in rules:
        if rule.code not in APPLIED:
            continue
        own = _OWN.get(rule.code)
        problems = own(action) if own is not None else (_reworded(action, p) for p in rule.check(ctx))
        out += [(rule, p) for p in problems]
    return out


# -- what findings on a bot action carry --------------------------------------------------
def _problem(action: BotAction, message: str, pointer: str, steps: tuple[str, ...], detail: str,
             severity: Severity | None = None) -> Problem:
    """On the bot action node (its dialog's order), at the step's pointer, naming the steps;
    `detail` prefixed with the component, so one step id in two bot actions differs."""
    return Problem(message, pointer, node=action.node.node.node_id, nodes=steps, severity=severity,
                   detail=f"{action.component.id}\x1f{detail}", order=action.node.index)


def _reworded(action: BotAction, p: Problem) -> Problem:
    step = p.node
    return replace(_problem(action, f"bot action {quote(action.name)}: {p.message}", p.pointer,
                            p.nodes or ((step,) if step else ()), f"{step or ''}\x1f{p.detail}", p.severity),
                   secrets=p.secrets)


def _step(action: BotAction, sid: str) -> str:
    return f"step {quote(action.step_name(sid))} of bot action {quote(action.name)}"


def _steps(action: BotAction, steps: list[str]) -> str:
    return f"steps {listing([action.step_name(s) for s in steps])} of bot action {quote(action.name)}"


def _pointer(action: BotAction, sid: str) -> str:
    return f"{action.source.pointer}/nodes/{action.flow.order(sid)}"


# -- the structural rules, worded for a bot action ------------------------------------------
def _dangling(action: BotAction) -> Iterator[Problem]:
    for edge in action.flow.edges:
        if edge.kind == "dangling":
            yield _problem(action, f"{_transition(edge)} of {_step(action, edge.source)} goes to "
                                   f"{quote(edge.target)}, which is not a step of this bot action",
                           edge.pointer, (edge.source,),
                           f"{edge.source}\x1f{edge.target}" + (
                               "\x1f" + canonical(edge.condition) if edge.conditional else ""))


def _transition(edge: Edge) -> str:
    return f"branch {edge.index + 1}" if edge.conditional else "the default transition"


def _unreachable(action: BotAction) -> Iterator[Problem]:
    """One problem per region of steps no path from the root step reaches, on the region's root
    (the first step no other unreachable step leads to)."""
    flow = action.flow
    if flow.entry is None:
        return
    lost = [e.node.node_id for e in action.source.nodes if e.node.node_id not in flow.reachable]
    lost = list(dict.fromkeys(lost))
    if not lost:
        return
    import networkx as nx  # (here: most bots have no unreachable bot-action step)

    sub = nx.DiGraph(flow.graph.subgraph(lost))
    regions = [flow.sorted_nodes(c) for c in nx.weakly_connected_components(sub)]
    for region in sorted(regions, key=lambda r: flow.order(r[0])):
        inside = set(region)
        root = next((s for s in region if not any(p in inside and p != s for p in sub.predecessors(s))),
                    region[0])
        more = len(region) - 1
        hang = f" ({more} more step{'s hang' if more > 1 else ' hangs'} on it)" if more else ""
        yield _problem(action, f"{_step(action, root)} cannot be reached from its first step "
                               f"{quote(action.step_name(flow.entry))}{hang}",
                       _pointer(action, root), (root, *(s for s in region if s != root)), root)


def _closed(action: BotAction) -> Iterator[Problem]:
    flow = action.flow
    for region in flow.closed_regions:
        waits = [s for s in region if flow.is_input(s)]
        tail = ("; the user can leave it only by switching intent" if waits
                else " and no user input: the platform aborts the dialog after 25 moves")
        yield _problem(action, f"{_steps(action, region)} form a closed region with no way to the end "
                               f"of the bot action{tail}",
                       _pointer(action, region[0]), tuple(region), ",".join(region),
                       Severity.WARNING if waits else None)


def _cycles(action: BotAction) -> Iterator[Problem]:
    flow = action.flow
    for cycle in flow.input_free_cycles:
        if len(cycle) == 1:
            message = f"{_step(action, cycle[0])} loops to itself without waiting for user input"
        else:
            message = (f"{_steps(action, cycle)} form a cycle without user input: the platform aborts "
                       "the dialog after 25 moves")
        yield _problem(action, message, _pointer(action, cycle[0]), tuple(cycle), ",".join(cycle))


_OWN: dict[str, Callable[[BotAction], Iterator[Problem]]] = {
    "KL101": _dangling, "KL102": _unreachable, "KL103": _closed, "KL104": _cycles,
}
