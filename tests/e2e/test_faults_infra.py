"""The infrastructure fails under load and nothing is lost or applied twice: Kafka stopped for
20 s while users, subscriptions and keys are made; PostgreSQL restarted while the keys service
works through a backlog of cancellations (the case that once dead-lettered them)."""

from __future__ import annotations

import asyncio
import signal
import time
import uuid
from typing import Any

import pytest

from litemaas_contracts.topics import AUTH_USERS, CATALOG_SUBSCRIPTIONS, SYNC_AUDIT
from tests.support.clients import dev_login, eventually, litellm_user, records
from tests.support.journeys import (
    api,
    chat,
    litellm_key_models,
    make_key,
    signal_component,
    subscribe,
)
from tests.support.stack import Stack

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.slow]


async def test_kafka_stopped_for_20_seconds_loses_nothing(stack: Stack) -> None:
    user, _ = await api(stack, f"kafka-{uuid.uuid4().hex[:8]}")
    await subscribe(user, "mock-gpt")
    await make_key(user, ["mock-gpt"])  # the entitlement has reached keys
    stack.stop("kafka")
    try:
        outage = time.monotonic()
        newcomers = [
            await dev_login(stack.endpoints["GATEWAY_URL"], f"during-{uuid.uuid4().hex[:8]}")
            for _ in range(3)
        ]
        [claude] = await subscribe(user, "mock-claude")
        made = await user.post("/api/v1/api-keys", json={"name": "k", "models": ["mock-gpt"]})
        assert made.status_code == 201, made.text
        key = made.json()
        await asyncio.sleep(max(0.0, 20 - (time.monotonic() - outage)))
    finally:
        stack.start("kafka")

    for login in newcomers:
        user_id = login["user"]["id"]
        await eventually(
            lambda uid=user_id: litellm_user(stack.endpoints, uid), within=90, what="a newcomer"
        )
    await eventually(
        lambda: _answers(stack, key["key"], "mock-gpt", 200), within=90, what="the key working"
    )
    both = await make_key(user, ["mock-gpt", "mock-claude"])  # the subscription reached keys
    assert sorted(both["models"]) == ["mock-claude", "mock-gpt"]
    assert claude["status"] == "active"
    for login in newcomers:

        async def audited(uid: str = login["user"]["id"]) -> list[Any] | None:
            found = [r for r in await records(stack.endpoints, SYNC_AUDIT.name) if r["key"] == uid]
            return found or None

        # sync's relay publishes the audit record after the user reached LiteLLM (Kafka was
        # just restarted): wait for it, then count
        audit = await eventually(audited, within=60, what="the newcomer's audit record")
        assert len(audit) == 1, "each newcomer reached LiteLLM once"
        published = [
            r
            for r in await records(stack.endpoints, AUTH_USERS.name)
            if r["key"] == login["user"]["id"]
        ]
        assert len({r["headers"]["ce_id"] for r in published}) == 1


async def _answers(stack: Stack, secret: str, model: str, status: int) -> bool:
    return await chat(stack, secret, model) == status


async def test_postgres_restarted_while_keys_meets_a_backlog_of_cancellations(
    stack: Stack,
) -> None:
    people = []
    for _ in range(4):
        user, _ = await api(stack, f"pg-{uuid.uuid4().hex[:8]}")
        _, claude = await subscribe(user, "mock-gpt", "mock-claude")
        key = await make_key(user, ["mock-gpt", "mock-claude"])
        people.append((user, claude, key))

    signal_component(stack, "keys", signal.SIGSTOP)  # the backlog builds up in Kafka
    try:
        for user, claude, _ in people:
            response = await user.delete(f"/api/v1/subscriptions/{claude['id']}")
            assert response.status_code == 200, response.text
        await eventually(
            lambda: _cancellations_published(stack, [c["id"] for _, c, _ in people]),
            within=30,
            what="the cancellations on Kafka",
        )
        stack.stop("postgres")
    finally:
        signal_component(stack, "keys", signal.SIGCONT)
    try:
        await asyncio.sleep(8)  # keys meets its backlog with PostgreSQL down
    finally:
        stack.start("postgres")

    for user, _, key in people:

        async def dropped(u=user, k=key) -> bool:
            response = await u.get(f"/api/v1/api-keys/{k['id']}")
            return response.status_code == 200 and response.json()["models"] == ["mock-gpt"]

        await eventually(dropped, within=120, what="the cancelled model leaving the key")
        await eventually(
            lambda k=key: _litellm_models_are(stack, k["key"], ["mock-gpt"]),
            within=120,
            what="LiteLLM to follow",
        )
    dead = [
        r
        for r in await records(stack.endpoints, CATALOG_SUBSCRIPTIONS.dlq_name)
        if r["key"] in {c["id"] for _, c, _ in people}
    ]
    assert dead == [], "a database blip dead-letters nothing"


async def _cancellations_published(stack: Stack, ids: list[str]) -> bool:
    found = {
        r["key"]
        for r in await records(stack.endpoints, CATALOG_SUBSCRIPTIONS.name)
        if r["headers"]["ce_type"].endswith("SubscriptionCancelled.v1")
    }
    return set(ids) <= found


async def _litellm_models_are(stack: Stack, secret: str, models: list[str]) -> bool:
    try:
        return await litellm_key_models(stack, secret) == models
    except Exception:  # LiteLLM itself reconnects to its database after the restart
        return False
