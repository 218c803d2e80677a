"""A dialog is not in the published state, or a language awaits approval.

Why it matters: a dialog whose `state` is not `published` (for example `configured` or
`inDevelopment`) is not what users get; a language listed in `approvalRequestedLanguages` but
not in `approvedLanguages` is not live in that language. One finding per dialog. Fields absent
(as in bot exports) are not checked.

Where to fix it in Bot Builder: Deploy > Publish; select the dialog task (and the language) and
publish it. Awaiting Approval waits for an admin: Admin Console > Bots Management, where Bot
Settings can also Auto Approve the bot's publish requests.

Fails::

    {"name": "Book a flight", "state": "configured",
     "approvalRequestedLanguages": ["en", "de"], "approvedLanguages": ["en"], "nodes": [...]}

Passes::

    {"name": "Book a flight", "state": "published",
     "approvalRequestedLanguages": ["en"], "approvedLanguages": ["en"], "nodes": [...]}
"""
from __future__ import annotations

from collections.abc import Iterator

from ..findings import Problem
from ..text import quote
from .base import DialogContext

CODE = "KL304"
NAME = "not-approved"
SEVERITY = "warning"
SCOPE = "dialog"


def check(ctx: DialogContext) -> Iterator[Problem]:
    d = ctx.dialog
    reasons = []
    if d.state is not None and d.state.lower() != "published":
        reasons.append(f"its state is {quote(d.state)}, not 'published'")
    if d.approval_requested_languages is not None:
        approved = set(d.approved_languages or [])
        waiting = [lang for lang in d.approval_requested_languages if lang not in approved]
        if waiting:
            reasons.append(f"language{'s' if len(waiting) > 1 else ''} {', '.join(waiting)} "
                           "requested but not approved")
    if reasons:
        yield Problem(f"dialog {quote(d.name)} is not fully published: {'; '.join(reasons)}", d.pointer,
                      detail="; ".join(reasons))
