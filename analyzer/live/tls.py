"""The TLS context of the client: verification always on, --ca-bundle adds a CA."""
from __future__ import annotations

from ..text import compact_line
from .errors import FetchError


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
        except (OSError, ssl.SSLError, ValueError) as exc:
            raise FetchError(f"--ca-bundle {compact_line(ca_bundle, 120)}: not a PEM certificate file "
                             f"({compact_line(str(exc), 120)})") from None
    return ctx
