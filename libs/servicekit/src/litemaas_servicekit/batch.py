"""Consuming in batches: many records applied in one transaction, when nothing about them is
unusual. The delivery contract is the record-at-a-time consumer's (``consumer.py``), kept by
handing it the batch whenever something is: a record that does not decode, a redrive or skip,
a parked key, or a handler that fails for a reason that is not transient.

Fast path, one transaction: the batch's keys are not parked; every record's ``ce_id`` is
claimed in the inbox at once; the handler gets the fresh events, in order. A transient error
waits and retries the whole batch; anything else falls back to record-at-a-time, which counts
attempts, dead-letters and parks exactly as for a single record.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from litemaas_contracts import EVENT_TYPES, Envelope, EnvelopeError, Event
from litemaas_servicekit.consumer import EventConsumer, RetryLater
from litemaas_servicekit.dead_letters import REDRIVE_ACTION, Record
from litemaas_servicekit.delivery import record_key
from litemaas_servicekit.faults import is_transient
from litemaas_servicekit.inbox import first_deliveries
from litemaas_servicekit.logs import redact
from litemaas_servicekit.ordering import NotYet
from litemaas_servicekit.parking import OUTCOMES

log = logging.getLogger(__name__)

BatchHandler = Callable[[AsyncSession, Sequence[tuple[Any, Envelope]]], Awaitable[None]]


class _Unusual(Exception):
    """Something in the batch needs the record-at-a-time path."""


class BatchConsumer:
    def __init__(self, single: EventConsumer, handler: BatchHandler) -> None:
        self.single = single
        self.handler = handler

    async def process_batch(self, records: Sequence[Record]) -> None:
        """Every record handled: applied, a duplicate, ignored, parked or dead-lettered.
        Raises only ``RetryLater``."""
        started = time.monotonic()
        try:
            decoded = self._decode(records)
            await self.single._patiently(lambda: self._apply(records, decoded), started, "batch")
            return
        except RetryLater:
            raise
        except _Unusual as why:
            log.info("a batch goes record by record", extra={"reason": str(why)})
        except NotYet as exc:  # one record waits for another stream; those before it go on
            log.info("a batch goes record by record", extra={"reason": redact(str(exc))[:500]})
        except Exception as exc:
            if is_transient(exc):
                raise  # pragma: no cover - _patiently turns these into RetryLater
            log.warning("a batch failed; record by record now", extra={"error": repr(exc)})
        for record in records:
            await self.single.process(record)

    def _decode(self, records: Sequence[Record]) -> list[tuple[Event, Envelope] | None]:
        """Each record's event (None: a type this consumer ignores); _Unusual otherwise."""
        out: list[tuple[Event, Envelope] | None] = []
        for record in records:
            if any(name == REDRIVE_ACTION for name, _ in record.headers):
                raise _Unusual("an operator's redrive or skip")
            try:
                envelope = Envelope.from_headers(record.headers)
            except EnvelopeError as exc:
                raise _Unusual("a record without a valid envelope") from exc
            cls = EVENT_TYPES.get(envelope.type)
            if cls is None or cls not in self.single.handlers:
                out.append(None)
                continue
            try:
                out.append((cls.model_validate_json(record.value or b""), envelope))
            except ValidationError as exc:
                raise _Unusual("a record that breaks its contract") from exc
        return out

    async def _apply(
        self, records: Sequence[Record], decoded: list[tuple[Event, Envelope] | None]
    ) -> None:
        name = self.single.name
        async with self.single.sessions.begin() as session:
            keys = {(r.topic, record_key(r.key)) for r in records}
            if await self.single.lot.book.any_parked(session, keys):
                raise _Unusual("a parked key")
            wanted: dict[str, tuple[Record, Event, Envelope]] = {}
            for record, item in zip(records, decoded, strict=True):
                if item is not None and item[1].id not in wanted:
                    wanted[item[1].id] = (record, *item)
            rows: list[dict[str, object]] = [
                {
                    "event_id": envelope.id,
                    "event_type": envelope.type,
                    "topic": record.topic,
                    "partition": record.partition,
                    "offset": record.offset,
                }
                for record, _, envelope in wanted.values()
            ]
            fresh = await first_deliveries(session, self.single.inbox, name, rows)
            events = [(e, env) for _, e, env in wanted.values() if env.id in fresh]
            if events:
                await self.handler(session, events)
        OUTCOMES.labels(name, "processed").inc(len(events))
        OUTCOMES.labels(name, "duplicate").inc(len(wanted) - len(events))
        OUTCOMES.labels(name, "ignored").inc(len(records) - len(wanted))
