"""Batches against a real PostgreSQL: many records in one transaction when all is usual; the
record-at-a-time path, with its dead letters and parking, as soon as something is not."""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from litemaas_contracts import Envelope
from litemaas_contracts.identity import UserCreated
from litemaas_servicekit.batch import BatchConsumer
from litemaas_servicekit.dead_letters import Record

pytestmark = [pytest.mark.integration]
TOPIC = "litemaas.auth.users.v1"


class _DeadLetters:
    def __init__(self) -> None:
        self.sent: list[dict[str, Any]] = []

    async def send_and_wait(self, topic: str, **record: Any) -> None:
        self.sent.append({"topic": topic, **record})


def _record(offset: int, user_id: str, *, broken: bool = False) -> Record:
    event = UserCreated(user_id=user_id, username=f"u{offset}", created_at=datetime.now(UTC))
    envelope = Envelope.new(type=event.event_type, source="/tests", subject=user_id)
    value = json.dumps({"user_id": user_id}) if broken else event.model_dump_json()
    return Record(TOPIC, 0, offset, user_id.encode(), value.encode(), tuple(envelope.to_headers()))


@pytest.fixture
async def setup(batch_consumer: Any) -> tuple[BatchConsumer, list[list[str]], _DeadLetters]:
    calls: list[list[str]] = []

    async def handler(session: AsyncSession, events: Sequence[tuple[Any, Envelope]]) -> None:
        if any(e.username == "u-poison" for e, _ in events):
            raise ValueError("this user can never be applied")
        calls.append([e.user_id for e, _ in events])

    dead = _DeadLetters()
    return await batch_consumer("tests.batch", handler, dead), calls, dead


async def test_a_usual_batch_is_one_call_and_a_replay_applies_nothing(setup: Any) -> None:
    consumer, calls, dead = setup
    ids = [str(uuid.uuid4()) for _ in range(50)]
    records = [_record(n, user_id) for n, user_id in enumerate(ids)]
    await consumer.process_batch(records)
    await consumer.process_batch(records)  # redelivered
    assert calls == [ids], "one transaction for the batch, nothing for its replay"
    assert dead.sent == []


async def test_a_record_that_breaks_its_contract_sends_the_batch_record_by_record(
    setup: Any,
) -> None:
    consumer, calls, dead = setup
    good = [str(uuid.uuid4()) for _ in range(3)]
    bad = str(uuid.uuid4())
    await consumer.process_batch(
        [
            _record(0, good[0]),
            _record(1, bad, broken=True),
            _record(2, good[1]),
            _record(3, good[2]),
        ]
    )
    assert calls == [[good[0]], [good[1]], [good[2]]]
    assert [d["key"] for d in dead.sent] == [bad.encode()]


async def test_a_handler_failure_dead_letters_only_its_record_and_parks_its_key(
    setup: Any, engine: AsyncEngine
) -> None:
    consumer, calls, dead = setup
    poison, other = str(uuid.uuid4()), str(uuid.uuid4())
    event = UserCreated(user_id=poison, username="u-poison", created_at=datetime.now(UTC))
    envelope = Envelope.new(type=event.event_type, source="/tests", subject=poison)
    bad = Record(
        TOPIC, 0, 0, poison.encode(), event.model_dump_json().encode(), tuple(envelope.to_headers())
    )
    await consumer.process_batch([bad, _record(1, other), _record(2, poison)])
    assert calls == [[other]], "the other key goes on; the poison's key waits behind it"
    reasons = [dict(d["headers"])["dlq_error_type"] for d in dead.sent]
    assert reasons == [b"ValueError", b"Parked"]
    async with engine.connect() as conn:
        parked = await conn.execute(
            select(func.count()).select_from(consumer.single.lot.book.parking)
        )
        assert parked.scalar_one() == 1
