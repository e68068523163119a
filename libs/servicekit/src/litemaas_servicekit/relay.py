"""The outbox relay: publishes committed outbox rows to Kafka, in order, at least once.

Rows are claimed with ``FOR UPDATE SKIP LOCKED`` so several relays never publish the same row
at the same time, sent with an idempotent ``acks=all`` producer, and marked published in the
same transaction that claimed them. A crash after the send and before the mark republishes
the batch on restart; consumers dedupe on ``ce_id``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import signal
from datetime import timedelta
from typing import Any

from aiokafka import AIOKafkaProducer
from prometheus_client import Counter
from sqlalchemy import Table, delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

log = logging.getLogger(__name__)

PUBLISHED = Counter("litemaas_outbox_published_total", "Outbox rows published to Kafka", ["topic"])
FAILURES = Counter("litemaas_outbox_publish_failures_total", "Failed outbox publish attempts")


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
    ) -> None:
        self.engine = engine
        self.table = table
        self.producer = producer
        self.poll_seconds = poll_seconds
        self.max_idle = max_idle
        self.batch_size = batch_size
        self.keep_published = keep_published
        self.failpoint = failpoint

    async def publish_batch(self) -> int:
        """Publish up to one batch; returns how many rows were published."""
        t = self.table
        async with self.engine.begin() as conn:
            claim = (
                select(t.c.seq, t.c.topic, t.c.key, t.c.headers, t.c.payload)
                .where(t.c.published_at.is_(None))
                .order_by(t.c.seq)
                .limit(self.batch_size)
                .with_for_update(skip_locked=True)
            )
            rows = (await conn.execute(claim)).all()
            if not rows:
                return 0
            sends = [await self.producer.send(**_record(row)) for row in rows]
            await asyncio.gather(*sends)
            if self.failpoint == "crash_after_publish":
                log.warning("failpoint crash_after_publish: killing the relay before the mark")
                os.kill(os.getpid(), signal.SIGKILL)
            seqs = [row.seq for row in rows]
            await conn.execute(update(t).where(t.c.seq.in_(seqs)).values(published_at=func.now()))
        for row in rows:
            PUBLISHED.labels(row.topic).inc()
        return len(rows)

    async def _note_failure(self, error: Exception) -> None:
        """Count the attempt on the oldest pending row, so an operator can see what is stuck."""
        t = self.table
        oldest = select(func.min(t.c.seq)).where(t.c.published_at.is_(None)).scalar_subquery()
        async with self.engine.begin() as conn:
            await conn.execute(
                update(t)
                .where(t.c.seq == oldest)
                .values(
                    attempts=t.c.attempts + 1, last_error=f"{type(error).__name__}: {error}"[:2000]
                )
            )

    async def prune(self) -> None:
        t = self.table
        cutoff = func.now() - self.keep_published
        async with self.engine.begin() as conn:
            await conn.execute(delete(t).where(t.c.published_at < cutoff))

    async def run(self, stop: asyncio.Event) -> None:
        """Poll fast while there is work; when idle, slow down to ``max_idle`` (quiet CPUs)."""
        delay = self.poll_seconds
        polls = 0
        while not stop.is_set():
            try:
                published = await self.publish_batch()
                delay = self.poll_seconds if published else min(delay * 1.5, self.max_idle)
                polls += 1
                if polls % 10_000 == 0:
                    await self.prune()
            except Exception as exc:
                FAILURES.inc()
                log.warning("outbox publish failed; will retry", extra={"error": repr(exc)})
                published = 0
                delay = min(max(delay, self.poll_seconds) * 2, 5.0)
                try:
                    await self._note_failure(exc)
                except Exception:
                    log.debug("could not record the failure", exc_info=True)
            if not published:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=delay)


def _record(row: Any) -> dict[str, Any]:
    return {
        "topic": row.topic,
        "key": row.key.encode(),
        "value": json.dumps(row.payload, separators=(",", ":")).encode(),
        "headers": [(k, str(v).encode()) for k, v in row.headers.items()],
    }
