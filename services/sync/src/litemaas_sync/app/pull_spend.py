"""Spend from LiteLLM as SpendRecorded, through the outbox: pulled from its spend logs over
closed windows behind a watermark, and pushed by its callback as requests end."""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Mapping, Sequence
from contextlib import AbstractAsyncContextManager
from datetime import datetime, timedelta
from typing import Any, Protocol

from litemaas_contracts import Event
from litemaas_contracts.billing import SpendRecorded
from litemaas_sync.domain.spend import NotASpendRecord, Window, from_logging_object, next_window
from litemaas_sync.domain.spend import from_spend_log as from_row

log = logging.getLogger(__name__)
_PRUNE_MARGIN = timedelta(minutes=1)


class SpendLogs(Protocol):
    async def read(self, window: Window) -> list[Mapping[str, Any]]:
        """Every row of the window (all pages); raises DependencyUnavailable on an outage."""


class SpendStore(Protocol):
    async def lock(self) -> None:
        """One pull at a time across sync instances, until the transaction ends."""

    async def watermark(self) -> datetime | None: ...
    async def move_watermark(self, to: datetime) -> None: ...
    async def pulled(self, request_ids: Collection[str]) -> set[str]:
        """Which of these request ids a pull has already recorded."""

    async def remember(self, pulled: Mapping[str, datetime]) -> None:
        """Request ids just recorded, with their start times (pruned by them)."""

    async def forget_started_before(self, moment: datetime) -> int: ...
    async def key_ids(self, key_hashes: Collection[str]) -> dict[str, str]: ...


class SpendTransaction(Protocol):
    @property
    def store(self) -> SpendStore: ...

    async def record(self, event: Event) -> None: ...


SpendTransactions = Callable[[], AbstractAsyncContextManager[SpendTransaction]]


def _key_hashes(rows: Sequence[Mapping[str, Any]]) -> set[str]:
    """The keys these rows were made with (``api_key``, or the hash in their metadata)."""
    found: set[str] = set()
    for row in rows:
        metadata = row.get("metadata")
        found.add(str(row.get("api_key") or ""))
        if isinstance(metadata, Mapping):
            found.add(str(metadata.get("user_api_key") or ""))
    return found - {""}


async def pull_spend(
    logs: SpendLogs,
    transactions: SpendTransactions,
    now: datetime,
    lag: timedelta,
    overlap: timedelta,
) -> int:
    """Reads the next closed window and records each row not pulled before; returns how many.

    The events, the remembered ids and the watermark move in one transaction: a crash before
    its commit reads the same window again. LiteLLM is read outside any transaction, and an
    outage raises before anything moves. Rows that cannot be SpendRecorded are logged and
    skipped (and read, and logged, again while they stay in the overlap).
    """
    async with transactions() as tx:
        window = next_window(await tx.store.watermark(), now, lag, overlap)
    if window is None:
        return 0
    rows = await logs.read(window)
    recorded = 0
    async with transactions() as tx:
        await tx.store.lock()
        by_id = {str(r["request_id"]): r for r in rows if r.get("request_id")}
        fresh = [by_id[i] for i in sorted(set(by_id) - await tx.store.pulled(by_id))]
        key_ids = await tx.store.key_ids(_key_hashes(fresh))
        remembered: dict[str, datetime] = {}
        for row in fresh:
            try:
                event = from_row(row, None, now)
            except NotASpendRecord as exc:
                log.warning(
                    "spend log row skipped",
                    extra={"request_id": str(row.get("request_id"))[:300], "reason": str(exc)},
                )
                continue
            if event.key_hash in key_ids:
                event = event.model_copy(update={"key_id": key_ids[event.key_hash]})
            await tx.record(event)
            remembered[event.request_id] = event.started_at
            recorded += 1
        await tx.store.remember(remembered)
        # the next window starts ``overlap`` before this one's end: older ids never come back
        await tx.store.forget_started_before(window.end - overlap - _PRUNE_MARGIN)
        if window.end > (await tx.store.watermark() or window.start):
            await tx.store.move_watermark(window.end)
    if recorded:
        log.info("spend pulled from LiteLLM", extra={"recorded": recorded, "rows": len(rows)})
    return recorded


async def record_pushed(
    obj: Mapping[str, Any], tx: SpendTransaction, now: datetime
) -> SpendRecorded:
    """One request as LiteLLM's callback saw it; raises NotASpendRecord for a bad record.
    Not remembered as pulled: the pull records it again (billing counts it once)."""
    event = from_logging_object(obj, None, now)
    key_ids = await tx.store.key_ids({event.key_hash})
    if event.key_hash in key_ids:
        event = event.model_copy(update={"key_id": key_ids[event.key_hash]})
    await tx.record(event)
    return event
