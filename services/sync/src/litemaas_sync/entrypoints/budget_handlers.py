"""Sync's budget subscription (billing's budgets, enforced by LiteLLM) and the reset watch."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from litemaas_contracts import Envelope, Event
from litemaas_contracts.billing import BudgetPeriodClosed, BudgetSet, CreditBalanceChanged
from litemaas_contracts.sync import LiteLLMChangeApplied
from litemaas_contracts.topics import BILLING_BUDGETS
from litemaas_servicekit.consumer import Handler
from litemaas_servicekit.db import Sessions
from litemaas_servicekit.outbox import Outbox
from litemaas_sync.adapters.budget_store import SqlBudgetStore
from litemaas_sync.app.enforce_budgets import LiteLLMBudgetsPort, apply_budget, close_period
from litemaas_sync.app.enforce_credits import apply_credits
from litemaas_sync.app.watch_budgets import watch_one

BUDGETS_CONSUMER, BUDGETS_TOPICS = "sync.budgets", (BILLING_BUDGETS.name,)
log = logging.getLogger(__name__)


def budget_handlers(litellm: LiteLLMBudgetsPort, outbox: Outbox) -> dict[type[Event], Handler]:
    """Idempotent on ce_id (inbox), on LiteLLM's state (looked at before each write), on the
    period (a period already closed is not restarted twice) and on a credit balance's version:
    may run twice."""

    def audit_into(session: AsyncSession) -> Any:
        async def audit(change: LiteLLMChangeApplied) -> None:
            await outbox.add(session, change)

        return audit

    async def on_set(session: AsyncSession, event: Any, envelope: Envelope) -> None:
        await apply_budget(event, envelope, SqlBudgetStore(session), litellm, audit_into(session))

    async def on_closed(session: AsyncSession, event: Any, envelope: Envelope) -> None:
        await close_period(event, envelope, SqlBudgetStore(session), litellm, audit_into(session))

    async def on_credits(session: AsyncSession, event: Any, envelope: Envelope) -> None:
        await apply_credits(event, envelope, SqlBudgetStore(session), litellm, audit_into(session))

    return {BudgetSet: on_set, BudgetPeriodClosed: on_closed, CreditBalanceChanged: on_credits}


class BudgetWatch:
    """Every ``interval``, each live budget's LiteLLM reset is checked, one transaction each."""

    def __init__(
        self,
        litellm: LiteLLMBudgetsPort,
        sessions: Sessions,
        outbox: Outbox,
        interval: float,
        tolerance: timedelta,
    ) -> None:
        self.litellm, self.sessions, self.outbox = litellm, sessions, outbox
        self.interval, self.tolerance = interval, tolerance
        self.late: int = 0

    async def check(self) -> int:
        async with self.sessions.begin() as session:
            budgets = await SqlBudgetStore(session).live()
        late = 0
        for budget in budgets:
            async with self.sessions.begin() as session:

                async def audit(change: LiteLLMChangeApplied, s: AsyncSession = session) -> None:
                    await self.outbox.add(s, change)

                store = SqlBudgetStore(session)
                current = await store.get(budget.budget_id)  # locked, as it is now
                if current is None or current.removed:
                    continue
                now = datetime.now(UTC)
                late += await watch_one(current, store, self.litellm, audit, now, self.tolerance)
        self.late = late
        return late

    async def run_forever(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            try:
                await self.check()
            except Exception:
                log.exception("budget reset watch failed; retrying next round")
