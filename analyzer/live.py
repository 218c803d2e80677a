"""The live bot: fetch the Bot Publish Status API's response (spec section 9).

    GET {host}/api/public/bot/{botId}/publish/status      (older hosts: /api/1.1/public/...)
    auth: <JWT>

`korelint fetch` saves the response; `check` and `report` lint it when no PATH is given. The JWT is
given (--jwt, KORE_JWT) or signed here from the app's client id and secret (HS256 or HS512, claims
appId, sub, iat, exp, jti).

Security: the client secret and the JWT are never written anywhere but into the request's `auth`
header. Every message that leaves this module goes through `Redactor`; TLS is always verified
(--ca-bundle adds a CA, nothing turns verification off); redirects are followed by hand and only
within the same origin (scheme, host, port), so the header never reaches another host.

httpx, PyJWT and rich are imported when a fetch runs, not by every `korelint check`.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from dataclasses import dataclass, field
from typing import Any, Callable
from urllib.parse import quote, urljoin, urlsplit

from .sources import MAX_INPUT_BYTES, Source
from .version import __version__

DEFAULT_HOST = "https://bots.kore.ai"
DEFAULT_POLL_INTERVAL = 5.0  # seconds; the documented limit is 60 calls a minute
DEFAULT_TIMEOUT = 120.0  # seconds for one fetch, retries included
DEFAULT_WAIT_TIMEOUT = 1800.0  # seconds for --wait: big bots take minutes to publish
DEFAULT_RETRIES = 4  # retries after the first attempt (429, 5xx, connection errors)
CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 30.0
BACKOFF_CAP = 30.0
MAX_REDIRECTS = 5
JWT_LIFETIME = 300  # seconds
ENV_BACKOFF = "KORELINT_RETRY_BASE"  # the first back-off delay in seconds (default 1; tests set it small)
_BOT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,199}")
_REDIRECTS = {301, 302, 303, 307, 308}
SCOPE = "Bot Publish > Publish Status"


class FetchError(Exception):
    """The live payload cannot be had (exit 2). The message is one line, already redacted."""


# -- secrets ----------------------------------------------------------------------------------------


class Redactor:
    """Replaces every known secret (and its URL-encoded form) in a text."""

    def __init__(self) -> None:
        self._secrets: set[str] = set()

    def add(self, secret: str | None) -> None:
        if not secret:
            return
        forms = {secret, quote(secret, safe="")}
        if secret.count(".") == 2:  # a JWT: its signature alone is secret too
            forms.add(secret.rsplit(".", 1)[1])
        self._secrets.update(f for f in forms if len(f) >= 4)

    def __call__(self, text: str) -> str:
        for secret in sorted(self._secrets, key=len, reverse=True):
            text = text.replace(secret, "[redacted]")
        return text


def _printable(text: str, limit: int = 300) -> str:
    """Server text made safe for one terminal line: no control characters, bounded length."""
    text = re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- settings ---------------------------------------------------------------------------------------


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
    if "://" not in host:
        host = "https://" + host
    try:
        parts = urlsplit(host)
        port = parts.port  # raises ValueError on a bad port
    except ValueError:
        raise FetchError("the host is not a valid URL (--host or KORE_HOST, e.g. https://bots.kore.ai)") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(f"the host must be an http:// or https:// URL, not {_printable(parts.scheme, 20)}://")
    if parts.username is not None or parts.password is not None:
        raise FetchError("the host must not carry a user name or password; korelint authenticates with the JWT")
    if not parts.hostname:
        raise FetchError("the host URL names no host (e.g. https://bots.kore.ai)")
    if parts.query or parts.fragment:
        raise FetchError("the host URL must not have a query or fragment")
    netloc = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    if port is not None:
        netloc += f":{port}"
    return f"{parts.scheme.lower()}://{netloc}{parts.path.rstrip('/')}"


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
        raise FetchError("no bot id: give --bot-id or set KORE_BOT_ID (General Settings of the bot in Bot Builder)")
    if not _BOT_ID.fullmatch(bot_id):
        raise FetchError(f"{_printable(bot_id, 80)!r} is not a bot id (expected something like st-1234abcd-...)")
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
        timeout = DEFAULT_WAIT_TIMEOUT if wait else DEFAULT_TIMEOUT
    poll = _arg(args, "poll_interval")
    retries = _arg(args, "retries")
    backoff = _backoff_base()
    ca_bundle = _arg(args, "ca_bundle") or _env("KORE_CA_BUNDLE")
    if ca_bundle and not os.path.isfile(ca_bundle):
        raise FetchError(f"--ca-bundle {ca_bundle}: no such file")
    settings = Settings(host=host, bot_id=bot_id, jwt=jwt_, client_id=cid, client_secret=secret,
                        jwt_algorithm=_arg(args, "jwt_algorithm") or "HS256",
                        api_path_version=_arg(args, "api_path_version"), ca_bundle=ca_bundle, wait=wait,
                        poll_interval=DEFAULT_POLL_INTERVAL if poll is None else poll,
                        timeout=timeout, retries=DEFAULT_RETRIES if retries is None else retries,
                        backoff=backoff)
    if jwt_ and (jwt_.count(".") != 2 or any(c.isspace() for c in jwt_)):
        raise FetchError("the JWT (--jwt or KORE_JWT) is not a JWT: expected three dot-separated parts")
    return settings


def _backoff_base() -> float:
    """The first back-off delay (read when used, so tests can make it small)."""
    try:
        value = float(os.environ.get(ENV_BACKOFF, "1"))
    except ValueError:
        return 1.0
    return value if 0 <= value <= 60 else 1.0


# -- JWT ----------------------------------------------------------------------------------------------


def sign_jwt(client_id: str, client_secret: str, algorithm: str = "HS256", now: float | None = None) -> str:
    """The app's JWT, as Kore.ai documents it: HS256 (or HS512), appId = client id, sub."""
    import uuid
    import warnings

    import jwt

    issued = int(time.time() if now is None else now)
    claims = {"appId": client_id, "sub": "korelint", "iat": issued, "exp": issued + JWT_LIFETIME,
              "jti": uuid.uuid4().hex}
    with warnings.catch_warnings():  # short secrets: Kore.ai chose them, not the user
        warnings.simplefilter("ignore")
        token = jwt.encode(claims, client_secret, algorithm=algorithm, headers={"typ": "JWT"})
    return token


