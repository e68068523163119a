"""SQL for budgets, their figures and marks, the projections they need, and increase requests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import and_, or_, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from litemaas_billing.adapters.budget_tables import (
    budget_usage,
    budgets,
    subscriptions,
    team_members,
    teams,
    users,
)
from litemaas_billing.adapters.requests_sql import RequestsSql
from litemaas_billing.adapters.tables import key_owners
from litemaas_billing.domain.budget import Budget, Subject
from litemaas_billing.domain.budgets import Limits, Usage, match_key
from litemaas_contracts import Event
from litemaas_contracts.billing import BudgetScope
from litemaas_servicekit.db import Sessions
from litemaas_servicekit.outbox import Outbox

# One statement: the request added to the current period of every live budget it falls under
# (FOR SHARE: a period being closed waits for this transaction, so its figures are final)
COUNT = text(
    """
WITH b AS (
  SELECT id, period_start FROM budgets
  WHERE match_key = ANY(:keys) AND removed_at IS NULL FOR SHARE
), u AS (
  INSERT INTO budget_usage AS u (budget_id, period_start, spend, requests, tokens)
  SELECT id, period_start, :cost, 1, :tokens FROM b
  ON CONFLICT (budget_id, period_start) DO UPDATE SET
    spend = u.spend + EXCLUDED.spend, requests = u.requests + 1,
    tokens = u.tokens + EXCLUDED.tokens
  RETURNING budget_id, spend AS used_spend, requests AS used_requests, tokens AS used_tokens
)
SELECT budgets.*, u.used_spend, u.used_requests, u.used_tokens
FROM u JOIN budgets ON budgets.id = u.budget_id
"""
)
MARK = text(
    """
