"""Dead letters: see why records were given up on, and bring them back or skip them.

A consumer that dead-letters a record parks that record's key: later records of the key go to
the DLQ too, marked ``Parked`` ("waiting behind" it). ``redrive`` puts the head and everything
waiting behind it back on the original topic, in order, marked for the consumer that gave up;
they pass through that consumer's inbox again, so a record already applied is not applied twice.
``skip`` tells the consumer never to apply the head, and redrives what waited behind it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from litemaas_cli.events import tail
from litemaas_servicekit.dead_letters import redrive_headers
from litemaas_servicekit.kafka import make_producer


async def dead_letters(bootstrap: str, dlq_topic: str) -> list[dict[str, Any]]:
    if not dlq_topic.endswith(".dlq"):
        raise LookupError(f"{dlq_topic!r} is not a dead-letter topic (they end in .dlq)")
    return [r async for r in tail(bootstrap, dlq_topic, follow=False, keep_raw=True)]


def summary(record: dict[str, Any]) -> dict[str, Any]:
    h = record["headers"]
    return {
        "offset": record["offset"],
        "key": record["key"],
        "consumer": h.get("dlq_consumer"),
        "event_type": h.get("ce_type"),
        "event_id": h.get("dlq_event_id") or h.get("ce_id"),
        "waiting_behind": h.get("dlq_error_type") == "Parked",
        "error_type": h.get("dlq_error_type"),
        "attempts": h.get("dlq_attempts"),
        "failed_at": h.get("dlq_failed_at"),
        "reason": h.get("dlq_reason"),
    }


def select_incident(
    records: Iterable[dict[str, Any]], key: str
) -> list[tuple[dict[str, Any], bool]]:
    """For each consumer, the key's last dead letter that was not merely waiting (that
    consumer's parked head) and every record of the key that came after it; in DLQ order, each
    with whether it is its consumer's head (a topic has several consumers: each has its own)."""
    chosen: list[tuple[dict[str, Any], bool]] = []
    by_consumer: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        if record["key"] == key:
            by_consumer.setdefault(record["headers"].get("dlq_consumer", ""), []).append(record)
    for mine in by_consumer.values():
        heads = [i for i, r in enumerate(mine) if r["headers"].get("dlq_error_type") != "Parked"]
        start = heads[-1] if heads else 0
        chosen.extend((r, i == start) for i, r in enumerate(mine) if i >= start)
    return sorted(chosen, key=lambda pair: (pair[0]["partition"], pair[0]["offset"]))


async def put_back(bootstrap: str, raw: list[tuple[dict[str, Any], str]]) -> list[str]:
    """Publish each (record, action) to its original topic, in order; returns what was done."""
    producer = make_producer(bootstrap, "litemaas-cli-redrive")
    await producer.start()
    done = []
    try:
        for record, action in raw:
            headers = tuple((k, v.encode()) for k, v in record["headers"].items())
            topic, marked = redrive_headers(headers, action)
            await producer.send_and_wait(
                topic,
                value=record["raw_value"],
                key=record["key"].encode() if record["key"] is not None else None,
                headers=marked,
            )
            done.append(f"{action} offset {record['offset']} -> {topic}")
    finally:
        await producer.stop()
    return done
