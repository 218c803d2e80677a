"""The SVG writer. Every byte of a drawing's SVG is written here, from a fixed set of elements
and attributes (no script, no event handler, no style attribute, no external reference;
`SVG_ELEMENTS`, `SVG_ATTRIBUTES`), with ids, classes and links of our making and every text escaped here."""
from __future__ import annotations

from html import escape as _esc

from .geometry import outline, svg_points
from .model import Plan, Shape
from .sizes import ARROW, ARROW_HALF, BADGE_R, BOX3D, FONT_SIZE, LINE, PAD, SMALL_SIZE, label_size

SVG_NS = "http://www.w3.org/2000/svg"
# Everything the writer below may produce (the tests hold it to that).
SVG_ELEMENTS = {"svg", "g", "title", "a", "path", "polygon", "polyline", "rect", "circle", "text"}
SVG_ATTRIBUTES = {"id", "class", "viewBox", "width", "height", "font-family", "font-size", "d", "points",
          "x", "y", "rx", "cx", "cy", "r"}


def _plain(text: str) -> str:
    """`text` escaped for an element's content (html.escape without quotes); most texts have
    nothing to escape, which is checked first."""
    return _esc(text, quote=False) if "&" in text or "<" in text or ">" in text else text


# Numbers are written with %-formatting: the same digits as f"{v:.1f}" (both round the exact
# binary value), and about a third faster when a string holds several of them.

_LINE = '<text x="%s" y="%.1f">%s</text>'
_TWO_LINES = _LINE + _LINE


def _text(lines: list[str], x: float, y: float, size: float) -> str:
    """Lines of text centred on (x, y)."""
    step = size * LINE
    top = y - step * len(lines) / 2 + step / 2 + size * 0.35
    sx = "%.1f" % x
    if len(lines) == 2:  # a node's name and type word: one format (top + 0 * step is top)
        return _TWO_LINES % (sx, top, _plain(lines[0]), sx, top + step, _plain(lines[1]))
    out = ""
    for i, line in enumerate(lines):
        out += _LINE % (sx, top + i * step, _plain(line))
    return out


# 'width="68.0" height="33.6"' by a rectangle's size: nodes share a few sizes (sizes.box_size
# keeps them), and two numbers formatted cost ~5 times the lookup. Sizes are positive (at least
# MIN_W x MIN_H), so no -0.0 meets 0.0 here.
_SIDES: dict[tuple[float, float], str] = {}


def _sides(w: float, h: float) -> str:
    found = _SIDES.get((w, h))
    if found is None:
        if len(_SIDES) > 10_000:
            _SIDES.clear()
        found = _SIDES[(w, h)] = 'width="%.1f" height="%.1f"' % (w, h)
    return found


def _shape_markup(s: Shape, x0: float, y0: float) -> str:
    """The outline of `s`, whose top left corner is (x0, y0)."""
    kind = s.shape
    if kind == "rounded":
        return '<rect x="%.1f" y="%.1f" %s rx="8"/>' % (x0, y0, _sides(s.w, s.h))
    if kind == "box":
        return '<rect x="%.1f" y="%.1f" %s/>' % (x0, y0, _sides(s.w, s.h))
    if kind == "circle":
        return '<circle cx="%.1f" cy="%.1f" r="%.1f"/>' % (s.x, s.y, min(s.w, s.h) / 2)
    x1, y1 = x0 + s.w, y0 + s.h
    if kind == "box3d":  # three outlines through the same eight numbers, each written once
        d = BOX3D
        xa, xb, xc, xd, ya, yb, yc, yd = ("%.1f %.1f %.1f %.1f %.1f %.1f %.1f %.1f" % (
            x0, x0 + d, x1 - d, x1, y0, y0 + d, y1 - d, y1)).split()
        return (f'<polygon points="{xa},{yb} {xb},{ya} {xd},{ya} {xd},{yc} {xc},{yd} {xa},{yd}"/>'
                f'<polyline points="{xa},{yb} {xc},{yb} {xc},{yd}"/>'
                f'<polyline points="{xc},{yb} {xd},{ya}"/>')
    if kind == "tab":
        t = 3.0
        tab = min(s.w * 0.3, 30.0)
        folder = [(x0, y0 + t), (x0, y1), (x1, y1), (x1, y0 + t), (x0 + tab, y0 + t), (x0 + tab, y0),
                  (x0 + 3, y0), (x0 + 3, y0 + t)]
        return (f'<polygon points="{svg_points(folder)}"/>'
                f'<polyline points="{svg_points([(x0, y0 + t), (x0 + 3, y0 + t)])}"/>')
    if kind == "component":
        return ('<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f"/>'
                '<rect x="%.1f" y="%.1f" width="8" height="4"/>'
                '<rect x="%.1f" y="%.1f" width="8" height="4"/>'
                % (x0 + 4, y0, s.w - 4, s.h, x0, y0 + s.h * 0.22, x0, y1 - s.h * 0.22 - 4))
    poly = outline(s)
    if poly is None:
        return '<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f"/>' % (x0, y0, s.w, s.h)
    return f'<polygon points="{svg_points(poly)}"/>'


