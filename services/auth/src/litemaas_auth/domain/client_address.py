"""Who is calling, by network address, behind trusted reverse proxies. No I/O.

Each trusted proxy (the gateway, an ingress) appends the address it received the request from
to X-Forwarded-For. Read from the right, the first address that is not a trusted proxy is the
client: entries further left were written by the client itself and prove nothing.
"""

from __future__ import annotations

from ipaddress import IPv4Network, IPv6Network, ip_address, ip_network

Networks = tuple[IPv4Network | IPv6Network, ...]


def networks(cidrs: tuple[str, ...]) -> Networks:
    return tuple(ip_network(c, strict=False) for c in cidrs)


def _trusted(address: str, trusted: Networks) -> bool:
    try:
        ip = ip_address(address)
    except ValueError:
        return False
    return any(ip in net for net in trusted)


def client_address(peer: str | None, forwarded_for: str | None, trusted: Networks) -> str:
    """The client's address: the peer itself unless it is a trusted proxy."""
    if not peer:
        return "unknown"
    if not _trusted(peer, trusted):
        return peer
    hops = [hop.strip() for hop in (forwarded_for or "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _trusted(hop, trusted):
            return hop[:64]
    return hops[0][:64] if hops else peer
