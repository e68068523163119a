"""Inbox: the consumer's record of what it has processed, written in the handler's transaction.

A primary-key conflict on ``(consumer, event_id)`` means "already done": redelivery after a
crash or rebalance changes nothing.
"""

from __future__ import annotations

from functools import cache

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    func,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import TextClause


def inbox_table(metadata: MetaData) -> Table:
    """The inbox, and beside it in ``metadata`` the consumer's other delivery tables
    (``consumer_attempts``, ``consumer_parking``: see ``delivery.py``)."""
    attempts_table(metadata)
    parking_table(metadata)
    return Table(
        "inbox",
        metadata,
        Column("consumer", String(100), primary_key=True),
        Column("event_id", String(64), primary_key=True),
        Column("event_type", String(200), nullable=False),
        Column("topic", String(200), nullable=False),
        Column("partition", Integer, nullable=False),
        Column("offset", BigInteger, nullable=False),
        Column("processed_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    )


async def first_delivery(
    session: AsyncSession,
    table: Table,
    *,
    consumer: str,
    event_id: str,
    event_type: str,
    topic: str,
    partition: int,
    offset: int,
) -> bool:
    """Claim the event for this consumer; False when it was processed before."""
    stmt = (
        insert(table)
        .values(
            consumer=consumer,
            event_id=event_id,
            event_type=event_type,
            topic=topic,
            partition=partition,
            offset=offset,
        )
        .on_conflict_do_nothing()
        .returning(table.c.event_id)
    )
    return (await session.execute(stmt)).first() is not None


def attempts_table(metadata: MetaData) -> Table:
    """Failed attempts per event, counted across redeliveries and restarts."""
    return Table(
        "consumer_attempts",
        metadata,
        Column("consumer", String(100), primary_key=True),
        Column("event_id", String(64), primary_key=True),
        Column("attempts", Integer, nullable=False),
        Column("last_error", Text),
        Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    )


def parking_table(metadata: MetaData) -> Table:
    """Record keys parked behind a dead letter: later records of the key wait (in the DLQ,
    in order) until an operator redrives or skips the head."""
    return Table(
        "consumer_parking",
        metadata,
        Column("consumer", String(100), primary_key=True),
        Column("topic", String(200), primary_key=True),
        Column("record_key", String(200), primary_key=True),
        Column("head_event_id", String(64), nullable=False),
        Column("reason", Text, nullable=False),
        Column("behind", Integer, nullable=False, server_default="0"),
        Column("parked_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    )


async def seen(session: AsyncSession, table: Table, *, consumer: str, event_id: str) -> bool:
    """Was ``event_id`` processed (or skipped by an operator) by ``consumer`` before?"""
    found = await session.execute(
        select(table.c.event_id).where(table.c.consumer == consumer, table.c.event_id == event_id)
    )
    return found.first() is not None


@cache
def _claim_many(table_name: str) -> TextClause:
    # one compiled statement for any batch size: arrays, not one bind parameter per value
    return text(
        f"""INSERT INTO {table_name} (consumer, event_id, event_type, topic, partition, "offset")
SELECT CAST(:consumer AS text), * FROM unnest(
  CAST(:event_id AS text[]), CAST(:event_type AS text[]), CAST(:topic AS text[]),
  CAST(:partition AS int[]), CAST(:offset AS bigint[]))
ON CONFLICT DO NOTHING RETURNING event_id"""  # noqa: S608 - a table name from our metadata
    )


async def first_deliveries(
    session: AsyncSession, table: Table, consumer: str, rows: list[dict[str, object]]
) -> set[str]:
    """Claim many events at once (``rows``: event_id, event_type, topic, partition, offset);
    the ids that were not processed before."""
    if not rows:
        return set()
    columns = ("event_id", "event_type", "topic", "partition", "offset")
    params: dict[str, object] = {name: [row[name] for row in rows] for name in columns}
    found = await session.execute(_claim_many(table.name), {"consumer": consumer, **params})
    return {str(event_id) for event_id in found.scalars()}