# -- HTTP ---------------------------------------------------------------------------------------------


@dataclass
class Fetched:
    data: bytes  # the response body, exactly as received
    document: dict
    url: str

    @property
    def status(self) -> str:
        value = self.document.get("status")
        return value if isinstance(value, str) else ""

    @property
    def percent(self) -> float | None:
        value = self.document.get("percentageComplete")
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return None
        return float(max(0, min(100, value)))

    @property
    def in_progress(self) -> bool:
        return self.status.strip().lower() == "inprogress"


def status_path(bot_id: str, version: str | None) -> str:
    api = "/api/1.1/public" if version == "1.1" else "/api/public"
    return f"{api}/bot/{quote(bot_id, safe='')}/publish/status"


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delta-seconds or an HTTP date."""
    import email.utils

    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def kore_errors(body: bytes) -> str:
    """The messages of a Kore.ai error body {"errors": [{"msg", "code"}]}, or ""."""
    try:
        doc = json.loads(body[:65536].decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return ""
    errors = doc.get("errors") if isinstance(doc, dict) else None
    if not isinstance(errors, list):
        return ""
    parts = []
    for e in errors[:3]:
        if not isinstance(e, dict):
            continue
        msg, code = e.get("msg") or e.get("message"), e.get("code")
        text = str(msg) if msg is not None else ""
        if code is not None and not isinstance(code, (dict, list)):
            text = f"{text} (code {code})" if text else f"code {code}"
        if text:
            parts.append(text)
    return "; ".join(parts)


class _Retry(Exception):
    def __init__(self, reason: str, delay: float | None = None):
        super().__init__(reason)
        self.reason, self.delay = reason, delay


class Client:
    """One session with the host: signs the JWT per request, retries, follows same-origin redirects."""

    def __init__(self, settings: Settings, *, sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic, note: Callable[[str], None] | None = None):
        import httpx

        self.s, self.sleep, self.clock = settings, sleep, clock
        self.note = note or (lambda message: None)
        self.deadline = clock() + settings.timeout
        self.version = settings.api_path_version
        self._httpx = httpx
        self.http = httpx.Client(verify=_ssl_context(settings.ca_bundle), follow_redirects=False,
                                 trust_env=True, headers={"User-Agent": f"korelint/{__version__}",
                                                          "Accept": "application/json"})
        origin = urlsplit(settings.host)
        self.origin = (origin.scheme, origin.hostname, origin.port or _default_port(origin.scheme))
        if origin.scheme == "http" and origin.hostname not in ("localhost", "127.0.0.1", "::1"):
            self.note(f"warning: {settings.host} is plain http: the JWT travels unencrypted")

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- one status document --

    def remaining(self) -> float:
        return self.deadline - self.clock()

    def token(self) -> str:
        s = self.s
        if s.jwt:
            return s.jwt
        token = sign_jwt(s.client_id or "", s.client_secret or "", s.jwt_algorithm)
        s.redact.add(token)
        return token

    def get_status(self) -> Fetched:
        """One publish-status document, with retries. Raises FetchError."""
        try:
            return self._get_status()
        except FetchError as exc:
            raise FetchError(self.s.redact(str(exc))) from None

    def _get_status(self) -> Fetched:
        version = self.version
        while True:
            url = self.s.host + status_path(self.s.bot_id, version)
            status, body, headers, final_url = self._with_retries(url)
            if status == 404 and version is None:
                version = "1.1"  # an older host: /api/1.1/public/...
                continue
            break
        if status == 200:
            self.version = version  # the next polls go straight to the path that answered
            return self._document(body, final_url, headers)
        raise FetchError(self._status_message(status, body, final_url))

    def _with_retries(self, url: str) -> tuple[int, bytes, Any, str]:
        attempt = 0
        while True:
            try:
                return self._request(url)
            except _Retry as retry:
                if attempt >= self.s.retries:
                    raise FetchError(f"{retry.reason}; gave up after {attempt + 1} attempts") from None
                delay = retry.delay
                if delay is None:
                    import random

                    base = self.s.backoff * (2 ** attempt)
                    delay = min(BACKOFF_CAP, base) * random.uniform(0.5, 1.0)
                if delay >= self.remaining():
                    raise FetchError(f"{retry.reason}; no time left for another attempt within the "
                                     f"timeout of {self.s.timeout:g} s") from None
                attempt += 1
                self.note(f"{retry.reason}; retrying in {delay:.1f} s (attempt {attempt + 1} of "
                          f"{self.s.retries + 1})")
                self.sleep(delay)

    def _request(self, url: str) -> tuple[int, bytes, Any, str]:
        """GET with the auth header, following same-origin redirects. Raises _Retry or FetchError."""
        httpx = self._httpx
        for _ in range(MAX_REDIRECTS + 1):
            left = self.remaining()
            if left <= 0:
                raise FetchError(f"timed out after {self.s.timeout:g} s (--timeout) waiting for {url}")
            timeout = httpx.Timeout(connect=min(CONNECT_TIMEOUT, left), read=min(READ_TIMEOUT, left),
                                    write=min(READ_TIMEOUT, left), pool=min(CONNECT_TIMEOUT, left))
            try:
                with self.http.stream("GET", url, headers={"auth": self.token()}, timeout=timeout) as resp:
                    status, headers = resp.status_code, resp.headers
                    if status in _REDIRECTS:
                        url = self._redirect_target(url, headers.get("location"))
                        continue
                    body = self._read_body(resp, url)
            except httpx.TimeoutException as exc:
                if self.remaining() <= 0.05:
                    raise FetchError(f"timed out after {self.s.timeout:g} s (--timeout): "
                                     f"{_timeout_what(exc)} {url}") from None
                raise _Retry(f"{_timeout_what(exc)} {url}") from None
            except httpx.TransportError as exc:  # connection refused, reset, TLS, proxy, protocol
                if "CERTIFICATE_VERIFY_FAILED" in str(exc):  # will not heal by retrying
                    raise FetchError(f"cannot reach {self.s.host}: {self._reason(exc)}") from None
                raise _Retry(f"cannot reach {self.s.host}: {self._reason(exc)}") from None
            except httpx.HTTPError as exc:
                raise FetchError(f"request to {url} failed: {self._reason(exc)}") from None
            if status == 429:
                wait = parse_retry_after(headers.get("retry-after"))
                raise _Retry("rate limited by the host (HTTP 429)", wait)
            if status >= 500:
                raise _Retry(f"the host answered HTTP {status}"
                             + (f": {kore}" if (kore := self._kore(body)) else ""),
                             parse_retry_after(headers.get("retry-after")) if status == 503 else None)
            return status, body, headers, url
        raise FetchError(f"more than {MAX_REDIRECTS} redirects from {self.s.host}")

    def _kore(self, body: bytes) -> str:
        """The Kore.ai error messages of a body, redacted (before any truncation), for one line."""
        return _printable(self.s.redact(kore_errors(body)), 200)

    def _reason(self, exc: Exception) -> str:
        text = str(exc) or type(exc).__name__
        if "CERTIFICATE_VERIFY_FAILED" in text:
            text = ("TLS certificate verification failed (a company proxy or private CA? "
                    "give its certificate with --ca-bundle FILE)")
        return _printable(self.s.redact(text), 200)

    def _redirect_target(self, url: str, location: str | None) -> str:
        if not location:
            raise FetchError(f"{url} redirected without a Location")
        target = urljoin(url, location.strip())
        parts = urlsplit(target)
        try:
            port = parts.port or _default_port(parts.scheme)
        except ValueError:
            port = -1
        if (parts.scheme, parts.hostname, port) != self.origin:
            shown = _printable(f"{parts.scheme}://{parts.netloc.rsplit('@', 1)[-1]}", 120)
            raise FetchError(f"{self.s.host} redirected to another host ({shown}); korelint does not "
                             f"send the JWT there. If that is the right host, give it as --host")
        return target

    def _read_body(self, resp, url: str) -> bytes:
        chunks, size = [], 0
        for chunk in resp.iter_bytes():
            size += len(chunk)
            if size > MAX_INPUT_BYTES:
                raise FetchError(f"the answer of {url} is larger than korelint reads")
            chunks.append(chunk)
        return b"".join(chunks)

    def _status_message(self, status: int, body: bytes, url: str) -> str:
        kore = self._kore(body)
        said = f" The host said: {kore}." if kore else ""
        s = self.s
        if status in (401, 403):
            who = ("the JWT (--jwt or KORE_JWT) is wrong or expired" if s.jwt else
                   "the client id or client secret is wrong")
            return (f"the host refused the request for bot {s.bot_id} (HTTP {status}): {who}, "
                    f"or the app lacks the \"{SCOPE}\" API scope (Admin Console > API Scopes), "
                    f"or the app is not allowed on this bot.{said}")
        if status == 404:
            tried = ("/api/public and /api/1.1/public" if s.api_path_version is None
                     else f"/api/{s.api_path_version}/public")
            return (f"bot {s.bot_id} not found at {s.host} (HTTP 404, tried {tried}): check the bot id "
                    f"(General Settings in Bot Builder) and the host.{said}")
        return f"the host answered HTTP {status} for {url}.{said}"

    def _document(self, body: bytes, url: str, headers) -> Fetched:
        kind = _printable(headers.get("content-type", "no Content-Type"), 60)
        try:
            doc = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            raise FetchError(f"the answer of {url} is not JSON ({kind}, {len(body)} bytes): "
                             f"not a publish status") from None
        if not isinstance(doc, dict):
            raise FetchError(f"the answer of {url} is JSON but not an object: not a publish status")
        fetched = Fetched(body, doc, url)
        if "statusSummary" not in doc and not fetched.in_progress:
            kore = self._kore(body)
            raise FetchError(f"the answer of {url} is not a publish status (no statusSummary)"
                             + (f": the host said: {kore}" if kore else ""))
        return fetched


def _timeout_what(exc: Exception) -> str:
    name = type(exc).__name__
    return {"ConnectTimeout": "no connection to", "ReadTimeout": "no answer from",
            "WriteTimeout": "cannot send to", "PoolTimeout": "no connection to"}.get(name, "timed out:")


def _default_port(scheme: str) -> int:
    return 443 if scheme == "https" else 80


def _ssl_context(ca_bundle: str | None):
    """The system's CAs and certifi's, plus --ca-bundle. Verification is always on."""
    import ssl

    ctx = ssl.create_default_context()
    try:
        import certifi  # installed with httpx

        ctx.load_verify_locations(cafile=certifi.where())
    except (ImportError, OSError, ssl.SSLError):
        pass
    if ca_bundle:
        try:
            ctx.load_verify_locations(cafile=ca_bundle)
        except (OSError, ssl.SSLError) as exc:
            raise FetchError(f"--ca-bundle {ca_bundle}: not a PEM certificate file ({exc})") from None
    return ctx


# -- polling and progress ----------------------------------------------------------------------------


class _Progress:
    """--wait's progress on stderr: a rich bar on a terminal, plain lines otherwise."""

    def __init__(self, bot_id: str, stream=None, tty: bool | None = None):
        self.stream = stream if stream is not None else sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self.bot_id, self.last, self.bar, self.task = bot_id, None, None, None

    def update(self, fetched: Fetched) -> None:
        pct = fetched.percent
        if self.tty:
            if self.bar is None:
                from rich.console import Console
                from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

                console = Console(file=self.stream, force_terminal=True)
                self.bar = Progress(TextColumn(f"[bold]publishing {self.bot_id}"), BarColumn(),
                                    TaskProgressColumn(), TimeElapsedColumn(), console=console,
                                    transient=True)
                self.bar.start()
                self.task = self.bar.add_task("", total=100)
            self.bar.update(self.task, completed=pct or 0)
            return
        shown = "?" if pct is None else f"{pct:.0f}%"
        if shown != self.last:
            self.stream.write(f"korelint: bot {self.bot_id}: publish in progress, {shown}\n")
            self.stream.flush()
            self.last = shown

    def note(self, line: str) -> None:
        """A message line; above the bar while it is shown."""
        if self.bar is not None:
            self.bar.console.print(line, markup=False, highlight=False, soft_wrap=True)
        else:
            self.stream.write(line + "\n")
            self.stream.flush()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


