"""What korelint knows of URLs' hosts, for the rules and the live client alike. Stdlib only."""
from __future__ import annotations

import ipaddress


def is_loopback(host: str | None, subdomains: bool = True) -> bool:
    """Whether `host` is this machine: `localhost` or a name under it (RFC 6761), an address of
    127.0.0.0/8, or ::1. Case, IPv6 brackets (`[::1]`) and a trailing dot (`localhost.`) are
    forgiven. Without `subdomains`, `x.localhost` is not taken on trust: a resolver that does not
    follow RFC 6761 may send it off the machine (what the live client must rule out before it
    sends a token over plain http)."""
    if not host:
        return False
    host = host.strip("[]").rstrip(".").lower()
    if host == "localhost" or (subdomains and host.endswith(".localhost")):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
