"""Consuming events: CloudEvents decoding, inbox dedupe, classified errors, dead letters, parking.

Delivery contract for every handler registered here: at least once, deduplicated on ``ce_id``
in the handler's own transaction, acknowledged (offset committed) only after that commit.

Errors have classes (``faults.is_transient``):
- transient (a dependency down, database connection lost, serialization failure, Kafka not
  available): the record waits and is retried without limit; after ``transient_window`` the
  broker seeks back and redelivers it, so nothing behind it is committed past it;
- anything else counts against the record, across redeliveries and restarts
  (``consumer_attempts``); after ``max_attempts`` it goes to ``<topic>.dlq`` with the reason;
- ``NotYet`` (``ordering.py``: what the record needs is still on its way from another stream):
  the record waits, attempts not counted, until it is ``wait_window`` seconds old (from its
  CloudEvents time); past that it counts as anything else does.

A dead-lettered record **parks its key**: later records with the same key go to the DLQ too,
in order, marked "waiting behind" it, and are never applied before it. An operator redrives
the key (``litemaas dlq redrive``: the records come back through this same inbox, so nothing
applies twice) or skips the head (``litemaas dlq skip``). Parked keys show on
``/health/ready`` and in ``litemaas_consumer_parked_keys``.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import time
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime
from functools import partial
from typing import Any, TypeVar

from opentelemetry.trace import SpanKind
from pydantic import ValidationError
from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncSession

from litemaas_contracts import EVENT_TYPES, Envelope, EnvelopeError, Event
from litemaas_servicekit.db import Sessions
from litemaas_servicekit.dead_letters import (
    Record,
)
from litemaas_servicekit.delivery import Parked, record_key
from litemaas_servicekit.faults import is_transient
from litemaas_servicekit.inbox import first_delivery, seen
from litemaas_servicekit.kafka import ManagedProducer
from litemaas_servicekit.logs import correlation_id, redact
from litemaas_servicekit.ordering import NotYet
from litemaas_servicekit.parking import OUTCOMES, ParkingLot
from litemaas_servicekit.resilience import backoff_delay
from litemaas_servicekit.telemetry import context_from, tracer

log = logging.getLogger(__name__)

Handler = Callable[[AsyncSession, Any, Envelope], Awaitable[None]]
T = TypeVar("T")

__all__ = ["EventConsumer", "Handler", "Record", "RetryLater"]


class RetryLater(Exception):
    """Raised to the broker so it seeks back and redelivers: a dependency stayed down too long."""


class EventConsumer:
    def __init__(
        self,
        *,
        name: str,
        sessions: Sessions,
        inbox: Table,
        handlers: Mapping[type[Event], Handler],
        producer: ManagedProducer,
        max_attempts: int = 3,
        transient_window: float = 60.0,
        wait_window: float = 60.0,
        failpoint: str = "",
    ) -> None:
        self.name = name
        self.sessions = sessions
        self.inbox = inbox
        self.handlers = dict(handlers)
        self.producer = producer
        self.max_attempts = max_attempts
        self.transient_window = transient_window
        self.wait_window = wait_window
        self.lot = ParkingLot(sessions, inbox, name, producer)
        self.failpoint = failpoint

    async def process(self, record: Record) -> None:
        """Handle one record completely: applied, skipped as a duplicate, ignored, parked or
        dead-lettered. Raises only ``RetryLater`` (a transient error outlasted the window)."""
        started = time.monotonic()
        action, identity = self.lot.operator_action(record), self.lot.identity(record)
        key = record_key(record.key)
        waiting = await self._patiently(
            lambda: self.lot.divert_if_parked(record, key, identity, action), started, identity
        )
        if waiting:
            return
        try:
            envelope = Envelope.from_headers(record.headers)
        except EnvelopeError as exc:
            step = partial(
                self.lot.dead_letter, record, key, identity, str(exc), "EnvelopeError", 0
            )
            return await self._patiently(step, started, identity)
        if action == "skip":
            return await self._patiently(lambda: self._skip(record, envelope), started, identity)
        cls = EVENT_TYPES.get(envelope.type)
        if cls is None or cls not in self.handlers:
            OUTCOMES.labels(self.name, "ignored").inc()
            log.info(
                "ignoring an event type this consumer does not handle",
                extra={"ce_type": envelope.type, "ce_id": envelope.id, "topic": record.topic},
            )
            return None
        try:
            event = cls.model_validate_json(record.value or b"")
        except ValidationError as exc:
            if await self._patiently(partial(self._seen, envelope.id), started, identity):
                OUTCOMES.labels(self.name, "duplicate").inc()  # skipped by an operator before
                return None
            why = _describe(exc)
            step = partial(self.lot.dead_letter, record, key, identity, why, "ValidationError", 0)
            return await self._patiently(step, started, identity)
        token = correlation_id.set(envelope.correlation_id or envelope.id)
        try:
            return await self._handle(record, key, envelope, event, started)
        finally:
            correlation_id.reset(token)

    async def _seen(self, event_id: str) -> bool:
        async with self.sessions() as session:
            return await seen(session, self.inbox, consumer=self.name, event_id=event_id)

    async def _patiently(self, step: Callable[[], Awaitable[T]], started: float, what: str) -> T:
        """Run ``step``, waiting out transient errors; RetryLater once the window is spent."""
        attempt = 0
        while True:
            attempt += 1
            try:
                return await step()
            except Exception as exc:
                if not is_transient(exc):
                    raise
                await self._wait_out(exc, started, attempt, what)

    async def _wait_out(self, exc: Exception, started: float, attempt: int, what: str) -> None:
        OUTCOMES.labels(self.name, "transient_error").inc()
        if time.monotonic() - started > self.transient_window:
            raise RetryLater(f"{type(exc).__name__}: {redact(str(exc))}") from exc
        delay = backoff_delay(attempt, cap=10.0)
        log.warning(
            "transient error; the event waits",
            extra={"ce_id": what, "error": redact(repr(exc))[:500], "retry_in": delay},
        )
        await asyncio.sleep(delay)

    async def _claim(self, session: AsyncSession, record: Record, envelope: Envelope) -> bool:
        """The inbox row for this event, in ``session``; False when it was there already."""
        return await first_delivery(
            session,
            self.inbox,
            consumer=self.name,
            event_id=envelope.id,
            event_type=envelope.type,
            topic=record.topic,
            partition=record.partition,
            offset=record.offset,
        )

    async def _skip(self, record: Record, envelope: Envelope) -> None:
        """An operator chose never to apply this record: the inbox remembers it as done."""
        async with self.sessions.begin() as session:
            await self._claim(session, record, envelope)
        OUTCOMES.labels(self.name, "skipped").inc()
        log.warning("skipped by an operator", extra={"ce_id": envelope.id, "topic": record.topic})

    async def _handle(
        self, record: Record, key: str, envelope: Envelope, event: Event, started: float
    ) -> None:
        handler = self.handlers[type(event)]
        attempt, waits, counted = 0, 0, False
        while True:
            attempt += 1
            try:
                fresh = await self._apply(record, envelope, event, handler, counted)
                OUTCOMES.labels(self.name, "processed" if fresh else "duplicate").inc()
                if not fresh:
                    log.info("duplicate delivery skipped", extra={"ce_id": envelope.id})
                return
            except Exception as exc:
                if is_transient(exc):
                    waits += 1
                    await self._wait_out(exc, started, waits, envelope.id)
                    continue
                if isinstance(exc, NotYet) and (left := self._patience(envelope, started)) > 0:
                    waits += 1
                    await self._wait_for(exc, envelope, waits, left)
                    continue
                why = redact(f"{type(exc).__name__}: {exc}")
                count = partial(self.lot.book.count_failure, envelope.id, why)
                failures = await self._patiently(count, started, envelope.id)
                counted = True
                if failures >= self.max_attempts:
                    give_up = partial(
                        self.lot.dead_letter,
                        record,
                        key,
                        envelope.id,
                        str(exc),
                        type(exc).__name__,
                        failures,
                    )
                    return await self._patiently(give_up, started, envelope.id)
                log.warning(
                    "handler failed; retrying",
                    exc_info=True,
                    extra={"ce_id": envelope.id, "attempt": failures},
                )
                await asyncio.sleep(backoff_delay(attempt, cap=5.0))

    def _patience(self, envelope: Envelope, started: float) -> float:
        """Seconds this record may still wait for what it needs (``NotYet``): the window from
        when it was published, and never more than the window from when this delivery began
        (a ``time`` in the future, a skewed clock, must not hold the partition for ever)."""
        age = (datetime.now(UTC) - envelope.time).total_seconds()
        return self.wait_window - max(age, time.monotonic() - started)

    async def _wait_for(self, exc: NotYet, envelope: Envelope, attempt: int, left: float) -> None:
        OUTCOMES.labels(self.name, "waiting").inc()
        delay = min(left, backoff_delay(attempt, cap=5.0))
        log.info(
            "the event waits for what it needs",
            extra={"ce_id": envelope.id, "reason": redact(str(exc))[:500], "retry_in": delay},
        )
        await asyncio.sleep(delay)

    async def _apply(
        self, record: Record, envelope: Envelope, event: Event, handler: Handler, counted: bool
    ) -> bool:
        with tracer(__name__).start_as_current_span(
            f"{record.topic} process",
            context=context_from(envelope.traceparent),
            kind=SpanKind.CONSUMER,
            attributes={"messaging.system": "kafka", "cloudevents.event_id": envelope.id},
        ):
            async with self.sessions.begin() as session:
                fresh = await self._claim(session, record, envelope)
                if fresh:
                    await handler(session, event, envelope)
                    if self.failpoint in ("crash_in_handler", f"crash_in_handler:{self.name}"):
                        log.warning("failpoint crash_in_handler: killing the consumer pre-commit")
                        os.kill(os.getpid(), signal.SIGKILL)
                if counted:
                    await self.lot.book.forget_attempts(session, envelope.id)
                return fresh

    async def parked(self) -> list[Parked]:
        return await self.lot.parked()


def _describe(exc: ValidationError) -> str:
    """Validation errors without the offending input, which may hold a secret."""
    problems = [
        f"{'.'.join(str(p) for p in err['loc']) or '<root>'}: {err['msg']}"
        for err in exc.errors(include_input=False, include_url=False)
    ]
    return "payload does not match the contract: " + "; ".join(problems)
