"""How each node type looks (`STYLES`), the problem markers, and the drawings' CSS (`SVG_CSS`).

STYLES also serves as the list of node types korelint knows (spec section 4): a type not in it is
drawn as "other type", never refused (the platform adds types every release)."""
from __future__ import annotations

import re
from dataclasses import dataclass

FONT = "Helvetica,Arial,sans-serif"


@dataclass(frozen=True)
class Style:
    shape: str
    fill: str
    stroke: str
    rounded: bool = False
    label: str = ""  # legend text


STYLES: dict[str, Style] = {
    "intent": Style("box", "#dbeafe", "#2563eb", True, "intent (user intent or dialog call)"),
    "entity": Style("box", "#ede9fe", "#7c3aed", True, "entity (asks the user)"),
    "message": Style("box", "#dcfce7", "#16a34a", True, "message"),
    "script": Style("box", "#fef3c7", "#b45309", False, "script"),
    "service": Style("box3d", "#ffedd5", "#ea580c", False, "service"),
    "webhook": Style("box3d", "#fce7f3", "#db2777", False, "webhook"),
    "logic": Style("hexagon", "#e0e7ff", "#4f46e5", False, "logic"),
    "form": Style("tab", "#f3e8ff", "#9333ea", False, "form"),
    "digitalFormNode": Style("tab", "#f3e8ff", "#9333ea", False, "digital form"),
    "dialogAct": Style("octagon", "#cffafe", "#0e7490", False, "confirmation (dialogAct)"),
    "confirmation": Style("octagon", "#cffafe", "#0e7490", False, "confirmation"),
    "botAction": Style("component", "#e2e8f0", "#475569", False, "bot action"),
    "aiassist": Style("hexagon", "#fef9c3", "#a16207", False, "agent node (talks with the user)"),
    "generativeai": Style("box", "#fef9c3", "#a16207", False, "prompt (generative AI)"),
    "searchai": Style("box", "#ecfccb", "#4d7c0f", False, "search AI"),
    "dynamicIntent": Style("box", "#dbeafe", "#2563eb", False, "dynamic intent"),
    "sdkwebhook": Style("box3d", "#fce7f3", "#db2777", False, "SDK webhook"),
    "agentTransfer": Style("cds", "#fae8ff", "#a21caf", False, "agent transfer (ends the dialog)"),
}
OTHER = Style("box", "#f8fafc", "#64748b", False, "other type")
RED = "#dc2626"
SEVERITY_COLORS = {"error": "#dc2626", "warning": "#d97706", "info": "#2563eb"}
MARKERS = {
    "end": ("#1f2937", "end of the dialog"),
    "unconnected": ("#9ca3af", "transition not connected (the dialog ends there)"),
    "ghost": (RED, "missing node: a transition targets an id the dialog does not have"),
}


def style_of(node_type: str) -> Style:
    return STYLES.get(node_type, OTHER)


def css_class_name(text: str) -> str:
    """A node type as part of a CSS class name: `kl-type-{css_class_name(type)}`."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", text)[:40] or "none"


def _stylesheet() -> str:
    """The drawings' CSS: in the report's <style> once, in each standalone SVG file."""
    rules = [
        ".kl-drawing text{fill:#111827;stroke:none;text-anchor:middle}",
        ".kl-drawing polyline{fill:none}",
        ".kl-node{fill:%s;stroke:%s;stroke-width:1.2}" % (OTHER.fill, OTHER.stroke),
    ]
    for kind, st in STYLES.items():
        rules.append(".kl-type-%s{fill:%s;stroke:%s}" % (css_class_name(kind), st.fill, st.stroke))
    rules += [
        ".kl-entry{stroke-width:2.4}",
        ".kl-node.kl-unreachable{stroke:#9ca3af;stroke-dasharray:5,2;fill-opacity:.4}",
        ".kl-unreachable text{fill:#6b7280;fill-opacity:1}",
        ".kl-node.kl-loop{stroke:%s;stroke-width:2.4}" % RED,
        ".kl-edge{fill:none;stroke:#64748b}",
        ".kl-edge polygon{fill:#64748b;stroke-dasharray:none}",
        ".kl-edge text{fill:#334155;font-size:9px}",
        ".kl-edge.kl-loop{stroke:%s;stroke-width:2}" % RED,
        ".kl-edge.kl-loop polygon{fill:%s}" % RED,
        ".kl-edge.kl-loop text,.kl-edge.kl-dangling text{fill:#b91c1c}",
        ".kl-edge.kl-dangling{stroke:%s;stroke-width:1.6;stroke-dasharray:5,2}" % RED,
        ".kl-edge.kl-dangling polygon{fill:%s}" % RED,
        ".kl-edge.kl-unconnected{stroke:#9ca3af;stroke-dasharray:1,5}",
        ".kl-edge.kl-unconnected polygon{fill:#9ca3af}",
        ".kl-marker{stroke-width:1.2}",
        ".kl-marker text{font-size:9px}",
        ".kl-marker.kl-end{fill:#1f2937;stroke:#1f2937}",
        ".kl-marker.kl-end text{fill:#fff}",
        ".kl-marker.kl-unconnected{fill:none;stroke:#9ca3af;stroke-dasharray:5,2}",
        ".kl-marker.kl-unconnected text{fill:#6b7280}",
        ".kl-marker.kl-dangling{fill:#fee2e2;stroke:%s;stroke-width:1.6;stroke-dasharray:5,2}" % RED,
        ".kl-marker.kl-dangling text{fill:#b91c1c;font-size:11px}",
        # diff: added green, changed amber, removed red dashed ghosts
        ".kl-node.kl-diff-added{stroke:#16a34a;stroke-width:3}",
        ".kl-node.kl-diff-changed{stroke:#d97706;stroke-width:3}",
        ".kl-node.kl-diff-removed{stroke:%s;stroke-width:2;stroke-dasharray:6,3;fill-opacity:.25}" % RED,
        ".kl-diff-removed text{fill:#b91c1c;fill-opacity:1}",
        ".kl-edge.kl-diff-added{stroke:#16a34a;stroke-width:2.4}",
        ".kl-edge.kl-diff-added polygon{fill:#16a34a}",
        ".kl-edge.kl-diff-changed{stroke:#d97706;stroke-width:2.4}",
        ".kl-edge.kl-diff-changed polygon{fill:#d97706}",
        ".kl-edge.kl-diff-removed{stroke:%s;stroke-width:1.6;stroke-dasharray:6,3}" % RED,
        ".kl-edge.kl-diff-removed polygon{fill:%s}" % RED,
        # one test path lit up (the report's picker): the rest fades
        ".kl-path-shown .kl-node,.kl-path-shown .kl-edge,.kl-path-shown .kl-marker{opacity:.22}",
        ".kl-path-shown .kl-on-path{opacity:1}",
        ".kl-node.kl-on-path{stroke:#2563eb;stroke-width:3}",
        ".kl-edge.kl-on-path{stroke:#2563eb;stroke-width:2.6}",
        ".kl-edge.kl-on-path polygon{fill:#2563eb}",
        ".kl-badge circle{stroke:#fff;stroke-width:1.5;stroke-dasharray:none;fill-opacity:1}",
        ".kl-badge text{fill:#fff;fill-opacity:1;font-size:10px;font-weight:bold}",
    ]
    for sev, color in SEVERITY_COLORS.items():
        rules.append(".kl-badge-%s circle{fill:%s}" % (sev, color))
    return "\n".join(rules)


SVG_CSS = _stylesheet()
