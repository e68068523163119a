"""Budgets with fakes: period boundaries, each threshold once per period, quotas beside spend,
periods closing on time or late, and the increase request's approval flow."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from litemaas_billing.app.budgets import apply_quota, set_budget
from litemaas_billing.app.evaluate import evaluate
from litemaas_billing.app.increase import decide_increase, request_increase
from litemaas_billing.app.periods import close_due
from litemaas_billing.domain.budget import Subject
from litemaas_billing.domain.budgets import BudgetRefused, Limits, period_bounds
from litemaas_billing.domain.ledger import LedgerEntry
from litemaas_billing.domain.requests import RequestRefused
from litemaas_contracts.billing import (
    BudgetExceeded,
    BudgetPeriodClosed,
    BudgetSet,
    BudgetThresholdCrossed,
)
from litemaas_servicekit.errors import Forbidden, NotFound
from litemaas_servicekit.security import ADMIN, USER, Principal
from services.billing.tests.unit.budget_fakes import Store

pytestmark = pytest.mark.unit
NOW = datetime(2026, 3, 31, 23, 59, 30, tzinfo=UTC)  # a Tuesday
ADMIN_P = Principal("root", "root", frozenset({USER, ADMIN}))
ALICE = Principal("alice", "alice", frozenset({USER}))
KEY = Subject("key", "key-1", "alice", None, key_hash="hash-1")


def entry(cost: str, *, tokens: int = 10, model: str = "m", team: str | None = None) -> LedgerEntry:
    return LedgerEntry(
        "r",
        "hash-1",
        "key-1",
        "alice",
        team,
        model,
        None,
        tokens,
        0,
        Decimal(cost),
        "success",
        NOW,
        NOW,
        "pull",
        NOW,
    )


def types(store: Store) -> list[tuple[str, object]]:
    found: list[tuple[str, object]] = []
    for e in store.events:
        if isinstance(e, BudgetThresholdCrossed):
            found.append((e.measure, e.threshold))
        elif isinstance(e, BudgetExceeded):
            found.append((e.measure, "exceeded"))
    return found


@pytest.mark.parametrize(
    ("period", "start", "end"),
    [
        ("day", datetime(2026, 3, 31, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC)),
        ("week", datetime(2026, 3, 30, tzinfo=UTC), datetime(2026, 4, 6, tzinfo=UTC)),
        ("month", datetime(2026, 3, 1, tzinfo=UTC), datetime(2026, 4, 1, tzinfo=UTC)),
        ("minute", NOW.replace(second=0), datetime(2026, 4, 1, tzinfo=UTC)),
        ("none", NOW, None),
    ],
)
def test_periods_are_utc_calendar_periods_weeks_from_monday(
    period: str, start: datetime, end: datetime | None
) -> None:
    assert period_bounds(period, NOW) == (start, end)  # type: ignore[arg-type]


def test_december_rolls_into_the_next_year() -> None:
    assert period_bounds("month", datetime(2026, 12, 5, tzinfo=UTC))[1] == datetime(
        2027, 1, 1, tzinfo=UTC
    )


def test_a_budget_needs_a_limit_and_minute_periods_are_for_tests_only() -> None:
    with pytest.raises(BudgetRefused, match="limit or a quota"):
        Limits("day").checked(allow_minute=True)
    with pytest.raises(BudgetRefused, match="tests and development"):
        Limits("minute", hard_limit=Decimal(1)).checked(allow_minute=False)
    with pytest.raises(BudgetRefused, match="soft limit"):
        Limits("day", Decimal(2), Decimal(1)).checked(allow_minute=True)


async def _key_budget(store: Store, **limits: object) -> str:
    store.subjects[("key", "key-1")] = KEY
    made = await set_budget(store, ADMIN_P, "key", "key-1", Limits("day", **limits), NOW)  # type: ignore[arg-type]
    return made.id


async def test_each_threshold_is_raised_once_per_period_and_the_limit_once() -> None:
    store = Store()
    await _key_budget(store, hard_limit=Decimal(1))
    assert isinstance(store.events[-1], BudgetSet)
    await evaluate(store, entry("0.85"), NOW)
    assert types(store) == [("spend", 50), ("spend", 80)]
    await evaluate(store, entry("0.01"), NOW)  # 86 %: nothing new, nothing again
    await evaluate(store, entry("0.20"), NOW)
    await evaluate(store, entry("0.50"), NOW)  # far past: still once
    assert types(store) == [
        ("spend", 50),
        ("spend", 80),
        ("spend", 90),
        ("spend", 100),
        ("spend", "exceeded"),
    ]


async def test_setting_a_budget_is_for_admins_and_known_subjects() -> None:
    store = Store()
    with pytest.raises(Forbidden):
        await set_budget(store, ALICE, "user", "alice", Limits("day", hard_limit=Decimal(1)), NOW)
    with pytest.raises(NotFound):
        await set_budget(store, ADMIN_P, "key", "nope", Limits("day", hard_limit=Decimal(1)), NOW)


async def test_a_soft_limit_alone_warns_but_is_never_exceeded() -> None:
    store = Store()
    await _key_budget(store, soft_limit=Decimal(1))
    await evaluate(store, entry("2"), NOW)
    assert types(store) == [("spend", 50), ("spend", 80), ("spend", 90), ("spend", 100)]


async def test_a_subscription_quota_counts_requests_and_tokens_beside_spend() -> None:
    store = Store()
    await apply_quota(store, "sub-1", "alice", "m", 2, 1000, NOW)
    [made] = store.events
    assert isinstance(made, BudgetSet)
    assert (made.scope, made.period, made.max_requests, made.set_by) == (
        "subscription",
        "month",
        2,
        "system",
    )
    await apply_quota(store, "sub-1", "alice", "m", 2, 1000, NOW)  # a redelivery changes nothing
    assert len(store.events) == 1
    await evaluate(store, entry("0", model="other"), NOW)  # another model: not this subscription
    await evaluate(store, entry("0"), NOW)
    await evaluate(store, entry("0"), NOW)
    assert ("requests", "exceeded") in types(store)
    assert all(m != "tokens" for m, _ in types(store))


async def test_a_period_closes_with_its_final_figures_late_when_overdue_and_rearms() -> None:
    store = Store()
    budget_id = await _key_budget(store, hard_limit=Decimal(1))
    await evaluate(store, entry("0.6"), NOW)
    grace = timedelta(minutes=1)
    assert await close_due(store, NOW, grace) == 0  # not over yet
    later = NOW + timedelta(days=2)  # billing was down past the end
    assert await close_due(store, later, grace) == 1
    closed = store.events[-1]
    assert isinstance(closed, BudgetPeriodClosed)
    assert (closed.spend, closed.requests, closed.late) == (Decimal("0.6"), 1, True)
    assert store.budgets[budget_id].period_start == datetime(2026, 4, 2, tzinfo=UTC)
    await evaluate(store, entry("0.6"), later)
    assert types(store) == [("spend", 50), ("spend", 50)]  # the threshold re-armed


async def test_an_increase_is_asked_by_the_owner_and_approved_with_another_amount() -> None:
    store = Store()
    budget_id = await _key_budget(store, hard_limit=Decimal(1))
    with pytest.raises(NotFound):  # not bob's key
        await request_increase(
            store, Principal("bob", "bob", frozenset({USER})), budget_id, Decimal(5), "more", NOW
        )
    asked = await request_increase(store, ALICE, budget_id, Decimal(5), "a demo", NOW)
    with pytest.raises(RequestRefused, match="waiting"):
        await request_increase(store, ALICE, budget_id, Decimal(6), "again", NOW)
    with pytest.raises(Forbidden):
        await decide_increase(store, ALICE, asked.id, True, "", NOW)
    decided = await decide_increase(store, ADMIN_P, asked.id, True, "ok", NOW, Decimal(3))
    assert (decided.status, decided.granted_limit, decided.current_limit) == (
        "approved",
        Decimal(3),
        Decimal(1),
    )
    assert store.budgets[budget_id].limits.hard_limit == Decimal(3)
    assert isinstance(store.events[-1], BudgetSet)
    assert store.notes[("alice", f"budget-request:{asked.id}")] == "budget_request_approved"
    with pytest.raises(RequestRefused, match="already approved"):
        await decide_increase(store, ADMIN_P, asked.id, False, "no", NOW)


async def test_a_denial_needs_a_reason_and_changes_nothing() -> None:
    store = Store()
    budget_id = await _key_budget(store, hard_limit=Decimal(1))
    asked = await request_increase(store, ALICE, budget_id, Decimal(5), "a demo", NOW)
    with pytest.raises(BudgetRefused, match="reason"):
        await decide_increase(store, ADMIN_P, asked.id, False, " ", NOW)
    denied = await decide_increase(store, ADMIN_P, asked.id, False, "not this month", NOW)
    assert denied.status == "denied"
    assert store.budgets[budget_id].limits.hard_limit == Decimal(1)


async def test_only_a_team_owner_asks_for_the_team() -> None:
    store = Store()
    store.subjects[("team", "t")] = Subject("team", "t", team_id="t")
    made = await set_budget(
        store, ADMIN_P, "team", "t", Limits("month", hard_limit=Decimal(1)), NOW
    )
    store.roles[("t", "alice")] = "member"
    with pytest.raises(NotFound):
        await request_increase(store, ALICE, made.id, Decimal(2), "more", NOW)
    store.roles[("t", "alice")] = "owner"
    assert (
        await request_increase(store, ALICE, made.id, Decimal(2), "more", NOW)
    ).status == "pending"
    assert replace(made).subject.team_id == "t"
