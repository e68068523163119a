"""Budgets as sync pushed them to LiteLLM, and keys' own limits: the only SQL about them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from litemaas_contracts.billing import BudgetScope
from litemaas_contracts.keys import KeyLimits
from litemaas_sync.adapters.tables import budgets, credit_caps, key_limits
from litemaas_sync.domain.budgets import ENFORCED_IN_LITELLM, Budget, CreditCap
from litemaas_sync.domain.spend_report import SCOPES, Subject


def _budget(r: Any) -> Budget:
    return Budget(
        r.budget_id,
        r.scope,
        r.subject,
        r.period,
        r.hard_limit,
        r.soft_limit,
        r.removed,
        r.set_at,
        r.closed_through,
        r.carry,
        r.late_reported_for,
    )


class SqlBudgetStore:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, budget_id: str) -> Budget | None:
        stmt = select(budgets).where(budgets.c.budget_id == budget_id).with_for_update()
        row = (await self.session.execute(stmt)).first()
        return _budget(row) if row else None

    async def put(self, budget: Budget) -> None:
        values = {
            "scope": budget.scope,
            "subject": budget.subject,
            "period": budget.period,
            "hard_limit": budget.hard_limit,
            "soft_limit": budget.soft_limit,
            "removed": budget.removed,
            "set_at": budget.set_at,
            "closed_through": budget.closed_through,
            "carry": budget.carry,
            "late_reported_for": budget.late_reported_for,
        }
        stmt = insert(budgets).values(budget_id=budget.budget_id, **values)
        await self.session.execute(
            stmt.on_conflict_do_update(index_elements=["budget_id"], set_=values)
        )

    async def for_subject(self, scope: BudgetScope, subject: str) -> Budget | None:
        stmt = (
            select(budgets)
            .where(budgets.c.scope == scope, budgets.c.subject == subject, ~budgets.c.removed)
            .order_by(budgets.c.set_at.desc().nulls_last())
            .limit(1)
        )
        row = (await self.session.execute(stmt)).first()
        return _budget(row) if row else None

    async def live(self) -> list[Budget]:
        stmt = select(budgets).where(
            ~budgets.c.removed,
            budgets.c.period.is_not(None),
            budgets.c.period != "none",
            budgets.c.scope.in_(sorted(ENFORCED_IN_LITELLM)),
        )
        return [_budget(r) for r in (await self.session.execute(stmt)).all()]

    async def own_limits(self, key_hash: str) -> KeyLimits | None:
        row = await self.session.execute(
            select(key_limits.c.limits).where(key_limits.c.key_hash == key_hash)
        )
        found = row.scalar_one_or_none()
        return None if found is None else KeyLimits.model_validate(found)

    async def keep_own_limits(self, key_hash: str, limits: KeyLimits) -> None:
        value = limits.model_dump(mode="json")
        stmt = insert(key_limits).values(key_hash=key_hash, limits=value)
        await self.session.execute(
            stmt.on_conflict_do_update(index_elements=["key_hash"], set_={"limits": value})
        )

    async def credit_cap(self, scope: BudgetScope, subject: str) -> CreditCap | None:
        if scope not in ("user", "team"):
            return None
        c = credit_caps.c
        query = select(credit_caps).where(c.scope == scope, c.subject == subject)
        r = (await self.session.execute(query.with_for_update())).first()
        return CreditCap(r.scope, r.subject, r.spendable, r.version, r.cap) if r else None

    async def put_credit_cap(self, cap: CreditCap) -> None:
        values = {
            "spendable": cap.spendable,
            "version": cap.version,
            "cap": cap.cap,
            "updated_at": datetime.now(UTC),
        }
        stmt = insert(credit_caps).values(scope=cap.scope, subject=cap.subject, **values)
        await self.session.execute(
            stmt.on_conflict_do_update(index_elements=["scope", "subject"], set_=values)
        )

    async def restarted_subjects(self) -> set[Subject]:
        """Keys, users and teams whose LiteLLM counter sync moves (a budget, credits)."""
        with_budget = select(budgets.c.scope, budgets.c.subject)
        with_credits = select(credit_caps.c.scope, credit_caps.c.subject)
        rows = await self.session.execute(with_budget.union(with_credits))
        return {(r.scope, r.subject) for r in rows if r.scope in SCOPES}
