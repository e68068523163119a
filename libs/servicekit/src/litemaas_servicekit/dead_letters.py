"""The dead-letter record: what a consumer adds to a record it gives up on, and what an
operator's redrive adds to bring it back. Shared by the consumers and the operator CLI."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

#: set by ``litemaas dlq redrive|skip`` on a record it puts back on the original topic
REDRIVE_ACTION = "litemaas_redrive"  # "redrive" | "skip"
REDRIVE_FOR = "litemaas_redrive_for"  # the consumer (group) the action is for
REDRIVE_OF = "litemaas_redrive_of"  # the dead letter's identity (dlq_event_id)
DLQ_HEADER_PREFIX = "dlq_"


@dataclass(frozen=True)
class Record:
    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    headers: tuple[tuple[str, bytes], ...]


def dead_letter_headers(
    record: Record, consumer: str, identity: str, reason: str, error_type: str, attempts: int
) -> list[tuple[str, bytes]]:
    """The record's own headers (minus any earlier dead-letter or redrive marks), then why."""
    own = [
        (k, v)
        for k, v in record.headers
        if not k.startswith(DLQ_HEADER_PREFIX) and k not in (REDRIVE_ACTION, REDRIVE_FOR)
    ]
    extra = {
        "dlq_reason": reason,
        "dlq_error_type": error_type,
        "dlq_consumer": consumer,
        "dlq_event_id": identity,
        "dlq_original_topic": record.topic,
        "dlq_original_partition": str(record.partition),
        "dlq_original_offset": str(record.offset),
        "dlq_attempts": str(attempts),
        "dlq_failed_at": datetime.now(UTC).isoformat(),
    }
    return [*own, *((k, v.encode()) for k, v in extra.items())]


def redrive_headers(
    dead: tuple[tuple[str, bytes], ...], action: str
) -> tuple[str, list[tuple[str, bytes]]]:
    """The original topic and headers to put a dead letter back with, marked for its consumer."""
    found = {k: v.decode(errors="replace") for k, v in dead}
    own = [
        (k, v)
        for k, v in dead
        if not k.startswith(DLQ_HEADER_PREFIX)
        and k not in (REDRIVE_ACTION, REDRIVE_FOR, REDRIVE_OF)
    ]
    marks = {
        REDRIVE_ACTION: action,
        REDRIVE_FOR: found.get("dlq_consumer", ""),
        REDRIVE_OF: found.get("dlq_event_id", ""),
    }
    return found["dlq_original_topic"], [*own, *((k, v.encode()) for k, v in marks.items())]
