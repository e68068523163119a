"""FastStream wiring: each ``EventConsumer`` becomes a subscriber that acks after commit."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from aiokafka import ConsumerRecord
from faststream import AckPolicy
from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage
from faststream.message import StreamMessage
from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncSession

from litemaas_contracts import Envelope, Event
from litemaas_servicekit.batch import BatchConsumer, BatchHandler
from litemaas_servicekit.consumer import EventConsumer, Handler
from litemaas_servicekit.db import Sessions
from litemaas_servicekit.dead_letters import Record
from litemaas_servicekit.kafka import ManagedProducer
from litemaas_servicekit.kafka_security import kafka_security
from litemaas_servicekit.settings import DatabaseSettings

#: a handler may wait for LiteLLM up to ``transient_window`` before asking for redelivery
MAX_POLL_INTERVAL_MS = 10 * 60 * 1000


def make_broker(bootstrap: str, client_id: str) -> KafkaBroker:
    return KafkaBroker(
        bootstrap,
        client_id=client_id,
        acks="all",
        enable_idempotence=True,
        logger=logging.getLogger(f"faststream.{client_id}"),
        security=kafka_security().faststream(),
    )


async def _raw_body(msg: StreamMessage[Any]) -> bytes:
    """Leave decoding to ``EventConsumer``: a malformed value must reach the DLQ, not crash here."""
    return msg.body


def _record(raw: Any) -> Record:
    return Record(
        topic=raw.topic,
        partition=raw.partition,
        offset=raw.offset,
        key=raw.key,
        value=raw.value,
        headers=tuple(raw.headers or ()),
    )


def subscribe(broker: KafkaBroker, consumer: EventConsumer, *topics: str) -> None:
    """Register ``consumer`` on ``topics`` in consumer group ``consumer.name``.

    ``NACK_ON_ERROR``: the offset is committed after ``process`` returns (its transaction has
    committed, or the record is in the DLQ); if it raises, the broker seeks back and redelivers.
    """

    @broker.subscriber(
        *topics,
        group_id=consumer.name,
        ack_policy=AckPolicy.NACK_ON_ERROR,
        auto_offset_reset="earliest",
        max_poll_interval_ms=MAX_POLL_INTERVAL_MS,
        decoder=_raw_body,
        title=consumer.name,
    )
    async def on_record(body: bytes, msg: KafkaMessage) -> None:
        raw = msg.raw_message
        assert isinstance(raw, ConsumerRecord), "a single-record subscriber gets one record"
        await consumer.process(_record(raw))


def subscribe_batch(
    broker: KafkaBroker, consumer: BatchConsumer, *topics: str, max_records: int
) -> None:
    """Like ``subscribe``, with up to ``max_records`` records a call: the offsets are committed
    after the whole batch is handled; if it raises, the broker seeks back and redelivers."""

    @broker.subscriber(
        *topics,
        batch=True,
        max_records=max_records,
        batch_timeout_ms=50,
        group_id=consumer.single.name,
        ack_policy=AckPolicy.NACK_ON_ERROR,
        auto_offset_reset="earliest",
        max_poll_interval_ms=MAX_POLL_INTERVAL_MS,
        decoder=_raw_body,
        title=consumer.single.name,
    )
    async def on_batch(body: list[bytes], msg: KafkaMessage) -> None:
        raw = msg.raw_message
        batch = raw if isinstance(raw, tuple | list) else (raw,)
        await consumer.process_batch([_record(r) for r in batch])


def kafka_ready(broker: KafkaBroker) -> Callable[[], Awaitable[None]]:
    """A readiness check: the broker answers within two seconds."""

    async def check() -> None:
        if not await broker.ping(timeout=2):
            raise ConnectionError("kafka does not answer")

    return check


class Consumers:
    """A service's event consumers: one broker and one dead-letter producer, started and
    stopped together, each consumer acking after its transaction commits."""

    def __init__(
        self,
        bootstrap: str,
        client_id: str,
        sessions: Sessions,
        inbox: Table,
        max_attempts: int,
        *,
        wait_window: float = 60.0,
        failpoint: str = "",
    ) -> None:
        self.broker = make_broker(bootstrap, client_id)
        self.dlq = ManagedProducer(bootstrap, f"{client_id}-dlq")
        self.sessions, self.inbox, self.max_attempts = sessions, inbox, max_attempts
        self.consumers: list[EventConsumer] = []
        self.wait_window = wait_window
        self.failpoint = failpoint

    @classmethod
    def of_service(
        cls, settings: DatabaseSettings, client_id: str, sessions: Sessions, inbox: Table
    ) -> Consumers:
        """A service's consumers as its settings configure them (attempts, waiting, faults)."""
        return cls(
            settings.kafka_bootstrap,
            client_id,
            sessions,
            inbox,
            settings.consumer_max_attempts,
            wait_window=settings.consumer_wait_seconds,
            failpoint=settings.active_consumer_failpoint,
        )

    def add(self, name: str, handlers: Mapping[type[Event], Handler], *topics: str) -> None:
        consumer = EventConsumer(
            name=name,
            sessions=self.sessions,
            inbox=self.inbox,
            handlers=handlers,
            producer=self.dlq,
            max_attempts=self.max_attempts,
            wait_window=self.wait_window,
            failpoint=self.failpoint,
        )
        self.consumers.append(consumer)
        subscribe(self.broker, consumer, *topics)

    def add_batch(
        self,
        name: str,
        handler: BatchHandler,
        types: tuple[type[Event], ...],
        *topics: str,
        max_records: int = 500,
    ) -> None:
        """A consumer that applies many records in one transaction (see ``batch.py``); one
        record at a time, the same ``handler`` gets a batch of one."""

        async def one(session: AsyncSession, event: Any, envelope: Envelope) -> None:
            await handler(session, [(event, envelope)])

        single = EventConsumer(
            name=name,
            sessions=self.sessions,
            inbox=self.inbox,
            handlers=dict.fromkeys(types, one),
            producer=self.dlq,
            max_attempts=self.max_attempts,
            wait_window=self.wait_window,
            failpoint=self.failpoint,
        )
        self.consumers.append(single)
        subscribe_batch(
            self.broker, BatchConsumer(single, handler), *topics, max_records=max_records
        )

    async def start(self) -> None:
        await self.dlq.start()
        await self.broker.start()

    async def stop(self) -> None:
        await self.broker.stop()
        await self.dlq.stop()

    def ready(self) -> Callable[[], Awaitable[dict[str, object]]]:
        """Kafka answers; and, as information that does not fail readiness, the record keys
        parked behind a dead letter (they wait for an operator, see ``litemaas dlq``)."""
        kafka = kafka_ready(self.broker)

        async def check() -> dict[str, object]:
            await kafka()
            parked = [p.as_dict() for c in self.consumers for p in await c.parked()]
            return {"parked_keys": len(parked), "parked": parked[:50]}

        return check
