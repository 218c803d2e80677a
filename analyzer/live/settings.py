"""The settings of one fetch: Settings, host normalisation, and the options/environment ->
Settings (options first, then KORE_* variables)."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ..text import compact_line
from ..urls import is_loopback
from .errors import FetchError, Redactor

EXPORT_TYPES = ("latest", "published")  # the Bot Export API's exportType (live.export)

DEFAULT_HOST = "https://bots.kore.ai"
DEFAULT_POLL_INTERVAL = 5.0  # seconds; the documented limit is 60 calls a minute
MIN_POLL_INTERVAL = 1.0  # seconds: --poll-interval below it would exceed that limit
DEFAULT_TIMEOUT = 120.0  # seconds for one fetch, retries included
DEFAULT_WAIT_TIMEOUT = 1800.0  # seconds for --wait: big bots take minutes to publish
DEFAULT_EXPORT_TIMEOUT = 600.0  # seconds for one export (--export, each of diff --live): polls included
DEFAULT_RETRIES = 4  # retries after the first attempt (429, 5xx, connection errors)
ENV_BACKOFF = "KORELINT_RETRY_BASE"  # the first back-off delay in seconds (default 1; tests set it small)
_BOT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,199}")


@dataclass
class Settings:
    host: str  # scheme://host[:port][/prefix], no trailing slash
    bot_id: str
    jwt: str | None = None
    client_id: str | None = None
    client_secret: str | None = field(default=None, repr=False)
    jwt_algorithm: str = "HS256"
    api_path_version: str | None = None  # None: /api/public/..., falling back to /api/1.1/ on 404
    ca_bundle: str | None = None
    wait: bool = False
    poll_interval: float = DEFAULT_POLL_INTERVAL
    timeout: float = DEFAULT_TIMEOUT
    retries: int = DEFAULT_RETRIES
    backoff: float = 1.0
    redact: Redactor = field(default_factory=Redactor, repr=False)

    def __post_init__(self) -> None:
        self.redact.add(self.jwt)
        self.redact.add(self.client_secret)

    def __repr__(self) -> str:  # never the secrets, even in a debugger or a traceback's locals
        return f"Settings(host={self.host!r}, bot_id={self.bot_id!r})"


def normalize_host(host: str) -> str:
    """`https://bots.kore.ai`, `bots.kore.ai`, `https://proxy.example/kore/` -> scheme://netloc[/prefix]."""
    host = host.strip()
    if not host:
        raise FetchError("the host is empty (--host or KORE_HOST, e.g. https://bots.kore.ai)")
    if not host.isprintable() or any(c.isspace() for c in host):
        raise FetchError("the host has a control or space character (--host or KORE_HOST, "
                         "e.g. https://bots.kore.ai)")
    if "://" not in host:
        host = "https://" + host
    try:
        parts = urlsplit(host)
        port = parts.port  # raises ValueError on a bad port
    except ValueError:
        raise FetchError("the host is not a valid URL "
                         "(--host or KORE_HOST, e.g. https://bots.kore.ai)") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(f"the host must be an http:// or https:// URL, not {compact_line(parts.scheme, 20)}://")
    if parts.username is not None or parts.password is not None:
        raise FetchError("the host must not carry a user name or password; "
                         "korelint authenticates with the JWT")
    if not parts.hostname:
        raise FetchError("the host URL names no host (e.g. https://bots.kore.ai)")
    if parts.scheme.lower() == "http" and not is_loopback(parts.hostname, subdomains=False):
        # The JWT would cross the network in clear: anyone on the way could replay it.
        raise FetchError(f"the host must be https:// (plain http:// only for a loopback host such as "
                         f"http://127.0.0.1:8080, not {compact_line(parts.hostname, 80)})")
    if parts.query or parts.fragment:
        raise FetchError("the host URL must not have a query or fragment")
    if not _valid_hostname(parts.hostname):
        raise FetchError(f"{compact_line(parts.hostname, 80)} is not a valid host name (--host or KORE_HOST)")
    netloc = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    if port is not None:
        netloc += f":{port}"
    return f"{parts.scheme.lower()}://{netloc}{parts.path.rstrip('/')}"


def _valid_hostname(name: str) -> bool:
    """An IP address, or DNS labels of at most 63 characters (after IDNA), 253 in all."""
    import ipaddress

    try:
        ipaddress.ip_address(name)
        return True
    except ValueError:
        pass
    try:
        ascii_name = name.encode("idna").decode("ascii")
    except UnicodeError:  # an empty or over-long label, or characters IDNA refuses
        return False
    labels = ascii_name.rstrip(".").split(".")
    if len(ascii_name) > 253 or not all(0 < len(label) <= 63 for label in labels):
        return False
    for label in labels:
        if label.lower().startswith("xn--"):
            try:
                label.encode("ascii").decode("idna")
            except UnicodeError:  # e.g. xn-- alone
                return False
    return True


