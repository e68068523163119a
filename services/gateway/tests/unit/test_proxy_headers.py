"""The gateway forwards a request's headers as the bytes that came: a header value outside
ASCII (legal on the wire) was re-encoded as text and answered 500."""

from __future__ import annotations

import httpx
import pytest
from starlette.requests import Request

from litemaas_gateway.proxy import _forwarded_headers

pytestmark = pytest.mark.unit


def _request(headers: list[tuple[bytes, bytes]]) -> Request:
    scope = {
        "type": "http",
        "method": "GET",
        "path": "/api/v1/auth/me",
        "headers": headers,
        "client": ("10.0.0.7", 5000),
    }
    return Request(scope)


def test_non_ascii_header_values_are_forwarded_byte_for_byte() -> None:
    came = [(b"authorization", b"Bearer \xe9\xff"), (b"cookie", b"binding=\xc3\xa9")]
    forwarded = _forwarded_headers(_request(came))
    assert came[0] in forwarded and came[1] in forwarded
    # and httpx takes them as they are
    sent = httpx.Request("GET", "http://upstream/api/v1/auth/me", headers=forwarded)
    assert came[0] in sent.headers.raw


def test_hop_by_hop_headers_stay_and_this_hop_joins_the_forwarded_chain() -> None:
    came = [
        (b"host", b"gateway"),
        (b"connection", b"keep-alive"),
        (b"x-forwarded-for", b"192.0.2.1"),
        (b"x-forwarded-for", b"\xff"),
        (b"traceparent", b"00-forged"),
        (b"x-correlation-id", b"theirs"),
    ]
    forwarded = dict(_forwarded_headers(_request(came)))
    assert b"host" not in forwarded and b"connection" not in forwarded
    assert forwarded[b"x-forwarded-for"] == b"192.0.2.1, \xff, 10.0.0.7"
    assert forwarded.get(b"traceparent") != b"00-forged"
    assert len(_forwarded_headers(_request(came))) == len(forwarded)  # one of each
