"""The gateway's two streams, against the real stack: live notifications over server-sent events
(an admin's decision reaches the user's open stream; a reconnect with ``Last-Event-ID`` gets
what came meanwhile, once; logout ends the stream) and the chat playground (a real key's answer
streamed token by token, in order; someone else's key or secret refused; a browser that leaves
cancels the request upstream: the gateway gives up its LiteLLM call and counts it; LiteLLM's
instant mock answer is often complete before its server notices, so its own spend log shows the
client leaving — error 499, ClientDisconnected — only in some runs, and is not asserted)."""

from __future__ import annotations

import asyncio
import json
import re
import socket
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar
from urllib.parse import urlsplit

import httpx
import pytest

from tests.support.clients import eventually
from tests.support.journeys import api, make_key, subscribe
from tests.support.stack import Stack

pytestmark = [pytest.mark.e2e, pytest.mark.integration]
MODEL = "mock-llama"
SLOW = "mock-slow"
Event = dict[str, Any]
T = TypeVar("T")


class Events:
    """One open ``GET /api/v1/events``: the events it has received so far, parsed as a browser
    would (``event``, ``id``, ``data``; comments are heartbeats)."""

    def __init__(self) -> None:
        self.received: list[Event] = []
        self.closed = False

    def notices(self) -> list[Event]:
        return [e for e in self.received if e["event"] == "notification"]


@asynccontextmanager
async def listening(
    user: httpx.AsyncClient, last_event_id: str | None = None
) -> AsyncIterator[Events]:
    events = Events()
    headers = {"Last-Event-ID": last_event_id} if last_event_id else {}

    async def read() -> None:
        async with user.stream("GET", "/api/v1/events", headers=headers, timeout=None) as answer:
            assert answer.status_code == 200, await answer.aread()
            assert answer.headers["content-type"].startswith("text/event-stream")
            current: Event = {}
            async for line in answer.aiter_lines():
                if line == "" and current:
                    events.received.append(
                        current | {"data": json.loads(current.get("data", "{}"))}
                    )
                    current = {}
                elif not line.startswith(":") and ":" in line:
                    field, _, value = line.partition(":")
                    current[field] = value.removeprefix(" ")
                    current.setdefault("event", "message")
            if current:  # the last event's blank line may end the body
                events.received.append(_parsed(current))
        events.closed = True

    task = asyncio.create_task(read())
    try:
        await eventually(
            soon(lambda: any(e["event"] == "ready" for e in events.received) or task.done()),
            within=15,
            what="the stream to open",
        )
        if task.done():
            task.result()
        yield events
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


def _parsed(fields: Event) -> Event:
    return fields | {"data": json.loads(fields.get("data", "{}"))}


def soon(check: Callable[[], T]) -> Callable[[], Awaitable[T]]:
    """A plain check as the async probe ``eventually`` polls."""

    async def probe() -> T:
        return check()

    return probe


def _about(events: Events, subscription_id: str) -> list[Event]:
    return [
        n for n in events.notices() if n["data"]["params"].get("subscription_id") == subscription_id
    ]


async def test_a_decision_reaches_the_open_stream_and_a_reconnect_loses_and_repeats_nothing(
    stack: Stack,
) -> None:
    admin, _ = await api(stack, "admin")
    user, _ = await api(stack, f"sse-{uuid.uuid4().hex[:8]}")
    await subscribe(user, "mock-gpt")  # the catalog is served
    await admin.patch(f"/api/v1/admin/models/{MODEL}", json={"restricted": True})
    try:
        pending = await user.post("/api/v1/subscriptions", json={"model_id": MODEL})
        assert pending.status_code == 201 and pending.json()["status"] == "pending"
        sub_id = pending.json()["id"]
        async with listening(user) as events:
            approved = await admin.post(
                f"/api/v1/admin/subscriptions/{sub_id}/approve", json={"reason": "pilot"}
            )
            assert approved.status_code == 200
            found = await eventually(
                soon(lambda: _about(events, sub_id)), within=30, what="the notice"
            )
        [notice] = found
        assert notice["data"]["type"] == "subscription_approved"
        assert notice["data"]["params"]["model"] == MODEL and notice["data"]["audience"] == "me"
        resume_from = notice["id"]

        # away: the next decision is made while no stream is open
        suspended = await admin.post(
            f"/api/v1/admin/subscriptions/{sub_id}/suspend", json={"reason": "paused"}
        )
        assert suspended.status_code == 200
        async with listening(user, resume_from) as again:
            await eventually(
                soon(lambda: _about(again, sub_id)), within=30, what="the missed notice"
            )
            types = [n["data"]["type"] for n in _about(again, sub_id)]
        # replayed in order: an approval sent again would have come before it
        assert types == ["subscription_suspended"]
        assert _about(again, sub_id)[0]["data"]["params"]["reason"] == "paused"

    finally:
        await admin.patch(f"/api/v1/admin/models/{MODEL}", json={"restricted": False})
        await admin.aclose()
        await user.aclose()


async def test_logout_ends_an_open_stream_and_a_stranger_gets_none(stack: Stack) -> None:
    user, _ = await api(stack, f"sse-out-{uuid.uuid4().hex[:8]}")
    async with listening(user) as events:
        assert (await user.post("/api/v1/auth/logout", json={})).status_code in (200, 204)
        await eventually(soon(lambda: events.closed), within=20, what="the stream to end")
    assert events.received[-1]["event"] == "end"
    assert events.received[-1]["data"] == {"reason": "revoked"}
    async with httpx.AsyncClient(base_url=stack.endpoints["GATEWAY_URL"]) as anonymous:
        refused = await anonymous.get("/api/v1/events")
    assert refused.status_code == 401
    assert refused.headers["content-type"].startswith("application/problem+json")
    await user.aclose()


