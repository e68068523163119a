"""Export a time window of a topic to a file an auditor can check: JSON lines or CSV, with a
summary of what was read (records, first and last offset per partition) and the file's SHA-256.

The window is by record timestamp, ``[from, to)``. Records are written partition by partition,
in offset order (Kafka orders nothing across partitions).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Any, TextIO

from aiokafka import AIOKafkaConsumer, TopicPartition

from litemaas_cli.events import partitions_of, render
from litemaas_servicekit.kafka_security import client_options

CSV_COLUMNS = ("topic", "partition", "offset", "timestamp", "key", "ce_type", "ce_id", "value")


async def window(
    bootstrap: str, topic: str, start: datetime, end: datetime
) -> AsyncIterator[dict[str, Any]]:
    """The records of ``topic`` with ``start <= timestamp < end``, partition by partition."""
    parts = [TopicPartition(topic, p) for p in await partitions_of(bootstrap, topic)]
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, enable_auto_commit=False, **client_options()
    )
    await consumer.start()
    try:
        consumer.assign(parts)
        firsts = await consumer.offsets_for_times({p: int(start.timestamp() * 1000) for p in parts})
        ends = await consumer.end_offsets(parts)
        end_ms = int(end.timestamp() * 1000)
        for part in parts:
            found = firsts.get(part)
            if found is None:
                continue  # nothing at or after ``start`` in this partition
            consumer.seek(part, found.offset)
            while await consumer.position(part) < ends[part]:
                batch = await consumer.getmany(part, timeout_ms=1000)
                records = batch.get(part, [])
                for record in records:
                    if record.timestamp >= end_ms:
                        break
                    yield render(record)
                else:
                    continue
                break
    finally:
        await consumer.stop()


def _csv_row(record: dict[str, Any]) -> list[Any]:
    headers = record["headers"]
    value = record["value"]
    return [
        record["topic"],
        record["partition"],
        record["offset"],
        record["timestamp"],
        record["key"] or "",
        headers.get("ce_type", ""),
        headers.get("ce_id", ""),
        value if isinstance(value, str) else json.dumps(value, separators=(",", ":")),
    ]


async def export(
    bootstrap: str, topic: str, start: datetime, end: datetime, fmt: str, out: TextIO
) -> dict[str, Any]:
    """Write the window to ``out``; returns the verification summary."""
    digest = hashlib.sha256()
    partitions: dict[int, dict[str, int]] = {}
    count = 0

    def emit(text: str) -> None:
        digest.update(text.encode())
        out.write(text)

    writer_buffer = io.StringIO()
    writer = csv.writer(writer_buffer, lineterminator="\n")
    if fmt == "csv":
        writer.writerow(CSV_COLUMNS)
    async for record in window(bootstrap, topic, start, end):
        count += 1
        seen = partitions.setdefault(record["partition"], {"first_offset": record["offset"]})
        seen["last_offset"] = record["offset"]
        seen["records"] = seen.get("records", 0) + 1
        if fmt == "csv":
            writer.writerow(_csv_row(record))
        else:
            writer_buffer.write(json.dumps(record, sort_keys=True) + "\n")
        emit(writer_buffer.getvalue())
        writer_buffer.seek(0)
        writer_buffer.truncate()
    emit(writer_buffer.getvalue())  # the CSV header of an empty window
    return {
        "topic": topic,
        "from": start.isoformat(),
        "to": end.isoformat(),
        "format": fmt,
        "records": count,
        "partitions": {str(p): partitions[p] for p in sorted(partitions)},
        "sha256": digest.hexdigest(),
    }
