"""Drawing one dialog (`draw`) and what comes of it (`Drawing`: the SVG, or why there is none)."""
from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from html import escape as _esc

from ..flow import DialogFlow
from ..text import clean
from .dot import dot_source, read_layout
from .engines import engine
from .geometry import route_canvas
from .limits import DEFAULT_LIMITS, DrawingError, DrawingTimeout, Limits
from .plan import Marks, plan
from .styles import FONT, SVG_CSS
from .svg import SVG_NS, write_svg


@dataclass
class Drawing:
    prefix: str
    note: str | None = None  # why there is no drawing, or something to know about it
    mode: str = "none"
    engine: str = ""
    seconds: float = 0.0
    width: float = 0.0  # points
    height: float = 0.0
    dot: str = ""  # the DOT Graphviz laid out ("" when the canvas positions were enough)
    anchors: dict[str, str] = field(default_factory=dict)  # node id -> SVG id of its node
    # (node id, transition index) -> (SVG id of the edge drawing it, of its target): Plan.moves
    moves: dict[tuple[str, int], tuple[str, str]] = field(default_factory=dict)
    body: str | None = None  # the SVG's content (None: not drawn, or left behind by slim())
    label: str = ""  # what the drawing shows, escaped
    view_box: str = ""
    drawn: bool = False

    def slim(self) -> Drawing:
        """The same facts without the SVG and the moves (what a worker process sends back when
        the SVG, and the test paths the moves light up, are already in the dialog's HTML)."""
        return replace(self, body=None, moves={})

    def _open(self) -> str:
        return (f'id="{self.prefix}-svg" class="kl-drawing" viewBox="{self.view_box}" '
                f'width="{self.width:g}" height="{self.height:g}" font-family="{FONT}" font-size="11"')

    @property
    def svg(self) -> str | None:
        """The inline form, for an HTML page (the page's CSS holds SVG_CSS)."""
        if self.body is None:
            return None
        return f'<svg {self._open()} role="img" aria-label="{self.label}">{self.body}</svg>'

    @property
    def standalone(self) -> str | None:
        """A whole SVG document, its stylesheet inside."""
        if self.body is None:
            return None
        return (f'<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="{SVG_NS}" {self._open()}>'
                f"<title>{self.label}</title><style>{SVG_CSS}</style>{self.body}</svg>\n")


def draw(flow: DialogFlow, prefix: str, label: str, findings: dict[str, list[tuple[str, str]]] | None = None,
         limits: Limits = DEFAULT_LIMITS, engine_choice: str | None = None,
         timeout: float | None = None, marks: Marks | None = None) -> Drawing:
    """Draw one dialog. Never raises for a dialog: a Drawing without svg carries the reason."""
    started = time.monotonic()
    drawing = Drawing(prefix, label=_esc(clean(label), quote=True))
    nodes = len(flow.first_index)
    if nodes == 0:
        drawing.note = "the dialog has no nodes: nothing to draw"
        return drawing
    if nodes > limits.max_nodes:
        drawing.note = (f"not drawn: {nodes} nodes is more than the {limits.max_nodes} a drawing "
                        "stays readable with; the nodes table below shows the flow")
        return drawing
    if len(flow.edges) > limits.max_edges:
        drawing.note = (f"not drawn: {len(flow.edges)} transitions is more than {limits.max_edges}; "
                        "the nodes table below shows the flow")
        return drawing
    budget = limits.timeout if timeout is None else min(timeout, limits.timeout)
    if budget <= 0:
        drawing.note = ("not drawn: the report's time for drawings is used up; "
                        "the nodes table below shows the flow")
        return drawing
    p = plan(flow, prefix, findings, limits, marks)
    drawing.mode = p.mode
    if p.mode != "canvas" and nodes > limits.max_free_nodes:
        drawing.note = (f"not drawn: {nodes} nodes without canvas positions is more than the "
                        f"{limits.max_free_nodes} an automatic layout handles in time; the nodes "
                        "table below shows the flow")
        return drawing
    try:
        if p.mode == "canvas":
            route_canvas(p)
        else:
            drawing.dot = source = dot_source(p)
            eng = engine(engine_choice)
            drawing.engine = eng.name
            try:
                raw = eng.render(source, p.layout, budget)
            except DrawingError as exc:
                if eng.name != "system" or isinstance(exc, DrawingTimeout) or engine_choice == "system":
                    raise
                eng = engine("embedded")  # an old or broken system Graphviz: try the embedded one
                drawing.engine = eng.name
                raw = eng.render(source, p.layout, budget)
            read_layout(raw, p)
        body, box = write_svg(p)
    except DrawingError as exc:
        drawing.note = f"not drawn: {exc}; the nodes table below shows the flow"
        drawing.seconds = time.monotonic() - started
        return drawing
    drawing.body, drawing.drawn = body, True
    drawing.view_box = " ".join(f"{v:g}" for v in box)
    drawing.width, drawing.height = box[2], box[3]
    drawing.note = p.note
    # node i of the dialog is shape i of the plan (`{prefix}-n{i}`): its anchors as made there
    drawing.anchors = dict(zip(flow.first_index, [s.anchor for s in p.shapes[:nodes]], strict=True))
    drawing.moves = p.moves
    drawing.seconds = time.monotonic() - started
    return drawing
