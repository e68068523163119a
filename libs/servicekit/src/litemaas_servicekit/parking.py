"""Parking: a dead-lettered record's key waits, in the DLQ and in order, for an operator.

The dead letter and its key's parking happen in one step (the DLQ send inside the parking
transaction); a later record of a parked key goes to the DLQ marked ``Parked`` ("waiting
behind"), so nothing overtakes the head; an operator's redrive or skip of the head (headers set
by ``litemaas dlq``) releases the key.
"""

from __future__ import annotations

import logging

from prometheus_client import Counter, Gauge
from sqlalchemy import Table

from litemaas_servicekit.db import Sessions
from litemaas_servicekit.dead_letters import (
    REDRIVE_ACTION,
    REDRIVE_FOR,
    REDRIVE_OF,
    Record,
    dead_letter_headers,
)
from litemaas_servicekit.delivery import DeliveryBook, Parked
from litemaas_servicekit.kafka import ManagedProducer
from litemaas_servicekit.logs import redact

log = logging.getLogger(__name__)

OUTCOMES = Counter(
    "litemaas_events_consumed_total", "Events consumed, by outcome", ["consumer", "outcome"]
)
PARKED = Gauge(
    "litemaas_consumer_parked_keys", "Record keys waiting behind a dead letter", ["consumer"]
)
#: every outcome a consumer reports, exported at 0 from its start: ``increase()`` over a series
#: that appears with its first dead letter sees no increase, so that one would never alert
OUTCOME_NAMES = (
    "processed", "duplicate", "ignored", "skipped", "transient_error", "waiting", "parked",
    "dead_lettered",
)  # fmt: skip


class ParkingLot:
    def __init__(
        self, sessions: Sessions, inbox: Table, name: str, producer: ManagedProducer
    ) -> None:
        self.sessions = sessions
        self.name = name
        self.producer = producer
        self.book = DeliveryBook(sessions, inbox, name)
        for outcome in OUTCOME_NAMES:
            OUTCOMES.labels(name, outcome)
        PARKED.labels(name)

    def operator_action(self, record: Record) -> str | None:
        headers = dict(record.headers)
        if headers.get(REDRIVE_FOR, b"").decode(errors="replace") != self.name:
            return None
        return headers.get(REDRIVE_ACTION, b"").decode(errors="replace") or None

    def identity(self, record: Record) -> str:
        """What parking knows a record by: its ``ce_id`` (or, for a record without one, where
        it was first seen), kept across a redrive."""
        headers = dict(record.headers)
        for name in (REDRIVE_OF, "ce_id"):
            if value := headers.get(name):
                return value.decode(errors="replace")[:64]
        return f"{record.topic}:{record.partition}:{record.offset}"[:64]

    async def divert_if_parked(
        self, record: Record, key: str, identity: str, action: str | None
    ) -> bool:
        """True when the record's key is parked and the record went to wait in the DLQ."""
        async with self.sessions.begin() as session:
            parked = await self.book.parked(session, record.topic, key)
            if parked is None:
                return False
            if identity == parked.head_event_id and action in ("redrive", "skip"):
                await self.book.release(session, parked)
                log.warning(
                    "an operator released a parked key",
                    extra={"topic": record.topic, "record_key": key, "action": action},
                )
                PARKED.labels(self.name).dec()
                return False
            if identity == parked.head_event_id:  # the head itself, delivered again
                reason, waiting = parked.reason, 0
            else:
                reason = f"waiting behind dead-lettered event {parked.head_event_id}"
                waiting = 1
                await self.book.one_more_behind(session, parked)
            await self.send_to_dlq(record, identity, reason, "Parked", 0)
        OUTCOMES.labels(self.name, "parked" if waiting else "dead_lettered").inc()
        return True

    async def dead_letter(
        self, record: Record, key: str, identity: str, error: str, error_type: str, attempts: int
    ) -> None:
        """To the DLQ, and its key parked, in one step: both happen or neither does."""
        reason = redact(error)[:4000]
        async with self.sessions.begin() as session:
            await self.book.park(session, record.topic, key, identity, reason)
            await self.send_to_dlq(record, identity, reason, error_type, attempts)
        PARKED.labels(self.name).inc()
        OUTCOMES.labels(self.name, "dead_lettered").inc()
        log.error(
            "event dead-lettered; its key is parked until an operator redrives or skips it",
            extra={
                "topic": record.topic,
                "offset": record.offset,
                "reason": reason,
                "error_type": error_type,
            },
        )

    async def send_to_dlq(
        self, record: Record, identity: str, reason: str, error_type: str, attempts: int
    ) -> None:
        headers = dead_letter_headers(record, self.name, identity, reason, error_type, attempts)
        await self.producer.send_and_wait(
            f"{record.topic}.dlq", value=record.value, key=record.key, headers=headers
        )

    async def parked(self) -> list[Parked]:
        found = await self.book.report()
        PARKED.labels(self.name).set(len(found))
        return found
