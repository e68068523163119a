"""Consuming events: CloudEvents decoding, inbox dedupe, retries, and the dead-letter topic.

Delivery contract for every handler registered here: at least once, deduplicated on ``ce_id``
in the handler's own transaction, acknowledged (offset committed) only after that commit.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from opentelemetry.trace import SpanKind
from prometheus_client import Counter
from pydantic import ValidationError
from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncSession

from litemaas_contracts import EVENT_TYPES, Envelope, EnvelopeError, Event
from litemaas_servicekit.db import Sessions
from litemaas_servicekit.inbox import first_delivery
from litemaas_servicekit.kafka import ManagedProducer
from litemaas_servicekit.logs import correlation_id, redact
from litemaas_servicekit.resilience import DependencyUnavailable, backoff_delay
from litemaas_servicekit.telemetry import context_from, tracer

log = logging.getLogger(__name__)

Handler = Callable[[AsyncSession, Any, Envelope], Awaitable[None]]

OUTCOMES = Counter(
    "litemaas_events_consumed_total", "Events consumed, by outcome", ["consumer", "outcome"]
)


class RetryLater(Exception):
    """Raised to the broker so it seeks back and redelivers: a dependency stayed down too long."""


@dataclass(frozen=True)
class Record:
    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    headers: tuple[tuple[str, bytes], ...]


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
    ) -> None:
        self.name = name
        self.sessions = sessions
        self.inbox = inbox
        self.handlers = dict(handlers)
        self.producer = producer
        self.max_attempts = max_attempts
        self.transient_window = transient_window

    async def process(self, record: Record) -> None:
        """Handle one record completely: done, skipped as a duplicate, or dead-lettered.

        Raises only ``RetryLater`` (a dependency is still down) or when the DLQ cannot be written.
        """
        try:
            envelope = Envelope.from_headers(record.headers)
        except EnvelopeError as exc:
            return await self.dead_letter(record, exc, attempts=0)
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
            return await self.dead_letter(record, _describe(exc), attempts=0)

        token = correlation_id.set(envelope.correlation_id or envelope.id)
        try:
            return await self._handle(record, envelope, event)
        finally:
            correlation_id.reset(token)

    async def _handle(self, record: Record, envelope: Envelope, event: Event) -> None:
        handler = self.handlers[type(event)]
        started, attempt = time.monotonic(), 0
        while True:
            attempt += 1
            try:
                with tracer(__name__).start_as_current_span(
                    f"{record.topic} process",
                    context=context_from(envelope.traceparent),
                    kind=SpanKind.CONSUMER,
                    attributes={"messaging.system": "kafka", "cloudevents.event_id": envelope.id},
                ):
                    async with self.sessions.begin() as session:
                        fresh = await first_delivery(
                            session,
                            self.inbox,
                            consumer=self.name,
                            event_id=envelope.id,
                            event_type=envelope.type,
                            topic=record.topic,
                            partition=record.partition,
                            offset=record.offset,
                        )
                        if fresh:
                            await handler(session, event, envelope)
                OUTCOMES.labels(self.name, "processed" if fresh else "duplicate").inc()
                if not fresh:
                    log.info("duplicate delivery skipped", extra={"ce_id": envelope.id})
                return
            except DependencyUnavailable as exc:
                OUTCOMES.labels(self.name, "dependency_unavailable").inc()
                if time.monotonic() - started > self.transient_window:
                    raise RetryLater(str(exc)) from exc
                delay = backoff_delay(attempt, cap=10.0)
                log.warning(
                    "dependency unavailable; the event waits",
                    extra={"ce_id": envelope.id, "error": str(exc), "retry_in": delay},
                )
                await asyncio.sleep(delay)
            except Exception as exc:
                if attempt >= self.max_attempts:
                    return await self.dead_letter(record, exc, attempts=attempt)
                log.warning(
                    "handler failed; retrying",
                    exc_info=True,
                    extra={"ce_id": envelope.id, "attempt": attempt},
                )
                await asyncio.sleep(backoff_delay(attempt, cap=5.0))

    async def dead_letter(self, record: Record, error: Exception | str, *, attempts: int) -> None:
        reason = redact(str(error))[:4000]
        error_type = type(error).__name__ if isinstance(error, Exception) else "ValidationError"
        extra = {
            "dlq_reason": reason,
            "dlq_error_type": error_type,
            "dlq_consumer": self.name,
            "dlq_original_topic": record.topic,
            "dlq_original_partition": str(record.partition),
            "dlq_original_offset": str(record.offset),
            "dlq_attempts": str(attempts),
            "dlq_failed_at": datetime.now(UTC).isoformat(),
        }
        headers = [*record.headers, *((k, v.encode()) for k, v in extra.items())]
        await self.producer.send_and_wait(
            f"{record.topic}.dlq", value=record.value, key=record.key, headers=headers
        )
        OUTCOMES.labels(self.name, "dead_lettered").inc()
        log.error(
            "event dead-lettered",
            extra={
                "topic": record.topic,
                "offset": record.offset,
                "reason": reason,
                "error_type": error_type,
            },
        )


def _describe(exc: ValidationError) -> str:
    """Validation errors without the offending input, which may hold a secret."""
    problems = [
        f"{'.'.join(str(p) for p in err['loc']) or '<root>'}: {err['msg']}"
        for err in exc.errors(include_input=False, include_url=False)
    ]
    return "payload does not match the contract: " + "; ".join(problems)
