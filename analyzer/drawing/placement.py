"""Where things go on the canvas: positions normalised (and scaled down when too far apart), and
a free spot next to a node for each marker that has no position of its own."""
from __future__ import annotations

import math

from .limits import Limits


class FreeSpots:
    """Where to put markers next to their node without covering another node. Most dialogs place
    a marker or two: the boxes are scanned for the first few questions, and indexed in a grid
    (cells of CELL points) from then on, so a dialog with hundreds of markers stays fast."""

    CELL = 160.0
    SCANS = 16  # questions answered by scanning every box before the grid is built

    def __init__(self, places=()):
        """`places`: (x, y, w, h) of the boxes there already (what `add` does with each)."""
        self.boxes: list[tuple[float, float, float, float]] = [
            (x - w / 2, y - h / 2, x + w / 2, y + h / 2) for x, y, w, h in places]
        self.cells: dict[tuple[int, int], list[tuple[float, float, float, float]]] | None = None
        self.asked = 0

    def _keys(self, box):
        x0, y0, x1, y1 = box
        for i in range(math.floor(x0 / self.CELL), math.floor(x1 / self.CELL) + 1):
            for j in range(math.floor(y0 / self.CELL), math.floor(y1 / self.CELL) + 1):
                yield i, j

    def _index(self, box) -> None:
        cells = self.cells
        for key in self._keys(box):
            found = cells.get(key)
            if found is None:
                cells[key] = [box]
            else:
                found.append(box)

    def add(self, x: float, y: float, w: float, h: float) -> None:
        box = (x - w / 2, y - h / 2, x + w / 2, y + h / 2)
        self.boxes.append(box)
        if self.cells is not None:
            self._index(box)

    def free(self, x: float, y: float, w: float, h: float) -> bool:
        x0, y0, x1, y1 = x - w / 2 - 6, y - h / 2 - 6, x + w / 2 + 6, y + h / 2 + 6
        self.asked += 1
        if self.cells is None and self.asked > self.SCANS:
            self.cells = {}
            for box in self.boxes:
                self._index(box)
        if self.cells is None:
            candidates = self.boxes
        else:  # the boxes in the cells the spot touches (a box in several is tested again)
            candidates = [box for key in self._keys((x0, y0, x1, y1)) for box in self.cells.get(key, ())]
        for a0, b0, a1, b1 in candidates:
            if a0 < x1 and x0 < a1 and b0 < y1 and y0 < b1:
                return False
        return True

    def place(self, x: float, y: float, w: float, h: float, size: tuple[float, float]) -> tuple[float, float]:
        """A free spot for a marker of `size` next to a node at (x, y) of size (w, h); y grows down."""
        mw, mh = size
        dx, dy = w / 2 + mw / 2 + 28, h / 2 + mh / 2 + 26
        for ring in (1, 2, 3):
            for cx, cy in ((0, dy), (dx, 0), (dx, dy), (-dx, dy), (0, -dy), (-dx, 0), (dx, -dy), (-dx, -dy)):
                px, py = x + cx * ring, y + cy * ring
                if self.free(px, py, mw, mh):
                    self.add(px, py, mw, mh)
                    return px, py
        px, py = x, y + dy
        self.add(px, py, mw, mh)
        return px, py


def normalise_positions(positions: dict[str, tuple[float, float]], limits: Limits,
                        unit: float = 1.0) -> tuple[dict, str | None]:
    """Finite positions moved to start at (0, 0), scaled down to `limits.max_extent` (and the
    note that says so), then multiplied by `unit`."""
    isfinite = math.isfinite
    xs = [x for x, _ in positions.values()]
    ys = [y for _, y in positions.values()]
    finite = positions
    if not (all(map(isfinite, xs)) and all(map(isfinite, ys))):  # (DialogFlow's always are)
        finite = {k: v for k, v in positions.items() if isfinite(v[0]) and isfinite(v[1])}
        xs = [x for x, _ in finite.values()]
        ys = [y for _, y in finite.values()]
    if not finite:
        return {}, None
    x0, y0 = min(xs), min(ys)
    extent = max(max(xs) - x0, max(ys) - y0, 1.0)
    scale, note = 1.0, None
    if extent > limits.max_extent:
        scale = limits.max_extent / extent
        note = f"the canvas is {extent:.0f} px across: drawn at {scale:.2g} of its size"
    return {k: ((x - x0) * scale * unit, (y - y0) * scale * unit) for k, (x, y) in finite.items()}, note