def _tokens(body: str) -> tuple[list[str], list[str], list[Event]]:
    names, tokens, ends = [], [], []
    for block in body.strip().split("\r\n\r\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
        names.append(fields.get("event", ""))
        if fields.get("event") == "token":
            tokens.append(json.loads(fields["data"])["content"])
        elif fields.get("event") in ("done", "error"):
            ends.append(json.loads(fields["data"]))
    return names, tokens, ends


def _chat(key: dict[str, Any], **changes: Any) -> dict[str, Any]:
    body = {
        "key_id": key["id"],
        "model": "mock-gpt",
        "messages": [{"role": "user", "content": "hi"}],
    }
    return body | changes


async def test_the_playground_streams_a_real_answer_with_my_key_only(stack: Stack) -> None:
    user, _ = await api(stack, f"play-{uuid.uuid4().hex[:8]}")
    stranger, _ = await api(stack, f"play-x-{uuid.uuid4().hex[:8]}")
    await subscribe(user, "mock-gpt")
    await subscribe(stranger, "mock-gpt")
    mine, theirs = await make_key(user, ["mock-gpt"]), await make_key(stranger, ["mock-gpt"])
    secret = {"X-LiteMaaS-Key": mine["key"]}

    async def answered() -> str | None:  # once sync has made the key in LiteLLM
        answer = await user.post("/api/v1/playground/chat", json=_chat(mine), headers=secret)
        return answer.text if answer.status_code == 200 else None

    body = await eventually(answered, within=60, what="the key to work in LiteLLM")
    names, tokens, ends = _tokens(body)
    assert len(tokens) > 3 and "".join(tokens) == "Hello from the mock gpt model"
    assert names[-1] == "done" and ends[-1]["finish_reason"] == "stop"
    assert ends[-1]["usage"]["completion_tokens"] > 0

    refusals = [
        (_chat(mine), {"X-LiteMaaS-Key": theirs["key"]}, 403),  # my key's id, their secret
        (_chat(theirs), {"X-LiteMaaS-Key": theirs["key"]}, 404),  # their key: not mine to see
        (_chat(mine), {}, 422),
        (_chat(mine, model="mock-claude"), secret, 422),  # not one of this key's models
        (_chat(mine, max_tokens=10**6), secret, 422),
        (_chat(mine, messages=[{"role": "user", "content": "x"}] * 51), secret, 422),
        (_chat(mine, messages=[]), secret, 422),
    ]
    for request, headers, status in refusals:
        answer = await user.post("/api/v1/playground/chat", json=request, headers=headers)
        assert answer.status_code == status, (request, answer.text)
        assert answer.headers["content-type"].startswith("application/problem+json")
        assert mine["key"] not in answer.text and theirs["key"] not in answer.text
    for client in (user, stranger):
        await client.aclose()


def _metric(metrics: str, name: str) -> float:
    found = re.search(rf"^{re.escape(name)} (\S+)$", metrics, re.M)
    return float(found.group(1)) if found else 0.0


CANCELLED = 'litemaas_gateway_playground_streams_total{outcome="cancelled"}'
WAITING = "litemaas_gateway_playground_waiting"


async def test_a_browser_that_leaves_cancels_the_request_upstream(stack: Stack) -> None:
    gateway = stack.endpoints["GATEWAY_URL"]
    user, _ = await api(stack, f"play-gone-{uuid.uuid4().hex[:8]}")
    # mock-slow waits 3 s before it answers (deploy/local/litellm/config.yaml): time to leave
    # while LiteLLM prepares, however loaded the machine (mock-gpt answers at once)
    await subscribe(user, SLOW)
    key = await make_key(user, [SLOW])
    headers = {"X-LiteMaaS-Key": key["key"]}
    ask = _chat(key, model=SLOW)
    await eventually(lambda: _ok(user, ask, headers), within=60, what="the key to work in LiteLLM")
    async with httpx.AsyncClient(base_url=gateway) as plain:

        async def metric(name: str) -> float:
            return _metric((await plain.get("/metrics")).text, name)

        before = await metric(CANCELLED)
        # a browser that asks and goes away while LiteLLM prepares the answer
        body = json.dumps(ask).encode()
        where = urlsplit(gateway)
        head = (
            f"POST /api/v1/playground/chat HTTP/1.1\r\nHost: {where.netloc}\r\n"
            f"Authorization: {user.headers['Authorization']}\r\nX-LiteMaaS-Key: {key['key']}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        ).encode()
        assert where.hostname is not None and where.port is not None
        with socket.create_connection((where.hostname, where.port)) as raw:
            raw.sendall(head + body)
            await eventually(
                lambda: metric(WAITING), within=10, interval=0.01, what="LiteLLM asked"
            )

        async def cancelled() -> bool:
            return await metric(CANCELLED) > before

        await eventually(cancelled, within=15, what="the gateway to cancel the upstream request")

    await user.aclose()


async def _ok(user: httpx.AsyncClient, body: dict[str, Any], headers: dict[str, str]) -> bool:
    answer = await user.post("/api/v1/playground/chat", json=body, headers=headers)
    return answer.status_code == 200
