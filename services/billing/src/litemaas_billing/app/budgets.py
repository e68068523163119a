"""Setting, changing and removing budgets (admins); seeing them (everyone, what applies to
them). Every change records BudgetSet in the same transaction."""

from __future__ import annotations

import uuid
from datetime import datetime

from litemaas_billing.app.budget_ports import BudgetStore, BudgetTransactions
from litemaas_billing.domain.budget import Budget, Subject
from litemaas_billing.domain.budgets import Limits, Usage, period_bounds
from litemaas_contracts.billing import BudgetScope
from litemaas_servicekit.errors import NotFound
from litemaas_servicekit.security import ADMIN, Principal


async def _apply(store: BudgetStore, budget: Budget) -> Budget:
    await store.save(budget)
    await store.record(budget.set_event())
    return budget


def _new(subject: Subject, limits: Limits, actor: str, now: datetime) -> Budget:
    start, end = period_bounds(limits.period, now)
    return Budget(str(uuid.uuid4()), subject, limits, start, end, actor, now)


async def set_budget(
    tx: BudgetTransactions,
    caller: Principal,
    scope: BudgetScope,
    subject_id: str,
    limits: Limits,
    now: datetime,
) -> Budget:
    """Create the subject's budget, or replace its limits (one budget per scope and subject)."""
    caller.require(ADMIN)
    async with tx() as store:
        subject = await store.subject(scope, subject_id)
        if subject is None:
            raise NotFound(f"billing knows no {scope} {subject_id!r}")
        existing = await store.budget_of(scope, subject_id, lock=True)
        if existing is None:
            return await _apply(store, _new(subject, limits, caller.user_id, now))
        return await _apply(store, existing.changed(limits, caller.user_id, now))


async def change_budget(
    tx: BudgetTransactions, caller: Principal, budget_id: str, limits: Limits, now: datetime
) -> Budget:
    caller.require(ADMIN)
    async with tx() as store:
        budget = await store.budget(budget_id, lock=True)
        if budget is None or budget.removed:
            raise NotFound(f"no budget {budget_id!r}")
        return await _apply(store, budget.changed(limits, caller.user_id, now))


async def remove_budget(
    tx: BudgetTransactions, caller: Principal, budget_id: str, now: datetime
) -> None:
    caller.require(ADMIN)
    async with tx() as store:
        budget = await store.budget(budget_id, lock=True)
        if budget is None or budget.removed:
            raise NotFound(f"no budget {budget_id!r}")
        await _apply(store, budget.removed_by(caller.user_id, now))


async def visible(
    tx: BudgetTransactions, caller: Principal, budget_id: str
) -> tuple[Budget, Usage]:
    """Someone else's budget is 'not found': its existence is private."""
    async with tx() as store:
        found = await store.with_usage(budget_id=budget_id)
        mine = await store.with_usage(applying_to=caller.user_id, budget_id=budget_id)
    if not found or not (mine or caller.can_read_everything):
        raise NotFound(f"no budget {budget_id!r}")
    return found[0]


async def apply_quota(
    store: BudgetStore,
    sub_id: str,
    user_id: str,
    model_id: str,
    requests: int | None,
    tokens: int | None,
    now: datetime,
) -> None:
    """A subscription's monthly quotas become its budget's (kept with any limits an admin
    set); BudgetSet only when something changed, so a redelivery records nothing new."""
    await store.remember_subscription(sub_id, user_id, model_id, "active")
    existing = await store.budget_of("subscription", sub_id, lock=True)
    base = existing.limits if existing and not existing.removed else Limits("month")
    limits = Limits(
        base.period, base.soft_limit, base.hard_limit, requests, tokens, base.thresholds
    )
    if existing is not None and not existing.removed and existing.limits == limits:
        return
    has_limits = any(
        v is not None for v in (limits.soft_limit, limits.hard_limit, requests, tokens)
    )
    if existing is None:
        if has_limits:
            subject = Subject("subscription", sub_id, user_id=user_id, model_id=model_id)
            await _apply(store, _new(subject, limits, "system", now))
        return
    if not has_limits:
        if not existing.removed:
            await _apply(store, existing.removed_by("system", now))
        return
    await _apply(store, existing.changed(limits, "system", now))
