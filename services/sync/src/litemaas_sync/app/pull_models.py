"""Pull LiteLLM's models and publish what changed: ModelDiscovered (also for a model that comes
back after its retirement), ModelUpdated, ModelRetired."""

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
    async def save(self, facts: ObservedModel) -> None:
        """Stores the facts of a model LiteLLM serves (not retired, missed by no pull)."""

    async def retire(self, model_id: str) -> None: ...
    async def count_misses(self, misses: dict[str, int]) -> None: ...


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
    if change.kind in ("discovered", "revived"):
        return ModelDiscovered(**facts, discovered_at=now)
    return ModelUpdated(**facts, updated_at=now)


async def pull_models(
    litellm: LiteLLMModels, transactions: PullTransactions, retire_after: int
) -> dict[str, int]:
    """One pull: the baseline and the events change in one transaction; returns counts by kind.

    LiteLLM is read before the transaction starts, so a slow LiteLLM holds no lock. A pull
    that fails reads nothing, so it counts towards no retirement.
    """
    observed = await litellm.list_models()
    now = datetime.now(UTC)
    if not observed:
        log.warning("LiteLLM listed no model: nothing is retired on an empty list")
    async with transactions() as tx:
        await tx.store.lock()
        result = reconcile(await tx.store.known(), observed, retire_after)
        changes = result.changes
        await tx.store.count_misses(result.misses)
        for change in changes:
            if change.kind == "retired":
                await tx.store.retire(change.model_id)
            elif change.facts is not None:
                await tx.store.save(change.facts)
            await tx.record(_event(change, now))
    counts = Counter(change.kind for change in changes)
    if changes:
        log.info("models pulled from LiteLLM", extra={"changes": dict(counts)})
    counts["discovered"] += counts.pop("revived", 0)  # a revival is announced as a discovery
    return {kind: counts.get(kind, 0) for kind in ("discovered", "updated", "retired")}
