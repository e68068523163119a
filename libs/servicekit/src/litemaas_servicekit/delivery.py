"""A consumer's delivery bookkeeping in its own database: failed attempts per event (counted
across redeliveries and restarts) and the record keys parked behind a dead letter.

Both tables live beside the inbox (``inbox_table`` creates them in the same metadata).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Table, delete, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from litemaas_servicekit.db import Sessions


@dataclass(frozen=True)
class Parked:
    consumer: str
    topic: str
    record_key: str
    head_event_id: str
    reason: str
    behind: int
    parked_at: datetime

    def as_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "parked_at": self.parked_at.isoformat()}


def record_key(key: bytes | None) -> str:
    """The parking key of a record: its Kafka key (all keyless records share one)."""
    return (key or b"").decode(errors="replace")[:200]


class DeliveryBook:
    def __init__(self, sessions: Sessions, inbox: Table, consumer: str) -> None:
        tables = inbox.metadata.tables
        self.sessions = sessions
        self.attempts: Table = tables["consumer_attempts"]
        self.parking: Table = tables["consumer_parking"]
        self.consumer = consumer

    async def count_failure(self, event_id: str, error: str) -> int:
        """One more failed attempt at ``event_id``; the total so far (its own transaction)."""
        t = self.attempts
        new = insert(t).values(
            consumer=self.consumer, event_id=event_id, attempts=1, last_error=error[:2000]
        )
        stmt = new.on_conflict_do_update(
            index_elements=[t.c.consumer, t.c.event_id],
            set_={"attempts": t.c.attempts + 1, "last_error": new.excluded.last_error},
        ).returning(t.c.attempts)
        async with self.sessions.begin() as session:
            return int((await session.execute(stmt)).scalar_one())

    async def forget_attempts(self, session: AsyncSession, event_id: str) -> None:
        t = self.attempts
        await session.execute(
            delete(t).where(t.c.consumer == self.consumer, t.c.event_id == event_id)
        )

    async def parked(self, session: AsyncSession, topic: str, key: str) -> Parked | None:
        t = self.parking
        row = (
            await session.execute(
                select(t)
                .where(t.c.consumer == self.consumer, t.c.topic == topic, t.c.record_key == key)
                .with_for_update()
            )
        ).first()
        return Parked(**row._mapping) if row else None

    async def any_parked(self, session: AsyncSession, topic_keys: set[tuple[str, str]]) -> bool:
        """Is any of these (topic, record key) pairs parked? (No lock: a batch that finds
        none goes on; one that finds some is handled record by record.)"""
        if not topic_keys:
            return False
        t = self.parking
        topics = sorted({topic for topic, _ in topic_keys})
        keys = sorted({key for _, key in topic_keys})
        found = await session.execute(
            select(t.c.topic, t.c.record_key).where(
                t.c.consumer == self.consumer, t.c.topic.in_(topics), t.c.record_key.in_(keys)
            )
        )
        return any((row.topic, row.record_key) in topic_keys for row in found)

    async def park(self, session: AsyncSession, topic: str, key: str, head: str, why: str) -> None:
        t = self.parking
        stmt = insert(t).values(
            consumer=self.consumer, topic=topic, record_key=key, head_event_id=head, reason=why
        )
        await session.execute(stmt.on_conflict_do_nothing())

    async def one_more_behind(self, session: AsyncSession, parked: Parked) -> None:
        t = self.parking
        await session.execute(
            update(t)
            .where(
                t.c.consumer == self.consumer,
                t.c.topic == parked.topic,
                t.c.record_key == parked.record_key,
            )
            .values(behind=t.c.behind + 1)
        )

    async def release(self, session: AsyncSession, parked: Parked) -> None:
        t = self.parking
        await session.execute(
            delete(t).where(
                t.c.consumer == self.consumer,
                t.c.topic == parked.topic,
                t.c.record_key == parked.record_key,
            )
        )

    async def report(self) -> list[Parked]:
        t = self.parking
        async with self.sessions() as session:
            rows = await session.execute(
                select(t).where(t.c.consumer == self.consumer).order_by(t.c.parked_at)
            )
            return [Parked(**row._mapping) for row in rows]
