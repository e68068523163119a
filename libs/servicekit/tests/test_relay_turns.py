"""Two outbox relays over one real PostgreSQL take turns: while one is sending a batch, the
other publishes nothing, so a later commit can never overtake an earlier one on Kafka."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest
from aiokafka.errors import OutOfOrderSequenceNumber
from sqlalchemy import MetaData, insert
from sqlalchemy.ext.asyncio import AsyncEngine

from litemaas_servicekit.outbox import outbox_table
from litemaas_servicekit.relay import OutboxRelay

pytestmark = [pytest.mark.integration]


class _Producer:
    """Records what it was given, in order; ``hold`` makes a send wait (a slow broker)."""

    def __init__(self, published: list[str], hold: asyncio.Event | None = None) -> None:
        self.published, self.hold = published, hold
        self.sending = asyncio.Event()

    async def send(self, **record: Any) -> asyncio.Future[None]:
        self.sending.set()
        if self.hold is not None:
            await self.hold.wait()
        self.published.append(record["key"].decode() + ":" + record["value"].decode())
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        done.set_result(None)
        return done


async def test_a_second_relay_waits_while_the_first_sends(engine: AsyncEngine) -> None:
    table = outbox_table(MetaData())
    async with engine.begin() as conn:
        await conn.run_sync(table.metadata.create_all)

    async def commit(numbers: range) -> None:
        async with engine.begin() as conn:
            await conn.execute(
                insert(table),
                [
                    {
                        "event_id": str(uuid.uuid4()),
                        "event_type": "T",
                        "topic": "t",
                        "key": "agg",
                        "headers": {},
                        "payload": {"n": n},
                    }
                    for n in numbers
                ],
            )

    published: list[str] = []
    slow = asyncio.Event()
    held = _Producer(published, slow)
    first = OutboxRelay(engine, table, held)  # type: ignore[arg-type]
    second = OutboxRelay(engine, table, _Producer(published))  # type: ignore[arg-type]
    await commit(range(0, 5))
    sending = asyncio.create_task(first.publish_batch())
    await asyncio.wait_for(held.sending.wait(), 10)  # it has claimed 0-4 and is stuck sending
    await commit(range(5, 10))
    assert await second.publish_batch() == 0, "the second relay must not overtake the first"
    slow.set()
    assert await sending == 5
    assert await second.publish_batch() == 5
    assert [int(p.rsplit(":", 1)[1].strip("}")) for p in published] == list(range(10))


class _Broken(_Producer):
    """An idempotent producer that lost its sequence, as after a broker restart mid-batch."""

    async def send(self, **record: Any) -> asyncio.Future[None]:
        failed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        failed.set_exception(OutOfOrderSequenceNumber())
        return failed

    async def stop(self) -> None:
        return None


async def test_a_producer_that_lost_its_sequence_is_replaced_and_nothing_is_lost(
    engine: AsyncEngine,
) -> None:
    table = outbox_table(MetaData())
    async with engine.begin() as conn:
        await conn.run_sync(table.metadata.create_all)
        await conn.execute(
            insert(table),
            [
                {
                    "event_id": str(uuid.uuid4()),
                    "event_type": "T",
                    "topic": "t",
                    "key": "agg",
                    "headers": {},
                    "payload": {"n": n},
                }
                for n in range(3)
            ],
        )
    published: list[str] = []

    class _Fresh(_Producer):
        async def start(self) -> None:
            return None

    relay = OutboxRelay(
        engine,
        table,
        _Broken(published),  # type: ignore[arg-type]
        poll_seconds=0.01,
        new_producer=lambda: _Fresh(published),  # type: ignore[arg-type,return-value]
    )
    stop = asyncio.Event()
    running = asyncio.create_task(relay.run(stop))
    for _ in range(100):
        if len(published) == 3:
            break
        await asyncio.sleep(0.05)
    stop.set()
    await running
    assert len(published) == 3, "a new producer published what the broken one could not"
