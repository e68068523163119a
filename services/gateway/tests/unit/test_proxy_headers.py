"""The gateway forwards a request's headers as the bytes that came (a header value outside ASCII
is legal on the wire; re-encoded as text it was once a 500), and the answer's as the service
gave them, every Set-Cookie included."""

from __future__ import annotations

from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from litemaas_gateway.proxy import Unreachable, _as_text, forward, forwarded_headers, new_session

pytestmark = pytest.mark.unit
OURS = {b"x-correlation-id": b"cid-1", b"traceparent": b"00-ours"}


def _scope(path: bytes = b"/api/v1/auth/me", query: bytes = b"") -> dict[str, Any]:
    return {"method": "GET", "path": path.decode(), "raw_path": path, "query_string": query}


def test_utf8_header_values_are_forwarded_byte_for_byte_and_others_left_out() -> None:
    came = [(b"authorization", b"Bearer \xc3\xa9"), (b"cookie", b"binding=\xe9\xff")]
    forwarded = forwarded_headers(came, "10.0.0.7", OURS)
    assert came[0] in forwarded and came[1] in forwarded
    as_sent = [(k.encode(), v.encode("utf-8")) for k, v in _as_text(forwarded)]
    assert came[0] in as_sent  # UTF-8 goes out as it came
    assert all(k != b"cookie" for k, _ in as_sent)  # not UTF-8: means nothing to a service


def test_hop_by_hop_headers_stay_and_this_hop_joins_the_forwarded_chain() -> None:
    came = [
        (b"host", b"gateway"),
        (b"connection", b"keep-alive"),
        (b"x-forwarded-for", b"192.0.2.1"),
        (b"x-forwarded-for", b"\xff"),
        (b"traceparent", b"00-forged"),
        (b"x-correlation-id", b"theirs"),
    ]
    forwarded = forwarded_headers(came, "10.0.0.7", OURS)
    names = [k for k, _ in forwarded]
    assert b"host" not in names and b"connection" not in names
    assert len(names) == len(set(names))  # one of each
    headers = dict(forwarded)
    assert headers[b"x-forwarded-for"] == b"192.0.2.1, \xff, 10.0.0.7"
    assert headers[b"traceparent"] == b"00-ours"
    assert headers[b"x-correlation-id"] == b"cid-1"


async def test_an_upstream_answer_keeps_its_header_bytes_every_cookie_and_the_raw_path() -> None:
    seen: dict[str, str] = {}

    async def upstream(request: web.Request) -> web.Response:
        seen["path"] = request.raw_path
        response = web.Response(status=401, body=b'{"detail": "no"}')
        response.headers.add("Set-Cookie", "a=1")
        response.headers.add("Set-Cookie", "b=2")
        response.headers["X-Echo"] = "\u0100"  # UTF-8 on the wire, beyond latin-1
        return response

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", upstream)
    async with TestServer(app, host="127.0.0.1") as server:
        session = new_session(5)
        try:
            status, headers, body = await forward(
                session,
                str(server.make_url("")).rstrip("/"),
                _scope(b"/api/v1/models/a%2Fb", b"q=%00"),
                [],
                b"",
            )
        finally:
            await session.close()
    assert (status, body) == (401, b'{"detail": "no"}')
    assert [v for k, v in headers if k == b"set-cookie"] == [b"a=1", b"b=2"]
    assert (b"x-echo", b"\xc4\x80") in headers
    assert seen["path"] == "/api/v1/models/a%2Fb?q=%00"  # as it came, still encoded


async def test_a_get_meeting_a_connection_closed_under_it_is_sent_once_more() -> None:
    import asyncio

    calls: list[str] = []

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        calls.append("GET")
        if len(calls) % 2 == 0:  # every other connection answers
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")
            await writer.drain()
        writer.close()  # the first: closed without an answer, as an idle close racing a reuse

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    session = new_session(5)
    try:
        status, _, body = await forward(session, f"http://127.0.0.1:{port}", _scope(), [], b"")
        post = {**_scope(), "method": "POST"}
        with pytest.raises(Unreachable):  # never twice: it may have been done once
            await forward(session, f"http://127.0.0.1:{port}", post, [], b"")
    finally:
        await session.close()
        server.close()
    assert (status, body) == (200, b"ok")
    assert len(calls) == 3  # GET closed, GET answered, POST closed (and not sent again)
