"""What a drawing is made of, shared by the modules that make it: `Shape` (a node or a marker),
`Link` (an edge) and `Plan` (all of them, and how they are laid out). Data only: `plan` fills
it, `dot` and `geometry` lay it out, `svg` writes it."""
from __future__ import annotations

from dataclasses import dataclass, field

from msgspec import Struct

from .sizes import FONT_SIZE


# msgspec Structs, made in a third of a dataclass's time: eq=False compares and hashes them by
# identity (plan keys dicts by shapes); gc=False, as neither is ever part of a reference cycle.
class Shape(Struct, eq=False, gc=False):
    """A drawn node or marker. Coordinates in points, the centre, y growing down."""

    name: str  # its name in the DOT: `n3` (node 3 of the dialog) or `m1` (a marker)
    anchor: str  # its SVG id
    shape: str  # box, rounded, box3d, hexagon, octagon, tab, component, cds, circle
    lines: list[str]
    title: str
    classes: str
    w: float
    h: float
    x: float = 0.0
    y: float = 0.0
    pinned: bool = False
    size: float = FONT_SIZE
    href: str | None = None
    badge: tuple[int, str] | None = None  # (number of findings, worst severity)


class Link(Struct, eq=False, gc=False):
    """The transitions from one node to one target, drawn as one edge."""

    src: Shape
    dst: Shape
    anchor: str
    lines: list[str]
    title: str
    classes: str
    path: str = ""  # SVG path data, set by the layout
    tip: tuple[float, float] | None = None  # the arrowhead: its tip and unit direction
    direction: tuple[float, float] = (0.0, 0.0)
    label: tuple[float, float] | None = None  # centre of the label
    label_box: tuple[float, float] | None = None  # its size (sizes.label_size), once the router needed it
    extent: tuple[float, float, float, float] | None = None  # bounding box of the path


@dataclass
class Plan:
    """What to draw (every shape and link) and how it is laid out."""

    mode: str  # "canvas", "canvas+layout" or "layout"
    layout: str  # Graphviz engine: nop2 (nothing to lay out), neato or dot
    shapes: list[Shape]  # the dialog's nodes first, in its order (`first_index`), then markers
    links: list[Link]
    note: str | None = None
    # (node id, transition index) -> (its edge's SVG id, its target's SVG id): what a path
    # through the dialog lights up on the drawing
    moves: dict[tuple[str, int], tuple[str, str]] = field(default_factory=dict)
