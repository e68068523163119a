"""Security headers on every answer, HSTS only over TLS, and whose address a request is."""

from __future__ import annotations

import pytest

from litemaas_gateway.policy import Policy, networks

pytestmark = pytest.mark.unit
BEHIND_PROXY = Policy(networks(["10.0.0.0/8"]))


def _headers(policy: Policy, path: str, *, tls: bool) -> dict[bytes, bytes]:
    return dict(policy.headers(path, tls=tls))


def test_every_answer_forbids_framing_sniffing_and_foreign_scripts() -> None:
    headers = _headers(Policy(), "/api/v1/models", tls=False)
    csp = headers[b"content-security-policy"].decode()
    assert "frame-ancestors 'none'" in csp and headers[b"x-frame-options"] == b"DENY"
    assert "script-src 'self';" in csp and "'unsafe-inline'" not in csp
    assert "connect-src 'self'" in csp and "img-src 'self' data:" in csp
    assert headers[b"x-content-type-options"] == b"nosniff"
    assert headers[b"referrer-policy"] == b"strict-origin-when-cross-origin"
    assert b"strict-transport-security" not in headers  # plain HTTP: a browser ignores it


def test_only_the_api_docs_page_may_run_its_inline_script() -> None:
    assert b"'unsafe-inline'" in _headers(Policy(), "/docs", tls=False)[b"content-security-policy"]
    assert b"'unsafe-inline'" not in _headers(Policy(), "/", tls=False)[b"content-security-policy"]


def test_hsts_over_tls_or_when_a_trusted_proxy_says_https_or_forced() -> None:
    assert b"strict-transport-security" in _headers(Policy(), "/", tls=True)
    assert BEHIND_PROXY.behind_tls("http", "10.1.2.3", "https")
    assert BEHIND_PROXY.behind_tls("http", "10.1.2.3", "http, https")  # the last hop's word
    assert not BEHIND_PROXY.behind_tls("http", "192.0.2.9", "https")  # anyone can say it
    assert not BEHIND_PROXY.behind_tls("http", "10.1.2.3", None)
    assert BEHIND_PROXY.behind_tls("https", None, None)
    assert Policy(force_hsts=True).behind_tls("http", None, None)


@pytest.mark.parametrize(
    ("policy", "peer", "chain", "address"),
    [
        (Policy(), "192.0.2.9", ["203.0.113.1"], "192.0.2.9"),  # no proxy trusted: the peer
        (BEHIND_PROXY, "10.0.0.1", ["203.0.113.1"], "203.0.113.1"),
        (BEHIND_PROXY, "10.0.0.1", ["6.6.6.6, 203.0.113.1, 10.0.0.2"], "203.0.113.1"),
        (BEHIND_PROXY, "10.0.0.1", ["6.6.6.6", "10.0.0.2"], "6.6.6.6"),  # all were proxies
        (BEHIND_PROXY, "192.0.2.9", ["10.0.0.5"], "192.0.2.9"),  # an untrusted peer's word
        (BEHIND_PROXY, "10.0.0.1", ["not-an-ip"], "not-an-ip"),
        (BEHIND_PROXY, None, [], "unknown"),
    ],
)
def test_the_client_address_believes_only_trusted_proxies(
    policy: Policy, peer: str | None, chain: list[str], address: str
) -> None:
    assert policy.client_address(peer, chain) == address
