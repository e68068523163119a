"""Transactional outbox: an event is a row written in the same transaction as the state change.

The relay (``relay.py``) publishes the rows afterwards. No event leaves for a rolled-back
change, and none is lost when the process dies between commit and publish.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Identity,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    func,
    insert,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession

from litemaas_contracts import Envelope, Event
from litemaas_servicekit.logs import correlation_id
from litemaas_servicekit.telemetry import current_traceparent


def outbox_table(metadata: MetaData) -> Table:
    return Table(
        "outbox",
        metadata,
        Column("seq", BigInteger, Identity(), primary_key=True),
        Column("event_id", String(64), nullable=False, unique=True),
        Column("event_type", String(200), nullable=False),
        Column("topic", String(200), nullable=False),
        Column("key", String(200), nullable=False),
        Column("headers", JSONB, nullable=False),
        Column("payload", JSONB, nullable=False),
        Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
        Column("published_at", DateTime(timezone=True)),
        Column("attempts", Integer, nullable=False, server_default="0"),
        Column("last_error", Text),
        Index("ix_outbox_unpublished", "seq", postgresql_where="published_at IS NULL"),
    )


class Outbox:
    """Writes events into the caller's transaction, stamped with the current trace context."""

    def __init__(self, table: Table, source: str) -> None:
        self.table = table
        self.source = source

    async def add(self, session: AsyncSession, event: Event) -> Envelope:
        envelope = Envelope.new(
            type=event.event_type,
            source=self.source,
            subject=event.subject(),
            traceparent=current_traceparent(),
            correlation_id=correlation_id.get(),
        )
        headers: dict[str, Any] = {k: v.decode() for k, v in envelope.to_headers()}
        await session.execute(
            insert(self.table).values(
                event_id=envelope.id,
                event_type=envelope.type,
                topic=event.topic,
                key=envelope.subject,
                headers=headers,
                payload=event.model_dump(mode="json"),
            )
        )
        return envelope
