"""A periodic look at the budgets sync pushed: is LiteLLM's reset overdue, has its job run?"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Protocol

from prometheus_client import Counter

from litemaas_contracts.sync import Action, LiteLLMChangeApplied
from litemaas_sync.app.enforce_budgets import BudgetStore, LiteLLMBudgetsPort, wanted
from litemaas_sync.app.ports import Audit
from litemaas_sync.domain.budgets import Budget, late

log = logging.getLogger(__name__)
LATE_RESETS = Counter(
    "litemaas_sync_litellm_budget_reset_late_total",
    "LiteLLM budgets whose budget_reset_at passed by more than the tolerance (its job did not run)",
    ["scope"],
)
WATCH_SOURCE = "litemaas.sync.BudgetWatch"


class LiveBudgets(Protocol):
    async def live(self) -> list[Budget]:
        """Budgets on keys, users and teams that are not removed and have a period."""


def _record(budget: Budget, action: Action, detail: str, now: datetime) -> LiteLLMChangeApplied:
    return LiteLLMChangeApplied(
        entity_type="budget",
        entity_id=f"{budget.scope}:{budget.subject}",
        action=action,
        detail=detail,
        # no event caused this: the check itself is the source, once per budget and due time
        source_event_id=f"budget-watch:{budget.budget_id}:{now.isoformat()}",
        source_event_type=WATCH_SOURCE,
        applied_at=now,
    )


async def watch_one(
    budget: Budget,
    store: BudgetStore,
    litellm: LiteLLMBudgetsPort,
    audit: Audit,
    now: datetime,
    tolerance: timedelta,
) -> bool:
    """True when LiteLLM's reset of this budget is overdue (reported once per due time).

    A team's carry ends when LiteLLM's job zeroed the team's spend itself."""
    state = await litellm.read(budget.scope, budget.subject)
    if state is None:
        return False
    if budget.scope == "team" and budget.carry and state.spend < budget.carry:
        budget = replace(budget, carry=None)
        await litellm.write("team", budget.subject, await wanted(budget, store))
        await store.put(budget)
        detail = "LiteLLM reset the team's spend itself: the carried spend is dropped"
        await audit(_record(budget, "updated", detail, now))
    if not late(state, now, tolerance):
        return False
    if budget.late_reported_for == state.budget_reset_at:
        return True
    assert state.budget_reset_at is not None
    overdue = now - state.budget_reset_at
    detail = (
        f"LiteLLM's reset is late: budget_reset_at {state.budget_reset_at.isoformat()} passed "
        f"{int(overdue.total_seconds())} s ago and spend is still {state.spend}"
    )
    log.warning("budget %s: %s", budget.budget_id, detail)
    LATE_RESETS.labels(budget.scope).inc()
    await store.put(replace(budget, late_reported_for=state.budget_reset_at))
    await audit(_record(budget, "skipped", detail, now))
    return True
