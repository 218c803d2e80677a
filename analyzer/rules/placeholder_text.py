"""A reachable message or prompt still says the builder's sample text.

Why it matters: when a message, entity or confirmation node is added, Bot Builder fills its
text with a sample (`Sample message for Message0010`, `Sample prompt message for Entity0002`).
Left unchanged, that is what the user reads. Found in real exports in every language the bot
was given, and URL-encoded (`Sample%20message%20for%20Message0001`) by the new builder.

What counts as sample text: the whole text (once URL-decoded, spaces trimmed, any case) is
`Sample message`, `Sample message for <name>`, `Sample prompt message for <name>` or `Sample User
Response`. Only plain-text messages are read (JavaScript messages are code), only of nodes some
path from the entry reaches, only in the bot's languages (`supportedLanguages` of a bot export:
components keep the texts of languages the bot no longer has). A sample text of one channel
(usually `default`) that another channel's message replaces in that language (a web SDK
template, `rtm`) is not reported: the bot is likely used on that channel only. The
`userUtterance: "Sample User Response"` a connection carries is the builder's test data, not a
text the user sees: not read.

Where to fix it in Bot Builder: open the node (its Bot Responses / User Prompts) and write the
text the user should read, in each language listed in the finding. One finding per node.

Fails (the component of a reachable message node)::

    {"_id": "dc-1", "type": "message", "message": [{"channel": "default", "localeData":
        {"en": {"text": "Sample message for Message0001", "type": "basic"}}}]}

Passes: any other text.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..findings import Problem
from ..text import listing, quote
from .base import DialogContext

if TYPE_CHECKING:  # types only: the registry is listed without the models and networkx
    from ..payload.document import Prompt

CODE = "KL212"
NAME = "placeholder-text"
SEVERITY = "warning"
SCOPE = "dialog"

SAMPLE = re.compile(r"sample (?:prompt )?message(?: for \S+)?|sample user response", re.I)
_WORDS = {"message": "says", "entity": "asks", "dialogAct": "asks", "confirmation": "asks"}


def _sample(p: Prompt) -> bool:
    return p.type == "basic" and SAMPLE.fullmatch(p.text.strip()) is not None


def check(ctx: DialogContext) -> Iterator[Problem]:
    reachable = ctx.flow.reachable
    languages = set(ctx.document.languages)
    seen: set[str] = set()
    for entry in ctx.dialog.nodes:
        node, comp = entry.node, entry.component
        if comp is None or node.node_id not in reachable or node.node_id in seen or node.type not in _WORDS:
            continue
        seen.add(node.node_id)
        samples = [p for p in comp.prompts if _sample(p) and (not languages or p.language in languages)
                   and not any(o.language == p.language and o.channel != p.channel and not _sample(o)
                               for o in comp.prompts)]
        if not samples:
            continue
        said = sorted({p.language for p in samples})  # not `languages`: the bot's, for every node
        where = (f" (in language {listing(said)})" if len(said) > 1 or said != ["en"] else "")
        yield Problem(f"{ctx.label(node.node_id)} {_WORDS[node.type]} the builder's sample text "
                      f"{quote(samples[0].text.strip())}{where}: the user reads it as it is",
                      f"{comp.pointer}/message", node=node.node_id, order=entry.index)
