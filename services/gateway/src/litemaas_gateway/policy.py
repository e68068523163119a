"""What the gateway adds to every answer (security headers) and whom a request comes from
(behind TLS or not, the client's address). Pure: the middleware asks for each request."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Headers = list[tuple[bytes, bytes]]

#: the built UI (Vite, React, PatternFly): its own scripts and styles only, no inline script;
#: images and fonts may be inlined by Vite as data: URLs; the API is the same origin
APP_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
#: FastAPI's /docs and /redoc pages are an inline script loading Swagger UI / ReDoc from a CDN
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com; "
    "font-src 'self' https://fonts.gstatic.com; img-src 'self' data: https:; "
    "worker-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "frame-ancestors 'none'"
)
DOCS_PATHS = frozenset({"/docs", "/docs/oauth2-redirect", "/redoc"})
HSTS = b"max-age=31536000; includeSubDomains"
_ALWAYS: Headers = [
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]


def networks(cidrs: Iterable[str]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(c, strict=False) for c in cidrs)


def _trusted(host: str, trusted: Sequence[Network]) -> bool:
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return any(address in net for net in trusted)


@dataclass(frozen=True)
class Policy:
    trusted_proxies: tuple[Network, ...] = ()
    #: HSTS on every answer whatever the request says (TLS ends before a proxy we cannot see)
    force_hsts: bool = False

    def client_address(self, peer: str | None, forwarded_for: Sequence[str]) -> str:
        """The caller's address: the peer, or, while the peer is a trusted proxy, the address
        that proxy appended to X-Forwarded-For (right to left; the left part is the client's
        word and is never believed)."""
        hops = [h.strip() for value in forwarded_for for h in value.split(",") if h.strip()]
        current = peer or "unknown"
        while hops and _trusted(current, self.trusted_proxies):
            current = hops.pop()
        return current

    def behind_tls(self, scheme: str, peer: str | None, forwarded_proto: str | None) -> bool:
        if self.force_hsts or scheme == "https":
            return True
        if forwarded_proto is None or peer is None or not _trusted(peer, self.trusted_proxies):
            return False
        return forwarded_proto.split(",")[-1].strip().lower() == "https"

    def headers(self, path: str, *, tls: bool) -> Headers:
        """Security headers for an answer to ``path``; HSTS only over TLS (a browser ignores it
        over plain HTTP, and sending it there would pin a development host to HTTPS)."""
        csp = DOCS_CSP if path in DOCS_PATHS else APP_CSP
        out = [*_ALWAYS, (b"content-security-policy", csp.encode())]
        if tls:
            out.append((b"strict-transport-security", HSTS))
        return out
