"""A small Kore.ai publish-status server for the live-API tests: a real HTTP server on loopback.

It checks what Kore.ai checks: the `auth` header holds a JWT signed with the app's client secret
(HS256 or HS512) whose `appId` is the client id, with `sub`, `iat` and `exp`; a wrong token gets
401 with a Kore.ai error body, an unknown bot 404. Answers for the known bot come from a script
(a list of responses, the last one repeated). Every request is recorded, headers included.

With `export=Export(...)` it also serves the Bot Export API: the POST's answer, the status
answers (a script; `{type}` in them becomes the exportType last requested, `{base}` the
server's address under `download_host`, e.g.
`localhost` when the API is 127.0.0.1: another host name of the same server), and the files under
/files/, which check no auth (a signed link) but record the headers they were sent.
"""
from __future__ import annotations

import io
import json
import socket
import ssl
import threading
import time
import warnings
import zipfile
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt

CLIENT_ID = "cs-5d0a1f0e-1111-5222-8333-944445555666"
CLIENT_SECRET = "s3cr3t-Th1s-Must-N3ver-Leak-0123456789abcdef="
BOT_ID = "st-a86a6717-340b-5830-a8b6-13b4aeb6b865"


@dataclass
class Reply:
    status: int = 200
    body: bytes | dict | str = b""
    headers: dict = field(default_factory=dict)
    trickle: float = 0.0  # seconds between the bytes of the body (a slow server), 0: all at once

    def payload(self) -> bytes:
        if isinstance(self.body, dict):
            return json.dumps(self.body).encode()
        if isinstance(self.body, str):
            return self.body.encode()
        return self.body


@dataclass
class Seen:
    path: str
    headers: dict  # lower-case names
    claims: dict | None = None
    at: float = 0.0
    method: str = "GET"
    body: bytes = b""
    host: str = ""  # the Host header's name, without the port


@dataclass
class Export:
    statuses: list[Reply]
    files: dict[str, Reply] = field(default_factory=dict)  # "/files/x.zip" -> its reply
    started: Reply = field(default_factory=lambda: Reply(200, export_started()))
    download_host: str = "127.0.0.1"
    requested: str = "latest"  # the exportType of the last POST


def export_started(export_type: str = "{type}", request_id: str = "ber-1") -> dict:
    return {"status": "pending", "streamId": BOT_ID, "createdBy": "u-1", "exportType": export_type,
            "requestType": "Botexport", "_id": request_id, "createdOn": "2026-01-01T00:00:00.000Z"}


def export_status(status: str, url: str | None = None, export_type: str = "{type}",
                  request_id: str = "ber-1") -> dict:
    """An Export Status API answer; `url` such as "{base}/files/bot.zip?n=1&s=SIGNATURE";
    `{type}`: the exportType of the last export requested."""
    doc = {"_id": request_id, "botId": BOT_ID, "createdBy": "u-1", "exportType": export_type,
           "requestType": "Botexport", "status": status, "createdOn": "2026-01-01T00:00:00.000Z"}
    if url is not None:
        doc.update({"downloadURL": url, "fileId": "f-1", "fileSize": "947",
                    "store": {"urlParams": url.partition("?")[2]}})
    return doc


def export_zip(definition: dict | bytes, *, name: str = "botDefinition.json") -> bytes:
    """A zip as the Bot Export API serves it: botDefinition.json, config.json and icon.png."""
    buffer = io.BytesIO()
    data = definition if isinstance(definition, bytes) else json.dumps(definition).encode()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, data)
        archive.writestr("config.json", json.dumps({"name": "bot", "exportType": "latest"}))
        archive.writestr("icon.png", b"\x89PNG\r\n\x1a\n")
    return buffer.getvalue()


def req_body(req) -> bytes:
    return getattr(req, "korelint_body", b"")


def kore_error(msg: str, code: int) -> dict:
    return {"errors": [{"msg": msg, "code": code}]}


