"""A key's secret at rest: nowhere in plain text, and its sealed form only as long as needed.

Entitlements come from SubscriptionActivated records produced straight to Kafka, as any
producer of the catalog's contract could: the keys service trusts the contract, not the sender.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from aiokafka import AIOKafkaProducer

from litemaas_contracts import Envelope
from litemaas_contracts.catalog import SubscriptionActivated
from litemaas_contracts.topics import CATALOG_SUBSCRIPTIONS, KEYS_PROVISIONING
from tests.support.clients import TOKENS_SEEN, dev_login, eventually, query, records
from tests.support.journeys import chat
from tests.support.stack import Stack

pytestmark = [pytest.mark.e2e, pytest.mark.integration]


async def _entitle(stack: Stack, user_id: str, *models: str) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=stack.endpoints["KAFKA_BOOTSTRAP"], acks="all")
    await producer.start()
    try:
        for model in models:
            event = SubscriptionActivated(
                subscription_id=str(uuid.uuid4()),
                user_id=user_id,
                model_id=model,
                changed_by=user_id,
                at=datetime.now(UTC),
            )
            envelope = Envelope.new(
                type=event.event_type, source="/tests/foreign-producer", subject=event.subject()
            )
            await producer.send_and_wait(
                CATALOG_SUBSCRIPTIONS.name,
                event.model_dump_json().encode(),
                key=event.subject().encode(),
                headers=envelope.to_headers(),
            )
    finally:
        await producer.stop()


async def _database_text(database_url: str) -> str:
    """Every row of every table of one service's database, as text."""
    tables = await query(
        database_url,
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
    )
    rows = [
        row[0]
        for table in tables
        for row in await query(database_url, f'SELECT t::text FROM "{table[0]}" t')  # noqa: S608
    ]
    return "\n".join(rows)


async def _sealed_record(stack: Stack, key_id: str) -> dict[str, Any] | None:
    found = [
        r for r in await records(stack.endpoints, KEYS_PROVISIONING.name) if r["key"] == key_id
    ]
    return found[0] if found else None


async def test_a_keys_secret_is_stored_nowhere_and_its_sealed_form_is_dropped_once_used(
    stack: Stack,
) -> None:
    login = await dev_login(stack.endpoints["GATEWAY_URL"], f"keyrest-{uuid.uuid4().hex[:8]}")
    await _entitle(stack, login["user"]["id"], "mock-gpt", "mock-claude")
    async with httpx.AsyncClient(
        base_url=stack.endpoints["GATEWAY_URL"],
        timeout=15,
        headers={"Authorization": f"Bearer {login['access_token']}"},
    ) as user:

        async def created() -> dict[str, Any] | None:
            made = await user.post(
                "/api/v1/api-keys", json={"name": "rest", "models": ["mock-gpt", "mock-claude"]}
            )
            return made.json() if made.status_code == 201 else None

        key = await eventually(created, within=20, what="the entitlements reaching keys")
    secret = key["key"]
    TOKENS_SEEN.append(secret)

    async def works(model: str) -> bool:
        return await chat(stack, secret, model) == 200

    await eventually(lambda: works("mock-gpt"), within=20, what="the key working in LiteLLM")
    assert await chat(stack, secret, "mock-claude") == 200
    assert await chat(stack, secret, "mock-llama") == 403

    sealed = await eventually(
        lambda: _sealed_record(stack, key["id"]), within=10, what="the sealed secret's record"
    )
    ciphertext = sealed["value"]["sealed_secret"]
    assert secret not in json.dumps(sealed), "the provisioning topic carries ciphertext only"

    async def gone(database: str) -> bool:
        text = await _database_text(stack.endpoints[database])
        assert secret not in text, f"the secret is stored in {database}"
        return ciphertext not in text

    await eventually(lambda: gone("KEYS_DATABASE_URL"), within=15, what="keys dropping the seal")
    await eventually(lambda: gone("SYNC_DATABASE_URL"), within=15, what="sync dropping the seal")
