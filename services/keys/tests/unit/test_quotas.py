"""Subscription quotas against an in-memory store: the model leaves the user's keys for the
period and comes back when it closes; the other models go on; replays change nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from litemaas_contracts.billing import BudgetExceeded, BudgetPeriodClosed, BudgetSet
from litemaas_contracts.catalog import SubscriptionCancelled
from litemaas_contracts.keys import ApiKeyArchived, ApiKeyUpdated, KeyLimits
from litemaas_keys.app import keys as uc
from litemaas_keys.app.entitlements import apply_subscription
from litemaas_keys.app.quotas import (
    QuotaEventInvalid,
    release_on_removal,
    restore_after_period,
    withdraw_for_quota,
)
from litemaas_keys.domain.keys import KeyRefused
from services.keys.tests.unit.fakes import Store, transactions
from services.keys.tests.unit.test_use_cases import ALICE, SEALER, _subscribe

pytestmark = pytest.mark.unit
START = datetime(2026, 12, 1, tzinfo=UTC)
END = START + timedelta(days=1)
IDS = {"budget_id": "q1", "scope": "subscription", "subject_id": "s-alice-gpt"}
WHO = {"user_id": "alice", "model_id": "gpt"}


def exceeded(period_start: datetime = START) -> BudgetExceeded:
    return BudgetExceeded(
        **IDS,
        **WHO,
        measure="requests",
        used=Decimal(3),
        limit=Decimal(3),
        period_start=period_start,
        exceeded_at=period_start + timedelta(hours=1),
    )


def closed(end: datetime = END) -> BudgetPeriodClosed:
    return BudgetPeriodClosed(
        **IDS,
        **WHO,
        period_start=end - timedelta(days=1),
        period_end=end,
        spend=Decimal(1),
        requests=3,
        tokens=90,
        closed_at=end,
    )


async def _key(store: Store, *models: str) -> str:
    minted = await uc.create_key(
        transactions(store), SEALER, uc.Policy(), ALICE, "k", models, KeyLimits(), None
    )
    return minted.key.id


async def test_the_model_leaves_every_key_for_the_period_and_comes_back() -> None:
    store = Store()
    await _subscribe(store, "alice", "gpt", "claude")
    both, only = await _key(store, "gpt", "claude"), await _key(store, "gpt")
    store.events.clear()
    await withdraw_for_quota(store, exceeded())
    await withdraw_for_quota(store, exceeded())  # a replay
    updates = store.of(ApiKeyUpdated)
    assert [(e.key_id, e.models) for e in updates] == [(both, ("claude",)), (only, ())]  # type: ignore[attr-defined]
    assert "quota exceeded for this period" in updates[0].reason  # type: ignore[attr-defined]
    assert store.saved[only].status == "active"  # only withdrawn: not archived
    with pytest.raises(KeyRefused, match="quota exceeded"):
        await _key(store, "gpt")
    store.events.clear()
    await restore_after_period(store, closed())
    await restore_after_period(store, closed())
    assert sorted(e.models for e in store.of(ApiKeyUpdated)) == [("gpt",), ("gpt", "claude")]  # type: ignore[attr-defined]
    assert await _key(store, "gpt")


async def test_a_verdict_about_a_period_already_closed_changes_nothing() -> None:
    store = Store()
    await _subscribe(store, "alice", "gpt")
    await _key(store, "gpt")
    await restore_after_period(store, closed())  # the close overtook the alert
    store.events.clear()
    await withdraw_for_quota(store, exceeded(START))
    assert store.events == []


async def test_an_ended_subscription_is_not_restored_and_its_key_is_archived() -> None:
    store = Store()
    await _subscribe(store, "alice", "gpt")
    key_id = await _key(store, "gpt")
    await withdraw_for_quota(store, exceeded())
    cancel = SubscriptionCancelled(
        subscription_id="s-alice-gpt", user_id="alice", model_id="gpt", changed_by="a", at=END
    )
    await apply_subscription(store, cancel)
    assert store.saved[key_id].status == "archived" and store.of(ApiKeyArchived)
    store.events.clear()
    await restore_after_period(store, closed())
    assert store.events == []


async def test_a_removed_budget_gives_the_model_back_and_bad_events_are_refused() -> None:
    store = Store()
    await _subscribe(store, "alice", "gpt")
    await _key(store, "gpt")
    await withdraw_for_quota(store, exceeded())
    removed = BudgetSet(
        **IDS, **WHO, period="day", period_start=START, set_by="a", set_at=END, removed=True
    )
    store.events.clear()
    await release_on_removal(store, removed)
    assert [e.models for e in store.of(ApiKeyUpdated)] == [("gpt",)]  # type: ignore[attr-defined]
    with pytest.raises(QuotaEventInvalid):
        await withdraw_for_quota(store, exceeded().model_copy(update={"model_id": None}))