def fetch(settings: Settings, *, sleep: Callable[[float], None] = time.sleep,
          clock: Callable[[], float] = time.monotonic, stream=None, tty: bool | None = None) -> Fetched:
    """The publish status; with settings.wait, the first one that is not INPROGRESS.
    Raises FetchError with a one-line, redacted message."""
    err = stream if stream is not None else sys.stderr

    progress = _Progress(settings.bot_id, err, tty) if settings.wait else None

    def note(message: str) -> None:
        line = f"korelint: {settings.redact(message)}"
        if progress is not None:
            progress.note(line)
        else:
            err.write(line + "\n")
            err.flush()
    try:
        with Client(settings, sleep=sleep, clock=clock, note=note) as client:
            while True:
                fetched = client.get_status()
                if not settings.wait or not fetched.in_progress:
                    if "statusSummary" not in fetched.document:
                        raise FetchError(f"the answer of {fetched.url} is not a publish status "
                                         "(no statusSummary)")
                    return fetched
                progress.update(fetched)
                if settings.poll_interval >= client.remaining():
                    pct = fetched.percent
                    raise FetchError(f"the publish of bot {settings.bot_id} is still in progress"
                                     + (f" ({pct:.0f}%)" if pct is not None else "")
                                     + f" after the timeout of {settings.timeout:g} s (--timeout)")
                sleep(settings.poll_interval)
    except FetchError:
        raise
    except Exception as exc:  # never a secret in an internal error either
        raise FetchError(settings.redact(f"internal error while fetching: {type(exc).__name__}: "
                                         f"{_printable(str(exc), 200)}")) from None
    finally:
        if progress is not None:
            progress.close()


