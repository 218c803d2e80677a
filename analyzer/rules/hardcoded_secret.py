"""A credential-looking value (API key, bearer token, JWT, password) written into the bot.

Why it matters: a bot export (`botDefinition.json`) is kept in git, attached to tickets and shared;
a publish status is saved by CI. A key written into a service call's headers, a script, an LLM
integration or any other setting goes wherever the file goes, and whoever reads it can call the
API as the bot: send mail, spend the OpenAI budget, read customer data. Keep credentials in
environment variables (`{{env.apiKey}}`) or the platform's secure storage, and rotate a key that
was ever exported.

Where to fix it in Bot Builder: App Settings > Variables > Environment Variables; add the key with
Secure Variable enabled and write `{{env.name}}` where it was (a Service node's Define Request >
Headers, a Script node...), or pick an authorization profile on the Auth tab. Then rotate the key.

What counts: the known key formats listed below anywhere (in a service's URL, a script, a
transition target, a name...), including headers stored as a JSON string and a credential used
as a JSON object key; random-looking values under credential-like keys (apiKey, x-api-key,
x-app-key, token, secret, client_secret, authorization), literal passwords under
password/passwd/pwd, and credential-like URL query parameters (`appid=`, `key=`, `api_key=` with
a random value). JSON escapes do not hide a credential (`Bearer abc\\/def...`,
`"sk-\\u0041..."`, a key spelled `"api\\u004bey"`): the decoded text counts. Expressions
(`{{context.x}}`, `{{env.key}}`, `env.`, `content.`), placeholders (`https://user:PASSWORD@...`),
ids and words are not credentials; in a service's recorded sample responses only known key
formats count. One finding per value (and per credential in it), at the value's JSON Pointer (a
key: at the pointer of its member); the message shows the first 4 characters only, and a
credential in a pointer (a key) is masked there too, in every finding: korelint never prints a
credential.

Known key formats (the kind a finding names: what it looks like):

<KNOWN FORMATS>

Fails (a service component's headers)::

    {"name": "sendMail", "type": "service",
     "headers": {"type": "raw", "value": "{\"Authorization\": \"Bearer SG.<22 chars>.<43 chars>\"}"}}

Passes::

    {"name": "sendMail", "type": "service",
     "headers": {"type": "raw", "value": "{\"Authorization\": \"Bearer {{env.sendgridKey}}\"}"}}
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..credentials.formats import documented
from ..credentials.mask import mask
from ..findings import Problem
from ..text import quote
from .base import DocumentContext

if TYPE_CHECKING:
    from ..credentials.scan import Leak

CODE = "KL501"
NAME = "hardcoded-secret"
SEVERITY = "error"
SCOPE = "document"

_COMPONENT_ARRAYS = ("dialogComponents", "components")

if __doc__:  # (None under python -OO) the formats as the table has them
    __doc__ = __doc__.replace("<KNOWN FORMATS>", documented())


def check(ctx: DocumentContext) -> Iterator[Problem]:
    # The scanner reads the raw JSON (msgspec): imported to analyse, not to list the rules.
    from ..credentials.scan import scan
    from ..payload.rawjson import split_pointer

    doc = ctx.document
    if doc.data is None:
        return
    components = {c.pointer: c for c in doc.components.values()}
    dialog_pointers = {d.pointer for d in doc.calls}
    # Inside an XO 11 wrapper, the bot's parts are below doc.base: places are told from there.
    skip = len(split_pointer(doc.base))
    for leak in scan(doc.data):
        tokens = split_pointer(leak.pointer)
        inside = tokens[:skip] == split_pointer(doc.base)
        tokens = tokens[skip:] if inside else tokens
        # (fingerprints as for the unwrapped export: a baseline survives the wrapping)
        rel = leak.pointer[len(doc.base):] if inside else leak.pointer
        comp = None
        if inside and len(tokens) >= 2 and tokens[0] in _COMPONENT_ARRAYS:
            comp = components.get(f"{doc.base}/{tokens[0]}/{tokens[1]}")
        shown = f"{leak.kind} {quote(mask(leak.secret))}"
        field = _field(leak, tokens[2:] if comp else tokens)
        node, owner, order = None, None, -1
        if comp is not None:
            what = f"{comp.type} component" if comp.type else "component"
            place = f"{what} {quote(comp.name)}"
            use = doc.component_users.get(comp.id)
            if use is not None:
                node, owner, order = use.node, use.dialog_pointer, use.node_index
                if not use.label.endswith(f" {quote(comp.name)}"):  # a node named like it: said once
                    place += f" (run by {use.label})"
            detail = f"{comp.id}/{'/'.join(tokens[2:])}#{leak.where}#{leak.kind}"
        elif leak.node is not None:
            node, order = leak.node
            place = f"node {quote(node)}"
            field = _field(leak, _after_node(tokens))
            detail = f"{rel}#{leak.where}#{leak.kind}"
        elif doc.kind == "bot-export" and inside and tokens and tokens[0] != "dialogs":
            place, field = "the bot settings", _field(leak, tokens)
            detail = f"{rel}#{leak.where}#{leak.kind}"
        else:
            place = "the dialog" if _in_dialog(leak.pointer, dialog_pointers) else "the payload"
            detail = f"{rel}#{leak.where}#{leak.kind}"
        at = f" at {field}" if field else ""
        yield Problem(
            f"hardcoded {shown} in {place}{at}: anyone who reads this file can use it; "
            "move it to an environment variable and rotate it",
            leak.pointer, node=node, owner=owner, detail=detail, order=order, secrets=(leak.secret,))


def _field(leak: Leak, tokens: list[str]) -> str:
    """Where inside its place: the JSON path, then the header/key/query parameter in the value."""
    path = "".join(f"[{t}]" if t.isdigit() else f".{t}" for t in tokens).lstrip(".")
    if leak.where and leak.where != leak.key:
        return f"{path} ({leak.where})" if path else leak.where
    return path


def _after_node(tokens: list[str]) -> list[str]:
    for i in range(len(tokens) - 2, -1, -1):
        if tokens[i] == "nodes" and tokens[i + 1].isdigit():
            return tokens[i + 2:]
    return tokens


def _in_dialog(pointer: str, dialogs: set[str]) -> bool:
    while pointer:
        if pointer in dialogs:
            return True
        pointer = pointer.rsplit("/", 1)[0]
    return "" in dialogs
