"""Payloads for the report tests: a hostile one (injection attempts everywhere) and a broken one
(every drawn problem: dangling targets, unreachable nodes, loops, unconnected branches)."""
from __future__ import annotations

from typing import Any

from helpers import branch, default, dialog, node, publish_status

XSS_NAME = "<img src=x onerror=alert(1)>"
NODE_EVIL = 'n"<b>{x}\\N</text><script>alert(2)</script>'
COND_EVIL = '</text><script>alert(3)</script>"\\{}<>'
GHOST_EVIL = '<svg onload=alert(4)>'
# Would mark the page if it ever ran: the browser test looks for the mark.
PWN = """<img src=x onerror="document.documentElement.setAttribute('data-pwned','1')">"""
PWN_SVG = """</text></g><script>document.documentElement.setAttribute('data-pwned','2')</script><g>"""
ALL_EVIL = (XSS_NAME, NODE_EVIL, COND_EVIL, GHOST_EVIL, PWN, PWN_SVG)


def at(left: int, top: int) -> dict[str, Any]:
    return {"metadata": {"left": left, "top": top}}


def hostile() -> dict:
    evil = dialog(
        node("intent0", "intent", default(NODE_EVIL), **at(10, 100)),
        node(NODE_EVIL, "script",
             branch({"context": COND_EVIL, "op": "eq", "value": COND_EVIL}, "message2"),
             default(GHOST_EVIL), **at(250, 100)),
        node("message2", "message", default("end"), **at(500, 60)),
        node("javascript:alert(5)", "message", default("end"), **at(500, 260)),  # unreachable
        node(PWN_SVG, "message", branch({"context": PWN, "op": "eq", "value": PWN_SVG}, "end"),
             default(PWN), **at(700, 100)),
        name=XSS_NAME,
    )
    evil["_id"] = 'dg-"><script>alert(6)</script>'
    second = dialog(node("intent0", "intent", default("end")), name="Plain ../../etc/passwd")
    second["_id"] = "dg-plain"
    payload = publish_status(evil, second, streamId="st-<script>alert(7)</script>",
                             resources=[{"resourceId": "x", "resourceType": "<b>SETTINGS</b>",
                                         "name": "<iframe src=//evil.example>", "status": PWN,
                                         "modules": ["<script>alert(8)</script>"]}])
    return payload


def broken() -> dict:
    """One dialog showing every problem the drawing marks, at canvas positions."""
    main = dialog(
        node("intent0", "intent", default("entity1"), **at(20, 40)),
        node("entity1", "entity",
             branch({"context": "choice", "op": "eq", "value": "loop"}, "script2"),
             branch({"context": "choice", "op": "eq", "value": "menu"}, "message4"),
             branch({"context": "choice", "op": "eq", "value": "nothing"}, ""),
             default("service3"), **at(220, 40)),
        node("script2", "script", default("logic5"), **at(220, 200)),
        node("service3", "service", default("deletedNode"), **at(440, 40)),
        node("message4", "message", default("dialogAct7"), **at(440, 200)),
        node("logic5", "logic", default("script2"), **at(20, 200)),  # auto-loop with script2
        node("orphan6", "message", default("end"), **at(660, 40)),  # unreachable
        node("dialogAct7", "dialogAct", branch({"dialogAct": "yes"}, "message4"),
             default("message4"), **at(660, 200)),  # closed region with input
        name="Broken flow",
    )
    free = dialog(  # no canvas positions at all: laid out by dot
        node("intent0", "intent", default("message1")),
        node("message1", "message", branch({"context": "x", "op": "eq", "value": "1"}, "message2"),
             default("end")),
        node("message2", "message", default("gone")),
        name="No positions",
    )
    free["_id"] = "dg-free"
    mixed = dialog(  # some positions missing
        node("intent0", "intent", default("message1"), **at(0, 0)),
        node("message1", "message", default("message2"), **at(200, 0)),
        node("message2", "message", default("message3"), **at(400, 0)),
        node("message3", "message", default("end")),
        name="Some positions",
    )
    mixed["_id"] = "dg-mixed"
    return publish_status(main, free, mixed, status="failed", percentage=60)
