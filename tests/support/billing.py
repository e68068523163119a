"""What the billing tests share: spend produced as sync produces it, the alerts billing raises,
and a webhook receiver and mailbox to catch what it delivers."""

from __future__ import annotations

import asyncio
import email
import email.policy
import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
from aiokafka import AIOKafkaProducer
from aiosmtpd.smtp import Envelope as Mail

from litemaas_contracts import Envelope
from litemaas_contracts.billing import SpendRecorded
from litemaas_contracts.topics import BILLING_ALERTS, BILLING_SPEND
from tests.support.clients import eventually, query, records
from tests.support.journeys import caught_up
from tests.support.stack import Stack

CROSSED = "litemaas.billing.BudgetThresholdCrossed.v1"
EXCEEDED = "litemaas.billing.BudgetExceeded.v1"
CLOSED = "litemaas.billing.BudgetPeriodClosed.v1"


class Mailbox:
    def __init__(self) -> None:
        self.mails: list[Mail] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Mail) -> str:
        self.mails.append(envelope)
        return "250 OK"


@dataclass
class Receiver:
    """A webhook endpoint: keeps each call's headers and exact body."""

    calls: list[tuple[dict[str, str], bytes]] = field(default_factory=list)

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = (await reader.readuntil(b"\r\n\r\n")).decode()
        lines = head.split("\r\n")[1:]
        headers = {k.strip().lower(): v.strip() for k, v in (x.split(":", 1) for x in lines if x)}
        body = await reader.readexactly(int(headers.get("content-length", "0")))
        self.calls.append((headers, body))
        writer.write(b"HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        await writer.drain()
        writer.close()


def spend(key_hash: str, at: datetime, cost: str, **fields: Any) -> SpendRecorded:
    values: dict[str, Any] = {
        "request_id": f"chatcmpl-{uuid.uuid4()}",
        "key_hash": key_hash,
        "model": "mock-gpt",
        "prompt_tokens": 10,
        "completion_tokens": 20,
        "cost": Decimal(cost),
        "started_at": at,
        "ended_at": at + timedelta(seconds=1),
        "source": "pull",
        "recorded_at": datetime.now(UTC),
        **fields,
    }
    return SpendRecorded(**values)


async def produce(stack: Stack, *items: SpendRecorded | tuple[SpendRecorded, Envelope]) -> None:
    """As sync will: keyed by the key's hash, the CloudEvents attributes in headers."""
    producer = AIOKafkaProducer(bootstrap_servers=stack.endpoints["KAFKA_BOOTSTRAP"], acks="all")
    await producer.start()
    try:
        for item in items:
            event, envelope = item if isinstance(item, tuple) else (item, envelope_of(item))
            await producer.send_and_wait(
                BILLING_SPEND.name,
                event.model_dump_json().encode(),
                key=event.key_hash.encode(),
                headers=envelope.to_headers(),
            )
    finally:
        await producer.stop()


def envelope_of(event: SpendRecorded) -> Envelope:
    return Envelope.new(type=event.event_type, source="/tests/spend", subject=event.key_hash)


def published_long_ago(event: SpendRecorded) -> tuple[SpendRecorded, Envelope]:
    """As if published an hour ago: past the time billing waits for a key's ApiKeyCreated
    (``CONSUMER_WAIT_SECONDS``), so spend no one owns is dead-lettered at once rather than
    holding back its partition for the rest of the suite."""
    envelope = envelope_of(event)
    return event, replace(envelope, time=envelope.time - timedelta(hours=1))


async def alerts_for(stack: Stack, budget_id: str, topic: str = BILLING_ALERTS.name) -> list[Any]:
    found = await records(stack.endpoints, topic)
    return [
        r
        for r in found
        if isinstance(r["value"], dict) and r["value"].get("budget_id") == budget_id
    ]


def mail_text(mail: Mail) -> str:
    message = email.message_from_bytes(mail.content or b"", policy=email.policy.default)
    body = message.get_body()  # type: ignore[attr-defined]
    return f"{message['subject']}\n{body.get_content() if body else ''}"


def kinds(found: list[dict[str, Any]]) -> list[tuple[str, Any]]:
    return sorted(
        (r["headers"]["ce_type"], r["value"].get("threshold", r["value"].get("measure")))
        for r in found
    )


async def set_budget(admin: httpx.AsyncClient, **body: Any) -> dict[str, Any]:
    async def made() -> dict[str, Any] | None:
        response = await admin.post("/api/v1/admin/budgets", json=body)
        assert response.status_code in (200, 404), response.text
        return response.json() if response.status_code == 200 else None

    return await eventually(made, within=30, what="billing knowing the budget's subject")


async def settled(stack: Stack, budget_id: str | None = None) -> bool:
    """Billing has done all it will do with what it was given: the spend and alerts consumed,
    its outbox published and (for ``budget_id``) every delivery made or given up. Waiting for
    this, not for a fixed time, is how a test knows no second alert or mail is still coming."""
    for group in ("billing.ledger", "billing.alerts"):
        if not await caught_up(stack, group):
            return False
    url = stack.endpoints["BILLING_DATABASE_URL"]
    unpublished = await query(url, "SELECT count(*) AS n FROM outbox WHERE published_at IS NULL")
    if unpublished[0]["n"]:
        return False
    if budget_id is None:
        return True
    pending = await query(
        url,
        "SELECT count(*) AS n FROM deliveries"
        " WHERE status = 'pending' AND payload -> 'data' ->> 'budget_id' = $1",
        budget_id,
    )
    return bool(pending[0]["n"] == 0)
