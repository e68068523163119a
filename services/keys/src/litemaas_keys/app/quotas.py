"""Subscription quotas: billing's verdicts on a subscription reach the user's keys."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from litemaas_contracts.billing import BudgetExceeded, BudgetPeriodClosed, BudgetSet
from litemaas_keys.app.ports import KeysStore
from litemaas_keys.domain.quotas import QuotaHold, restore, withdraw


class QuotaEventInvalid(ValueError):
    """A subscription budget event without its user or model: it can never apply (DLQ)."""


async def _hold(
    store: KeysStore, event: BudgetExceeded | BudgetPeriodClosed | BudgetSet
) -> QuotaHold:
    if not event.user_id or not event.model_id:
        raise QuotaEventInvalid(f"subscription budget {event.budget_id} names no user or model")
    found = await store.hold(event.budget_id)
    return found or QuotaHold(event.budget_id, event.user_id, event.model_id, event.subject_id)


async def withdraw_for_quota(store: KeysStore, event: BudgetExceeded) -> None:
    """Idempotent: a model already withdrawn for this period is not withdrawn twice; a verdict
    about a period already closed, or a subscription no longer active, changes nothing."""
    if event.scope != "subscription":
        return
    hold = await _hold(store, event)
    if hold.stale(event.period_start) or hold.held_since is not None:
        return
    if await store.entitlement(hold.user_id, hold.model_id) != hold.subscription_id:
        return
    await store.save_hold(replace(hold, held_since=event.period_start))
    for key in await store.active_keys_with(hold.user_id, hold.model_id):
        key, change = withdraw(key, hold.model_id, event.exceeded_at)
        if change is not None:
            await store.save(key)
            await store.record(change)


async def restore_after_period(store: KeysStore, event: BudgetPeriodClosed) -> None:
    """Idempotent: the model comes back once, unless another budget of the subscription still
    holds it or the subscription ended meanwhile (its model then left the keys for good)."""
    if event.scope != "subscription":
        return
    hold = await _hold(store, event)
    released = hold.closed(event.period_end)
    await store.save_hold(released)
    if hold.held_since is not None and released.held_since is None:
        await _give_back(store, released, event.closed_at)


async def release_on_removal(store: KeysStore, event: BudgetSet) -> None:
    """A removed subscription budget holds nothing any more."""
    if event.scope != "subscription" or not event.removed:
        return
    hold = await _hold(store, event)
    if hold.held_since is None:
        return
    released = replace(hold, held_since=None)
    await store.save_hold(released)
    await _give_back(store, released, event.set_at)


async def _give_back(store: KeysStore, hold: QuotaHold, at: datetime) -> None:
    if hold.model_id in await store.held_models(hold.user_id):
        return
    if await store.entitlement(hold.user_id, hold.model_id) is None:
        return
    for key in await store.keys_withdrawn(hold.user_id, hold.model_id):
        key, change = restore(key, hold.model_id, at)
        if change is not None:
            await store.save(key)
            await store.record(change)
