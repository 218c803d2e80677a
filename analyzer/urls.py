"""What korelint knows of URLs' hosts, for the rules and the live client alike. Stdlib only."""
from __future__ import annotations

import ipaddress


def is_loopback(host: str | None) -> bool:
    """Whether `host` is this machine: `localhost` or a name under it (RFC 6761), an address of
    127.0.0.0/8, or ::1. Case, IPv6 brackets (`[::1]`) and a trailing dot (`localhost.`) are
    forgiven. Over such a host plain http never leaves the machine."""
    if not host:
        return False
    host = host.strip("[]").rstrip(".").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