INSERT INTO budget_marks (budget_id, period_start, mark)
SELECT :budget_id, :period_start, unnest(CAST(:marks AS text[]))
ON CONFLICT DO NOTHING RETURNING mark
"""
)


def budget_of_row(r: Any) -> Budget:
    subject = Subject(r.scope, r.subject_id, r.user_id, r.team_id, r.model_id, r.key_hash)
    limits = Limits(
        r.period,
        r.soft_limit,
        r.hard_limit,
        r.max_requests,
        r.max_tokens,
        tuple(r.thresholds),
    )
    return Budget(
        r.id,
        subject,
        limits,
        r.period_start,
        r.period_end,
        r.set_by,
        r.set_at,
        r.removed_at is not None,
    )


class SqlBudgets(RequestsSql):
    def __init__(self, session: AsyncSession, outbox: Outbox) -> None:
        self.session, self.outbox = session, outbox

    async def record(self, event: Event) -> None:
        await self.outbox.add(self.session, event)

    async def _one(self, query: Any) -> Any:
        return (await self.session.execute(query)).first()

    async def subject(self, scope: BudgetScope, subject_id: str) -> Subject | None:
        if scope == "key":
            k = await self._one(select(key_owners).where(key_owners.c.key_id == subject_id))
            return k and Subject("key", subject_id, k.user_id, k.team_id, key_hash=k.key_hash)
        if scope == "subscription":
            s = await self._one(select(subscriptions).where(subscriptions.c.id == subject_id))
            return s and Subject(scope, subject_id, s.user_id, model_id=s.model_id)
        table, column = (users, users.c.user_id) if scope == "user" else (teams, teams.c.team_id)
        if await self._one(select(table).where(column == subject_id)) is None:
            return None
        if scope == "user":
            return Subject("user", subject_id, user_id=subject_id)
        return Subject("team", subject_id, team_id=subject_id)

    async def budget(self, budget_id: str, *, lock: bool = False) -> Budget | None:
        query = select(budgets).where(budgets.c.id == budget_id)
        row = await self._one(query.with_for_update() if lock else query)
        return budget_of_row(row) if row else None

    async def budget_of(
        self, scope: BudgetScope, subject_id: str, *, lock: bool = False
    ) -> Budget | None:
        query = select(budgets).where(budgets.c.scope == scope, budgets.c.subject_id == subject_id)
        row = await self._one(query.with_for_update() if lock else query)
        return budget_of_row(row) if row else None

    async def save(self, budget: Budget) -> None:
        s, lim = budget.subject, budget.limits
        values = {
            "scope": s.scope,
            "subject_id": s.subject_id,
            "user_id": s.user_id,
            "team_id": s.team_id,
            "model_id": s.model_id,
            "key_hash": s.key_hash,
            "match_key": match_key(
                s.scope,
                subject=s.key_hash if s.scope == "key" else s.subject_id,  # type: ignore[arg-type]
                user_id=s.user_id or "",
                model=s.model_id or "",
            ),
            "period": lim.period,
            "soft_limit": lim.soft_limit,
            "hard_limit": lim.hard_limit,
            "max_requests": lim.max_requests,
            "max_tokens": lim.max_tokens,
            "thresholds": list(lim.thresholds),
            "period_start": budget.period_start,
            "period_end": budget.period_end,
            "set_by": budget.set_by,
            "set_at": budget.set_at,
            "removed_at": budget.set_at if budget.removed else None,
        }
        stmt = insert(budgets).values(id=budget.id, **values)
        await self.session.execute(stmt.on_conflict_do_update(index_elements=["id"], set_=values))

    async def with_usage(
        self,
        *,
        scope: str | None = None,
        subject_id: str | None = None,
        applying_to: str | None = None,
        budget_id: str | None = None,
    ) -> list[tuple[Budget, Usage]]:
        joined = budgets.outerjoin(
            budget_usage,
            and_(
                budget_usage.c.budget_id == budgets.c.id,
                budget_usage.c.period_start == budgets.c.period_start,
            ),
        )
        query = (
            select(budgets, budget_usage.c.spend, budget_usage.c.requests, budget_usage.c.tokens)
            .select_from(joined)
            .where(budgets.c.removed_at.is_(None))
            .order_by(budgets.c.scope, budgets.c.subject_id)
            .limit(500)
        )
        if scope is not None:
            query = query.where(budgets.c.scope == scope)
        if subject_id is not None:
            query = query.where(budgets.c.subject_id == subject_id)
        if budget_id is not None:
            query = query.where(budgets.c.id == budget_id)
        if applying_to is not None:
            my_teams = select(team_members.c.team_id).where(team_members.c.user_id == applying_to)
            query = query.where(
                or_(
                    and_(budgets.c.scope != "team", budgets.c.user_id == applying_to),
                    and_(budgets.c.scope == "team", budgets.c.team_id.in_(my_teams)),
                )
            )
        rows = (await self.session.execute(query)).all()
        return [
            (
                budget_of_row(r),
                Usage(Decimal(r.spend or 0), int(r.requests or 0), int(r.tokens or 0)),
            )
            for r in rows
        ]

    async def team_role(self, team_id: str, user_id: str) -> str | None:
        found = await self._one(
            select(team_members.c.role).where(
                team_members.c.team_id == team_id, team_members.c.user_id == user_id
            )
        )
        return found.role if found else None

    async def remember_subscription(
        self, sub_id: str, user_id: str, model_id: str, status: str
    ) -> None:
        values = {"user_id": user_id, "model_id": model_id, "status": status}
        stmt = insert(subscriptions).values(id=sub_id, **values)
        await self.session.execute(stmt.on_conflict_do_update(index_elements=["id"], set_=values))

    async def budgeted(self, match_keys: set[str]) -> set[str]:
        if not match_keys:
            return set()
        found = await self.session.execute(
            select(budgets.c.match_key)
            .where(budgets.c.match_key.in_(sorted(match_keys)), budgets.c.removed_at.is_(None))
            .distinct()
        )
        return set(found.scalars())

    async def count(
        self, keys: list[str], cost: Decimal, tokens: int
    ) -> list[tuple[Budget, Usage]]:
        rows = (
            await self.session.execute(COUNT, {"keys": keys, "cost": cost, "tokens": tokens})
        ).all()
        return [
            (
                budget_of_row(r),
                Usage(Decimal(r.used_spend), int(r.used_requests), int(r.used_tokens)),
            )
            for r in rows
        ]

    async def mark(self, budget_id: str, period_start: datetime, marks: list[str]) -> set[str]:
        found = await self.session.execute(
            MARK, {"budget_id": budget_id, "period_start": period_start, "marks": marks}
        )
        return set(found.scalars())

    async def due(self, now: datetime, limit: int) -> list[Budget]:
        query = (
            select(budgets)
            .where(budgets.c.removed_at.is_(None), budgets.c.period_end <= now)
            .order_by(budgets.c.period_end)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        return [budget_of_row(r) for r in (await self.session.execute(query)).all()]

    async def usage(self, budget_id: str, period_start: datetime) -> Usage:
        row = await self._one(
            select(budget_usage).where(
                budget_usage.c.budget_id == budget_id,
                budget_usage.c.period_start == period_start,
            )
        )
        return Usage(row.spend, row.requests, row.tokens) if row else Usage()


class BudgetTx:
    """``async with tx() as store``: one transaction, committed on leaving."""

    def __init__(self, sessions: Sessions, outbox: Outbox) -> None:
        self.sessions, self.outbox = sessions, outbox

    @asynccontextmanager
    async def __call__(self) -> AsyncIterator[SqlBudgets]:
        async with self.sessions.begin() as session:
            yield SqlBudgets(session, self.outbox)
