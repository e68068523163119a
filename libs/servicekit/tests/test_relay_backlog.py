"""The relay's backlog gauges over one real PostgreSQL: while Kafka is away nothing is published,
and ``litemaas_outbox_lag_seconds`` keeps growing, which is what the OutboxLagging alert watches;
quarantined rows are not counted as lag (they have their own gauge)."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest
from aiokafka.errors import KafkaConnectionError
from prometheus_client import REGISTRY
from sqlalchemy import MetaData, insert, text
from sqlalchemy.ext.asyncio import AsyncEngine

from litemaas_servicekit.outbox import outbox_table
from litemaas_servicekit.relay import OutboxRelay

pytestmark = [pytest.mark.integration]


class _KafkaAway:
    """Every send fails as it does while no broker answers (a transient error)."""

    async def send(self, **record: Any) -> asyncio.Future[None]:
        raise KafkaConnectionError("no broker")


def _gauge(name: str) -> float:
    value = REGISTRY.get_sample_value(name)
    assert value is not None, f"{name} is not registered"
    return value


async def test_lag_grows_while_kafka_is_away_and_quarantined_rows_are_not_lag(
    engine: AsyncEngine,
) -> None:
    table = outbox_table(MetaData())
    async with engine.begin() as conn:
        await conn.run_sync(table.metadata.create_all)
        rows = [
            {
                "event_id": str(uuid.uuid4()),
                "event_type": "T",
                "topic": "t",
                "key": f"agg-{n}",
                "headers": {},
                "payload": {"n": n},
            }
            for n in range(3)
        ]
        await conn.execute(insert(table), rows)
        # one row Kafka refused too often, an hour old: quarantined, not lag
        await conn.execute(
            text(
                "UPDATE outbox SET attempts = 5, created_at = now() - interval '1 hour'"
                " WHERE key = 'agg-0'"
            )
        )
    relay = OutboxRelay(
        engine,
        table,
        _KafkaAway(),
        poll_seconds=0.01,
        measure_seconds=0.05,  # type: ignore[arg-type]
    )
    assert (await relay.measure())[0] == 2
    first_lag = _gauge("litemaas_outbox_lag_seconds")
    assert 0 <= first_lag < 60, "the quarantined hour-old row must not count as lag"
    assert _gauge("litemaas_outbox_pending") == 2

    stop = asyncio.Event()
    running = asyncio.create_task(relay.run(stop))
    try:
        for _ in range(200):  # the run loop measures on its own clock, publishing or not
            if _gauge("litemaas_outbox_lag_seconds") >= first_lag + 0.3:
                break
            await asyncio.sleep(0.05)
    finally:
        stop.set()
        await running
    assert _gauge("litemaas_outbox_lag_seconds") >= first_lag + 0.3, "lag must grow while stuck"
    assert _gauge("litemaas_outbox_pending") == 2

    async with engine.begin() as conn:
        await conn.execute(text("UPDATE outbox SET published_at = now() WHERE attempts = 0"))
    assert await relay.measure() == (0, 0.0)
    assert _gauge("litemaas_outbox_lag_seconds") == 0.0
