"""What the scale-out tests look at: LiteLLM's keys per user, consumer group members in Kafka,
and which instance of a service served requests (its own metrics)."""

from __future__ import annotations

import asyncio
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx
from aiokafka.admin import AIOKafkaAdminClient

from tests.support.clients import TOKENS_SEEN, eventually
from tests.support.journeys import api, subscribe
from tests.support.stack import LocalStack

MODEL = "mock-gpt"


async def litellm_live_keys(stack: LocalStack, user_id: str) -> int:
    """The user's keys LiteLLM holds (a revoked key leaves the list)."""
    master = {"Authorization": f"Bearer {stack.endpoints['LITELLM_MASTER_KEY']}"}
    async with httpx.AsyncClient(base_url=stack.endpoints["LITELLM_URL"], timeout=10) as http:
        page = await http.get("/key/list", params={"user_id": user_id, "size": 1}, headers=master)
    page.raise_for_status()
    return int(page.json()["total_count"])


async def group_members(stack: LocalStack) -> dict[str, int]:
    """Members of every consumer group of the services and the gateway, by group."""
    admin = AIOKafkaAdminClient(bootstrap_servers=stack.endpoints["KAFKA_BOOTSTRAP"])
    await admin.start()
    try:
        members: dict[str, int] = {}
        for name in sorted(g[0] for g in await admin.list_consumer_groups()):
            # one group a request: aiokafka 0.12 misreads a reply describing several
            for response in await admin.describe_consumer_groups([name]):
                for group in response.groups:
                    error, _name, _state, _kind, _protocol, listed = group[:6]
                    if not error:
                        members[name] = len(listed)
    finally:
        await admin.close()
    return members


async def served(url: str, route: str) -> float:
    """How many requests of ``route`` this instance has answered (its request histogram)."""
    async with httpx.AsyncClient(timeout=10) as http:
        text = (await http.get(f"{url}/metrics")).text
    total = 0.0
    for line in text.splitlines():
        count = line.startswith("litemaas_http_request_duration_seconds_count{")
        if count and f'route="{route}"' in line:
            total += float(line.rsplit(" ", 1)[1])
    return total


@dataclass
class Outcome:
    """One user's way through a burst: what was answered when (time.monotonic())."""

    user_id: str = ""
    key: dict[str, Any] | None = None
    failures: list[tuple[float, str]] = field(default_factory=list)


async def one_user(stack: LocalStack, prefix: str) -> Outcome:
    """Log in, subscribe, make a key, as a user would; a 5xx is kept with its time (a request
    in flight on an instance killed under it), never retried: it may have been done."""
    outcome = Outcome()
    try:
        user, outcome.user_id = await api(stack, f"{prefix}-{uuid.uuid4().hex[:8]}")
    except AssertionError as exc:
        outcome.failures.append((time.monotonic(), str(exc)[:300]))
        return outcome
    try:
        await subscribe(user, MODEL)
        outcome.key = await new_key(user, outcome)
    except AssertionError as exc:
        outcome.failures.append((time.monotonic(), str(exc)[:300]))
    finally:
        await user.aclose()
    return outcome


async def new_key(user: httpx.AsyncClient, outcome: Outcome) -> dict[str, Any] | None:
    """A key, asked again only while the subscription has not reached keys (403)."""

    async def made() -> dict[str, Any] | bool | None:
        response = await user.post("/api/v1/api-keys", json={"name": "k", "models": [MODEL]})
        if response.status_code == 201:
            return dict(response.json())
        if response.status_code >= 500:
            outcome.failures.append((time.monotonic(), response.text[:300]))
            return True  # not asked again
        return None

    found = await eventually(made, within=90, what="the entitlement reaching keys")
    if not isinstance(found, dict):
        return None
    TOKENS_SEEN.append(found["key"])
    return found


async def burst(stack: LocalStack, prefix: str, users: int) -> list[Outcome]:
    return list(await asyncio.gather(*(one_user(stack, prefix) for _ in range(users))))
