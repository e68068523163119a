"""CloudEvents 1.0 envelope in Kafka *binary content mode*.

The event's attributes travel as Kafka headers (``ce_id``, ``ce_type`` ...), the value is the
JSON of the event model, the key is the aggregate id. Any CloudEvents SDK can read the records.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

SPEC_VERSION = "1.0"
CONTENT_TYPE = "application/json"
TRACEPARENT = "traceparent"
CORRELATION_ID = "correlation_id"
_REQUIRED = ("ce_specversion", "ce_id", "ce_type", "ce_source")


class EnvelopeError(ValueError):
    """A Kafka record is not a valid CloudEvent in binary content mode."""


def uuid7() -> uuid.UUID:
    """A time-ordered UUID (RFC 9562 version 7): sorts by creation time, needs no coordination."""
    unix_ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (unix_ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76  # version
    value |= ((rand >> 62) & 0xFFF) << 64  # rand_a (12 bits)
    value |= 0b10 << 62  # RFC 4122 variant
    value |= rand & ((1 << 62) - 1)  # rand_b (62 bits)
    return uuid.UUID(int=value)


@dataclass(frozen=True)
class Envelope:
    """CloudEvents context attributes plus the tracing headers that travel with them."""

    id: str
    type: str
    source: str
    subject: str
    time: datetime
    traceparent: str | None = None
    correlation_id: str | None = None
    extra: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def new(
        cls,
        *,
        type: str,
        source: str,
        subject: str,
        traceparent: str | None = None,
        correlation_id: str | None = None,
    ) -> Envelope:
        return cls(
            id=str(uuid7()),
            type=type,
            source=source,
            subject=subject,
            time=datetime.now(UTC),
            traceparent=traceparent,
            correlation_id=correlation_id,
        )

    def to_headers(self) -> list[tuple[str, bytes]]:
        headers = {
            "ce_specversion": SPEC_VERSION,
            "ce_id": self.id,
            "ce_type": self.type,
            "ce_source": self.source,
            "ce_subject": self.subject,
            "ce_time": self.time.isoformat(),
            "content-type": CONTENT_TYPE,
            **self.extra,
        }
        if self.traceparent:
            headers[TRACEPARENT] = self.traceparent
        if self.correlation_id:
            headers[CORRELATION_ID] = self.correlation_id
        return [(k, v.encode()) for k, v in headers.items()]

    @classmethod
    def from_headers(cls, raw: Iterable[tuple[str, bytes | None]]) -> Envelope:
        try:
            headers = {k: (v or b"").decode() for k, v in raw}
        except UnicodeDecodeError as exc:
            raise EnvelopeError(f"a header is not UTF-8: {exc}") from exc
        missing = [name for name in _REQUIRED if not headers.get(name)]
        if missing:
            raise EnvelopeError(f"not a CloudEvent: missing header(s) {', '.join(missing)}")
        if headers["ce_specversion"] != SPEC_VERSION:
            raise EnvelopeError(f"unsupported ce_specversion {headers['ce_specversion']!r}")
        try:
            when = datetime.fromisoformat(headers.get("ce_time") or "")
        except ValueError as exc:
            raise EnvelopeError(f"ce_time is not an RFC 3339 timestamp: {exc}") from exc
        known = {*_REQUIRED, "ce_subject", "ce_time", "content-type", TRACEPARENT, CORRELATION_ID}
        return cls(
            id=headers["ce_id"],
            type=headers["ce_type"],
            source=headers["ce_source"],
            subject=headers.get("ce_subject", ""),
            time=when,
            traceparent=headers.get(TRACEPARENT),
            correlation_id=headers.get(CORRELATION_ID),
            extra={k: v for k, v in headers.items() if k not in known},
        )
