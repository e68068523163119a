"""A malformed message goes to the DLQ with its reason; the next message is processed."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import pytest
from aiokafka import AIOKafkaProducer

from litemaas_contracts import Envelope
from litemaas_contracts.identity import UserCreated
from litemaas_contracts.topics import AUTH_USERS
from tests.support.clients import eventually, litellm_user, records
from tests.support.stack import Stack

pytestmark = [pytest.mark.e2e, pytest.mark.integration]


def _headers(user_id: str) -> list[tuple[str, bytes]]:
    return Envelope.new(
        type=UserCreated.event_type, source="/tests/foreign-producer", subject=user_id
    ).to_headers()


async def test_poison_messages_are_dead_lettered_and_the_consumer_goes_on(stack: Stack) -> None:
    key = str(uuid.uuid4())  # one key: one partition, so the good record queues behind the bad
    good = UserCreated(
        user_id=key,
        username=f"after-poison-{key[:8]}",
        email=f"p-{key[:8]}@example.com",
        created_at=datetime.now(UTC),
    )
    poison = {
        "not json": (b"{this is not json", _headers(key)),
        "no envelope": (good.model_dump_json().encode(), [("content-type", b"application/json")]),
        "breaks the contract": (
            json.dumps({"user_id": key, "username": 42}).encode(),
            _headers(key),
        ),
    }
    producer = AIOKafkaProducer(bootstrap_servers=stack.endpoints["KAFKA_BOOTSTRAP"], acks="all")
    await producer.start()
    try:
        for value, headers in poison.values():
            await producer.send_and_wait(AUTH_USERS.name, value, key=key.encode(), headers=headers)
        await producer.send_and_wait(
            AUTH_USERS.name,
            good.model_dump_json().encode(),
            key=key.encode(),
            headers=_headers(key),
        )
    finally:
        await producer.stop()

    found = await eventually(
        lambda: litellm_user(stack.endpoints, key),
        within=15,
        what="the good record after the poison ones",
    )
    assert found["user_alias"] == good.username

    dead = [r for r in await records(stack.endpoints, AUTH_USERS.dlq_name) if r["key"] == key]
    assert len(dead) == 3
    reasons = [r["headers"]["dlq_reason"] for r in dead]
    assert "json" in reasons[0].lower()
    assert "missing header" in reasons[1]
    assert "username" in reasons[2]
    for record in dead:
        assert record["headers"]["dlq_consumer"] == "sync.litellm-push"
        assert record["headers"]["dlq_original_topic"] == AUTH_USERS.name
    assert dead[0]["value"] == "{this is not json", "the original bytes are kept for a replay"
