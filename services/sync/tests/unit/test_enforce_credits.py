"""Prepaid credits projected into LiteLLM's budget for a user or team, against fakes."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from litemaas_contracts.billing import CreditBalanceChanged, CreditOwner
from litemaas_sync.app.enforce_budgets import SubjectNotYetInLiteLLM, apply_budget, close_period
from litemaas_sync.app.enforce_credits import apply_credits
from services.sync.tests.unit.fakes import Audit, env
from services.sync.tests.unit.test_enforce_budgets import (
    START,
    FakeLiteLLM,
    FakeStore,
    budget_set,
    closed,
)

pytestmark = pytest.mark.unit


def balance(spendable: str, version: int, owner: CreditOwner = "user") -> CreditBalanceChanged:
    return CreditBalanceChanged(
        account_id="a1",
        owner=owner,
        owner_id="s1",
        balance=int(Decimal(spendable) * 10**6),
        tier="free",
        markup=Decimal(0),
        spendable=Decimal(spendable),
        version=version,
        reason="grant",
        changed_at=datetime.now(UTC),
    )


async def test_the_balance_becomes_a_cap_on_top_of_what_litellm_has_counted() -> None:
    litellm, store, audit = FakeLiteLLM(), FakeStore(), Audit()
    litellm.have("user", "s1", spend="0.7")
    event = balance("0.3", 1)
    await apply_credits(event, env(event), store, litellm, audit)
    assert litellm.state[("user", "s1")].budget.max_budget == 1
    # spent out: LiteLLM's counter meets the cap, and it refuses
    event = balance("0", 2)
    await apply_credits(event, env(event), store, litellm, audit)
    assert litellm.state[("user", "s1")].budget.max_budget == Decimal("0.7")
    stale = balance("5", 1)  # a late, older report
    await apply_credits(stale, env(stale), store, litellm, audit)
    assert litellm.state[("user", "s1")].budget.max_budget == Decimal("0.7")
    assert audit[-1].action == "skipped" and len(litellm.writes) == 2


async def test_litellm_refuses_at_the_lower_of_budget_and_credits() -> None:
    litellm, store, audit = FakeLiteLLM(), FakeStore(), Audit()
    litellm.have("team", "s1")
    budget = budget_set("team", hard="2")
    await apply_budget(budget, env(budget), store, litellm, audit)
    event = balance("10", 1, owner="team")
    await apply_credits(event, env(event), store, litellm, audit)
    assert litellm.state[("team", "s1")].budget.max_budget == 2, "the budget is lower"
    event = balance("0.5", 2, owner="team")
    await apply_credits(event, env(event), store, litellm, audit)
    after = litellm.state[("team", "s1")].budget
    assert (after.max_budget, after.budget_duration) == (Decimal("0.5"), "1d")


async def test_a_period_restart_moves_the_cap_down_with_the_counter() -> None:
    litellm, store, audit = FakeLiteLLM(), FakeStore(), Audit()
    litellm.have("user", "s1")
    budget = budget_set("user", hard="100")
    await apply_budget(budget, env(budget), store, litellm, audit)
    litellm.state[("user", "s1")] = replace(
        litellm.state[("user", "s1")], spend=Decimal("5.5"), budget_reset_at=START
    )
    event = balance("1", 1)  # cap: 5.5 + 1
    await apply_credits(event, env(event), store, litellm, audit)
    close = closed("user")  # billing counted 5: 0.5 is the new period's
    await close_period(close, env(close), store, litellm, audit)
    after = litellm.state[("user", "s1")]
    assert (after.spend, after.budget.max_budget) == (Decimal("0.5"), Decimal("1.5"))


async def test_credits_for_someone_not_in_litellm_yet_are_retried() -> None:
    litellm, store, audit = FakeLiteLLM(), FakeStore(), Audit()
    event = balance("1", 1)
    with pytest.raises(SubjectNotYetInLiteLLM):
        await apply_credits(event, env(event), store, litellm, audit)
