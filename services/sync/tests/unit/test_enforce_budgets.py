"""Billing's budgets in a fake LiteLLM: limits pushed once, periods restarted once, a key's own
limits back when the budget goes, a team's carry, and LiteLLM's late resets reported once."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from litemaas_contracts.billing import BudgetPeriodClosed, BudgetScope, BudgetSet
from litemaas_contracts.keys import KeyLimits
from litemaas_sync.app.enforce_budgets import (
    SubjectNotYetInLiteLLM,
    apply_budget,
    close_period,
)
from litemaas_sync.app.push_keys import _limits
from litemaas_sync.app.watch_budgets import watch_one
from litemaas_sync.domain.budgets import Budget, BudgetState, CreditCap, LiteLLMBudget
from services.sync.tests.unit.fakes import Audit, env

pytestmark = pytest.mark.unit
NOW = datetime.now(UTC).replace(microsecond=0)
START = NOW.replace(hour=0, minute=0, second=0)
END = START + timedelta(days=1)
HASH = "a" * 64


class FakeLiteLLM:
    def __init__(self) -> None:
        self.state: dict[tuple[str, str], BudgetState] = {}
        self.writes: list[tuple[str, LiteLLMBudget]] = []
        self.resets: list[str] = []

    def have(self, scope: str, subject: str, spend: str = "0", reset_at: datetime | None = None):
        self.state[(scope, subject)] = BudgetState(
            LiteLLMBudget(None, None), Decimal(spend), reset_at
        )

    async def read(self, scope: BudgetScope, subject: str) -> BudgetState | None:
        return self.state.get((scope, subject))

    async def write(
        self, scope: BudgetScope, subject: str, budget: LiteLLMBudget, *, period: bool = True
    ) -> None:
        self.writes.append((subject, budget))
        old = self.state[(scope, subject)]
        if not period:
            kept = replace(budget, budget_duration=old.budget.budget_duration)
            self.state[(scope, subject)] = replace(old, budget=kept)
            return
        # LiteLLM recomputes budget_reset_at from the duration it is sent
        reset_at = END if budget.budget_duration else None
        self.state[(scope, subject)] = replace(old, budget=budget, budget_reset_at=reset_at)

    async def reset_spend(self, scope: BudgetScope, subject: str, to: Decimal) -> None:
        self.resets.append(subject)
        self.state[(scope, subject)] = replace(self.state[(scope, subject)], spend=to)


class FakeStore:
    def __init__(self) -> None:
        self.budgets: dict[str, Budget] = {}
        self.own: dict[str, KeyLimits] = {}
        self.caps: dict[tuple[str, str], CreditCap] = {}

    async def credit_cap(self, scope: BudgetScope, subject: str) -> CreditCap | None:
        return self.caps.get((scope, subject))

    async def put_credit_cap(self, cap: CreditCap) -> None:
        self.caps[(cap.scope, cap.subject)] = cap

    async def get(self, budget_id: str) -> Budget | None:
        return self.budgets.get(budget_id)

    async def put(self, budget: Budget) -> None:
        self.budgets[budget.budget_id] = budget

    async def for_subject(self, scope: BudgetScope, subject: str) -> Budget | None:
        live = [b for b in self.budgets.values() if (b.scope, b.subject) == (scope, subject)]
        return next((b for b in live if not b.removed), None)

    async def own_limits(self, key_hash: str) -> KeyLimits | None:
        return self.own.get(key_hash)

    async def keep_own_limits(self, key_hash: str, limits: KeyLimits) -> None:
        self.own[key_hash] = limits


def budget_set(scope: BudgetScope = "key", hard: str | None = "5", **extra: object) -> BudgetSet:
    return BudgetSet(
        budget_id="b1",
        scope=scope,
        subject_id="k1" if scope == "key" else "s1",
        key_hash=HASH if scope == "key" else None,
        period="day",
        soft_limit=Decimal("4") if hard else None,
        hard_limit=None if hard is None else Decimal(hard),
        period_start=START,
        set_by="admin",
        set_at=extra.pop("set_at", NOW),  # type: ignore[arg-type]
        **extra,  # type: ignore[arg-type]
    )


def closed(scope: BudgetScope = "key", end: datetime = START) -> BudgetPeriodClosed:
    return BudgetPeriodClosed(
        budget_id="b1",
        scope=scope,
        subject_id="k1" if scope == "key" else "s1",
        key_hash=HASH if scope == "key" else None,
        period_start=end - timedelta(days=1),
        period_end=end,
        spend=Decimal("5"),
        requests=3,
        tokens=90,
        closed_at=end,
    )


async def test_a_key_budget_reaches_litellm_once_with_a_calendar_period() -> None:
    litellm, store, audit = FakeLiteLLM(), FakeStore(), Audit()
    litellm.have("key", HASH)
    event = budget_set()
    await apply_budget(event, env(event), store, litellm, audit)
    await apply_budget(event, env(event), store, litellm, audit)  # a replay: nothing to write
    assert litellm.writes == [(HASH, LiteLLMBudget(Decimal(5), "1d", Decimal(4)))]
    assert [a.action for a in audit] == ["updated", "already_present"]


async def test_an_admins_budget_survives_a_key_update_and_removal_gives_back_its_own() -> None:
    litellm, store, audit = FakeLiteLLM(), FakeStore(), Audit()
    litellm.have("key", HASH)
    own = KeyLimits(max_budget=Decimal(50), budget_duration="30d", rpm_limit=7)
    assert await _limits(HASH, own, store) == own  # no budget yet: the key's own
    event = budget_set()
    await apply_budget(event, env(event), store, litellm, audit)
    merged = await _limits(HASH, own, store)  # a later ApiKeyUpdated
    assert (merged.max_budget, merged.budget_duration, merged.rpm_limit) == (5, "1d", 7)
    gone = budget_set(removed=True, set_at=NOW + timedelta(seconds=1))
    await apply_budget(gone, env(gone), store, litellm, audit)
    assert litellm.writes[-1] == (HASH, LiteLLMBudget(Decimal(50), "30d", None))


async def test_an_older_budget_set_changes_nothing() -> None:
    litellm, store, audit = FakeLiteLLM(), FakeStore(), Audit()
    litellm.have("key", HASH)
    newer = budget_set(hard="9")
    await apply_budget(newer, env(newer), store, litellm, audit)
    older = budget_set(hard="1", set_at=NOW - timedelta(minutes=1))
    await apply_budget(older, env(older), store, litellm, audit)
    assert litellm.writes[-1][1].max_budget == 9
    assert audit[-1].action == "skipped"


async def test_a_user_budget_waits_for_the_user_and_subscriptions_are_left_to_keys() -> None:
    litellm, store, audit = FakeLiteLLM(), FakeStore(), Audit()
    event = budget_set("user")
    with pytest.raises(SubjectNotYetInLiteLLM):
        await apply_budget(event, env(event), store, litellm, audit)
    sub = BudgetSet.model_validate(
        {**budget_set("user").model_dump(), "scope": "subscription", "model_id": "m"}
    )
    await apply_budget(sub, env(sub), store, litellm, audit)
    assert litellm.writes == [] and audit[-1].action == "skipped"


async def test_a_closed_period_restarts_the_key_at_once_and_only_once() -> None:
    litellm, store, audit = FakeLiteLLM(), FakeStore(), Audit()
    litellm.have("key", HASH)
    event = budget_set()
    await apply_budget(event, env(event), store, litellm, audit)
    # the period ended (billing counted 5); LiteLLM's job has not run: its reset time is in
    # the past, and it holds 0.2 more, spent after the end and before sync restarts it
    litellm.state[("key", HASH)] = replace(
        litellm.state[("key", HASH)], spend=Decimal("5.2"), budget_reset_at=START
    )
    close = closed()
    await close_period(close, env(close), store, litellm, audit)
    after = litellm.state[("key", HASH)]
    assert (after.spend, after.budget_reset_at) == (Decimal("0.2"), END), "new spend kept"
    litellm.state[("key", HASH)] = replace(after, spend=Decimal("1"))  # new period's spend
    await close_period(close, env(close), store, litellm, audit)  # replayed close
    assert litellm.resets == [HASH] and litellm.state[("key", HASH)].spend == 1


async def test_a_user_budget_counts_from_when_it_is_set_in_litellm_too() -> None:
    """Billing counts a budget from its setting: LiteLLM's earlier spend is carried, not
    charged to the first period, and gone at the first restart."""
    litellm, store, audit = FakeLiteLLM(), FakeStore(), Audit()
    litellm.have("user", "s1", spend="3")
    event = budget_set("user", hard="5")
    await apply_budget(event, env(event), store, litellm, audit)
    assert litellm.state[("user", "s1")].budget.max_budget == 8
    litellm.state[("user", "s1")] = replace(
        litellm.state[("user", "s1")], spend=Decimal("8.5"), budget_reset_at=START
    )
    close = closed("user")  # billing counted 5 in the period
    await close_period(close, env(close), store, litellm, audit)
    after = litellm.state[("user", "s1")]
    assert (after.spend, after.budget.max_budget) == (Decimal("0.5"), 5)


async def test_billing_counting_more_than_litellm_restarts_at_zero_not_below() -> None:
    litellm, store, audit = FakeLiteLLM(), FakeStore(), Audit()
    litellm.have("key", HASH)
    event = budget_set()
    await apply_budget(event, env(event), store, litellm, audit)
    litellm.state[("key", HASH)] = replace(
        litellm.state[("key", HASH)], spend=Decimal("4"), budget_reset_at=START
    )
    close = closed()
    await close_period(close, env(close), store, litellm, audit)
    assert litellm.state[("key", HASH)].spend == 0


async def test_a_budget_litellm_already_reset_is_not_reset_again() -> None:
    litellm, store, audit = FakeLiteLLM(), FakeStore(), Audit()
    litellm.have("user", "s1", spend="0.5", reset_at=END)  # its job ran: already next period
    close = closed("user")
    await close_period(close, env(close), store, litellm, audit)
    assert litellm.resets == [] and audit[-1].action == "already_present"


async def test_a_team_gets_its_limit_on_top_of_the_spend_litellm_cannot_reset() -> None:
    litellm, store, audit = FakeLiteLLM(), FakeStore(), Audit()
    litellm.have("team", "s1")
    event = budget_set("team", hard="2")
    await apply_budget(event, env(event), store, litellm, audit)
    litellm.state[("team", "s1")] = replace(
        litellm.state[("team", "s1")], spend=Decimal("2.1"), budget_reset_at=START
    )
    close = closed("team")
    await close_period(close, env(close), store, litellm, audit)
    assert litellm.state[("team", "s1")].budget.max_budget == Decimal("4.1")
    # later LiteLLM's own job zeroes the team's spend: the carry goes
    litellm.state[("team", "s1")] = replace(litellm.state[("team", "s1")], spend=Decimal(0))
    budget = store.budgets["b1"]
    await watch_one(budget, store, litellm, audit, NOW, timedelta(minutes=15))
    assert litellm.state[("team", "s1")].budget.max_budget == 2


async def test_a_late_litellm_reset_is_reported_once_per_due_time() -> None:
    litellm, store, audit = FakeLiteLLM(), FakeStore(), Audit()
    litellm.have("key", HASH, spend="3", reset_at=NOW - timedelta(minutes=20))
    budget = Budget("b1", "key", HASH, "day", Decimal(5), None, False, NOW)
    store.budgets["b1"] = budget
    tolerance = timedelta(minutes=15)
    assert await watch_one(budget, store, litellm, audit, NOW, tolerance)
    assert await watch_one(store.budgets["b1"], store, litellm, audit, NOW, tolerance)
    assert [a.action for a in audit] == ["skipped"] and "late" in audit[0].detail
    litellm.have("key", HASH, spend="3", reset_at=NOW - timedelta(minutes=5))
    assert not await watch_one(store.budgets["b1"], store, litellm, audit, NOW, tolerance)


def test_a_key_left_with_no_model_reaches_none_rather_than_all() -> None:
    from litemaas_sync.adapters.litellm_keys import NO_MODEL, models_body

    assert models_body(()) == [NO_MODEL]  # LiteLLM reads [] as "every model"
    assert models_body(("mock-gpt",)) == ["mock-gpt"]
