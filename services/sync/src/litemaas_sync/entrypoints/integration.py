"""``GET /health/integration``: how sync's link with LiteLLM is doing right now — the circuit
breaker, LiteLLM's latency, the last successful pulls and how long they took, the work still
waiting (consumer lag, parked keys, unpublished events, key secrets not yet in LiteLLM) and the
drift found, by entity type. Information only: it never fails readiness, and a part that cannot
be read (the database or Kafka away) shows null rather than failing the whole answer."""

from __future__ import annotations

import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter
from sqlalchemy import func, select

from litemaas_servicekit.broker import Consumers
from litemaas_servicekit.db import Sessions
from litemaas_sync.adapters.kafka_lag import ConsumerLag
from litemaas_sync.adapters.litellm import LiteLLMAdmin
from litemaas_sync.adapters.tables import outbox, pending_key_secrets

log = logging.getLogger(__name__)

#: drift found by the last reconcile, by entity type (users, teams, keys, ...)
DriftCounts = Callable[[], Awaitable[Mapping[str, int]]]


async def no_drift_counted() -> Mapping[str, int]:
    return {}


def _now() -> str:
    return datetime.now(UTC).isoformat()


class PullHistory:
    """One pull's record: its last success and how long it took, its last failure."""

    def __init__(self) -> None:
        self.last_success_at: str | None = None
        self.last_success_seconds: float | None = None
        self.last_failure_at: str | None = None
        self.last_error: str | None = None

    @asynccontextmanager
    async def timed(self) -> AsyncIterator[None]:
        started = time.perf_counter()
        try:
            yield
        except Exception as exc:
            self.last_failure_at, self.last_error = _now(), str(exc)[:300]
            raise
        self.last_success_at = _now()
        self.last_success_seconds = round(time.perf_counter() - started, 3)

    def snapshot(self) -> dict[str, object]:
        return dict(vars(self))


@dataclass
class Integration:
    litellm_url: str
    litellm: LiteLLMAdmin
    sessions: Sessions
    consumers: Consumers
    lag: ConsumerLag
    pulls: dict[str, PullHistory] = field(default_factory=dict)
    #: H1's drift detection replaces this with its own counter
    drift_counts: DriftCounts = no_drift_counted
    #: other figures shown as they are (e.g. spend_pull, budget_resets_late)
    extras: Callable[[], Mapping[str, object]] = dict

    async def report(self) -> dict[str, object]:
        return {
            "litellm": {
                "url": self.litellm_url,
                **self.litellm.breaker.snapshot(),
                "latency": self.litellm.latency.snapshot(),
            },
            "pulls": {name: pull.snapshot() for name, pull in self.pulls.items()},
            "pending": await self._pending(),
            "drift_counts": await self._drift(),
            **self.extras(),
        }

    async def _pending(self) -> dict[str, Any]:
        pending: dict[str, Any] = {"consumer_lag": await self.lag.by_group()}
        try:
            async with self.sessions() as session:
                unpublished = outbox.c.published_at.is_(None)
                row = (
                    await session.execute(
                        select(func.count(), func.min(outbox.c.created_at)).where(unpublished)
                    )
                ).one()
                waiting = select(func.count()).select_from(pending_key_secrets)
                secrets = await session.scalar(waiting)
            parked = [p for c in self.consumers.consumers for p in await c.parked()]
        except Exception as exc:  # the database is away: say so, do not fail the answer
            log.warning("integration health: database unreadable", extra={"error": str(exc)})
            return {**pending, "outbox_unpublished": None, "error": "database unavailable"}
        oldest = row[1]
        return {
            **pending,
            "parked_keys": len(parked),
            "outbox_unpublished": row[0],
            "oldest_unpublished_seconds": (
                round((datetime.now(UTC) - oldest).total_seconds(), 1) if oldest else None
            ),
            "key_secrets_waiting": secrets,
        }

    async def _drift(self) -> dict[str, int] | None:
        try:
            return dict(await self.drift_counts())
        except Exception:
            log.exception("integration health: drift counts unreadable")
            return None


def router(integration: Integration) -> APIRouter:
    api = APIRouter(tags=["health"])

    @api.get("/health/integration", summary="sync's link with LiteLLM: breaker, latency, backlog")
    async def litellm_integration() -> dict[str, object]:
        return await integration.report()

    return api
