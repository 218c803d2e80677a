"""The HTTP client: one session with the host, signing the JWT per request, retrying 429, 5xx and
connection errors with back-off (or Retry-After), following redirects only within the same origin,
and turning every failure into a one-line, redacted FetchError. httpx is imported when a Client is made."""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urljoin, urlsplit

from ..text import compact_line
from ..version import __version__
from .auth import sign_jwt
from .body import read_body
from .download import checked, hide_tokens
from .download import shown as url_shown
from .errors import FetchError
from .logfilter import RedactingFilter
from .responses import Fetched, kore_errors, loads, parse_retry_after, status_path
from .settings import Settings
from .tls import _ssl_context

CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 30.0
BACKOFF_CAP = 30.0
MAX_REDIRECTS = 5
_REDIRECTS = {301, 302, 303, 307, 308}
_LOGGERS = ("httpx",)  # what logs URLs: redacted while a Client is open
SCOPE = "Bot Publish > Publish Status"


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
        verify = _ssl_context(settings.ca_bundle)
        try:
            self.http = httpx.Client(verify=verify, follow_redirects=False, trust_env=True,
                                     headers={"User-Agent": f"korelint/{__version__}",
                                              "Accept": "application/json",
                                              "Accept-Encoding": "gzip, deflate"})
        except ImportError as exc:  # a proxy variable asks for SOCKS, httpx's extra is missing
            if "socks" in str(exc).lower():
                raise FetchError("a SOCKS proxy is set (HTTPS_PROXY or ALL_PROXY): it needs "
                                 "`pip install httpx[socks]`") from None
            raise FetchError(f"cannot set up the HTTP client: {compact_line(str(exc), 120)}") from None
        except (httpx.InvalidURL, ValueError, UnicodeError):  # the text may hold proxy credentials
            raise FetchError("a proxy variable (HTTPS_PROXY, HTTP_PROXY or ALL_PROXY) is not a valid "
                             "proxy URL") from None
        self._log_filter = RedactingFilter(settings.redact)
        for name in _LOGGERS:
            logging.getLogger(name).addFilter(self._log_filter)
        origin = urlsplit(settings.host)
        # settings.host is https://, or http:// to a loopback host (normalize_host refuses others)
        self.origin = (origin.scheme, origin.hostname, origin.port or _default_port(origin.scheme))

    def close(self) -> None:
        self.http.close()
        for name in _LOGGERS:
            logging.getLogger(name).removeFilter(self._log_filter)

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
        raise FetchError(self.status_message(status, body, final_url))

    def request(self, url: str, *, method: str = "GET", payload: dict | None = None,
                download: bool = False, limit: int | None = None,
                what: str = "a publish status") -> tuple[int, bytes, Any, str]:
        """(HTTP status, body, headers, final URL), with retries; see _request. Raises FetchError
        (redacted)."""
        try:
            return self._with_retries(url, method=method, payload=payload, download=download,
                                      limit=limit, what=what)
        except FetchError as exc:
            raise FetchError(self.s.redact(str(exc))) from None

    def _with_retries(self, url: str, **how) -> tuple[int, bytes, Any, str]:
        # A POST is retried too: a second export request after a lost answer only makes the
        # export Kore.ai reports (the bot's latest request) a newer one of the same bot.
        attempt = 0
        while True:
            try:
                return self._request(url, **how)
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

    def _request(self, url: str, *, method: str = "GET", payload: dict | None = None,
                 download: bool = False, limit: int | None = None,
                 what: str = "a publish status") -> tuple[int, bytes, Any, str]:
        """The request with the auth header, following same-origin redirects. A `download` (the
        export's file) may be on another origin: the header goes only to the host's origin, and
        its redirects may go elsewhere over https, without the header. Raises _Retry or FetchError."""
        httpx = self._httpx
        for _ in range(MAX_REDIRECTS + 1):
            left = self.remaining()
            shown = self.shown(url) if not download else compact_line(self.s.redact(url_shown(url)), 200)
            reach = self.s.host if not download else shown
            if left <= 0:
                raise FetchError(f"timed out after {self.s.timeout:g} s (--timeout) waiting for {shown}")
            timeout = httpx.Timeout(connect=min(CONNECT_TIMEOUT, left), read=min(READ_TIMEOUT, left),
                                    write=min(READ_TIMEOUT, left), pool=min(CONNECT_TIMEOUT, left))
            try:
                sent = {"auth": self.token()} if not download or self.same_origin(url) else {}
                if download:
                    sent["Accept"] = "application/zip, application/octet-stream, */*"
                with self.http.stream(method, url, headers=sent, json=payload, timeout=timeout) as resp:
                    status, headers = resp.status_code, resp.headers
                    if status in _REDIRECTS:
                        url = self._redirect_target(url, headers.get("location"), download)
                        if status == 303 or (status in (301, 302) and method == "POST"):
                            method, payload = "GET", None  # what browsers (and httpx) do
                        continue
                    body = read_body(resp, shown, self.remaining, self.s.timeout, limit, what)
            except httpx.TimeoutException as exc:
                if self.remaining() <= 0.05:
                    raise FetchError(f"timed out after {self.s.timeout:g} s (--timeout): "
                                     f"{_timeout_what(exc)} {shown}") from None
                raise _Retry(f"{_timeout_what(exc)} {shown}") from None
            except httpx.TransportError as exc:  # connection refused, reset, TLS, proxy, protocol
                if self.remaining() <= 0.05:
                    raise FetchError(f"timed out after {self.s.timeout:g} s (--timeout) reading "
                                     f"{shown}") from None
                if "CERTIFICATE_VERIFY_FAILED" in str(exc):  # will not heal by retrying
                    raise FetchError(f"cannot reach {reach}: {self._reason(exc)}") from None
                raise _Retry(f"cannot reach {reach}: {self._reason(exc)}") from None
            except httpx.HTTPError as exc:
                raise FetchError(f"request to {shown} failed: {self._reason(exc)}") from None
            except (httpx.InvalidURL, UnicodeError, ValueError) as exc:  # e.g. a host IDNA refuses
                raise FetchError(f"cannot request {shown}: {self._reason(exc)}") from None
            except ImportError as exc:  # e.g. a SOCKS proxy without httpx[socks]
                raise FetchError(f"cannot request {shown}: {self._reason(exc)}"
                                 + (" (SOCKS proxies need `pip install httpx[socks]`)"
                                    if "socks" in str(exc).lower() else "")) from None
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
        return compact_line(self.s.redact(kore_errors(body)), 200)

    def shown(self, url: str) -> str:
        """A URL (the host's Location may have made it, echoing the JWT) for one terminal line:
        redacted before it is cut, so no part of a secret survives."""
        return compact_line(self.s.redact(url), 200)

    def _reason(self, exc: Exception) -> str:
        text = str(exc) or type(exc).__name__
        if "CERTIFICATE_VERIFY_FAILED" in text:
            text = ("TLS certificate verification failed (a company proxy or private CA? "
                    "give its certificate with --ca-bundle FILE)")
        return compact_line(self.s.redact(text), 200)

    def same_origin(self, url: str) -> bool:
        """Whether `url` is of the host's origin (scheme, host, port): the only one given the JWT."""
        try:
            parts = urlsplit(url)
            return (parts.scheme, parts.hostname, parts.port or _default_port(parts.scheme)) == self.origin
        except ValueError:
            return False

    def _redirect_target(self, url: str, location: str | None, download: bool = False) -> str:
        if not location:
            raise FetchError(f"{self.shown(url)} redirected without a Location")
        try:
            target = urljoin(url, location.strip())
            parts = urlsplit(target)
            port = parts.port or _default_port(parts.scheme)
            hostname = parts.hostname
        except ValueError:
            raise FetchError(f"{self.shown(url)} redirected to a URL that is not valid "
                             f"({compact_line(location, 120)})") from None
        if download:  # the file may move anywhere over https; the JWT follows only to the host
            hide_tokens(self.s.redact, target)
            return checked(target, self.s.host)
        if (parts.scheme, hostname, port) != self.origin:
            shown = compact_line(f"{parts.scheme}://{parts.netloc.rsplit('@', 1)[-1]}", 120)
            raise FetchError(f"{self.s.host} redirected to another host ({shown}); korelint does not "
                             f"send the JWT there. If that is the right host, give it as --host")
        return target

    def status_message(self, status: int, body: bytes, url: str, scope: str = SCOPE) -> str:
        kore = self._kore(body)
        said = f" The host said: {kore}." if kore else ""
        s = self.s
        if status in (401, 403):
            who = ("the JWT (--jwt or KORE_JWT) is wrong or expired" if s.jwt else
                   "the client id or client secret is wrong")
            return (f"the host refused the request for bot {s.bot_id} (HTTP {status}): {who}, "
                    f"or the app lacks the \"{scope}\" API scope (Admin Console > API Scopes), "
                    f"or the app is not allowed on this bot.{said}")
        if status == 404:
            tried = ("/api/public and /api/1.1/public" if s.api_path_version is None
                     else f"/api/{s.api_path_version}/public")
            return (f"bot {s.bot_id} not found at {s.host} (HTTP 404, tried {tried}): check the bot id "
                    f"(General Settings in Bot Builder) and the host.{said}")
        return f"the host answered HTTP {status} for {self.shown(url)}.{said}"

    def _document(self, body: bytes, url: str, headers) -> Fetched:
        kind = compact_line(headers.get("content-type", "no Content-Type"), 60)
        url = self.shown(url)  # also the path of the findings of check --bot-id
        try:
            doc = loads(body)
        except RecursionError:
            raise FetchError(f"the answer of {url} nests too deeply to be a publish status") from None
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
