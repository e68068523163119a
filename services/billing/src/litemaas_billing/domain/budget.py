"""A budget: what it caps, its limits, its current period; and the events it raises."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from litemaas_billing.domain.budgets import Crossing, Excess, Limits, Usage, period_bounds
from litemaas_contracts.billing import (
    BudgetExceeded,
    BudgetPeriodClosed,
    BudgetScope,
    BudgetSet,
    BudgetThresholdCrossed,
)


@dataclass(frozen=True)
class Subject:
    """What a budget caps, as billing's projections know it."""

    scope: BudgetScope
    subject_id: str
    user_id: str | None = None
    team_id: str | None = None
    model_id: str | None = None
    key_hash: str | None = None


@dataclass(frozen=True)
class Budget:
    id: str
    subject: Subject
    limits: Limits
    period_start: datetime
    period_end: datetime | None
    set_by: str
    set_at: datetime
    removed: bool = False

    def changed(self, limits: Limits, actor: str, now: datetime) -> Budget:
        """New limits; a new period kind starts a new period now, else the period goes on."""
        start, end = self.period_start, self.period_end
        if limits.period != self.limits.period or self.removed:
            start, end = period_bounds(limits.period, now)
        return replace(
            self,
            limits=limits,
            period_start=start,
            period_end=end,
            set_by=actor,
            set_at=now,
            removed=False,
        )

    def removed_by(self, actor: str, now: datetime) -> Budget:
        return replace(self, removed=True, set_by=actor, set_at=now)

    def next_period(self, now: datetime) -> Budget:
        start, end = period_bounds(self.limits.period, now)
        return replace(self, period_start=start, period_end=end)

    def _ids(self) -> dict[str, Any]:
        s = self.subject
        return {
            "budget_id": self.id,
            "scope": s.scope,
            "subject_id": s.subject_id,
            "user_id": s.user_id,
            "team_id": s.team_id,
            "model_id": s.model_id,
            "key_hash": s.key_hash,
        }

    def set_event(self) -> BudgetSet:
        lim = self.limits
        return BudgetSet(
            **self._ids(),
            period=lim.period,
            soft_limit=lim.soft_limit,
            hard_limit=lim.hard_limit,
            max_requests=lim.max_requests,
            max_tokens=lim.max_tokens,
            thresholds=lim.thresholds,
            period_start=self.period_start,
            period_end=self.period_end,
            set_by=self.set_by,
            set_at=self.set_at,
            removed=self.removed,
        )

    def crossed_event(self, crossing: Crossing, now: datetime) -> BudgetThresholdCrossed:
        return BudgetThresholdCrossed(
            **self._ids(),
            threshold=crossing.threshold,
            measure=crossing.measure,
            used=crossing.used,
            limit=crossing.limit,
            period_start=self.period_start,
            crossed_at=now,
        )

    def exceeded_event(self, excess: Excess, now: datetime) -> BudgetExceeded:
        return BudgetExceeded(
            **self._ids(),
            measure=excess.measure,
            used=excess.used,
            limit=excess.limit,
            period_start=self.period_start,
            exceeded_at=now,
        )

    def closed_event(self, usage: Usage, now: datetime, grace: timedelta) -> BudgetPeriodClosed:
        assert self.period_end is not None, "a period without an end never closes"
        return BudgetPeriodClosed(
            **self._ids(),
            period_start=self.period_start,
            period_end=self.period_end,
            spend=usage.spend,
            requests=usage.requests,
            tokens=usage.tokens,
            closed_at=now,
            late=now - self.period_end > grace,
        )