def _env(name: str) -> str | None:
    value = os.environ.get(name)
    return value if value else None


def _arg(args, name: str):
    return getattr(args, name, None)


def wanted(args) -> bool:
    """Whether the command line or the environment names a bot to fetch."""
    return bool(_arg(args, "bot_id") or _env("KORE_BOT_ID"))


def settings_from_args(args) -> Settings:
    """Options first, then the environment. Raises FetchError on a missing or bad setting."""
    bot_id = _arg(args, "bot_id") or _env("KORE_BOT_ID")
    if not bot_id:
        raise FetchError("no bot id: give --bot-id or set KORE_BOT_ID "
                         "(General Settings of the bot in Bot Builder)")
    if not _BOT_ID.fullmatch(bot_id):
        raise FetchError(f"{compact_line(bot_id, 80)!r} is not a bot id "
                         "(expected something like st-1234abcd-...)")
    host = normalize_host(_arg(args, "host") or _env("KORE_HOST") or DEFAULT_HOST)
    # Credentials given on the command line win as a whole over those of the environment.
    if _arg(args, "jwt"):
        jwt_, cid, secret = args.jwt, None, None
    elif _arg(args, "client_id") or _arg(args, "client_secret"):
        jwt_ = None
        cid = _arg(args, "client_id") or _env("KORE_CLIENT_ID")
        secret = _arg(args, "client_secret") or _env("KORE_CLIENT_SECRET")
    elif _env("KORE_JWT"):
        jwt_, cid, secret = _env("KORE_JWT"), None, None
    else:
        jwt_, cid, secret = None, _env("KORE_CLIENT_ID"), _env("KORE_CLIENT_SECRET")
    if not jwt_ and not (cid and secret):
        missing = ("no client secret (--client-secret or KORE_CLIENT_SECRET)" if cid else
                   "no client id (--client-id or KORE_CLIENT_ID)" if secret else
                   "no credentials: set KORE_JWT, or KORE_CLIENT_ID and KORE_CLIENT_SECRET "
                   "(or --jwt, or --client-id and --client-secret)")
        raise FetchError(missing)
    wait = bool(_arg(args, "wait"))
    timeout = _arg(args, "timeout")
    if timeout is None:
        exports = _arg(args, "export") or _arg(args, "live")
        timeout = DEFAULT_WAIT_TIMEOUT if wait else DEFAULT_EXPORT_TIMEOUT if exports else DEFAULT_TIMEOUT
    poll = _arg(args, "poll_interval")
    retries = _arg(args, "retries")
    backoff = _backoff_base()
    ca_bundle = _arg(args, "ca_bundle") or _env("KORE_CA_BUNDLE")
    if ca_bundle:
        shown = compact_line(ca_bundle, 120)
        if os.path.isdir(ca_bundle):
            raise FetchError(f"--ca-bundle {shown}: is a directory, not a PEM certificate file")
        if os.path.exists(ca_bundle) and not os.path.isfile(ca_bundle):
            raise FetchError(f"--ca-bundle {shown}: is not a regular file (a device or a pipe?), "
                             f"not a PEM certificate file")
        if not os.path.exists(ca_bundle):
            raise FetchError(f"--ca-bundle {shown}: no such file")
    settings = Settings(host=host, bot_id=bot_id, jwt=jwt_, client_id=cid, client_secret=secret,
                        jwt_algorithm=_arg(args, "jwt_algorithm") or "HS256",
                        api_path_version=_arg(args, "api_path_version"), ca_bundle=ca_bundle, wait=wait,
                        poll_interval=DEFAULT_POLL_INTERVAL if poll is None else poll,
                        timeout=timeout, retries=DEFAULT_RETRIES if retries is None else retries,
                        backoff=backoff)
    if jwt_ and (jwt_.count(".") != 2 or not jwt_.isascii() or not jwt_.isprintable()
                 or any(c.isspace() for c in jwt_)):
        raise FetchError("the JWT (--jwt or KORE_JWT) is not a JWT: expected three dot-separated parts")
    return settings


def _backoff_base() -> float:
    """The first back-off delay (read when used, so tests can make it small)."""
    try:
        value = float(os.environ.get(ENV_BACKOFF, "1"))
    except ValueError:
        return 1.0
    return value if 0 <= value <= 60 else 1.0
