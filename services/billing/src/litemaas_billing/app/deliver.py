"""The delivery worker: sends what is due, each channel through its sender, retrying a failure
with exponential backoff until ``max_attempts``; every attempt's outcome stays in the log."""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

log = logging.getLogger(__name__)
MAX_DELAY = timedelta(hours=1)


@dataclass(frozen=True)
class Delivery:
    id: int
    channel: str
    target: str
    payload: dict[str, Any]
    attempts: int
    #: the webhook's URL or the user's mail address; None when it is gone
    address: str | None
    sealed_secret: str | None = None


class DeliveryFailed(Exception):
    def __init__(self, reason: str, status: int | None = None) -> None:
        super().__init__(reason)
        self.status = status


class Sender(Protocol):
    async def send(self, delivery: Delivery) -> int | None:
        """Deliver or raise ``DeliveryFailed``; the receiver's status code, if any."""


class DeliveryQueue(Protocol):
    async def claim(self, now: datetime, limit: int) -> list[Delivery]: ...
    async def sent(self, delivery_id: int, now: datetime, status: int | None) -> None: ...
    async def failed(
        self,
        delivery_id: int,
        *,
        attempts: int,
        retry_at: datetime | None,
        error: str,
        status: int | None,
    ) -> None: ...


def retry_delay(attempts: int, base: timedelta) -> timedelta:
    delay: timedelta = base * 2 ** (attempts - 1)
    return min(delay, MAX_DELAY)


async def deliver_due(
    queue: Callable[[], AbstractAsyncContextManager[DeliveryQueue]],
    senders: Mapping[str, Sender],
    now: datetime,
    *,
    max_attempts: int,
    base_delay: timedelta,
    batch: int = 20,
) -> int:
    """One batch, locked while it is sent (another replica skips it); how many were tried."""
    async with queue() as q:
        due = await q.claim(now, batch)
        for delivery in due:
            attempts = delivery.attempts + 1
            try:
                sender = senders.get(delivery.channel)
                if sender is None or delivery.address is None:
                    raise DeliveryFailed(f"no {delivery.channel} destination any more")
                status = await sender.send(delivery)
            except DeliveryFailed as exc:
                final = attempts >= max_attempts or delivery.address is None
                retry_at = None if final else now + retry_delay(attempts, base_delay)
                log.warning(
                    "alert delivery failed",
                    extra={
                        "delivery": delivery.id,
                        "channel": delivery.channel,
                        "attempts": attempts,
                        "error": str(exc),
                        "final": final,
                    },
                )
                await q.failed(
                    delivery.id,
                    attempts=attempts,
                    retry_at=retry_at,
                    error=str(exc),
                    status=exc.status,
                )
            else:
                await q.sent(delivery.id, now, status)
    return len(due)
