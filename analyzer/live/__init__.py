"""The live bot: fetch the Bot Publish Status API's response (spec section 9), or the bot as the
Bot Export API has it (`--export latest|published`, `diff --live`: the bot in development, before
it is published).

    GET {host}/api/public/bot/{botId}/publish/status      (older hosts: /api/1.1/public/...)
    POST {host}/api/public/bot/{botId}/export, GET .../export/status, then its downloadURL (a zip)
    auth: <JWT>

`korelint fetch` saves the response (or the zip); `check` and `report` lint it when no PATH is
given (their options: `analyzer/commands/live_options.py`). This package is the HTTP client only.
The JWT is given (--jwt, KORE_JWT) or signed here from the app's client id and secret (HS256 or
HS512, claims appId, sub, iat, exp, jti).

Security: the client secret and the JWT are never written anywhere but into the request's `auth`
header. Every message that leaves this package goes through `Redactor`; TLS is always verified
(--ca-bundle adds a CA, nothing turns verification off); redirects are followed by hand and only
within the same origin (scheme, host, port), so the header never reaches another host (an
export's download URL on another host gets no header; its token is a secret like the JWT).

httpx, PyJWT and rich are imported when a fetch runs, not by every `korelint check`.

Modules: settings (Settings, host, options/environment -> Settings), auth (JWT signing), errors
(FetchError, Redactor), responses (Fetched, Retry-After, Kore.ai error bodies), tls, body (reading
an answer within limits), client (Client: retries, redirects), progress (--wait's display),
polling (fetch), download and export (fetch_export).
"""
from __future__ import annotations

from .. import lazy

# Each public name -> the module defining it, imported on first use (PEP 562): `korelint check`
# imports `analyzer.live.errors` for its exception types, and must not pay for httpx and rich.
_HOMES = {
    "auth": ("JWT_LIFETIME", "sign_jwt"),
    "client": ("BACKOFF_CAP", "CONNECT_TIMEOUT", "MAX_REDIRECTS", "READ_TIMEOUT", "SCOPE", "Client"),
    "errors": ("FetchError", "InternalFetchError", "Redactor"),
    "export": ("EXPORT_SCOPE", "Exported", "export_label", "fetch_export"),
    "polling": ("fetch",),
    "progress": ("_Progress",),
    "responses": ("Fetched", "kore_errors", "parse_retry_after", "status_path"),
    "settings": ("DEFAULT_EXPORT_TIMEOUT", "DEFAULT_HOST", "EXPORT_TYPES", "DEFAULT_POLL_INTERVAL",
                 "DEFAULT_RETRIES", "DEFAULT_TIMEOUT", "DEFAULT_WAIT_TIMEOUT", "ENV_BACKOFF", "Settings",
                 "normalize_host", "settings_from_args", "wanted"),
}

__getattr__ = lazy.exports(__name__, _HOMES)


__all__ = [
    "BACKOFF_CAP", "CONNECT_TIMEOUT", "DEFAULT_EXPORT_TIMEOUT", "DEFAULT_HOST", "EXPORT_SCOPE",
    "EXPORT_TYPES", "Exported", "export_label", "fetch_export", "DEFAULT_POLL_INTERVAL", "DEFAULT_RETRIES",
    "DEFAULT_TIMEOUT", "DEFAULT_WAIT_TIMEOUT", "ENV_BACKOFF", "JWT_LIFETIME", "MAX_REDIRECTS", "READ_TIMEOUT",
    "SCOPE", "Client", "FetchError", "Fetched", "InternalFetchError", "Redactor", "Settings", "_Progress",
    "fetch", "kore_errors", "normalize_host", "parse_retry_after",
    "settings_from_args", "sign_jwt", "status_path", "wanted",
]
