"""A service call to a plain `http://` URL.

Why it matters: over plain http the request and the answer travel unencrypted: the user's data
the bot sends (names, account numbers, health questions), the credentials in its headers and the
answer it trusts can be read and changed by anyone on the way. Use `https://`. Calls to the
machine itself (localhost, 127.0.0.0/8, ::1) are not reported. One finding per service component,
at its end point, on the first node that runs it.

Where to fix it in Bot Builder: the Service node's Component Properties > Request Definition >
Define Request; change the Request URL to `https://`.

Fails (a service component's end point)::

    {"name": "getWeather", "type": "service",
     "endPoint": {"protocol": "http", "host": "api.example.com", "path": "/weather", "method": "get"}}

Passes::

    {"name": "getWeather", "type": "service",
     "endPoint": {"protocol": "https", "host": "api.example.com", "path": "/weather", "method": "get"}}
"""
from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import unquote

from ..findings import Problem
from ..text import QUOTE_LIMIT, quote, shorten
from ..urls import is_loopback
from .base import DocumentContext

CODE = "KL502"
NAME = "insecure-endpoint"
SEVERITY = "warning"
SCOPE = "document"


def check(ctx: DocumentContext) -> Iterator[Problem]:
    doc = ctx.document
    for comp in doc.components.values():
        ep = comp.endpoint
        if comp.type != "service" or ep is None or ep.scheme != "http" or not ep.host or is_loopback(ep.host):
            continue
        use = doc.component_users.get(comp.id)
        # the runner, unless it is the node named like the service (the location names it)
        runner = f" (run by {use.label})" if use and not use.label.endswith(f" {quote(comp.name)}") else ""
        yield Problem(
            f"service {quote(comp.name)}{runner} calls {shorten(unquote(ep.url), QUOTE_LIMIT)} over plain "
            f"http: the request, its "
            "headers and the answer travel unencrypted; use https",
            ep.pointer, node=use.node if use else None, owner=use.dialog_pointer if use else None,
            detail=comp.id, order=use.node_index if use else comp.index)
