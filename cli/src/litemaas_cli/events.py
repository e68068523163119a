"""Read the event log: what topics exist, and what is in them."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient

from litemaas_servicekit.kafka_security import client_options


async def _partitions(bootstrap: str, only: str | None = None) -> dict[str, list[int]]:
    """Topic → partition ids, straight from the broker's metadata (no client-side cache)."""
    admin = AIOKafkaAdminClient(
        bootstrap_servers=bootstrap, client_id="litemaas-cli", **client_options()
    )
    await admin.start()
    try:
        names = [only] if only else [t for t in await admin.list_topics() if not t.startswith("__")]
        described = await admin.describe_topics(names)
    finally:
        await admin.close()
    return {
        d["topic"]: sorted(p["partition"] for p in d["partitions"])
        for d in described
        if d.get("error_code", 0) == 0 and d["partitions"]
    }


async def partitions_of(bootstrap: str, topic: str) -> list[int]:
    layout = await _partitions(bootstrap, topic)
    if topic not in layout:
        raise LookupError(f"no topic named {topic!r} (see: litemaas events list)")
    return layout[topic]


async def list_topics(bootstrap: str) -> list[dict[str, Any]]:
    """Each topic with its partitions and end offsets (how many records each has ever had)."""
    layout = await _partitions(bootstrap)
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, enable_auto_commit=False, **client_options()
    )
    await consumer.start()
    try:
        out = []
        for topic in sorted(layout):
            parts = [TopicPartition(topic, p) for p in layout[topic]]
            ends = await consumer.end_offsets(parts)
            out.append(
                {
                    "topic": topic,
                    "partitions": len(parts),
                    "end_offsets": [ends[p] for p in parts],
                    "records": sum(ends.values()),
                }
            )
        return out
    finally:
        await consumer.stop()


def render(record: ConsumerRecord[bytes, bytes]) -> dict[str, Any]:
    headers = {k: (v or b"").decode(errors="replace") for k, v in record.headers or ()}
    raw = record.value or b""
    try:
        value: Any = json.loads(raw)
    except ValueError:
        value = raw.decode(errors="replace")
    return {
        "topic": record.topic,
        "partition": record.partition,
        "offset": record.offset,
        "timestamp": datetime.fromtimestamp(record.timestamp / 1000, UTC).isoformat(),
        "key": record.key.decode(errors="replace") if record.key else None,
        "headers": headers,
        "value": value,
    }


async def tail(
    bootstrap: str,
    topic: str,
    *,
    follow: bool,
    from_beginning: bool = True,
    idle_ms: int = 1500,
    keep_raw: bool = False,
) -> AsyncIterator[dict[str, Any]]:
    """Records of ``topic`` in offset order per partition; without ``follow``, stop at the end."""
    layout = await _partitions(bootstrap, topic)
    if topic not in layout:
        raise LookupError(f"no topic named {topic!r} (see: litemaas events list)")
    partitions = [TopicPartition(topic, p) for p in layout[topic]]
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, enable_auto_commit=False, **client_options()
    )
    await consumer.start()
    try:
        consumer.assign(partitions)
        if from_beginning:
            await consumer.seek_to_beginning(*partitions)
        else:
            await consumer.seek_to_end(*partitions)
        ends = await consumer.end_offsets(partitions)
        while True:
            batch = await consumer.getmany(timeout_ms=idle_ms)
            for records in batch.values():
                for record in records:
                    rendered = render(record)
                    if keep_raw:  # the exact bytes, for a redrive
                        rendered["raw_value"] = record.value
                    yield rendered
            if not follow:
                positions = {p: await consumer.position(p) for p in partitions}
                if all(positions[p] >= ends[p] for p in partitions):
                    return
    finally:
        await consumer.stop()