# An edge's arrowhead; a node's group with the link to its row, or without (%.0s: its href,
# None, not written). A node is written with one format.
_ARROW = '<polygon points="%.1f,%.1f %.1f,%.1f %.1f,%.1f"/>'
_LINKED = '<g id="%s" class="%s"><title>%s</title><a href="%s">%s%s</a>%s</g>'
_NODE = '<g id="%s" class="%s"><title>%s</title>%.0s%s%s%s</g>'
# The usual edge (a path and its arrowhead) and the usual node (a rectangle, its name and type
# word in FONT_SIZE) written with fewer calls and strings than the pieces above, the same bytes:
# their numbers in one %-format, their long texts in an f-string (which sizes its result once;
# %-formatting grows it, ~3 times slower for a node's markup). The lines' offsets are _text's
# terms, kept apart: y - a + b + c rounds as it does.
_LABEL = '<text x="%.1f" y="%.1f">%s</text>'  # a label of one line (_LINE), in SMALL_SIZE
_LABEL_STEP = SMALL_SIZE * LINE
_LABEL_TERMS = (_LABEL_STEP * 1 / 2, _LABEL_STEP / 2, SMALL_SIZE * 0.35)
_RECT = '<rect x="%.1f" y="%.1f" %s%s/>' + _TWO_LINES
_RECTS = {"rounded": ' rx="8"', "box": ""}
_NAME_STEP = FONT_SIZE * LINE
_NAME_TERMS = (_NAME_STEP * 2 / 2, _NAME_STEP / 2, FONT_SIZE * 0.35)


def write_svg(p: Plan) -> tuple[str, tuple[float, float, float, float]]:
    """The SVG content of a laid-out plan, and its view box (x, y, width, height)."""
    out: list[str] = []
    add = out.append
    # what the drawing covers: (left, top, right, bottom) of each path, label, node and badge
    boxes: list[tuple[float, float, float, float]] = []
    cover = boxes.append
    la, lb, lc = _LABEL_TERMS
    for k in p.links:  # edges first: nodes are drawn over them
        e = k.extent
        if e is not None:
            cover(e)
        label = ""
        if k.label is not None:
            lx, ly = k.label
            lines = k.lines
            if len(lines) == 1:
                line = lines[0]
                if "&" in line or "<" in line or ">" in line:  # _plain, inline
                    line = _esc(line, quote=False)
                label = _LABEL % (lx, ly - la + lb + lc, line)
            else:
                label = _text(lines, lx, ly, SMALL_SIZE)
            lw, lh = k.label_box or label_size(lines)
            cover((lx - lw / 2, ly - lh / 2, lx + lw / 2, ly + lh / 2))
        title = k.title
        if "&" in title or "<" in title or ">" in title:  # _plain, inline
            title = _esc(title, quote=False)
        tip = k.tip
        path = k.path
        if tip is not None and path:
            tx, ty = tip
            ux, uy = k.direction
            bx, by = tx - ux * ARROW, ty - uy * ARROW
            vx, vy = -uy * ARROW_HALF, ux * ARROW_HALF
            add(f'<g id="{k.anchor}" class="{k.classes}"><title>{title}</title><path d="{path}"/>'
                f'{_ARROW % (bx + vx, by + vy, tx, ty, bx - vx, by - vy)}{label}</g>')
        else:
            if tip is not None:
                tx, ty = tip
                ux, uy = k.direction
                bx, by = tx - ux * ARROW, ty - uy * ARROW
                vx, vy = -uy * ARROW_HALF, ux * ARROW_HALF
                arrow = _ARROW % (bx + vx, by + vy, tx, ty, bx - vx, by - vy)
            else:
                arrow = ""
            path = f'<path d="{path}"/>' if path else ""
            add(f'<g id="{k.anchor}" class="{k.classes}"><title>{title}</title>{path}{arrow}{label}</g>')
    a, b, c = _NAME_TERMS
    for s in p.shapes:
        x, y = s.x, s.y
        hw, hh = s.w / 2, s.h / 2
        x0, y0 = x - hw, y - hh
        cover((x0, y0, x + hw, y + hh))
        badge = ""
        if s.badge:
            count, severity = s.badge
            bx, by = x + hw + 1, y - hh - 1
            badge = (f'<g class="kl-badge kl-badge-{severity}">'
                     '<circle cx="%.1f" cy="%.1f" r="%s"/><text x="%.1f" y="%.1f">%d</text></g>'
                     % (bx, by, BADGE_R, bx, by + 3.4, min(count, 99)))
            cover((bx + BADGE_R, by - BADGE_R, bx + BADGE_R, by - BADGE_R))  # (right of, above the node)
        title = s.title
        if "&" in title or "<" in title or ">" in title:
            title = _esc(title, quote=False)
        lines = s.lines
        corner = _RECTS.get(s.shape)
        if corner is not None and s.size == FONT_SIZE and len(lines) == 2:
            sx = "%.1f" % x
            top = y - a + b + c
            name, word = lines
            if "&" in name or "<" in name or ">" in name:  # _plain, inline
                name = _esc(name, quote=False)
            if "&" in word or "<" in word or ">" in word:
                word = _esc(word, quote=False)
            inner = _RECT % (x0, y0, _sides(s.w, s.h), corner, sx, top, name, sx, top + _NAME_STEP, word)
            href = s.href
            add(f'<g id="{s.anchor}" class="{s.classes}"><title>{title}</title><a href="{href}">{inner}</a>'
                f'{badge}</g>' if href else
                f'<g id="{s.anchor}" class="{s.classes}"><title>{title}</title>{inner}{badge}</g>')
        else:
            add((_LINKED if s.href else _NODE) % (s.anchor, s.classes, title, s.href,
                _shape_markup(s, x0, y0), _text(lines, x, y, s.size), badge))
    if boxes:  # every left is at most its right (finite numbers): the least left is the least x
        lefts, tops, rights, bottoms = zip(*boxes, strict=True)
        x_lo, x_hi, y_lo, y_hi = min(lefts), max(rights), min(tops), max(bottoms)
    else:
        x_lo = y_lo = x_hi = y_hi = 0.0
    box = (x_lo - PAD, y_lo - PAD, x_hi - x_lo + 2 * PAD, y_hi - y_lo + 2 * PAD)
    return "".join(out), tuple(round(v, 1) for v in box)
