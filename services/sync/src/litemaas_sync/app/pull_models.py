"""Pull LiteLLM's models and publish what changed: ModelDiscovered, ModelUpdated, ModelRetired."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from datetime import UTC, datetime
from typing import Protocol

from litemaas_contracts import Event
from litemaas_contracts.catalog import ModelDiscovered, ModelRetired, ModelUpdated
from litemaas_sync.domain.models import KnownModel, ModelChange, ObservedModel, reconcile

log = logging.getLogger(__name__)


class LiteLLMModels(Protocol):
    async def list_models(self) -> list[ObservedModel]: ...


class ModelStore(Protocol):
    async def lock(self) -> None: ...
    async def known(self) -> dict[str, KnownModel]: ...
    async def save(self, facts: ObservedModel) -> None: ...
    async def retire(self, model_id: str) -> None: ...


class PullTransaction(Protocol):
    @property
    def store(self) -> ModelStore: ...

    async def record(self, event: Event) -> None: ...


PullTransactions = Callable[[], AbstractAsyncContextManager[PullTransaction]]


def _event(change: ModelChange, now: datetime) -> Event:
    if change.kind == "retired" or change.facts is None:
        return ModelRetired(model_id=change.model_id, retired_at=now)
    facts = {
        "model_id": change.model_id,
        "provider": change.facts.provider,
        "context_length": change.facts.context_length,
        "input_cost_per_token": change.facts.input_cost_per_token,
        "output_cost_per_token": change.facts.output_cost_per_token,
        "capabilities": change.facts.capabilities,
    }
    if change.kind == "discovered":
        return ModelDiscovered(**facts, discovered_at=now)
    return ModelUpdated(**facts, updated_at=now)


async def pull_models(litellm: LiteLLMModels, transactions: PullTransactions) -> dict[str, int]:
    """One pull: the baseline and the events change in one transaction; returns counts by kind.

    LiteLLM is read before the transaction starts, so a slow LiteLLM holds no lock.
    """
    observed = await litellm.list_models()
    now = datetime.now(UTC)
    async with transactions() as tx:
        await tx.store.lock()
        changes = reconcile(await tx.store.known(), observed)
        for change in changes:
            if change.kind == "retired":
                await tx.store.retire(change.model_id)
            elif change.facts is not None:
                await tx.store.save(change.facts)
            await tx.record(_event(change, now))
    counts = Counter(change.kind for change in changes)
    if changes:
        log.info("models pulled from LiteLLM", extra={"changes": dict(counts)})
    return {kind: counts.get(kind, 0) for kind in ("discovered", "updated", "retired")}