class KoreServer:
    """`with KoreServer(...) as server:` serves on 127.0.0.1 (or `host`) on a free port."""

    def __init__(self, script: list[Reply] | None = None, *, host: str = "127.0.0.1",
                 prefix: str = "", versions: tuple[str, ...] = ("/api/public", "/api/1.1/public"),
                 check_auth: bool = True, tls: tuple[str, str] | None = None,
                 export: Export | None = None):
        self.script = list(script or [])
        self.export = export
        self.host, self.prefix, self.versions, self.check_auth = host, prefix, versions, check_auth
        self.seen: list[Seen] = []
        self.auth_failures: list[str] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                server._handle(self)

            def do_POST(self):
                server._handle(self)

        self.httpd = ThreadingHTTPServer((host, 0), Handler)
        self.httpd.daemon_threads = True
        quiet_reset = self.httpd.handle_error

        def handle_error(request, client_address):  # a client that hung up mid-body is no error
            import sys

            if not isinstance(sys.exc_info()[1], ConnectionError):
                quiet_reset(request, client_address)
        self.httpd.handle_error = handle_error
        self.port = self.httpd.server_address[1]
        self.scheme = "http"
        if tls:  # (certificate file, key file)
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(*tls)
            self.httpd.socket = ctx.wrap_socket(self.httpd.socket, server_side=True)
            self.scheme = "https"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.01},
                                       daemon=True)

    @property
    def url(self) -> str:
        return f"{self.scheme}://{self.host}:{self.port}{self.prefix}"

    def status_path(self, bot_id: str = BOT_ID, version: str = "/api/public") -> str:
        return f"{self.prefix}{version}/bot/{bot_id}/publish/status"

    def __enter__(self) -> KoreServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    # -- handling --

    def _verify(self, token: str | None) -> tuple[dict | None, str]:
        if not token:
            return None, "no auth header"
        try:
            with warnings.catch_warnings():  # a Kore.ai secret is shorter than HS512's 64 bytes
                warnings.simplefilter("ignore")
                claims = jwt.decode(token, CLIENT_SECRET, algorithms=["HS256", "HS512"],
                                    options={"require": ["appId", "sub", "iat", "exp"]})
        except jwt.PyJWTError as exc:
            return None, f"bad token: {exc}"
        if claims.get("appId") != CLIENT_ID:
            return None, f"appId {claims.get('appId')!r} is not the client id"
        if not (claims["iat"] <= time.time() + 5 < claims["exp"] + 10):
            return None, "iat/exp out of range"
        return claims, ""

    def _handle(self, req: BaseHTTPRequestHandler) -> None:
        headers = {k.lower(): v for k, v in req.headers.items()}
        claims, why = self._verify(headers.get("auth"))
        length = int(headers.get("content-length") or 0)
        body = req.rfile.read(length) if length else b""
        host = headers.get("host", "").rsplit(":", 1)[0]
        req.korelint_body = body
        with self._lock:
            self.seen.append(Seen(req.path, headers, claims, time.monotonic(), req.command, body, host))
        if self.export is not None and self._handle_export(req, claims, why):
            return
        bot = None
        for version in self.versions:
            start = f"{self.prefix}{version}/bot/"
            if req.path.startswith(start) and req.path.endswith("/publish/status"):
                bot = req.path[len(start):-len("/publish/status")]
        if bot is None:
            return self._send(req, Reply(404, kore_error("Not found", 404)))
        if self.check_auth and claims is None:
            with self._lock:
                self.auth_failures.append(why)
            return self._send(req, Reply(401, kore_error("Failed to authenticate the token", 401)))
        if bot != BOT_ID:
            return self._send(req, Reply(404, kore_error(f"Bot {bot} not found", 404)))
        with self._lock:
            reply = self.script.pop(0) if len(self.script) > 1 else self.script[0]
        if b"{auth}" in reply.payload() or "{auth}" in str(reply.headers):  # a server echoing the token
            token = headers.get("auth", "")
            reply = Reply(reply.status, reply.payload().replace(b"{auth}", token.encode()),
                          {k: v.replace("{auth}", token) for k, v in reply.headers.items()}, reply.trickle)
        self._send(req, reply)

    def _handle_export(self, req: BaseHTTPRequestHandler, claims: dict | None, why: str) -> bool:
        """The Bot Export API's requests (True when it answered)."""
        export = self.export
        path = req.path.split("?", 1)[0]
        if path.startswith("/files/"):
            self._send(req, export.files.get(path, Reply(404, kore_error("No such file", 404))))
            return True
        start = f"{self.prefix}/api/public/bot/{BOT_ID}/export"
        if req.command == "POST" and path == start:
            reply = export.started
            try:
                export.requested = json.loads(req_body(req))["exportType"]
            except (ValueError, KeyError, TypeError):
                pass
        elif req.command == "GET" and path == start + "/status":
            with self._lock:
                reply = export.statuses.pop(0) if len(export.statuses) > 1 else export.statuses[0]
        else:
            return False
        base = f"{self.scheme}://{export.download_host}:{self.port}"
        body = reply.payload().replace(b"{base}", base.encode()).replace(b"{type}", export.requested.encode())
        reply = Reply(reply.status, body, reply.headers)
        if self.check_auth and claims is None:
            with self._lock:
                self.auth_failures.append(why)
            reply = Reply(401, kore_error("Failed to authenticate the token", 401))
        self._send(req, reply)
        return True

    def _send(self, req: BaseHTTPRequestHandler, reply: Reply) -> None:
        body = reply.payload()
        req.send_response(reply.status)
        headers = {"Content-Type": "application/json", **reply.headers}
        for name, value in headers.items():
            req.send_header(name, value)
        req.send_header("Content-Length", str(len(body)))
        req.end_headers()
        try:
            if not reply.trickle:
                req.wfile.write(body)
                return
            for byte in body:
                req.wfile.write(bytes([byte]))
                req.wfile.flush()
                time.sleep(reply.trickle)
        except OSError:  # the client gave up (a body over its cap, its timeout)
            req.close_connection = True


class SilentServer:
    """Accepts connections (the kernel does, from the backlog) and never answers."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> SilentServer:
        return self

    def __exit__(self, *exc) -> None:
        self.sock.close()


def isolate_environment(monkeypatch, tmp_path_factory) -> None:
    """No Kore settings, proxies or debug flag from the caller's environment; fast retries; the
    compiled Graphviz module in a folder of the test session."""
    import os

    for name in list(os.environ):
        if name.startswith("KORE_") or name.lower() in ("http_proxy", "https_proxy", "all_proxy"):
            monkeypatch.delenv(name)
    monkeypatch.delenv("KORELINT_DEBUG", raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("KORELINT_RETRY_BASE", "0.01")
    if "KORELINT_CACHE_DIR" not in os.environ:
        monkeypatch.setenv("KORELINT_CACHE_DIR", str(tmp_path_factory.mktemp("korelint-cache")))
