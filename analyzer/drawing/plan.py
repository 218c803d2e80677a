"""The plan of a drawing (`plan`): every node and marker with its text, classes and, on the
canvas, its position; every edge with its labels; the layout mode and the Graphviz engine to use.

Nodes stay where the bot developer put them in Bot Builder: their canvas positions
(`metadata`/`positionMeta` left/top) are the drawing's, nothing is searched. A dialog where every
node has a position is drawn directly ("canvas"); one where some are missing gets Graphviz
`neato` with the known ones pinned ("canvas+layout"); one with none (or with positions that all
collapse onto a few points) gets a `dot` layout ("layout").
"""
from __future__ import annotations

import math
import re

from ..conditions import show
from ..flow import DialogFlow
from ..payload.names import type_word
from ..text import ID_LIMIT, clean, clip_id, short, show_id
from .limits import DEFAULT_LIMITS, Limits
from .metrics import em_width, text_width
from .model import Link, Plan, Shape
from .placement import FreeSpots, normalise_positions
from .sizes import CANVAS_SCALE, FONT_SIZE, MARGIN_X, SMALL_SIZE, em_box_size, text_box_size
from .styles import OTHER, STYLES, css_class_name


def _worst(severities: list[str]) -> str | None:
    for s in ("error", "warning", "info"):
        if s in severities:
            return s
    return None


_SAFE_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")

# What the nodes of a type share, in every dialog: node type -> its classes, shape and `_said`
# of its word (a node other than the entry: NodeNames.word); the builder's word for a type -> it
# cleaned, as a line, and that line's width in em/1000.
_PER_KIND: dict[str, tuple[str, str, tuple[str, str, int]]] = {}
_PER_WORD: dict[str, tuple[str, str, int]] = {}


def _said(word: str) -> tuple[str, str, int]:
    """A type's word cleaned, as a node's second line, and that line's width in em/1000."""
    said = _PER_WORD.get(word)
    if said is None:
        line = short(word, 28)
        said = _PER_WORD[word] = (clean(word), line, em_width(line))
    return said


# What `diff --format html` marks on a drawing: node id -> "added" | "changed" | "removed", and
# (source node id, target as stored) -> "added" | "changed" | "removed" for the transitions.
Marks = tuple[dict[str, str], dict[tuple[str, str | None], str]]


