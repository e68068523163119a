"""A row Kafka can never accept is quarantined by the outbox relay: the rows of its key wait
behind it (their order matters) and every other key goes on. (Relays taking turns is tested
against PostgreSQL in libs/servicekit/tests/test_relay_turns.py.)"""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import UTC, datetime

import asyncpg
import pytest

from litemaas_contracts import Envelope
from litemaas_contracts.identity import UserUpdated
from litemaas_contracts.topics import AUTH_USERS
from tests.support.clients import eventually, query, records
from tests.support.stack import Stack

pytestmark = [pytest.mark.e2e, pytest.mark.integration, pytest.mark.slow]


def _row(user_id: str, n: int, padding: str = "") -> tuple[str, str, str, str, str, str]:
    event = UserUpdated(
        user_id=user_id,
        username=f"relay-{user_id[:8]}",
        full_name=f"{n}{padding}",
        updated_at=datetime.now(UTC),
    )
    envelope = Envelope.new(type=event.event_type, source="/tests/relay", subject=user_id)
    headers = {k: v.decode() for k, v in envelope.to_headers()}
    payload = event.model_dump(mode="json")
    return (
        envelope.id,
        event.event_type,
        AUTH_USERS.name,
        user_id,
        json.dumps(headers),
        json.dumps(payload),
    )


async def _insert(stack: Stack, rows: list[tuple[str, ...]]) -> None:
    url = stack.endpoints["AUTH_DATABASE_URL"].replace("postgresql+asyncpg://", "postgresql://")
    conn = await asyncpg.connect(url)
    try:
        async with conn.transaction():
            await conn.executemany(
                "INSERT INTO outbox (event_id, event_type, topic, key, headers, payload)"
                " VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb)",
                rows,
            )
    finally:
        await conn.close()


async def _names(stack: Stack, user_id: str) -> list[str]:
    return [
        r["value"]["full_name"]
        for r in await records(stack.endpoints, AUTH_USERS.name)
        if r["key"] == user_id
    ]


async def test_a_row_kafka_refuses_is_quarantined_and_holds_only_its_own_key(stack: Stack) -> None:
    stuck, other = str(uuid.uuid4()), str(uuid.uuid4())
    too_big = _row(stuck, 0, padding="x" * 2_000_000)  # over Kafka's message size
    await _insert(stack, [too_big, _row(stuck, 1), _row(other, 7)])
    await eventually(lambda: _names(stack, other), within=30, what="the other key's event")

    async def quarantined() -> bool:
        rows = await query(
            stack.endpoints["AUTH_DATABASE_URL"],
            "SELECT attempts, last_error, published_at FROM outbox WHERE event_id = $1",
            too_big[0],
        )
        return rows[0]["attempts"] >= 5 and rows[0]["published_at"] is None

    await eventually(quarantined, within=60, what="the oversized row quarantined")
    await asyncio.sleep(2)
    assert await _names(stack, stuck) == [], "the row behind it on its key waits, in order"
    url = stack.endpoints["AUTH_DATABASE_URL"]
    await query(url, "DELETE FROM outbox WHERE key = $1", stuck)  # leave the stack clean
