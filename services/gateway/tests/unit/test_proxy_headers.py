"""The gateway forwards a request's headers as the bytes that came: a header value outside
ASCII (legal on the wire) was re-encoded as text and answered 500."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest
from starlette.requests import Request

from litemaas_gateway.proxy import _forwarded_headers, forward
from litemaas_servicekit.logs import correlation_id


@contextmanager
def correlated(cid: str) -> Iterator[None]:
    """What the gateway's correlation middleware does for each request."""
    token = correlation_id.set(cid)
    try:
        yield
    finally:
        correlation_id.reset(token)


pytestmark = pytest.mark.unit


def _request(headers: list[tuple[bytes, bytes]]) -> Request:
    scope = {
        "type": "http",
        "method": "GET",
        "path": "/api/v1/auth/me",
        "raw_path": b"/api/v1/auth/me",
        "query_string": b"",
        "headers": headers,
        "client": ("10.0.0.7", 5000),
    }

    async def receive() -> dict[str, object]:
        return {"type": "http.request", "body": b"", "more_body": False}

    return Request(scope, receive)


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


async def test_an_upstream_answer_keeps_its_header_bytes_and_every_cookie() -> None:
    def upstream(request: httpx.Request) -> httpx.Response:
        echoed = request.headers.raw  # the service echoes X-Correlation-ID as it came
        cid = next(v for k, v in echoed if k.lower() == b"x-correlation-id")
        cookies = [(b"set-cookie", b"a=1"), (b"set-cookie", b"b=2")]
        return httpx.Response(401, headers=[(b"x-correlation-id", cid), *cookies])

    came = [(b"x-correlation-id", b"\xc4\x80")]  # UTF-8 for U+0100, beyond latin-1
    async with httpx.AsyncClient(transport=httpx.MockTransport(upstream)) as client:
        with correlated(b"\xc4\x80".decode("latin-1")):
            answer = await forward(client, "http://auth", "auth", _request(came))
    assert (b"x-correlation-id", b"\xc4\x80") in answer.raw_headers
    assert [v for k, v in answer.raw_headers if k == b"set-cookie"] == [b"a=1", b"b=2"]