def plan(flow: DialogFlow, prefix: str, findings: dict[str, list[tuple[str, str]]] | None = None,
         limits: Limits = DEFAULT_LIMITS, marks: Marks | None = None) -> Plan:
    """What to draw: every node and marker with its text, classes and (on the canvas) position,
    every edge with its labels; positions complete in "canvas" mode.

    `findings` maps a node id to its findings as (severity, "CODE name: message") pairs;
    `prefix` makes the SVG ids unique in the report (node i of the dialog is `{prefix}-n{i}`);
    `marks` (diff) adds `kl-diff-added`, `-changed` or `-removed` to nodes and edges.
    """
    node_marks, edge_marks = marks or ({}, {})
    if not _SAFE_ID.match(prefix):
        raise ValueError(f"not an SVG id prefix: {prefix!r}")
    findings = findings or {}
    index = flow.first_index  # dialog order, first occurrence of each id
    ids = list(index)
    positions, scale_note = normalise_positions(flow.positions(), limits, CANVAS_SCALE)
    positioned = [n for n in ids if n in positions]
    distinct = len({(round(x), round(y)) for n, (x, y) in positions.items() if n in index})
    if ids and len(positioned) == len(ids) and distinct >= max(1, math.ceil(len(ids) * 0.5)):
        mode = "canvas"
    elif positioned and len(positioned) * 2 >= len(ids) and distinct >= math.ceil(len(positioned) * 0.5):
        mode = "canvas+layout"
    else:
        mode = "layout"
    note = scale_note
    if mode == "layout" and positioned:
        note = "canvas positions are missing or overlap: laid out automatically"
    elif mode == "canvas+layout":
        note = (f"{len(ids) - len(positioned)} of {len(ids)} nodes have no canvas position: "
                "they were placed automatically")
    use_pos = mode != "layout"

    loop_sets = [set(r) for r in flow.closed_regions] + [set(c) for c in flow.input_free_cycles]
    in_loop = set().union(*loop_sets) if loop_sets else set()
    dim = flow.entry is not None
    reachable = flow.reachable
    types = flow.types
    node_names = flow.names
    names = flow.shown_names  # node id -> its text
    shapes: list[Shape] = []
    by_id: dict[str, Shape] = {}
    per_kind = _PER_KIND
    if len(per_kind) > 10_000 or len(_PER_WORD) > 10_000:  # (a type is payload text: bounded)
        per_kind.clear()
        _PER_WORD.clear()
    entry_id = flow.entry
    for nid, i in index.items():
        kind = types.get(nid, "")
        k = per_kind.get(kind)
        if k is None:  # what all the nodes of a type share (but the entry's word)
            st = STYLES.get(kind, OTHER)
            shape = "rounded" if st.shape == "box" and st.rounded else st.shape
            k = per_kind[kind] = (f"kl-node kl-type-{css_class_name(kind)}", shape,
                                  _said(type_word(kind, entry=False)))
        classes, shape, said = k
        # The builder's name on top, the builder's word for the type below; the id in the tooltip.
        name = names[nid]
        entry = nid == entry_id
        if entry:
            word = node_names.word(nid)
            said = _said(word)
        kind_text, word_line, word_em = said
        top = name if len(name) <= 28 else name[:27] + "…"
        if entry:
            word_line = short(word + " · entry", 28)
            word_em = em_width(word_line)
        lines = [top, word_line]
        unreachable = dim and nid not in reachable
        looped = nid in in_loop
        if len(nid) <= ID_LIMIT and nid.isprintable():  # the usual id: clip_id and clean keep it
            cid = shown_id = nid
        else:
            cid = clip_id(nid)  # the node's id as findings name it
            shown_id = clean(cid)  # show_id(nid): node ids are text
        title = f"{name} ({kind_text}) · id {shown_id}" if name != shown_id else f"{name} ({kind_text})"
        if entry or unreachable or looped:
            flags = (["entry"] if entry else []) + (["unreachable"] if unreachable else []) + \
                    (["in a loop"] if looped else [])
            title += f" — {', '.join(flags)}"
            classes += (" kl-entry" if entry else "") + (" kl-unreachable" if unreachable else "") + \
                (" kl-loop" if looped else "")
        if nid in node_marks:
            classes += f" kl-diff-{node_marks[nid]}"
            title += f" — {node_marks[nid]}"
        badge = None
        own = findings.get(cid) if findings else None
        if own:
            worst = _worst([sev for sev, _ in own])
            for sev, what in own:
                title += f"\n{sev}: {clean(what)}"
            classes += f" kl-has-{worst}"
            badge = (len(own), worst)
        em = em_width(top)
        w, h = em_box_size(shape, em if em > word_em else word_em, 2)  # box_size(shape, lines)
        pos = positions.get(nid) if use_pos else None
        x, y = pos if pos is not None else (0.0, 0.0)
        node = Shape(f"n{i}", f"{prefix}-n{i}", shape, lines, title, classes, w, h, x, y, pos is not None,
                     FONT_SIZE, f"#{prefix}-row-{i}" if nid in types else None,  # unreadable: no row
                     badge)
        shapes.append(node)
        by_id[nid] = node

    # Markers: one `end` and one "not connected" per source node, one ghost per missing id.
    markers: dict[tuple[str, str | None], Shape] = {}
    free: FreeSpots | None = None  # the pinned boxes, gathered when a marker first needs a spot

    def marker(kind: str, source: str, target: str | None) -> Shape:
        nonlocal free
        key = (kind, target if kind == "dangling" else source)
        found = markers.get(key)
        if found is not None:
            return found
        n = len(markers) + 1
        if kind == "end":
            m = Shape(f"m{n}", f"{prefix}-end{n}", "circle", ["end"],
                      f"end of the dialog (after {names[source]})", "kl-marker kl-end", 30.2, 30.2,
                      size=SMALL_SIZE)
        elif kind == "unconnected":
            lines = ["not connected"]
            m = Shape(f"m{n}", f"{prefix}-nc{n}", "rounded", lines,
                      f"not connected: the dialog ends after {names[source]}", "kl-marker kl-unconnected",
                      round(text_width(lines[0], SMALL_SIZE) + 2 * MARGIN_X, 1), 21.6, size=SMALL_SIZE)
        else:
            lines = ["missing", short(target, 28)]
            w, h = text_box_size(lines)
            m = Shape(f"m{n}", f"{prefix}-missing{n}", "box", lines,
                      f"missing node {clean(target)!r}: no node of this dialog has this id",
                      "kl-marker kl-dangling", round(w, 1), round(h, 1))
        src = by_id[source]
        if src.pinned:
            if free is None:  # only nodes so far: markers are made after them
                free = FreeSpots([(s.x, s.y, s.w, s.h) for s in shapes if s.pinned])
            m.x, m.y = free.place(src.x, src.y, src.w, src.h, (m.w, m.h))
            m.pinned = True
        markers[key] = m
        shapes.append(m)
        return m

    # Edges: transitions from one node to one target drawn once, with every condition.
    groups: dict[tuple[Shape, Shape], list] = {}
    for e in flow.edges:
        src = by_id.get(e.source)
        if src is None:
            continue
        dst = by_id[e.target] if e.kind == "node" else marker(e.kind, e.source, e.target)
        key = (src, dst)
        group = groups.get(key)
        if group is None:
            groups[key] = [e]
        else:
            group.append(e)
    links: list[Link] = []
    moves: dict[tuple[str, int], tuple[str, str]] = {}
    ends = {"end": "end", "unconnected": "not connected"}
    for n, ((src, dst), edges) in enumerate(groups.items()):
        first = edges[0]
        kind = first.kind
        head = f"{names[first.source]} → {ends.get(kind) or names.get(first.target) or show_id(first.target)}"
        if len(edges) == 1:  # the usual edge: one transition, a default or a condition
            if first.conditional:
                text = show(first.condition, 300, words=True, names=node_names)
                line = "if " + text
                if len(line) > 34 or not line.isprintable():  # (short keeps the others)
                    line = short(line, 34)
                lines, title = [line], f"{head}\nif {text}"
            else:
                lines, title = [], head + "\ndefault"
        else:
            said = [show(e.condition, 300, words=True, names=node_names) for e in edges if e.conditional]
            lines = [short("if " + text, 34) for text in said[:3]]
            if len(said) > 3:
                lines.append(f"+{len(said) - 3} more")
            if said and len(said) < len(edges):
                lines.append("default")
            conditions = iter(said)  # in the order of the edges
            title = head + "".join(["\nif " + next(conditions) if e.conditional
                                    else "\ndefault" for e in edges])
        if kind == "node":
            # both ends in one loop (both in their union first: most edges are in none)
            looped = (first.source in in_loop and first.target in in_loop
                      and any(first.source in s and first.target in s for s in loop_sets))
            classes = "kl-edge kl-loop" if looped else "kl-edge"
        else:
            classes = "kl-edge kl-dangling" if kind == "dangling" else \
                "kl-edge kl-unconnected" if kind == "unconnected" else "kl-edge"
        if edge_marks:
            changed = [edge_marks[(e.source, e.target)] for e in edges if (e.source, e.target) in edge_marks]
            if changed:  # one edge draws several transitions: the most visible change wins
                state = next(s for s in ("removed", "added", "changed") if s in changed)
                classes += f" kl-diff-{state}"
                title += f"\n({state})"
        anchor = f"{prefix}-e{n}"
        links.append(Link(src, dst, anchor, lines, title, classes))
        move = (anchor, dst.anchor)
        drawn_at = index[first.source]  # the edges of a group share their source id
        for e in edges:
            if e.source_index == drawn_at:  # a repeated id's transitions are not drawn
                moves[(e.source, e.index)] = move

    layout = {"canvas": "nop2", "canvas+layout": "neato", "layout": "dot"}[mode]
    return Plan(mode, layout, shapes, links, note, moves)