def source_from_args(args) -> Source:
    """Fetch the live payload named by the options/environment, as a Source to lint."""
    settings = settings_from_args(args)
    fetched = fetch(settings)
    return Source(fetched.url, fetched.data, lines=True)


# -- command line -------------------------------------------------------------------------------------


def _positive(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {value!r}") from None
    if not number > 0 or number != number or number == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds: {value!r}")
    return number


def _count(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if not 0 <= number <= 20:
        raise argparse.ArgumentTypeError(f"must be between 0 and 20: {value!r}")
    return number


def add_fetch_options(p: argparse.ArgumentParser, instead_of_path: bool = True) -> None:
    """The options naming the live bot and how to fetch it (each also from the environment)."""
    title = ("live bot (instead of a PATH; each option also from the environment)" if instead_of_path
             else "live bot (each option also from the environment)")
    g = p.add_argument_group(title)
    g.add_argument("--host", metavar="URL", help=f"the Kore.ai host, may carry a path prefix "
                                                 f"(KORE_HOST; default {DEFAULT_HOST})")
    g.add_argument("--bot-id", metavar="ID", help="the bot (stream) id, st-... (KORE_BOT_ID)")
    g.add_argument("--jwt", metavar="TOKEN", help="a JWT signed for the app (KORE_JWT)")
    g.add_argument("--client-id", metavar="ID", help="the app's client id, to sign the JWT (KORE_CLIENT_ID)")
    g.add_argument("--client-secret", metavar="SECRET",
                   help="the app's client secret (KORE_CLIENT_SECRET; prefer the environment: "
                        "a command line is visible to other users)")
    g.add_argument("--jwt-algorithm", choices=["HS256", "HS512"], default=None,
                   help="signing algorithm of the JWT (default HS256)")
    g.add_argument("--api-path-version", choices=["1.1"], default=None,
                   help="use /api/1.1/public/... (default: /api/public/..., then 1.1 on a 404)")
    g.add_argument("--ca-bundle", metavar="FILE", help="also trust this CA certificate file (PEM; KORE_CA_BUNDLE)")
    g.add_argument("--wait", action="store_true", help="poll while the publish is INPROGRESS")
    g.add_argument("--poll-interval", type=_positive, default=None, metavar="S",
                   help=f"seconds between polls with --wait (default {DEFAULT_POLL_INTERVAL:g})")
    g.add_argument("--timeout", type=_positive, default=None, metavar="S",
                   help=f"give up after S seconds in all (default {DEFAULT_TIMEOUT:g}, "
                        f"{DEFAULT_WAIT_TIMEOUT:g} with --wait)")
    g.add_argument("--retries", type=_count, default=None, metavar="N",
                   help=f"retries on 429, 5xx and connection errors (default {DEFAULT_RETRIES})")


def add_fetch_command(sub) -> argparse.ArgumentParser:
    p = sub.add_parser("fetch", help="save the live publish-status response of a bot",
                       description="Save the Bot Publish Status API's response of the bot (stdout when "
                                   "no -o). Nothing is written when the fetch fails.")
    p.add_argument("-o", "--output", metavar="FILE", help="write the payload here (atomically) instead of stdout")
    add_fetch_options(p, instead_of_path=False)
    p.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    return p


def cmd_fetch(args) -> int:
    from .output import atomic_bytes

    try:
        settings = settings_from_args(args)
        fetched = fetch(settings)
    except FetchError as exc:
        sys.stderr.write(f"korelint: error: {exc}\n")
        return 2
    if args.output and args.output != "-":
        try:
            atomic_bytes(args.output, fetched.data)
        except OSError as exc:
            sys.stderr.write(f"korelint: error: cannot write {args.output}: {exc.strerror or exc}\n")
            return 2
        pct = fetched.percent
        sys.stderr.write(f"korelint: saved the publish status of bot {settings.bot_id} "
                         f"({_printable(fetched.status, 40) or 'no status'}"
                         + (f", {pct:.0f}%" if pct is not None else "") + f") to {args.output}\n")
    else:
        sys.stdout.buffer.write(fetched.data)
        sys.stdout.flush()
    return 0

