"""The export's download URL: checked before anything is sent to it, and its tokens made secrets.

Kore.ai's Export Status API answers a `downloadURL` (a signed link, its token in the query, with
`store.urlParams` beside it). The link is a credential: whoever holds it downloads the bot. So
its query values join the Redactor's secrets before any message can name it, and what korelint
shows of it is scheme, host and path only. It must be https:// (plain http:// only to a loopback
host, as for --host): the bot definition holds the bot's service credentials."""
from __future__ import annotations

from urllib.parse import parse_qsl, urljoin, urlsplit

from ..text import compact_line
from ..urls import is_loopback
from .errors import FetchError, Redactor


def hide_tokens(redact: Redactor, url: str) -> None:
    """Every query value (and the whole query, and a fragment) of `url` becomes a secret."""
    try:
        parts = urlsplit(url)
    except ValueError:
        redact.add(url)
        return
    redact.add(parts.query)
    redact.add(parts.fragment)
    for _, value in parse_qsl(parts.query, keep_blank_values=True):
        redact.add(value)
    if parts.password:
        redact.add(parts.password)


def shown(url: str) -> str:
    """scheme://host/path of the URL, for a message: never its query (the token)."""
    try:
        parts = urlsplit(url)
        netloc = parts.netloc.rsplit("@", 1)[-1]
    except ValueError:
        return "(a URL that is not valid)"
    return compact_line(f"{parts.scheme}://{netloc}{parts.path}", 160)


def checked(url: object, host: str) -> str:
    """The absolute download URL (a relative one is the host's), or FetchError when it is not one
    korelint fetches: not https (but for loopback), no host, user info."""
    if not isinstance(url, str) or not url.strip():
        raise FetchError("the export succeeded but its status has no downloadURL")
    url = url.strip()
    if not url.isprintable() or any(c.isspace() for c in url):
        raise FetchError("the export's downloadURL has a control or space character")
    try:
        target = urljoin(host + "/", url)
        parts = urlsplit(target)
        parts.port  # noqa: B018 -- raises ValueError on a bad port
    except ValueError:
        raise FetchError("the export's downloadURL is not a valid URL") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"the export's downloadURL is not an http(s) URL ({shown(target)})")
    if parts.username is not None or parts.password is not None:
        raise FetchError("the export's downloadURL carries a user name or password")
    if scheme == "http" and not is_loopback(parts.hostname, subdomains=False):
        raise FetchError(f"the export's downloadURL is plain http:// ({shown(target)}): korelint "
                         "downloads a bot definition only over https:// (http:// only on loopback)")
    return target
