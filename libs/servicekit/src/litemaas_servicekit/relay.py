"""The outbox relay: publishes committed outbox rows to Kafka, in order, at least once.

Order per aggregate holds however many relays run: each batch is claimed, sent and marked
published in one transaction that holds a transaction-scoped advisory lock, so batches are
strictly one after another (a second relay is a hot standby, never an interleaver). Rows are
sent with an idempotent ``acks=all`` producer. A crash after the send and before the mark
republishes the batch on restart; consumers dedupe on ``ce_id``.

A row Kafka can never accept (too large, an invalid topic) is counted in ``attempts``; after
``quarantine_after`` it is quarantined: left unpublished, with later rows *of the same key*
held behind it (their order matters), while every other key goes on. Quarantined rows show in
``litemaas_outbox_quarantined`` and the relay's log; ``UPDATE outbox SET attempts = 0 WHERE
seq = ...`` after a fix sends them again. A transient failure (Kafka down) counts nothing: the
batch is simply tried again.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import signal
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from aiokafka import AIOKafkaProducer
from prometheus_client import Counter, Gauge
from sqlalchemy import Table, and_, delete, exists, func, select, text, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from litemaas_servicekit.faults import is_transient
from litemaas_servicekit.kafka import producer_is_broken

log = logging.getLogger(__name__)

PUBLISHED = Counter("litemaas_outbox_published_total", "Outbox rows published to Kafka", ["topic"])
FAILURES = Counter("litemaas_outbox_publish_failures_total", "Failed outbox publish attempts")
QUARANTINED = Gauge("litemaas_outbox_quarantined", "Outbox rows Kafka refused too often")
#: measured on a clock, not per batch, so they keep growing while Kafka is away
PENDING = Gauge("litemaas_outbox_pending", "Outbox rows committed and waiting to be published")
LAG = Gauge(
    "litemaas_outbox_lag_seconds", "Age of the oldest outbox row waiting to be published (0: none)"
)
#: one relay at a time per service database (each service owns its database)
RELAY_LOCK = 0x6C6D6173  # "lmas"


class OutboxRelay:
    def __init__(
        self,
        engine: AsyncEngine,
        table: Table,
        producer: AIOKafkaProducer,
        *,
        poll_seconds: float = 0.1,
        max_idle: float = 0.5,
        batch_size: int = 200,
        keep_published: timedelta = timedelta(days=7),
        failpoint: str = "",
        quarantine_after: int = 5,
        new_producer: Callable[[], AIOKafkaProducer] | None = None,
        measure_seconds: float = 5.0,
    ) -> None:
        self.engine = engine
        self.table = table
        self.producer = producer
        self.poll_seconds = poll_seconds
        self.max_idle = max_idle
        self.batch_size = batch_size
        self.keep_published = keep_published
        self.failpoint = failpoint
        self.quarantine_after = quarantine_after
        self.new_producer = new_producer
        self.measure_seconds = measure_seconds

    def _claim(self) -> Any:
        """Unpublished, unquarantined rows in order, minus those behind a quarantined row of
        the same key."""
        t, q = self.table, self.table.alias("q")
        blocked = exists().where(
            and_(
                q.c.published_at.is_(None),
                q.c.attempts >= self.quarantine_after,
                q.c.key == t.c.key,
                q.c.seq < t.c.seq,
            )
        )
        return (
            select(t.c.seq, t.c.topic, t.c.key, t.c.headers, t.c.payload)
            .where(t.c.published_at.is_(None), t.c.attempts < self.quarantine_after, ~blocked)
            .order_by(t.c.seq)
            .limit(self.batch_size)
            .with_for_update(skip_locked=True)
        )

    async def publish_batch(self) -> int:
        """Publish up to one batch; returns how many rows were published (0: none, or another
        relay is publishing right now)."""
        t = self.table
        async with self.engine.begin() as conn:
            if not await _take_turn(conn):
                return 0
            rows = (await conn.execute(self._claim())).all()
            if not rows:
                return 0
            sends, refused_keys = [], set()
            for row in rows:
                if row.key in refused_keys:
                    continue  # stays behind the refused row of its key, in order
                try:
                    sends.append((row, await self.producer.send(**_record(row))))
                except Exception as exc:
                    if is_transient(exc):
                        raise
                    refused_keys.add(row.key)
                    await self._refused(conn, row.seq, exc)
            await asyncio.gather(*(future for _, future in sends))
            if self.failpoint == "crash_after_publish":
                log.warning("failpoint crash_after_publish: killing the relay before the mark")
                os.kill(os.getpid(), signal.SIGKILL)
            seqs = [row.seq for row, _ in sends]
            await conn.execute(update(t).where(t.c.seq.in_(seqs)).values(published_at=func.now()))
        for row, _ in sends:
            PUBLISHED.labels(row.topic).inc()
        return len(sends)

    async def _refused(self, conn: AsyncConnection, seq: int, error: Exception) -> None:
        """Kafka refused this row itself: count it; quarantine it at the bound."""
        t = self.table
        why = f"{type(error).__name__}: {error}"[:2000]
        attempts = (
            await conn.execute(
                update(t)
                .where(t.c.seq == seq)
                .values(attempts=t.c.attempts + 1, last_error=why)
                .returning(t.c.attempts)
            )
        ).scalar_one()
        log.error(
            "Kafka refused an outbox row"
            + (" (quarantined)" if attempts >= self.quarantine_after else ""),
            extra={"seq": seq, "error": why, "attempts": attempts},
        )

    async def _renew_producer(self) -> None:
        """An idempotent producer that lost its sequence (a broker restart mid-batch) never
        recovers; the claimed batch rolled back, so a new producer sends it again."""
        if self.new_producer is None:
            return
        try:
            await self.producer.stop()
        except Exception:
            log.debug("the old producer did not stop cleanly", exc_info=True)
        self.producer = self.new_producer()
        await self.producer.start()
        log.warning("a new Kafka producer took over the relay")

    async def quarantined(self) -> int:
        t = self.table
        async with self.engine.connect() as conn:
            count = await conn.execute(
                select(func.count()).where(
                    t.c.published_at.is_(None), t.c.attempts >= self.quarantine_after
                )
            )
            found = int(count.scalar_one())
        QUARANTINED.set(found)
        return found

    async def measure(self) -> tuple[int, float]:
        """The backlog (quarantined rows apart: they have their own gauge) and its age."""
        t = self.table
        waiting = and_(t.c.published_at.is_(None), t.c.attempts < self.quarantine_after)
        oldest = func.extract("epoch", func.now() - func.min(t.c.created_at))
        query = select(func.count(), func.coalesce(oldest, 0)).where(waiting)
        async with self.engine.connect() as conn:
            count, age = (await conn.execute(query)).one()
        PENDING.set(count)
        LAG.set(float(age))
        return int(count), float(age)

    async def prune(self) -> None:
        t = self.table
        cutoff = func.now() - self.keep_published
        async with self.engine.begin() as conn:
            await conn.execute(delete(t).where(t.c.published_at < cutoff))

    async def run(self, stop: asyncio.Event) -> None:
        """Poll fast while there is work; when idle, slow down to ``max_idle`` (quiet CPUs)."""
        delay = self.poll_seconds
        polls = 0
        measured_at = 0.0
        while not stop.is_set():
            if asyncio.get_running_loop().time() - measured_at >= self.measure_seconds:
                measured_at = asyncio.get_running_loop().time()
                try:
                    await self.measure()
                except Exception:  # the database is away: the publish below says so, loudly
                    log.debug("outbox backlog not measured", exc_info=True)
            try:
                published = await self.publish_batch()
                delay = self.poll_seconds if published else min(delay * 1.5, self.max_idle)
                polls += 1
                if polls % 100 == 1:
                    await self.quarantined()
                if polls % 10_000 == 0:
                    await self.prune()
            except Exception as exc:
                FAILURES.inc()
                log.warning("outbox publish failed; will retry", extra={"error": repr(exc)})
                published = 0
                if producer_is_broken(exc):
                    await self._renew_producer()
                delay = min(max(delay, self.poll_seconds) * 2, 5.0)
            if not published:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=delay)


async def _take_turn(conn: AsyncConnection) -> bool:
    """The relay lock for this transaction: False while another relay holds it."""
    taken = await conn.execute(text("SELECT pg_try_advisory_xact_lock(:k)"), {"k": RELAY_LOCK})
    return bool(taken.scalar_one())


def _record(row: Any) -> dict[str, Any]:
    return {
        "topic": row.topic,
        "key": row.key.encode(),
        "value": json.dumps(row.payload, separators=(",", ":")).encode(),
        "headers": [(k, str(v).encode()) for k, v in row.headers.items()],
    }
