"""Several instances of a service behind the gateway: requests take turns over them, and one that
is stopped or killed costs no request (it refuses the connection: the next one is asked)."""

from __future__ import annotations

import asyncio
import socket
from collections import Counter
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from litemaas_gateway.playground import _key
from litemaas_gateway.proxy import Pool, Unreachable, forward, new_session
from litemaas_gateway.settings import GatewaySettings
from litemaas_servicekit.errors import Unavailable

pytestmark = pytest.mark.unit


def _scope(method: str = "GET") -> dict[str, Any]:
    return {"method": method, "path": "/api/v1/auth/me", "raw_path": b"/api/v1/auth/me"}


def _closed_port() -> str:
    """A URL nothing listens on (a stopped instance): connecting is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


async def _instances(count: int, seen: Counter[str]) -> list[TestServer]:
    servers = []
    for number in range(count):

        async def answer(request: web.Request, name: str = f"i{number}") -> web.Response:
            seen[name] += 1
            return web.Response(text=name)

        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", answer)
        server = TestServer(app, host="127.0.0.1")
        await server.start_server()
        servers.append(server)
    return servers


def _urls(servers: list[TestServer]) -> list[str]:
    return [str(s.make_url("")).rstrip("/") for s in servers]


async def test_requests_take_turns_over_the_instances() -> None:
    seen: Counter[str] = Counter()
    servers = await _instances(2, seen)
    pool, session = Pool(_urls(servers)), new_session(5)
    try:
        for _ in range(6):
            status, _, _ = await forward(session, pool, _scope(), [], b"")
            assert status == 200
    finally:
        await session.close()
        for server in servers:
            await server.close()
    assert seen == {"i0": 3, "i1": 3}


@pytest.mark.parametrize("method", ["GET", "POST"])
async def test_an_instance_that_refuses_the_connection_is_passed_over(method: str) -> None:
    seen: Counter[str] = Counter()
    servers = await _instances(1, seen)
    pool, session = Pool([_closed_port(), *_urls(servers)]), new_session(5)
    try:  # whichever turn it is, every request is answered: a refused one was never sent
        answers = [await forward(session, pool, _scope(method), [], b"{}") for _ in range(4)]
    finally:
        await session.close()
        await servers[0].close()
    assert [status for status, _, _ in answers] == [200] * 4
    assert seen == {"i0": 4}


async def test_no_instance_answering_is_unreachable() -> None:
    session = new_session(5)
    try:
        with pytest.raises(Unreachable):
            await forward(session, Pool([_closed_port(), _closed_port()]), _scope(), [], b"")
    finally:
        await session.close()


async def test_a_post_cut_off_mid_request_is_not_sent_to_another_instance() -> None:
    """The dying instance may have acted on it: a second instance would do it twice. A GET
    cut off the same way goes on to the next instance."""
    cut: list[str] = []

    async def dying(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        cut.append(head.split(b" ", 1)[0].decode())
        writer.close()  # killed before it answered

    dead = await asyncio.start_server(dying, "127.0.0.1", 0)
    seen: Counter[str] = Counter()
    servers = await _instances(1, seen)
    pool = Pool([f"http://127.0.0.1:{dead.sockets[0].getsockname()[1]}", *_urls(servers)])
    session = new_session(5)
    try:
        with pytest.raises(Unreachable):
            await forward(session, pool, _scope("POST"), [], b"{}")  # the dying one's turn
        await forward(session, pool, _scope("GET"), [], b"")  # the live one's turn
        status, _, body = await forward(session, pool, _scope("GET"), [], b"")  # dying, then live
    finally:
        await session.close()
        await servers[0].close()
        dead.close()
    assert (status, body) == (200, b"i0")
    assert cut.count("POST") == 1 and "GET" in cut  # the POST went to the dying one only
    assert seen == {"i0": 2}


def test_the_setting_lists_instances_comma_separated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GATEWAY_AUTH_URL", "http://a:1, http://b:2/")
    monkeypatch.setenv("GATEWAY_KEYS_URL", "http://k:3")
    upstreams = GatewaySettings().upstreams()  # type: ignore[call-arg]
    assert upstreams["auth"] == ("http://a:1", "http://b:2")
    assert upstreams["keys"] == ("http://k:3",)


async def test_the_playgrounds_key_lookup_passes_over_a_dead_keys_instance() -> None:
    """The playground asks the keys service for the caller's key; with the first instance
    stopped the next one answers, and only when none does is the caller told to retry (503)."""

    async def key(request: web.Request) -> web.Response:
        return web.json_response({"id": request.match_info["key_id"], "status": "active"})

    app = web.Application()
    app.router.add_get("/api/v1/api-keys/{key_id}", key)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    session = new_session(5)
    try:
        pool = Pool([_closed_port(), *_urls([server])])
        for _ in range(2):  # whichever instance's turn it is
            assert (await _key(session, pool, "k-1", "Bearer t"))["id"] == "k-1"
        with pytest.raises(Unavailable):
            await _key(session, Pool([_closed_port()]), "k-1", "Bearer t")
    finally:
        await session.close()
        await server.close()
