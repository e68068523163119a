"""Fresh tables for a replay, and the topics read from offset 0: the SQL and Kafka of
``app.replay``. The fresh tables live in their own schema, shaped exactly like the live ones;
a session whose search path is that schema makes the live ingestion code write there."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from aiokafka import AIOKafkaConsumer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from litemaas_billing.adapters.ledger import SqlLedger
from litemaas_billing.adapters.statements import SqlStatements
from litemaas_billing.domain.checksum import COLUMNS
from litemaas_servicekit.kafka_security import client_options

#: the read model a replay rebuilds, in the order they are created
TABLES = ("key_owners", "spend_ledger", "usage_hourly", "usage_daily")
AGGREGATE_TABLES = ("usage_daily", "usage_hourly")
_SCHEMA = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
_GRAIN = ", ".join(COLUMNS[:6])


def valid_schema(name: str) -> str:
    """A schema name that is safe to splice into DDL (it cannot be bound)."""
    if not _SCHEMA.match(name) or name in {"public", "pg_catalog", "information_schema"}:
        raise ValueError(f"{name!r} is not a usable schema name (lowercase, digits, _)")
    return name


class ReplayTables:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions

    async def create(self, schema: str) -> None:
        """A new schema with empty copies of the read model (fails if it exists)."""
        async with self.sessions.begin() as session:
            await session.execute(text(f'CREATE SCHEMA "{valid_schema(schema)}"'))
            for table in TABLES:
                await session.execute(
                    text(f'CREATE TABLE "{schema}".{table} (LIKE public.{table} INCLUDING ALL)')
                )

    @asynccontextmanager
    async def into(self, schema: str | None) -> AsyncIterator[AsyncSession]:
        """A transaction whose unqualified table names are ``schema``'s (None: the live ones)."""
        async with self.sessions.begin() as session:
            if schema is not None:
                await session.execute(text(f'SET LOCAL search_path TO "{valid_schema(schema)}"'))
            yield session

    @asynccontextmanager
    async def ledger(self, schema: str | None) -> AsyncIterator[SqlLedger]:
        """The live ledger's SQL, over ``schema``'s tables."""
        async with self.into(schema) as session:
            yield SqlLedger(session)

    @asynccontextmanager
    async def statements(self, schema: str | None) -> AsyncIterator[SqlStatements]:
        async with self.into(schema) as session:
            yield SqlStatements(session)

    async def aggregates(self, schema: str | None) -> dict[str, list[Sequence[object]]]:
        """Every aggregate row, ordered by its grain."""
        out: dict[str, list[Sequence[object]]] = {}
        async with self.into(schema) as session:
            for table in AGGREGATE_TABLES:
                rows = await session.execute(
                    text(f"SELECT {', '.join(COLUMNS)} FROM {table} ORDER BY {_GRAIN}")  # noqa: S608
                )
                out[table] = [tuple(row) for row in rows]
        return out


async def read_from_start(
    bootstrap: str, topic: str, batch: int = 2000
) -> AsyncIterator[list[tuple[bytes | None, bytes | None, list[tuple[str, bytes]]]]]:
    """The topic's records as they are now, from offset 0 to its end offsets, in batches
    (key, value, headers); each partition in order. No consumer group: nothing is committed."""
    admin = AIOKafkaAdminClient(
        bootstrap_servers=bootstrap, client_id="litemaas-billing-replay", **client_options()
    )
    await admin.start()
    try:  # straight from the broker's metadata: a consumer's cache may not know the topic yet
        described = await admin.describe_topics([topic])
    finally:
        await admin.close()
    partitions = [
        TopicPartition(topic, p["partition"])
        for d in described
        if d.get("error_code", 0) == 0
        for p in d["partitions"]
    ]
    if not partitions:
        raise LookupError(f"no topic {topic}")
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, enable_auto_commit=False, group_id=None, **client_options()
    )
    await consumer.start()
    try:
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        while any([await consumer.position(tp) < ends[tp] for tp in partitions]):
            got = await consumer.getmany(timeout_ms=1000, max_records=batch)
            for tp, messages in got.items():
                fresh = [m for m in messages if m.offset < ends[tp]]
                if fresh:
                    yield [(m.key, m.value, list(m.headers)) for m in fresh]
    finally:
        await consumer.stop()
