"""The gateway's one consumer (group ``gateway.notifications``): events that tell someone
something become notices in Redis (``live.py``), whichever replica receives them.

Delivery contract: at least once, deduplicated on ``ce_id`` in Redis (the append is one script
that remembers the id), acknowledged after the append; when Redis is away the record is not
acknowledged and comes again. Unknown types and malformed records are logged and skipped: a
notice is a courtesy (billing keeps the notifications of record), never worth stopping the
partition for. A new group starts at the end of the topics: events from before the gateway
ever ran are not news.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from aiokafka import ConsumerRecord
from faststream import AckPolicy
from faststream.kafka import KafkaBroker
from faststream.kafka.annotations import KafkaMessage
from faststream.message import StreamMessage
from prometheus_client import Counter
from pydantic import ValidationError

from litemaas_contracts import EVENT_TYPES, Envelope, EnvelopeError
from litemaas_contracts.topics import (
    BILLING_ALERTS,
    CATALOG_SUBSCRIPTIONS,
    KEYS_APIKEYS,
    SYNC_CONFLICTS,
)
from litemaas_gateway.live import LiveStore
from litemaas_gateway.notices import NOTIFYING, notice_for
from litemaas_servicekit.broker import MAX_POLL_INTERVAL_MS, make_broker

GROUP = "gateway.notifications"
TOPICS = (CATALOG_SUBSCRIPTIONS.name, BILLING_ALERTS.name, KEYS_APIKEYS.name, SYNC_CONFLICTS.name)
NOTICES = Counter(
    "litemaas_gateway_notices_total", "Events seen by the notifier, by outcome", ["outcome"]
)
log = logging.getLogger(__name__)


async def _raw_body(msg: StreamMessage[Any]) -> bytes:
    return msg.body


async def handle(store: LiveStore, headers: list[tuple[str, bytes]], value: bytes | None) -> str:
    """One record → at most one notice; returns what happened (for the metric)."""
    try:
        envelope = Envelope.from_headers(headers)
    except EnvelopeError:
        return "malformed"
    cls = EVENT_TYPES.get(envelope.type)
    if cls is None or cls not in NOTIFYING:
        return "ignored"
    try:
        event = cls.model_validate_json(value or b"")
    except ValidationError:
        log.warning("an event the notifier cannot read", extra={"ce_id": envelope.id})
        return "malformed"
    found = notice_for(event, envelope.time)
    if found is None:
        return "ignored"
    audience, notice = found
    appended = await store.append(envelope.id, audience, notice)
    return "appended" if appended else "duplicate"


def notifier(bootstrap: str, store: LiveStore) -> KafkaBroker:
    broker = make_broker(bootstrap, "gateway")

    @broker.subscriber(
        *TOPICS,
        group_id=GROUP,
        ack_policy=AckPolicy.NACK_ON_ERROR,
        auto_offset_reset="latest",
        max_poll_interval_ms=MAX_POLL_INTERVAL_MS,
        decoder=_raw_body,
        title=GROUP,
    )
    async def on_record(body: bytes, msg: KafkaMessage) -> None:
        raw = msg.raw_message
        assert isinstance(raw, ConsumerRecord)
        NOTICES.labels(await handle(store, list(raw.headers or ()), raw.value)).inc()

    return broker


async def run(broker: KafkaBroker, stop: asyncio.Event) -> None:
    """Start the consumer, retrying while Kafka is away (the gateway serves meanwhile: the
    streams stay open and the events wait in Kafka), and stop it with the app."""
    attempt = 0
    while not stop.is_set():
        try:
            await broker.start()
            log.info("notifier started", extra={"group": GROUP})
            break
        except Exception as exc:
            attempt += 1
            log.warning("notifier cannot reach Kafka yet", extra={"error": repr(exc)})
            await broker.stop()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=min(30, 2**attempt))
    await stop.wait()
    await broker.stop()
