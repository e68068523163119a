"""FastStream wiring: each ``EventConsumer`` becomes a subscriber that acks after commit."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiokafka import ConsumerRecord
from faststream import AckPolicy
from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage
from faststream.message import StreamMessage

from litemaas_servicekit.consumer import EventConsumer, Record

#: a handler may wait for LiteLLM up to ``transient_window`` before asking for redelivery
MAX_POLL_INTERVAL_MS = 10 * 60 * 1000


def make_broker(bootstrap: str, client_id: str) -> KafkaBroker:
    return KafkaBroker(
        bootstrap,
        client_id=client_id,
        acks="all",
        enable_idempotence=True,
        logger=logging.getLogger(f"faststream.{client_id}"),
    )


async def _raw_body(msg: StreamMessage[Any]) -> bytes:
    """Leave decoding to ``EventConsumer``: a malformed value must reach the DLQ, not crash here."""
    return msg.body


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
        await consumer.process(
            Record(
                topic=raw.topic,
                partition=raw.partition,
                offset=raw.offset,
                key=raw.key,
                value=raw.value,
                headers=tuple(raw.headers or ()),
            )
        )


def kafka_ready(broker: KafkaBroker) -> Callable[[], Awaitable[None]]:
    """A readiness check: the broker answers within two seconds."""

    async def check() -> None:
        if not await broker.ping(timeout=2):
            raise ConnectionError("kafka does not answer")

    return check
